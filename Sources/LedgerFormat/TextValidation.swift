// Pass 1 of the parser: the bytes are UTF-8 text of the kind a ledger file may hold (no NUL,
// no control characters, no lone CR, no invisible line separators), and where each line starts.
// See docs/format.md, "Refused constructs and their messages".

func validateText(_ b: UnsafeBufferPointer<UInt8>, path: String) throws(Diagnostic) -> [Int32] {
    let n = b.count
    var lineStarts: [Int32] = []
    lineStarts.reserveCapacity(n / 12 + 16)
    var start = 0
    if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { start = 3 }
    lineStarts.append(Int32(start))
    func fail(_ i: Int, _ refusal: ParserRefusal) -> Diagnostic {
        let ls = Int(lineStarts[lineStarts.count - 1])
        return Diagnostic(path: path, line: lineStarts.count, column: scalarColumn(b, lineStart: ls, offset: i),
                          code: refusal.code, message: refusal.message, category: refusal.category)
    }
    if n >= Int(Int32.max) {
        let r = ParserRefusal.fileTooLarge
        throw Diagnostic(path: path, line: 1, column: 1, code: r.code, message: r.message, category: r.category)
    }
    var i = start
    let base = UnsafeRawPointer(b.baseAddress)
    while i < n {
        // Eight printable ASCII bytes at once (most of a ledger file): none with its high bit
        // set, none below 0x20 (the borrow test is exact for "any"), none 0x7F (DEL).
        if i + 8 <= n, let base {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let high: UInt64 = 0x8080_8080_8080_8080
            let below = (w &- 0x2020_2020_2020_2020) & ~w & high
            let del = (w &+ 0x0101_0101_0101_0101) & high
            let flagged = (w & high) | below | del
            if flagged == 0 { i += 8; continue }
            // The lowest flagged byte is exactly the first one that is not printable ASCII (no
            // borrow or carry reaches it from a byte below): the ones before it are skipped.
            let first = flagged.trailingZeroBitCount >> 3
            if first > 0 { i += first; continue }
        }
        let c = b[i]
        if c >= SP && c < 0x7F { i += 1; continue }  // printable ASCII (0x7F is DEL)
        if c == LF { lineStarts.append(Int32(i + 1)); i += 1; continue }
        if c == TAB { i += 1; continue }
        if c == CR {
            if i + 1 < n && b[i + 1] == LF { i += 1; continue }
            throw fail(i, .loneCR)
        }
        if c == 0 {
            throw fail(i, .nulByte)
        }
        if c < 0x80 {
            throw fail(i, .controlCharacter(c))
        }
        // Multi-byte UTF-8 sequence.
        func bad() -> Diagnostic {
            fail(i, .notUTF8(b[i]))
        }
        var scalar: UInt32
        var len: Int
        if c >= 0xC2 && c <= 0xDF {
            len = 2; scalar = UInt32(c & 0x1F)
        } else if c >= 0xE0 && c <= 0xEF {
            len = 3; scalar = UInt32(c & 0x0F)
        } else if c >= 0xF0 && c <= 0xF4 {
            len = 4; scalar = UInt32(c & 0x07)
        } else {
            throw bad()
        }
        if i + len > n { throw bad() }
        for k in 1..<len {
            let cc = b[i + k]
            if cc & 0xC0 != 0x80 {
                throw fail(i + k, .notUTF8(cc))
            }
            scalar = (scalar << 6) | UInt32(cc & 0x3F)
        }
        // Overlong forms, surrogates, beyond U+10FFFF.
        if (len == 3 && scalar < 0x800) || (len == 4 && (scalar < 0x10000 || scalar > 0x10FFFF))
            || (scalar >= 0xD800 && scalar <= 0xDFFF) {
            throw bad()
        }
        if scalar >= 0x80 && scalar <= 0x9F {
            if scalar == 0x85 {
                throw fail(i, .nextLine)
            }
            throw fail(i, .controlCharacter(UInt8(scalar)))
        }
        if scalar == 0x2028 || scalar == 0x2029 {
            throw fail(i, .lineSeparator(scalar))
        }
        if scalar == 0xFFFE || scalar == 0xFFFF {
            throw fail(i, .nonCharacter(scalar))
        }
        if scalar == 0xFEFF {
            throw fail(i, .strayByteOrderMark)
        }
        i += len
    }
    return lineStarts
}

