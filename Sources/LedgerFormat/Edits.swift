/// Replace the bytes in `range` of a document's `bytes` with `replacement`.
public struct TextEdit: Hashable, Sendable {
    public var range: Range<Int>
    public var replacement: [UInt8]
    public init(range: Range<Int>, replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }
    public init(range: Range<Int>, replacement: String) {
        self.init(range: range, replacement: Array(replacement.utf8))
    }
}

extension LedgerDocument {
    /// The document's bytes with `edits` applied. Edits must not overlap; their order does not matter.
    /// With no edits this is exactly `bytes`.
    public func applying(_ edits: [TextEdit]) -> [UInt8] {
        if edits.isEmpty { return bytes }
        let sorted = edits.sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + sorted.reduce(0) { $0 + $1.replacement.count })
        var at = 0
        for e in sorted {
            precondition(e.range.lowerBound >= at && e.range.upperBound <= bytes.count, "overlapping or out-of-range TextEdit")
            out.append(contentsOf: bytes[at..<e.range.lowerBound])
            out.append(contentsOf: e.replacement)
            at = e.range.upperBound
        }
        out.append(contentsOf: bytes[at...])
        return out
    }

    /// The file's line end: "\r\n" when its first line ends that way, else "\n".
    public var lineEnding: String {
        guard let i = bytes.firstIndex(of: LF) else { return "\n" }
        return i > 0 && bytes[i - 1] == CR ? "\r\n" : "\n"
    }

    // MARK: Line helpers

    func lineOf(_ offset: Int) -> Int { lineIndex(lineStarts, offset) }
    /// End of the line's text (before CR LF).
    func textEnd(ofLine l: Int) -> Int { bytes.withUnsafeBufferPointer { lineEnd($0, lineStarts, l) } }
    /// Just past the line break of line `l` (or the end of the file).
    func nextLineStart(_ l: Int) -> Int { l + 1 < lineStarts.count ? Int(lineStarts[l + 1]) : bytes.count }
    func onlySpacesBefore(_ offset: Int) -> Bool {
        var i = Int(lineStarts[lineOf(offset)])
        while i < offset { if bytes[i] != SP { return false }; i += 1 }
        return true
    }
    /// The last byte of the node's text, as an offset where the node ends.
    func nodeEnd(_ n: NodeID) -> Int { Int(nodes[Int(n)].end) }

    /// The indentation of line `l` when it holds only a comment; nil for any other line.
    func commentIndent(ofLine l: Int) -> Int? {
        let s = Int(lineStarts[l]), e = textEnd(ofLine: l)
        var i = s
        while i < e && bytes[i] == SP { i += 1 }
        return i < e && bytes[i] == UInt8(ascii: "#") ? i - s : nil
    }

    /// After the line holding `offset`, skip comment lines indented at least `minIndent`
    /// (they belong to the entry above) up to the first blank or other line.
    func insertionPoint(after offset: Int, commentIndent minIndent: Int) -> Int {
        var l = lineOf(offset)
        while l + 1 < lineStarts.count, let indent = commentIndent(ofLine: l + 1), indent >= minIndent { l += 1 }
        return nextLineStart(l)
    }

    func isKey(_ n: NodeID) -> Bool {
        let r = nodes[Int(n)]
        guard r.kind == .scalar, r.style != .literal, r.style != .empty else { return false }
        var i = Int(r.end)
        while i < bytes.count && isSep(bytes[i]) { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: ":") && (i + 1 == bytes.count || [SP, TAB, LF, CR].contains(bytes[i + 1]))
    }

    /// Text to insert at `offset` (start of a line, or the end of a file) ending with a line break.
    func insertion(at offset: Int, _ text: String) -> TextEdit { insertion(at: offset, Array(text.utf8)) }

    func insertion(at offset: Int, _ text: [UInt8]) -> TextEdit {
        var t = text
        if offset == bytes.count && offset > 0 && bytes[offset - 1] != LF { t = Array(lineEnding.utf8) + t }
        return TextEdit(range: offset..<offset, replacement: t)
    }

    /// Start of the comment lines right above line `l` (no blank line between): they belong to
    /// what follows them. `lineStarts[l]` when there are none.
    func leadingCommentsStart(line l: Int) -> Int {
        var l = l
        while l > 0 && commentIndent(ofLine: l - 1) != nil { l -= 1 }
        return Int(lineStarts[l])
    }

    /// Where a new last item of a sequence goes: after its last item and the comment lines right
    /// below it (no blank line between, indented at least as far as the `-`).
    func afterLastItem(of sequence: NodeID) -> Int { appendPoint(of: sequence).offset }

    // MARK: Items on lines of their own (for merges)

    /// Offset of the `-` that introduces `item` when it is the first thing on its line; nil when
    /// the item shares its first line with something else (`- - a`, or a flow of its parent).
    public func ownLineDash(_ item: NodeID) -> Int? {
        var i = span(item).lowerBound - 1
        while i >= 0 && bytes[i] == SP { i -= 1 }
        guard i >= 0, bytes[i] == UInt8(ascii: "-"), onlySpacesBefore(i) else { return nil }
        return i
    }

    /// Column (0-based, in bytes) of the `-` of an item written on lines of its own.
    public func itemColumn(_ item: NodeID) -> Int? {
        ownLineDash(item).map { byteColumn($0).column }
    }

    /// An item written on lines of its own, with the comment lines right above it, as the file
    /// has it: whole lines, ending in a line break (this file's, when its last line had none).
    public func itemWithLeadingComments(_ item: NodeID) -> [UInt8]? {
        guard let d = ownLineDash(item) else { return nil }
        let start = leadingCommentsStart(line: lineOf(d))
        var text = Array(bytes[start..<nextLineStart(lineOf(span(item).upperBound - 1))])
        if text.last != LF { text += Array(lineEnding.utf8) }
        return text
    }

    /// A new sequence item as the emitter writes it with its `-` at `column`, in this file's line ends.
    public func itemText(_ value: YAMLValue, column: Int) -> [UInt8] {
        Array(YAMLEmitter.entryText(key: nil, value, indent: column, lineEnding).utf8)
    }

    /// Whole lines inserted before an item written on lines of its own, above the comment lines
    /// right above it (they belong to that item). Nil when the item shares its first line.
    public func insertLines(_ text: [UInt8], before item: NodeID) -> TextEdit? {
        guard let d = ownLineDash(item) else { return nil }
        let at = leadingCommentsStart(line: lineOf(d))
        return TextEdit(range: at..<at, replacement: text)
    }

    /// Whole lines inserted after the last item of a sequence, where `appendItem` writes.
    public func insertLines(_ text: [UInt8], afterLastItemOf sequence: NodeID) -> TextEdit {
        precondition(nodes[Int(sequence)].kind == .sequence && !items(sequence).isEmpty, "insertLines needs a non-empty sequence")
        return insertion(at: afterLastItem(of: sequence), text)
    }

    // MARK: Builders

    /// Replace a scalar's value, keeping everything else on its line (a trailing comment too).
    /// The value is written plain when YAML reads it back as the same text, else in double quotes;
    /// text with line breaks becomes a `|` block (the line's comment moves onto the `|` line).
    /// `key`: the entry's key, when known, so text is quoted where a YAML tool would read it as
    /// a number, date or boolean (`YAMLEmitter.renderInline(_:key:)`); nil writes it as typed.
    public func replaceScalar(_ node: NodeID, with value: String, key: String? = nil) -> TextEdit {
        let r = nodes[Int(node)]
        precondition(r.kind == .scalar, "replaceScalar needs a scalar node")
        let nl = lineEnding
        let start = Int(r.start), end = Int(r.end)
        if YAMLEmitter.needsBlock(value) && !isKey(node) {
            let n = parentIndent(node)
            let indent = max(n, 0) + 2
            var text = ""
            YAMLEmitter.writeBlock(value, indent: indent, parentIndent: n, into: &text, nl)
            let headerEnd = text.firstIndex(of: Character(nl))!
            var header = String(text[..<headerEnd])
            var body = String(text[headerEnd...])
            var rangeEnd = end
            if r.style != .literal {
                // Keep the line's trailing comment on the header line.
                let l = lineOf(end)
                rangeEnd = textEnd(ofLine: l)
                header += String(decoding: bytes[end..<rangeEnd], as: UTF8.self)
            }
            // The original line break stays after the replacement, unless the file ends here.
            if rangeEnd < bytes.count, body.hasSuffix(nl) { body.removeLast() } // one Character, "\r\n" included
            let prefix = r.style == .empty ? " " : ""
            return TextEdit(range: start..<rangeEnd, replacement: prefix + header + body)
        }
        let plain = key.map { YAMLEmitter.renderInline(value, key: $0) == value } ?? YAMLEmitter.isPlainSafe(value)
        let text = YAMLEmitter.needsBlock(value) || !plain ? YAMLEmitter.doubleQuoted(value) : value
        return TextEdit(range: start..<end, replacement: (r.style == .empty ? " " : "") + text)
    }

    /// Add `item` after the last item of a sequence, written like the existing items; comment lines
    /// right below the last item (no blank line between, indented at least as far as its `-`) stay
    /// above the new item. `sequence` may also be an empty value (`key:`): the list is started there.
    public func appendItem(to sequence: NodeID, _ item: YAMLValue) -> TextEdit {
        appendItems(to: sequence, [item])
    }

    /// `appendItem` for many items at once, in order: one edit, so a large import costs one
    /// pass over the file, not one per item.
    public func appendItems(to sequence: NodeID, _ items: [YAMLValue]) -> TextEdit {
        precondition(!items.isEmpty, "appendItems needs at least one item")
        let r = nodes[Int(sequence)]
        let nl = lineEnding
        if r.kind == .scalar {
            precondition(r.style == .empty, "appendItem needs a sequence or an empty value")
            return startCollection(at: sequence, items.map { (nil, $0) })
        }
        precondition(r.kind == .sequence, "appendItem needs a sequence")
        let (at, col) = appendPoint(of: sequence)
        return insertion(at: at, LedgerDocument.itemsText(items, column: col, lineEnding: nl))
    }

    /// Where `appendItems` writes into a non-empty sequence (after its last item and the
    /// comment lines right below it) and the column of its `-`. A caller that keeps these can
    /// append to the same bytes later without parsing them again (a records file of millions
    /// of records, docs/architecture.md).
    public func appendPoint(of sequence: NodeID) -> (offset: Int, column: Int) {
        precondition(nodes[Int(sequence)].kind == .sequence && !items(sequence).isEmpty, "appendPoint needs a non-empty sequence")
        let col = byteColumn(Int(nodes[Int(sequence)].start)).column
        return (insertionPoint(after: nodeEnd(items(sequence).last!), commentIndent: col), col)
    }

    /// New sequence items as `appendItems` writes them with their `-` at `column`.
    public static func itemsText(_ items: [YAMLValue], column: Int, lineEnding nl: String) -> [UInt8] {
        var text = ""
        for item in items { text += YAMLEmitter.entryText(key: nil, item, indent: column, nl) }
        return Array(text.utf8)
    }

    /// The first entries (`key` given) or items of a collection written where `key:` had no value yet.
    private func startCollection(at node: NodeID, _ entries: [(key: String?, value: YAMLValue)]) -> TextEdit {
        let indent = max(parentIndent(node), 0) + 2
        var text = ""
        for e in entries { text += YAMLEmitter.entryText(key: e.key, e.value, indent: indent, lineEnding) }
        text.removeLast()
        let at = textEnd(ofLine: lineOf(Int(nodes[Int(node)].start)))
        return TextEdit(range: at..<at, replacement: lineEnding + text)
    }

    /// Add `key: value` to a mapping, after the entry whose key is `after` (default: at the end),
    /// at the mapping's indentation. `mapping` may also be an empty value (`key:`).
    public func insertEntry(into mapping: NodeID, key: String, value: YAMLValue, after: NodeID? = nil) -> TextEdit {
        let r = nodes[Int(mapping)]
        let nl = lineEnding
        if r.kind == .scalar {
            precondition(r.style == .empty, "insertEntry needs a mapping or an empty value")
            return startCollection(at: mapping, [(key, value)])
        }
        precondition(r.kind == .mapping, "insertEntry needs a mapping")
        let col = byteColumn(Int(r.start)).column
        let es = entries(mapping)
        let idx = after.flatMap { a in es.firstIndex { $0.key == a } } ?? (es.count - 1)
        let isLast = idx == es.count - 1
        let at = insertionPoint(after: nodeEnd(es[idx].value), commentIndent: isLast ? col : col + 1)
        return insertion(at: at, YAMLEmitter.entryText(key: key, value, indent: col, nl))
    }

    /// Remove an entry (its key, value and the whole lines they are on) from a mapping.
    public func removeEntry(_ key: NodeID, in mapping: NodeID) -> TextEdit {
        let es = entries(mapping)
        guard let i = es.firstIndex(where: { $0.key == key }) else {
            preconditionFailure("removeEntry: key is not in this mapping")
        }
        let start = Int(nodes[Int(key)].start)
        let end = nodeEnd(es[i].value)
        if onlySpacesBefore(start) {
            return TextEdit(range: Int(lineStarts[lineOf(start)])..<nextLineStart(lineOf(end)), replacement: [])
        }
        // First entry of `- key: value`: the next entry moves up behind the `- `.
        if i + 1 < es.count {
            return TextEdit(range: start..<Int(nodes[Int(es[i + 1].key)].start), replacement: [])
        }
        return TextEdit(range: start..<textEnd(ofLine: lineOf(end)), replacement: [])
    }

    /// Remove an item (its `-` line and any lines of its value) from a sequence.
    public func removeItem(_ item: NodeID, in sequence: NodeID) -> TextEdit {
        let its = items(sequence)
        guard let i = its.firstIndex(of: item) else { preconditionFailure("removeItem: item is not in this sequence") }
        let dash = dashOffset(item)
        let end = nodeEnd(item)
        if onlySpacesBefore(dash) {
            return TextEdit(range: Int(lineStarts[lineOf(dash)])..<nextLineStart(lineOf(end)), replacement: [])
        }
        if i + 1 < its.count {
            return TextEdit(range: dash..<dashOffset(its[i + 1]), replacement: [])
        }
        return TextEdit(range: dash..<textEnd(ofLine: lineOf(end)), replacement: [])
    }

    /// Offset of the `-` that introduces a sequence item.
    func dashOffset(_ item: NodeID) -> Int {
        var i = Int(nodes[Int(item)].start) - 1
        while i > 0 && bytes[i] != UInt8(ascii: "-") { i -= 1 }
        return max(i, 0)
    }
}
