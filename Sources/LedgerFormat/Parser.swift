// The ledger's YAML-subset parser: bytes in, flat node arrays out. See docs/format.md.
//
// Two linear passes, no recursion:
//  1. `validateText` (TextValidation.swift): UTF-8 validation, control characters, line starts.
//  2. `Parser.run`: line by line, with an explicit stack of open collections (at most
//     `LedgerParser.maxDepth` deep). Children of a collection are gathered on a scratch stack and
//     copied into `children` as one contiguous run when the collection closes.

public enum LedgerParser {
    /// Deepest nesting of mappings and sequences a ledger file may use.
    public static let maxDepth = 32

    /// The document of `bytes`: a file of the usual shape read in one pass (UsualShape.swift),
    /// any other by the general parser below, which gives the same document for the usual shape.
    public static func parse(_ bytes: [UInt8], path: String) throws(Diagnostic) -> LedgerDocument {
        if let doc = usual(bytes, path: path) { return doc }
        return try general(bytes, path: path)
    }

    /// The general parser: any file, and a located refusal for what is not a ledger file.
    static func general(_ bytes: [UInt8], path: String) throws(Diagnostic) -> LedgerDocument {
        let result: Result<LedgerDocument, Diagnostic> = bytes.withUnsafeBufferPointer { buf in
            do {
                let lineStarts = try validateText(buf, path: path)
                var p = Parser(b: buf, path: path, lineStarts: lineStarts)
                try p.run()
                return .success(LedgerDocument(path: path, bytes: bytes, root: p.root, nodes: p.nodes,
                                               children: p.children, lineStarts: lineStarts))
            } catch let d as Diagnostic {
                return .failure(d)
            } catch {
                return .failure(Diagnostic(path: path, line: 1, column: 1, code: .unreadableFile, message: "\(error)"))
            }
        }
        return try result.get()
    }
}

// MARK: - Pass 2: structure

/// FNV-1a over bytes.
@inline(__always) func fnv(_ h: inout UInt64, _ c: UInt8) {
    h = (h ^ UInt64(c)) &* 0x100000001b3
}

struct Parser {
    typealias Node = LedgerDocument.NodeRecord
    let b: UnsafeBufferPointer<UInt8>
    let path: String
    let lineStarts: [Int32]

    var nodes: [Node] = []
    var children: [NodeID] = []
    var root: NodeID? = nil

    struct Frame {
        var kind: NodeKind
        var indent: Int
        var node: Int32
        var scratchStart: Int
        /// Where this mapping's key hashes start in `keyHashes`.
        var hashStart: Int
        /// A sequence written at the same indentation as its mapping key (`key:\n- a`).
        var indentless: Bool
    }
    /// A reference type so that growing it never copies the dictionary.
    final class KeyIndex {
        var d: [UInt64: Int32] = [:]
    }
    /// Open collections, innermost last. Plain values (no reference): reading `frames.last` on
    /// every line retains and releases nothing.
    var frames: [Frame] = []
    /// Key hash -> scratch index of the mapping open at a depth (`frames` index), built once it
    /// has more than 16 keys.
    var keyIndexes: [Int: KeyIndex] = [:]
    /// Items of open collections, innermost last.
    var scratch: [NodeID] = []
    /// Hash of each key of the open mappings, innermost last: key `k` of a mapping is at its
    /// frame's `hashStart + k`, and at `scratchStart + 2k` in `scratch` (values and items have
    /// none, so attaching them appends once).
    var keyHashes: [UInt64] = []
    /// The innermost open collection (or the root, when `frames` is empty) awaits a child node.
    var pending = false
    /// Where an empty node would sit (just after the `:` or `-`).
    var pendingPos = 0
    var rootDone = false
    var sawDocStart = false
    /// The last value attached was a plain scalar (for the "continues on the next line" message).
    var lastWasPlain = false

    // Current line.
    var li = 0
    var ls = 0
    var le = 0

    init(b: UnsafeBufferPointer<UInt8>, path: String, lineStarts: [Int32]) {
        self.b = b
        self.path = path
        self.lineStarts = lineStarts
        // Generous: pages that are never written cost nothing, while regrowing copies everything.
        let est = b.count / 8 + 16
        nodes.reserveCapacity(est)
        children.reserveCapacity(est)
        // Room for the usual nesting and a long mapping's keys: growing these from empty, as
        // every file did, reallocated them a few times per file.
        frames.reserveCapacity(8)
        scratch.reserveCapacity(64)
        keyHashes.reserveCapacity(32)
    }