/// The length of the UTF-8 scalar at `i` (before `e`) when the text check above accepts it and it
/// is no C1 control character (U+0080–U+009F); nil otherwise. The readers of files of the usual
/// shape (`UsualShape`, LedgerCore's `UsualFileFacts`) decline a file at nil, so the parser reads it.
@inlinable
public func usualScalarLength(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ e: Int) -> Int? {
    let c = b[i]
    var scalar: UInt32, len: Int
    if c >= 0xC2 && c <= 0xDF { len = 2; scalar = UInt32(c & 0x1F) }
    else if c >= 0xE0 && c <= 0xEF { len = 3; scalar = UInt32(c & 0x0F) }
    else if c >= 0xF0 && c <= 0xF4 { len = 4; scalar = UInt32(c & 0x07) }
    else { return nil }
    guard i + len <= e else { return nil }
    for k in 1..<len {
        let cc = b[i + k]
        guard cc & 0xC0 == 0x80 else { return nil }
        scalar = scalar << 6 | UInt32(cc & 0x3F)
    }
    if (len == 3 && scalar < 0x800) || (len == 4 && (scalar < 0x10000 || scalar > 0x10FFFF)) || (scalar >= 0xD800 && scalar <= 0xDFFF)
        || scalar <= 0x9F || scalar == 0x2028 || scalar == 0x2029 || scalar == 0xFFFE || scalar == 0xFFFF || scalar == 0xFEFF {
        return nil
    }
    return len
}

extension ParserRefusal {
    static let fileTooLarge = ParserRefusal(.fileTooLarge, .outsideFormat, "the file is larger than 2 GB, far too large for a ledger file; split it into smaller files")
    static let loneCR = ParserRefusal(.controlCharacter, .outsideFormat, "a carriage return (CR) here is not followed by a line feed; save the file with LF or CRLF line ends")
    static let nulByte = ParserRefusal(.controlCharacter, .invalidYAML, "the file contains a NUL byte here, so it looks like a binary file, not text; a ledger file must be plain UTF-8 text")
    static func controlCharacter(_ c: UInt8) -> ParserRefusal {
        ParserRefusal(.controlCharacter, .invalidYAML, "the file contains the invisible control character U+00\(hex2(c)) here, which is not allowed in a text file; remove it")
    }
    static func notUTF8(_ byte: UInt8) -> ParserRefusal {
        ParserRefusal(.notUTF8, .invalidYAML, "the file is not valid UTF-8 text: the byte 0x\(hex2(byte)) here cannot be read; save the file as UTF-8")
    }
    static let nextLine = ParserRefusal(.controlCharacter, .outsideFormat, "the file contains the invisible 'next line' character U+0085 here, which YAML tools disagree about; replace it with a normal line break or remove it")
    static func lineSeparator(_ scalar: UInt32) -> ParserRefusal {
        ParserRefusal(.controlCharacter, .outsideFormat, "the file contains an invisible line/paragraph separator (U+\(scalar == 0x2028 ? "2028" : "2029")) here, which YAML tools disagree about; replace it with a normal line break or remove it")
    }
    static func nonCharacter(_ scalar: UInt32) -> ParserRefusal {
        ParserRefusal(.controlCharacter, .invalidYAML, "the file contains the non-character U+\(scalar == 0xFFFE ? "FFFE" : "FFFF") here, which is not allowed in a text file; remove it")
    }
    static let strayByteOrderMark = ParserRefusal(.controlCharacter, .outsideFormat, "the file contains an invisible byte-order mark (U+FEFF) here; it is only allowed as the very first character of the file, so remove it")
}

/// Two upper-case hex digits.
func hex2(_ v: UInt8) -> String {
    let d = Array("0123456789ABCDEF".utf8)
    return String(decoding: [d[Int(v >> 4)], d[Int(v & 15)]], as: UTF8.self)
}
