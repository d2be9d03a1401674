// Bytes and lines: the byte constants the parser and the edits name, and arithmetic over a
// document's line starts (offsets of the first byte of each line; a BOM is before line 1).

@usableFromInline let SP = UInt8(ascii: " ")
@usableFromInline let TAB = UInt8(ascii: "\t")
@usableFromInline let LF = UInt8(ascii: "\n")
@usableFromInline let CR = UInt8(ascii: "\r")

@inline(__always) func isSep(_ c: UInt8) -> Bool { c == SP || c == TAB }

/// Index (0-based) of the line holding byte `offset`.
func lineIndex(_ lineStarts: [Int32], _ offset: Int) -> Int {
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
        let mid = (lo + hi + 1) / 2
        if Int(lineStarts[mid]) <= offset { lo = mid } else { hi = mid - 1 }
    }
    return lo
}

/// End of line `l`'s text (before its LF or CR LF).
func lineEnd(_ b: UnsafeBufferPointer<UInt8>, _ lineStarts: [Int32], _ l: Int) -> Int {
    var e = l + 1 < lineStarts.count ? Int(lineStarts[l + 1]) - 1 : b.count
    if e > Int(lineStarts[l]) && b[e - 1] == CR { e -= 1 }
    return e
}

/// Column (1-based, in Unicode scalars) of byte `offset` on the line starting at `lineStart`.
func scalarColumn(_ b: UnsafeBufferPointer<UInt8>, lineStart: Int, offset: Int) -> Int {
    var col = 1
    var i = lineStart
    while i < offset && i < b.count {
        if b[i] & 0xC0 != 0x80 { col += 1 }
        i += 1
    }
    return col
}
