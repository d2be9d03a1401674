// Decoding scalar values from their source bytes. Storage for scalars in `NodeRecord`:
//  - plain/quoted/empty: `firstChild` = indentation of the collection the scalar belongs to (-1 at the root).
//  - literal (`|`): `firstChild` = indentation of the text lines; `count` = `Chomping` raw value
//    | (parent indentation + 1) << 2.

/// What a `|` block does with its final line breaks: `|` keeps one (clip), `|-` none (strip),
/// `|+` all of them (keep).
enum Chomping: Int32 {
    case clip = 0, strip = 1, keep = 2
}

func appendUTF8(_ v: UInt32, _ out: inout [UInt8]) {
    if v < 0x80 {
        out.append(UInt8(v))
    } else if v < 0x800 {
        out.append(UInt8(0xC0 | (v >> 6))); out.append(UInt8(0x80 | (v & 0x3F)))
    } else if v < 0x10000 {
        out.append(UInt8(0xE0 | (v >> 12))); out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    } else {
        out.append(UInt8(0xF0 | (v >> 18))); out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
    }
}

/// The decoded value of a scalar as UTF-8 bytes. `lineStarts` is needed for literal blocks only.
func decodeScalar(_ b: UnsafeBufferPointer<UInt8>, _ r: LedgerDocument.NodeRecord, lineStarts: [Int32] = []) -> [UInt8] {
    let s = Int(r.start), e = Int(r.end)
    switch r.style {
    case .empty:
        return []
    case .plain:
        return Array(b[s..<e])
    case .singleQuoted:
        var out: [UInt8] = []
        out.reserveCapacity(e - s)
        var i = s + 1
        while i < e - 1 {
            out.append(b[i])
            i += b[i] == UInt8(ascii: "'") ? 2 : 1
        }
        return out
    case .doubleQuoted:
        var out: [UInt8] = []
        out.reserveCapacity(e - s)
        var i = s + 1
        while i < e - 1 {
            let c = b[i]
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            let x = b[i + 1]
            i += 2
            switch x {
            case UInt8(ascii: "0"): out.append(0)
            case UInt8(ascii: "a"): out.append(7)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "t"), TAB: out.append(9)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "v"): out.append(11)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "e"): out.append(27)
            case SP: out.append(SP)
            case UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "\\"): out.append(x)
            case UInt8(ascii: "N"): appendUTF8(0x85, &out)
            case UInt8(ascii: "_"): appendUTF8(0xA0, &out)
            case UInt8(ascii: "L"): appendUTF8(0x2028, &out)
            case UInt8(ascii: "P"): appendUTF8(0x2029, &out)
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let n = x == UInt8(ascii: "x") ? 2 : (x == UInt8(ascii: "u") ? 4 : 8)
                var v: UInt32 = 0
                for k in 0..<n {
                    let d = b[i + k]
                    let dv: UInt32 = d <= UInt8(ascii: "9") ? UInt32(d - UInt8(ascii: "0")) : (d <= UInt8(ascii: "F") ? UInt32(d - UInt8(ascii: "A") + 10) : UInt32(d - UInt8(ascii: "a") + 10))
                    v = v * 16 + dv
                }
                i += n
                appendUTF8(v, &out)
            default:
                out.append(x) // unreachable: the parser refuses other escapes
            }
        }
        return out
    case .literal:
        return decodeLiteral(b, r, lineStarts)
    }
}

func decodeLiteral(_ b: UnsafeBufferPointer<UInt8>, _ r: LedgerDocument.NodeRecord, _ lineStarts: [Int32]) -> [UInt8] {
    let ci = Int(r.firstChild)
    let chomp = Chomping(rawValue: r.count & 3) ?? .clip
    let hdr = lineIndex(lineStarts, Int(r.start))
    let endOff = Int(r.end)
    let lineCount = lineStarts.count
    var out: [UInt8] = []
    var hasContent = false
    var last = hdr
    if endOff > lineEnd(b, lineStarts, hdr) {
        hasContent = true
        var j = hdr + 1
        while j < lineCount && Int(lineStarts[j]) <= endOff { last = j; j += 1 }
        for j in (hdr + 1)...last {
            let s = Int(lineStarts[j]), e = lineEnd(b, lineStarts, j)
            if e - s > ci { out.append(contentsOf: b[(s + ci)..<e]) }
            if j != last { out.append(LF) }
        }
    }
    if chomp == .strip { return out }
    // The end of the file counts as the final line break (YAML 1.2, `b-chomped-last`).
    if hasContent { out.append(LF) }
    if chomp == .keep {
        var k = last + 1
        while k < lineCount {
            let s = Int(lineStarts[k]), e = lineEnd(b, lineStarts, k)
            // The empty "line" after a file's final line break is not a line.
            if k + 1 == lineCount && s == b.count { break }
            var i = s
            while i < e && b[i] == SP { i += 1 }
            if i != e { break }
            out.append(LF)
            k += 1
        }
    }
    return out
}

extension LedgerDocument {
    /// The decoded value of a scalar as UTF-8 bytes ("" for collections and empty values).
    public func scalarBytes(_ n: NodeID) -> [UInt8] {
        let r = nodes[Int(n)]
        guard r.kind == .scalar else { return [] }
        if r.style == .plain { return Array(bytes[Int(r.start)..<Int(r.end)]) }
        return bytes.withUnsafeBufferPointer { decodeScalar($0, r, lineStarts: lineStarts) }
    }

    /// The decoded text of a scalar: escapes resolved, `''` undoubled, block text with its
    /// indentation removed and final line breaks chomped as its header says; "" for an empty value
    /// and for mappings and sequences.
    public func string(_ n: NodeID) -> String {
        let r = nodes[Int(n)]
        guard r.kind == .scalar else { return "" }
        if r.style == .plain { return String(decoding: bytes[Int(r.start)..<Int(r.end)], as: UTF8.self) }
        if r.style == .empty { return "" }
        return String(decoding: scalarBytes(n), as: UTF8.self)
    }

    /// Whether a scalar's decoded text equals `s`, without making a String (plain scalars compare
    /// bytes in place). False for mappings and sequences.
    public func scalarEquals(_ n: NodeID, _ s: String) -> Bool {
        let r = nodes[Int(n)]
        guard r.kind == .scalar else { return false }
        var s = s
        switch r.style {
        case .empty:
            return s.isEmpty
        case .plain:
            let start = Int(r.start), len = Int(r.end) - start
            // The length first (a key is compared with each name a file may use).
            guard s.utf8.count == len else { return false }
            return s.withUTF8 { u in
                guard u.count == len else { return false }
                return bytes.withUnsafeBufferPointer { b in
                    var i = 0
                    while i < len { if b[start + i] != u[i] { return false }; i += 1 }
                    return true
                }
            }
        default:
            let d = scalarBytes(n)
            return s.withUTF8 { u in d.elementsEqual(u) }
        }
    }

    /// Indentation (column, 0-based) of the collection a scalar belongs to; -1 at the root.
    func parentIndent(_ n: NodeID) -> Int {
        let r = nodes[Int(n)]
        if r.style == .literal { return Int(r.count >> 2) - 1 }
        return Int(r.firstChild)
    }

    /// 0-based column (in bytes) of a node's first byte, and the start offset of its line.
    func byteColumn(_ offset: Int) -> (column: Int, lineStart: Int, line: Int) {
        let l = lineIndex(lineStarts, offset)
        return (offset - Int(lineStarts[l]), Int(lineStarts[l]), l)
    }
}
