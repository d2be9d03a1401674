import Glibc

/// What a file given to `kpi import` as CSV really holds, before its rows are read
/// (docs/spreadsheets.md): the text encoding (UTF-8, with or without a BOM; UTF-16 with a BOM,
/// as Excel's "Unicode text" saves; else GB18030, which contains GBK, as Chinese Excel's plain
/// "CSV" saves), the separator (`,` `;` or tab, from the header line), or that it is no text at all.
public enum CSVText {
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8", utf16 = "UTF-16", gb18030 = "GB18030 (GBK)"
    }

    /// The file as UTF-8 bytes and the encoding it was read in; a refusal (one line) when it is
    /// binary or in no encoding kpi reads.
    public static func decode(_ bytes: [UInt8], name: String) throws(LedgerError) -> (utf8: [UInt8], encoding: Encoding) {
        if bytes.count >= 2, (bytes[0], bytes[1]) == (0xFF, 0xFE) || (bytes[0], bytes[1]) == (0xFE, 0xFF) {
            let little = bytes[0] == 0xFF
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var i = 2
            while i + 1 < bytes.count {
                units.append(little ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
                i += 2
            }
            guard let text = String(validating: units, as: UTF16.self) else {
                throw LedgerError.refused(.csvNotUTF16(name))
            }
            return (Array(text.utf8), .utf16)
        }
        if let kind = binaryKind(bytes) {
            throw LedgerError.refused(.csvIsBinary(name, kind))
        }
        if String(validating: bytes, as: UTF8.self) != nil { return (bytes, .utf8) }
        if let converted = convert(bytes, from: "GB18030") { return (converted, .gb18030) }
        throw LedgerError.refused(.csvEncodingUnknown(name))
    }

    /// What a binary file is, named the way its owner knows it, or nil for text.
    public static func binaryKind(_ bytes: [UInt8]) -> String? {
        func starts(_ magic: [UInt8]) -> Bool { bytes.count >= magic.count && Array(bytes.prefix(magic.count)) == magic }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
            return "a zip file (an Excel .xlsx workbook or another zip)"
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return "an old Excel workbook (.xls) or other Office file" }
        if starts(Array("%PDF".utf8)) { return "a PDF document" }
        if bytes.prefix(8192).contains(0) { return "binary data" }
        return nil
    }

    /// The separator of the header line: the most frequent of `,` `;` and tab outside quotes
    /// (a comma on a tie): what Excel writes where the decimal mark is a comma, or for "Text".
    public static func separator(_ utf8: [UInt8]) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 9: 0]
        var quoted = false
        for b in utf8 {
            if b == UInt8(ascii: "\"") { quoted.toggle(); continue }
            if !quoted, b == 10 || b == 13 { break }
            if !quoted, counts[b] != nil { counts[b]! += 1 }
        }
        let comma = counts[UInt8(ascii: ",")]!
        let best = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key != UInt8(ascii: ",")) }!
        return best.value > comma ? best.key : UInt8(ascii: ",")
    }

    /// The bytes converted to UTF-8 by the C library's iconv, or nil when they are not valid text
    /// in `encoding`.
    static func convert(_ input: [UInt8], from encoding: String) -> [UInt8]? {
        let cd = iconv_open("UTF-8", encoding)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var source = input
        // GB18030 needs at most 4 bytes of UTF-8 for every 2 it reads, and 4 for 4.
        var out = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var produced = -1
        source.withUnsafeMutableBufferPointer { ib in
            out.withUnsafeMutableBufferPointer { ob in
                var ip: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ib.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var il = ib.count
                var op: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ob.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var ol = ob.count
                if iconv(cd, &ip, &il, &op, &ol) != -1, il == 0 { produced = ob.count - ol }
            }
        }
        return produced < 0 ? nil : Array(out.prefix(produced))
    }
}