    // MARK: Diagnostics

    func diag(_ offset: Int, _ refusal: ParserRefusal) -> Diagnostic {
        let l = lineIndex(lineStarts, offset)
        return Diagnostic(path: path, line: l + 1,
                          column: scalarColumn(b, lineStart: Int(lineStarts[l]), offset: offset),
                          code: refusal.code, message: refusal.message, category: refusal.category)
    }

    /// Line `l`'s start, the first byte after its leading spaces, and the end of its text.
    @inline(__always) func spaces(line l: Int) -> (start: Int, text: Int, end: Int) {
        let s = Int(lineStarts[l]), e = lineEnd(b, lineStarts, l)
        var k = s
        while k < e && b[k] == SP { k += 1 }
        return (s, k, e)
    }

    // MARK: Main loop

    mutating func run() throws(Diagnostic) {
        let lineCount = lineStarts.count
        li = 0
        while li < lineCount {
            let line = spaces(line: li)
            ls = line.start
            le = line.end
            let p = line.text
            if p == le { li += 1; continue }
            let c = b[p]
            if c == UInt8(ascii: "#") { li += 1; continue }
            if c == TAB {
                var q = p
                while q < le && isSep(b[q]) { q += 1 }
                if q == le || b[q] == UInt8(ascii: "#") {
                    // Valid YAML 1.2, but libyaml (Yams, PyYAML) refuses a tab that starts a line;
                    // we refuse any tab in a line's leading whitespace.
                    throw diag(p, .tabStartsLine)
                }
                if b[q] == UInt8(ascii: "[") { throw diag(q, .flowList) }
                if b[q] == UInt8(ascii: "{") { throw diag(q, .flowMapping) }
                // A tab before a key or `-` is indentation (invalid YAML); before a plain value YAML
                // reads it as a space, but ledger files never use tabs at the start of a line.
                let structural = isDash(q) || looksLikeKey(q)
                throw diag(p, .tabIndentsLine(asIndentation: structural || p == ls))
            }
            if p == ls {
                if try markerLine(p) { li += 1; continue }
            }
            try lineContent(p)
            li += 1
        }
        if pending { attachEmpty() }
        while !frames.isEmpty { closeFrame() }
    }

    /// `---`, `...` and `%` at the start of a line. Returns true when the line was consumed.
    mutating func markerLine(_ p: Int) throws(Diagnostic) -> Bool {
        let c = b[p]
        if c == UInt8(ascii: "%") {
            throw diag(p, .directive)
        }
        guard (c == UInt8(ascii: "-") || c == UInt8(ascii: ".")) && p + 2 < le + 1 && p + 3 <= le && b[p + 1] == c && b[p + 2] == c
                && (p + 3 == le || isSep(b[p + 3])) else { return false }
        if c == UInt8(ascii: ".") {
            throw diag(p, .documentEnd)
        }
        if sawDocStart || rootDone || !frames.isEmpty || pending {
            throw diag(p, .secondDocument)
        }
        sawDocStart = true
        var q = p + 3
        while q < le && isSep(b[q]) { q += 1 }
        if q < le && b[q] != UInt8(ascii: "#") {
            throw diag(q, .textAfterDocumentStart)
        }
        return true
    }

    @inline(__always) func isDash(_ p: Int) -> Bool {
        b[p] == UInt8(ascii: "-") && (p + 1 == le || isSep(b[p + 1]))
    }

