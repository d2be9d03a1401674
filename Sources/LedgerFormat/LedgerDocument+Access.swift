extension LedgerDocument {
    @inlinable public func kind(_ n: NodeID) -> NodeKind { nodes[Int(n)].kind }
    @inlinable public func style(_ n: NodeID) -> ScalarStyle { nodes[Int(n)].style }

    /// Byte range of the node's own text in `bytes`.
    @inlinable public func span(_ n: NodeID) -> Range<Int> {
        let r = nodes[Int(n)]
        return Int(r.start)..<Int(r.end)
    }

    /// Where the node starts.
    public func position(_ n: NodeID) -> SourcePosition { position(ofByte: Int(nodes[Int(n)].start)) }

    /// Where the node starts, found from line `hint` onwards when it is there or a few lines
    /// below (items read in order), else by a search; `hint` becomes the node's line index.
    public func position(_ n: NodeID, hint: inout Int) -> SourcePosition {
        let offset = Int(nodes[Int(n)].start)
        var l = hint
        if l < lineStarts.count, Int(lineStarts[l]) <= offset {
            var steps = 0
            while l + 1 < lineStarts.count, Int(lineStarts[l + 1]) <= offset, steps < 16 { l += 1; steps += 1 }
            if l + 1 < lineStarts.count, Int(lineStarts[l + 1]) <= offset { l = lineIndex(lineStarts, offset) }
        } else {
            l = lineIndex(lineStarts, offset)
        }
        hint = l
        return position(ofByte: offset, line: l)
    }

    /// Line and column (in Unicode scalars) of a byte offset.
    public func position(ofByte offset: Int) -> SourcePosition {
        position(ofByte: offset, line: lineIndex(lineStarts, offset))
    }

    /// Line and column of a byte offset on line index `lo`.
    private func position(ofByte offset: Int, line lo: Int) -> SourcePosition {
        let lineStart = lineStarts.isEmpty ? 0 : Int(lineStarts[lo])
        var column = 1
        var i = lineStart
        let stop = min(offset, bytes.count)
        while i < stop {
            // Count only bytes that start a scalar (not UTF-8 continuation bytes).
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        if i < offset { column += offset - i }
        return SourcePosition(line: lo + 1, column: column)
    }

    /// A diagnostic at this node.
    public func diagnostic(at n: NodeID, _ severity: Diagnostic.Severity = .error, _ code: DiagnosticCode, _ message: String) -> Diagnostic {
        let p = position(n)
        return Diagnostic(path: path, line: p.line, column: p.column, severity: severity, code: code, message: message)
    }

    /// Number of entries of a mapping or items of a sequence; 0 for a scalar.
    @inlinable public func count(_ n: NodeID) -> Int { nodes[Int(n)].kind == .scalar ? 0 : Int(nodes[Int(n)].count) }

    /// Items of a sequence, in order.
    public func items(_ n: NodeID) -> [NodeID] {
        let r = nodes[Int(n)]
        guard r.kind == .sequence else { return [] }
        let s = Int(r.firstChild)
        return Array(children[s..<(s + Int(r.count))])
    }

    /// Entries of a mapping, in order.
    public func entries(_ n: NodeID) -> [(key: NodeID, value: NodeID)] {
        let r = nodes[Int(n)]
        guard r.kind == .mapping else { return [] }
        var out: [(key: NodeID, value: NodeID)] = []
        out.reserveCapacity(Int(r.count))
        var i = Int(r.firstChild)
        for _ in 0..<Int(r.count) {
            out.append((children[i], children[i + 1]))
            i += 2
        }
        return out
    }

    /// The `i`th entry of a mapping (`i < count(n)`), without building the array `entries` makes.
    @inlinable public func entry(_ n: NodeID, _ i: Int) -> (key: NodeID, value: NodeID) {
        let c = Int(nodes[Int(n)].firstChild) + 2 * i
        return (children[c], children[c + 1])
    }

    /// The value stored under `key` in a mapping, or nil.
    public func value(forKey key: String, in mapping: NodeID) -> NodeID? {
        let r = nodes[Int(mapping)]
        guard r.kind == .mapping else { return nil }
        var i = Int(r.firstChild)
        for _ in 0..<Int(r.count) {
            if scalarEquals(children[i], key) { return children[i + 1] }
            i += 2
        }
        return nil
    }

    /// True for `key:` with nothing after it.
    @inlinable public func isEmpty(_ n: NodeID) -> Bool { nodes[Int(n)].kind == .scalar && nodes[Int(n)].style == .empty }
}
