/// A JSON value with ordered object keys, rendered by hand so output is stable byte for byte
/// and numbers are written exactly as the ledger's decimals (no binary floating point).
package indirect enum JSON {
    case null
    case bool(Bool)
    case int(Int)
    /// A number already in JSON's syntax (an exact decimal's text).
    case number(String)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])
    /// Text already rendered by `bytes(level:)` at the level where this value stands: the
    /// parts of a large document rendered on several cores, then put in place.
    case rendered([UInt8])

    package func render(pretty: Bool = true) -> String {
        String(decoding: bytes(pretty: pretty), as: UTF8.self)
    }

    /// The rendered text as UTF-8, written into one buffer (a year's scores are megabytes).
    package func bytes(pretty: Bool = true) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, indent: pretty ? 0 : -1)
        return out
    }

    /// Pretty text as it is written at nesting `level` inside a larger document (its lines after
    /// the first indented for that level), to be placed there as `.rendered`.
    package func bytes(level: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(into: &out, indent: level)
        return out
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 256)

    /// A line break and the indentation of nesting `level` (two spaces a level).
    static func newline(_ level: Int, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\n"))
        var n = 2 * level
        while n > 0 {
            let k = min(n, JSON.spaces.count)
            out.append(contentsOf: JSON.spaces[0..<k])
            n -= k
        }
    }

    private func write(into out: inout [UInt8], indent: Int) {
        let pretty = indent >= 0
        func newline(_ level: Int) {
            if pretty { JSON.newline(level, into: &out) }
        }
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .number(let s): out.append(contentsOf: s.utf8)
        case .string(let s): JSON.escape(s, into: &out)
        case .rendered(let text): out.append(contentsOf: text)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                item.write(into: &out, indent: pretty ? indent + 1 : -1)
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            if pairs.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                JSON.escape(k, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                v.write(into: &out, indent: pretty ? indent + 1 : -1)
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func escape(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        escape(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// A byte that may start something a JSON string cannot hold as it is: a quote, a backslash,
    /// a control character, or the first byte of a C1 control, an Arabic letter mark or a
    /// direction override (`SafeText`). Strings without any are copied byte for byte.
    @inline(__always)
    static func mayNeedEscape(_ b: UInt8) -> Bool {
        b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b == 0x7F || b == 0xC2 || b == 0xD8 || b == 0xE2
    }

    /// Whether no byte of `bytes` may need an escape (`mayNeedEscape`): eight bytes at a time,
    /// each word of ASCII bytes tested at once for a control byte, a quote, a backslash or DEL
    /// (a byte test per byte was most of the audit's JSON); a word with a byte ≥ 0x80 is tested
    /// byte by byte.
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        // Nonzero when a byte of `x` is zero (each of x's bytes below 0x80: exact).
        @inline(__always) func zeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        while i + 8 <= n {
            let w = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            if w & highs != 0 {
                for j in i..<(i + 8) where mayNeedEscape(base[j]) { return false }
            } else if (w &- ones &* 0x20) & highs != 0      // a byte below 0x20 (every byte below 0x80)
                        || zeroByte(w ^ (ones &* 0x22)) || zeroByte(w ^ (ones &* 0x5C)) || zeroByte(w ^ (ones &* 0x7F)) {
                return false
            }
            i += 8
        }
        while i < n {
            if mayNeedEscape(base[i]) { return false }
            i += 1
        }
        return true
    }

    /// `s` as a JSON string, quotes included.
    static func escaped(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        escape(s, into: &out)
        return out
    }

    static func escape(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // The usual string needs no escape: its bytes are copied as they are, in one pass over
        // its contiguous storage (a few hundred thousand strings per scoreboard).
        let copied = s.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            if !isPlain(bytes) { return false }
            out.append(contentsOf: bytes)
            return true
        } ?? false
        if copied {
            out.append(UInt8(ascii: "\""))
            return
        }
        if SafeText.needsEscaping(s) || s.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
            for u in s.unicodeScalars {
                switch u {
                case "\"": out.append(contentsOf: "\\\"".utf8)
                case "\\": out.append(contentsOf: "\\\\".utf8)
                case "\n": out.append(contentsOf: "\\n".utf8)
                case "\r": out.append(contentsOf: "\\r".utf8)
                case "\t": out.append(contentsOf: "\\t".utf8)
                case _ where SafeText.isControl(u):   // C0, DEL, C1, direction overrides: never raw
                    let hex = String(u.value, radix: 16)
                    out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                default: out.append(contentsOf: String(u).utf8)
                }
            }
        } else {
            out.append(contentsOf: s.utf8)
        }
        out.append(UInt8(ascii: "\""))
    }
}