    /// A line whose first content byte is at `p` (its indentation is `p - ls`).
    mutating func lineContent(_ p: Int) throws(Diagnostic) {
        let col = p - ls
        if pending {
            if let top = frames.last {
                if col > top.indent {
                    try nodeStart(p, ctx: .nested, parentIndent: top.indent)
                    return
                }
                if col == top.indent && top.kind == .mapping && isDash(p) {
                    pending = false
                    try openFrame(.sequence, at: p, indentless: true)
                    try dashItem(p)
                    return
                }
                attachEmpty()
            } else {
                // Only after `---`: the root is still to come.
                try nodeStart(p, ctx: .root, parentIndent: -1)
                return
            }
        }
        while let top = frames.last, top.indent > col { closeFrame() }
        if let top = frames.last, top.indentless, top.indent == col, !isDash(p) { closeFrame() }
        guard let top = frames.last else {
            if rootDone {
                if lastWasPlain && !looksLikeKey(p) {
                    throw continuation(p)
                }
                throw diag(p, .indentationMatchesNothing)
            }
            try nodeStart(p, ctx: .root, parentIndent: -1)
            return
        }
        if top.indent < col {
            if lastWasPlain && !looksLikeKey(p) {
                throw continuation(p)
            }
            throw diag(p, .indentedTooFar)
        }
        if top.kind == .sequence {
            guard isDash(p) else {
                throw diag(p, .expectedListItem)
            }
            try dashItem(p)
        } else {
            if isDash(p) {
                throw diag(p, .listItemAmongKeys)
            }
            try nodeStart(p, ctx: .keyLine, parentIndent: top.indent)
        }
    }

    func continuation(_ p: Int) -> Diagnostic {
        diag(p, .continuedLine)
    }

    /// Cheap look-ahead: does the line at `p` hold a `key:`?
    func looksLikeKey(_ p: Int) -> Bool {
        var i = p
        while i < le {
            if b[i] == UInt8(ascii: ":") && (i + 1 == le || isSep(b[i + 1])) { return true }
            if b[i] == UInt8(ascii: "#") && i > p && isSep(b[i - 1]) { return false }
            i += 1
        }
        return false
    }

    // MARK: Frames and nodes

    mutating func newNode(_ kind: NodeKind, _ style: ScalarStyle, _ start: Int, _ end: Int,
                          _ a: Int32 = 0, _ c: Int32 = 0) -> NodeID {
        nodes.append(Node(kind: kind, style: style, start: Int32(start), end: Int32(end), firstChild: a, count: c))
        return NodeID(nodes.count - 1)
    }

    mutating func openFrame(_ kind: NodeKind, at p: Int, indentless: Bool = false) throws(Diagnostic) {
        if frames.count >= LedgerParser.maxDepth {
            throw diag(p, .tooDeep)
        }
        let id = newNode(kind, .plain, p, p)
        frames.append(Frame(kind: kind, indent: p - ls, node: id, scratchStart: scratch.count, hashStart: keyHashes.count,
                            indentless: indentless))
    }

    mutating func closeFrame() {
        let f = frames.removeLast()
        if !keyIndexes.isEmpty { keyIndexes[frames.count] = nil }
        let n = scratch.count - f.scratchStart
        let first = children.count
        children.append(contentsOf: scratch[f.scratchStart...])
        scratch.removeSubrange(f.scratchStart...)
        keyHashes.removeSubrange(f.hashStart...)
        var end = nodes[Int(f.node)].start
        if n > 0 { end = nodes[Int(children[children.count - 1])].end }
        nodes[Int(f.node)].end = end
        nodes[Int(f.node)].firstChild = Int32(first)
        nodes[Int(f.node)].count = Int32(f.kind == .mapping ? n / 2 : n)
        attach(f.node)
    }

    mutating func attach(_ id: NodeID) {
        if frames.isEmpty {
            root = id
            rootDone = true
        } else {
            scratch.append(id)
        }
        pending = false
    }

    mutating func attachEmpty() {
        let id = newNode(.scalar, .empty, pendingPos, pendingPos, Int32(frames.last?.indent ?? -1))
        lastWasPlain = false
        if frames.isEmpty { pending = false; return }  // `---` alone: no root
        attach(id)
    }

    mutating func dashItem(_ p: Int) throws(Diagnostic) {
        // Top frame is the sequence whose items sit at column p - ls.
        var r = p + 1
        var tab = false
        while r < le && isSep(b[r]) { if b[r] == TAB { tab = true }; r += 1 }
        if tab && (r == le || b[r] == UInt8(ascii: "#")) {
            throw diag(p + 1, .tabAfterDash)
        }
        if r == le || b[r] == UInt8(ascii: "#") {
            pending = true
            pendingPos = p + 1
            return
        }
        if tab {
            if isDash(r) || looksLikeKey(r) {
                throw diag(r, .tabIndentsEntry)
            }
            throw diag(p + 1, .tabAfterDash)
        }
        try nodeStart(r, ctx: .afterDash, parentIndent: p - ls)
    }

    enum Ctx { case root, nested, afterDash, afterKey, keyLine }

    /// A node starts at `p`. `parentIndent` is the indentation `n` of the collection it belongs to
    /// (-1 at the root), which block text measures its indentation from.
    mutating func nodeStart(_ p: Int, ctx: Ctx, parentIndent: Int) throws(Diagnostic) {
        let c = b[p]
        let next: UInt8 = p + 1 < le ? b[p + 1] : LF
        let nextIsSep = p + 1 >= le || isSep(next)
        switch c {
        case UInt8(ascii: "-") where nextIsSep:
            if ctx == .afterKey {
                throw diag(p, .listOnKeyLine)
            }
            if ctx == .keyLine {
                throw diag(p, .listItemAmongKeys)
            }
            try openFrame(.sequence, at: p)
            try dashItem(p)
            return
        case UInt8(ascii: "&"): throw diag(p, .anchor)
        case UInt8(ascii: "*"): throw diag(p, .alias)
        case UInt8(ascii: "!"): throw diag(p, .tag)
        case UInt8(ascii: "["), UInt8(ascii: "]"): throw diag(p, .flowList)
        case UInt8(ascii: "{"), UInt8(ascii: "}"): throw diag(p, .flowMapping)
        case UInt8(ascii: ">"): throw diag(p, .foldedText)
        case UInt8(ascii: "?") where nextIsSep:
            throw diag(p, .explicitKey)
        case UInt8(ascii: ":") where nextIsSep:
            throw diag(p, .missingKey)
        case UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"), UInt8(ascii: ","):
            throw diag(p, .valueStart(String(UnicodeScalar(c))))
        case UInt8(ascii: "|"):
            if ctx == .keyLine {
                throw diag(p, .blockTextWithoutKey)
            }
            try blockScalar(p, parentIndent: parentIndent)
            return
        default:
            break
        }
        // Quoted or plain scalar; maybe a key.
        var style = ScalarStyle.plain
        var valStart = p, valEnd = p, after = p
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            style = c == UInt8(ascii: "\"") ? .doubleQuoted : .singleQuoted
            after = try scanQuoted(p, double: c == UInt8(ascii: "\""))
            valEnd = after
        } else {
            var i = p
            while i < le {
                let ch = b[i]
                if ch == UInt8(ascii: ":") {
                    if i + 1 == le || isSep(b[i + 1]) { break }
                } else if ch == UInt8(ascii: "#") {
                    if isSep(b[i - 1]) { break }
                }
                i += 1
            }
            var t = i
            while t > p && isSep(b[t - 1]) { t -= 1 }
            valStart = p; valEnd = t; after = t
        }
        var q = after
        while q < le && isSep(b[q]) { q += 1 }
        if q < le && b[q] == UInt8(ascii: ":") && (q + 1 == le || isSep(b[q + 1])) {
            // A key.
            switch ctx {
            case .afterKey:
                throw diag(p, .entryAsValue)
            case .keyLine:
                break
            case .root, .nested, .afterDash:
                try openFrame(.mapping, at: p)
            }
            if q - p > 1024 {
                // YAML limits a key on one line to 1024 characters; libyaml enforces it.
                throw diag(p, .keyTooLong)
            }
            let keyID = newNode(.scalar, style, valStart, valEnd, Int32(frames[frames.count - 1].indent))
            try addKey(keyID)
            var r = q + 1
            while r < le && isSep(b[r]) { r += 1 }
            if r == le || b[r] == UInt8(ascii: "#") {
                pending = true
                pendingPos = q + 1
                return
            }
            pending = true
            try nodeStart(r, ctx: .afterKey, parentIndent: frames[frames.count - 1].indent)
            return
        }
        if q < le && (b[q] != UInt8(ascii: "#") || q == after) {
            // Only possible after a quoted scalar.
            throw diag(q, .textAfterQuote)
        }
        if ctx == .keyLine {
            throw diag(p, .noColon)
        }
        let id = newNode(.scalar, style, valStart, valEnd, Int32(parentIndent))
        lastWasPlain = style == .plain
        attach(id)
    }

    /// Returns the offset just past the closing quote.
    func scanQuoted(_ p: Int, double: Bool) throws(Diagnostic) -> Int {
        var i = p + 1
        let quote: UInt8 = double ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        while i < le {
            let c = b[i]
            if c == quote {
                if !double && i + 1 < le && b[i + 1] == UInt8(ascii: "'") { i += 2; continue }
                return i + 1
            }
            if double && c == UInt8(ascii: "\\") {
                if i + 1 >= le { break } // escaped line break: multi-line
                let e = b[i + 1]
                var hexDigits = 0
                switch e {
                case UInt8(ascii: "0"), UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "t"), TAB, UInt8(ascii: "n"), UInt8(ascii: "v"), UInt8(ascii: "f"), UInt8(ascii: "r"), UInt8(ascii: "e"), SP, UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: "N"), UInt8(ascii: "_"), UInt8(ascii: "L"), UInt8(ascii: "P"):
                    i += 2; continue
                case UInt8(ascii: "x"): hexDigits = 2
                case UInt8(ascii: "u"): hexDigits = 4
                case UInt8(ascii: "U"): hexDigits = 8
                default:
                    throw diag(i, .invalidEscape(e))
                }
                var v: UInt32 = 0
                var k = 0
                while k < hexDigits {
                    let pos = i + 2 + k
                    guard pos < le, let d = hexValue(b[pos]) else {
                        throw diag(i, .shortEscape(e, digits: hexDigits))
                    }
                    v = v &* 16 &+ UInt32(d)
                    k += 1
                }
                if v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) {
                    throw diag(i, .noSuchCharacter(v))
                }
                i += 2 + hexDigits
                continue
            }
            i += 1
        }
        // No closing quote on this line.
        let q = double ? "\"" : "'"
        var j = le
        while j < b.count && b[j] != quote { j += 1 }
        if j < b.count {
            throw diag(p, .quoteSpansLines(q))
        }
        throw diag(p, .unclosedQuote(q))
    }

    @inline(__always) func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    // MARK: Keys

    func keyHash(_ id: NodeID) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        let r = nodes[Int(id)]
        if r.style == .plain {
            for i in Int(r.start)..<Int(r.end) { fnv(&h, b[i]) }
        } else {
            for c in decodeScalar(b, r) { fnv(&h, c) }
        }
        return h | 1
    }

    func keysEqual(_ x: NodeID, _ y: NodeID) -> Bool {
        let rx = nodes[Int(x)], ry = nodes[Int(y)]
        if rx.style == .plain && ry.style == .plain {
            let n = Int(rx.end - rx.start)
            guard n == Int(ry.end - ry.start) else { return false }
            let sx = Int(rx.start), sy = Int(ry.start)
            for k in 0..<n where b[sx + k] != b[sy + k] { return false }
            return true
        }
        return decodeScalar(b, rx) == decodeScalar(b, ry)
    }

    mutating func addKey(_ id: NodeID) throws(Diagnostic) {
        let fi = frames.count - 1
        let h = keyHash(id)
        let start = frames[fi].scratchStart, hashes = frames[fi].hashStart
        let count = keyHashes.count - hashes
        var dup: NodeID? = nil
        if count <= 16 {
            var k = 0
            while k < count {
                if keyHashes[hashes + k] == h && keysEqual(scratch[start + 2 * k], id) { dup = scratch[start + 2 * k]; break }
                k += 1
            }
        } else {
            let index: KeyIndex
            if let existing = keyIndexes[fi] {
                index = existing
            } else {
                index = KeyIndex()
                index.d.reserveCapacity(64)
                for k in 0..<count where index.d[keyHashes[hashes + k]] == nil { index.d[keyHashes[hashes + k]] = Int32(start + 2 * k) }
                keyIndexes[fi] = index
            }
            if let at = index.d[h] {
                if keysEqual(scratch[Int(at)], id) {
                    dup = scratch[Int(at)]
                } else {
                    // A genuine 64-bit hash collision: check every key with this hash.
                    for k in 0..<count where keyHashes[hashes + k] == h && keysEqual(scratch[start + 2 * k], id) {
                        dup = scratch[start + 2 * k]
                        break
                    }
                }
            } else {
                index.d[h] = Int32(scratch.count)
            }
        }
        if let first = dup {
            let firstLine = lineIndex(lineStarts, Int(nodes[Int(first)].start)) + 1
            let name = String(decoding: decodeScalar(b, nodes[Int(id)]).prefix(80), as: UTF8.self)
            throw diag(Int(nodes[Int(id)].start), .duplicateKey(name, firstLine: firstLine))
        }
        scratch.append(id)
        keyHashes.append(h)
    }

    // MARK: Block text

    /// A line of block text that is too little indented and holds only a tab (and spaces) is a
    /// tab used as indentation.
    func tabInBlock(_ k: Int, _ e: Int) throws(Diagnostic) {
        guard k < e, b[k] == TAB else { return }
        var i = k
        while i < e && isSep(b[i]) { i += 1 }
        if i == e {
            throw diag(k, .tabInBlockText)
        }
    }

    mutating func blockScalar(_ p: Int, parentIndent n: Int) throws(Diagnostic) {
        var i = p + 1
        var indicator = 0
        var chomp = Chomping.clip
        var sawChomp = false
        while i < le && !isSep(b[i]) {
            let c = b[i]
            if c >= UInt8(ascii: "1") && c <= UInt8(ascii: "9") && indicator == 0 {
                indicator = Int(c - UInt8(ascii: "0"))
            } else if (c == UInt8(ascii: "-") || c == UInt8(ascii: "+")) && !sawChomp {
                sawChomp = true
                chomp = c == UInt8(ascii: "-") ? .strip : .keep
            } else {
                throw diag(i, .blockHeader)
            }
            i += 1
        }
        while i < le && isSep(b[i]) { i += 1 }
        if i < le && b[i] != UInt8(ascii: "#") {
            throw diag(i, .textAfterBlockHeader)
        }
        let headerLine = li
        let lineCount = lineStarts.count
        var contentIndent: Int
        if indicator > 0 {
            if n < 0 {
                // YAML 1.2 and libyaml count this indentation differently at the top level.
                throw diag(p, .indentationDigitAtTop)
            }
            contentIndent = n + indicator
        } else {
            contentIndent = -1
            var maxBlank = 0
            var maxBlankLine = headerLine
            var j = headerLine + 1
            while j < lineCount {
                let (s, k, e) = spaces(line: j)
                if k == e {
                    if k - s > maxBlank { maxBlank = k - s; maxBlankLine = j }
                    j += 1
                    continue
                }
                // At the top level libyaml wants the text indented by at least one space.
                if k - s > max(n, 0) {
                    contentIndent = k - s
                    if b[k] == TAB {
                        throw diag(k, .tabFirstInBlockText)
                    }
                    break
                }
                try tabInBlock(k, e)
                break
            }
            if contentIndent < 0 {
                contentIndent = max(max(n, 0) + 1, maxBlank) // no content lines
            } else if maxBlank > contentIndent {
                throw diag(Int(lineStarts[maxBlankLine]) + maxBlank - 1, .overIndentedEmptyLine)
            }
        }
        // Collect the lines of the block.
        var lastContent = headerLine
        var j = headerLine + 1
        while j < lineCount {
            let (s, k, e) = spaces(line: j)
            if k == e {
                if k - s > contentIndent { lastContent = j }
                j += 1
                continue
            }
            if k - s >= contentIndent { lastContent = j; j += 1; continue }
            try tabInBlock(k, e)
            break
        }
        // YAML 1.2 reads the end of the file as the last text line's line break; libyaml (Yams,
        // PyYAML) does not. Where that changes the text, ask for the line break.
        if chomp != .strip && b.count > 0 && b[b.count - 1] != LF {
            var reaches = lastContent == lineCount - 1 && lastContent != headerLine
            if !reaches && chomp == .keep && lineEnd(b, lineStarts, lineCount - 1) > Int(lineStarts[lineCount - 1]) {
                reaches = true
                var k = lastContent + 1
                while k < lineCount {
                    let line = spaces(line: k)
                    if line.text != line.end { reaches = false; break }
                    k += 1
                }
            }
            if reaches {
                throw diag(p, .noFinalLineBreak)
            }
        }
        let end = lastContent == headerLine ? le : lineEnd(b, lineStarts, lastContent)
        let meta = chomp.rawValue | Int32((n + 1) << 2)
        let id = newNode(.scalar, .literal, p, end, Int32(contentIndent), meta)
        lastWasPlain = false
        attach(id)
        // Resume after the block's last line.
        li = lastContent
        ls = Int(lineStarts[li])
        le = lineEnd(b, lineStarts, li)
    }
}

// MARK: - Its refusals (docs/format.md, "Refused constructs and their messages")

extension ParserRefusal {
    // Tabs.
    static let tabStartsLine = ParserRefusal(.tabIndentation, .outsideFormat, "this line starts with a tab (before any text or comment); use spaces only at the start of a line, since some YAML tools refuse tabs there")
    /// A tab before a key or `-` is indentation (not YAML); before a plain value YAML reads it as a space.
    static func tabIndentsLine(asIndentation: Bool) -> ParserRefusal {
        ParserRefusal(.tabIndentation, asIndentation ? .invalidYAML : .outsideFormat, "this line is indented with a tab; indent with spaces only")
    }
    static let tabAfterDash = ParserRefusal(.tabIndentation, .outsideFormat, "use spaces, not a tab, after `-` (some YAML tools refuse a tab here)")
    static let tabIndentsEntry = ParserRefusal(.tabIndentation, .invalidYAML, "a tab is used here to indent an entry; indent with spaces only")

    // YAML that ledger files do not use.
    static let flowList = ParserRefusal(.flowStyle, .outsideFormat, "lists in brackets are not allowed here; write one `- item` per line")
    static let flowMapping = ParserRefusal(.flowStyle, .outsideFormat, "mappings in braces are not allowed here; write one `key: value` per line")
    static let directive = ParserRefusal(.unusedYAML, .outsideFormat, "directives (lines starting with `%`) are not used in ledger files; delete this line")
    static let documentEnd = ParserRefusal(.unusedYAML, .outsideFormat, "the end-of-document marker `...` is not used in ledger files; delete this line")
    static let anchor = ParserRefusal(.unusedYAML, .outsideFormat, "anchors (`&name`) are not used in ledger files; write the value out in full")
    static let alias = ParserRefusal(.unusedYAML, .outsideFormat, "aliases (`*name`) are not used in ledger files; write the value out in full instead of referring to another one")
    static let tag = ParserRefusal(.unusedYAML, .outsideFormat, "tags (`!name`) are not used in ledger files; every value is plain text, so remove the tag")
    static let foldedText = ParserRefusal(.unusedYAML, .outsideFormat, "folded text (`>`) is not used in ledger files; use `|` for text over several lines")
    static let explicitKey = ParserRefusal(.unusedYAML, .outsideFormat, "explicit keys (`? key`) are not used in ledger files; write `key: value` on one line")
    static let secondDocument = ParserRefusal(.multipleDocuments, .outsideFormat, "a ledger file holds a single document, but a second one starts here with `---`; put it in a file of its own")
    static let textAfterDocumentStart = ParserRefusal(.multipleDocuments, .outsideFormat, "nothing may follow `---` on its line; put the content on the lines below it")
    static let tooDeep = ParserRefusal(.tooDeep, .outsideFormat, "this is nested more than \(LedgerParser.maxDepth) levels deep, which ledger files never need; use fewer levels")
    static let continuedLine = ParserRefusal(.continuedLine, .outsideFormat, "this line continues the text of the line above, which ledger files do not allow (YAML would join the two lines); keep the text on one line, or use `|` for text over several lines")
    static let keyTooLong = ParserRefusal(.keyTooLong, .outsideFormat, "this key is longer than 1024 characters, which YAML does not allow; use a shorter key")
    static let missingKey = ParserRefusal(.invalidEntry, .outsideFormat, "a key is missing before this `:`; write `name: value`")

    // Indentation and entries.
    static let indentationMatchesNothing = ParserRefusal(.indentation, .invalidYAML, "this line is outside the block it seems to belong to: its indentation does not match any line above; indent it like the entries it belongs with")
    static let indentedTooFar = ParserRefusal(.indentation, .invalidYAML, "this line is indented more than the entries above it; line it up with the `key:` or `- ` it belongs with")
    static let expectedListItem = ParserRefusal(.indentation, .invalidYAML, "expected a list item `- ` here, at the same indentation as the items above; start the line with `- ` or change its indentation")
    static let listItemAmongKeys = ParserRefusal(.indentation, .invalidYAML, "a list item `- ` cannot stand among `key: value` entries at the same indentation; put the list under its own key and indent it")
    static let listOnKeyLine = ParserRefusal(.indentation, .invalidYAML, "a list cannot start on the same line as its key; put each `- item` on its own line below the key")
    static func valueStart(_ ch: String) -> ParserRefusal {
        ParserRefusal(.invalidEntry, .invalidYAML, "a value cannot start with `\(ch)`; put the whole value in quotes, like \"\(ch)...\"")
    }
    static let blockTextWithoutKey = ParserRefusal(.invalidEntry, .invalidYAML, "block text `|` must follow a key, as in `notes: |`; add the key before it")
    static let entryAsValue = ParserRefusal(.invalidEntry, .invalidYAML, "a value cannot itself be `key: value` on the same line; put quotes around a value that contains `: `, or move the inner entry to its own indented line")
    static let noColon = ParserRefusal(.invalidEntry, .invalidYAML, "this line has no `:`, so it is neither a `key: value` entry nor a `- item`; write it as `key: value`")
    static func duplicateKey(_ name: String, firstLine: Int) -> ParserRefusal {
        ParserRefusal(.duplicateKey, .invalidYAML, "the key `\(name)` appears twice in the same block (first on line \(firstLine)); remove or rename one of them")
    }

    // Quotes.
    static let textAfterQuote = ParserRefusal(.quoting, .invalidYAML, "nothing may follow the closing quote except a comment (` # ...`) or `:` after a key; put the whole value inside the quotes")
    static func invalidEscape(_ e: UInt8) -> ParserRefusal {
        let shown = String(decoding: [e < 0x80 ? e : UInt8(ascii: "?")], as: UTF8.self)
        return ParserRefusal(.quoting, .invalidYAML, "`\\\(shown)` is not a valid escape inside double quotes; write `\\\\` for a backslash")
    }
    static func shortEscape(_ e: UInt8, digits: Int) -> ParserRefusal {
        ParserRefusal(.quoting, .invalidYAML, "this `\\\(String(UnicodeScalar(e)))` escape needs \(digits) hexadecimal digits (0-9, A-F) after it")
    }
    static func noSuchCharacter(_ v: UInt32) -> ParserRefusal {
        ParserRefusal(.quoting, .invalidYAML, "this escape names a character that does not exist (U+\(String(v, radix: 16, uppercase: true))); check the code")
    }
    static func quoteSpansLines(_ quote: String) -> ParserRefusal {
        ParserRefusal(.quoting, .outsideFormat, "a text in quotes must end on the line where it starts; add the closing \(quote) on this line, or use `|` for text over several lines")
    }
    static func unclosedQuote(_ quote: String) -> ParserRefusal {
        ParserRefusal(.quoting, .invalidYAML, "this text in quotes is never closed; add the closing \(quote) at the end of the value")
    }

    // Block text.
    static let tabInBlockText = ParserRefusal(.blockText, .invalidYAML, "a tab is used to indent this line of block text; indent with spaces only")
    static let blockHeader = ParserRefusal(.blockText, .invalidYAML, "after `|` only `-` or `+` (how to treat final line breaks) and one digit 1-9 (the indentation) may follow; for example `|`, `|-` or `|2`")
    static let textAfterBlockHeader = ParserRefusal(.blockText, .invalidYAML, "nothing but a comment may follow `|` on its line; start the text on the next line, indented")
    static let indentationDigitAtTop = ParserRefusal(.blockText, .outsideFormat, "an indentation digit after `|` is not allowed for text that is the whole file; indent the text with spaces and write just `|`")
    static let tabFirstInBlockText = ParserRefusal(.blockText, .outsideFormat, "the first line of this block text starts with a tab, which YAML tools read differently; start it with spaces, or give the indentation as a digit (`|2`)")
    static let overIndentedEmptyLine = ParserRefusal(.blockText, .invalidYAML, "an empty line at the start of this block text has more spaces than the text below it; remove the extra spaces")
    static let noFinalLineBreak = ParserRefusal(.blockText, .outsideFormat, "this block text runs to the very end of the file without a final line break, which YAML tools read differently; add a line break at the end of the file (or write `|-` to drop the final line break)")
}
