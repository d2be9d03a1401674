/// A small pull reader of the XML in a workbook: start tags with attributes, end tags and text,
/// entities resolved. No DTDs (a document type is refused, so no entity can expand), no tree,
/// no recursion: hostile input costs time linear in its size and memory no more than it.
struct XMLScanner {
    enum Event {
        /// Local name (any `x:` prefix dropped), attributes by local name, self-closing or not.
        case start(name: String, attributes: [String: String], selfClosing: Bool)
        case end(name: String)
        case text(String)
    }

    struct Failure: Error {
        let message: String
    }

    private let bytes: [UInt8]
    private var i = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
    }

    /// The next event, or nil at the end.
    mutating func next() throws(Failure) -> Event? {
        while i < bytes.count {
            if bytes[i] != UInt8(ascii: "<") {
                let start = i
                while i < bytes.count, bytes[i] != UInt8(ascii: "<") { i += 1 }
                return .text(try decode(bytes[start..<i]))
            }
            if starts(with: "<?") { try skip(past: "?>"); continue }
            if starts(with: "<!--") { try skip(past: "-->"); continue }
            if starts(with: "<![CDATA[") {
                let start = i + 9
                try skip(past: "]]>")
                return .text(String(decoding: bytes[start..<(i - 3)], as: UTF8.self))
            }
            if starts(with: "<!") { throw Failure(message: "it declares a document type, which a workbook never needs") }
            if starts(with: "</") {
                i += 2
                let name = readName()
                while i < bytes.count, bytes[i] != UInt8(ascii: ">") { i += 1 }
                guard i < bytes.count else { throw Failure(message: "a closing tag is never finished") }
                i += 1
                return .end(name: name)
            }
            i += 1
            let name = readName()
            guard !name.isEmpty else { throw Failure(message: "a '<' that starts no tag") }
            var attributes: [String: String] = [:]
            while true {
                skipSpace()
                guard i < bytes.count else { throw Failure(message: "the tag <\(name)> is never finished") }
                if bytes[i] == UInt8(ascii: ">") { i += 1; return .start(name: name, attributes: attributes, selfClosing: false) }
                if starts(with: "/>") { i += 2; return .start(name: name, attributes: attributes, selfClosing: true) }
                let key = readName()
                skipSpace()
                guard !key.isEmpty, i < bytes.count, bytes[i] == UInt8(ascii: "=") else {
                    throw Failure(message: "the tag <\(name)> has a malformed attribute")
                }
                i += 1
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else {
                    throw Failure(message: "the tag <\(name)> has an attribute without quotes")
                }
                let quote = bytes[i]
                i += 1
                let start = i
                while i < bytes.count, bytes[i] != quote { i += 1 }
                guard i < bytes.count else { throw Failure(message: "an attribute of <\(name)> is never closed") }
                attributes[key] = try decode(bytes[start..<i])
                i += 1
            }
        }
        return nil
    }

    private func starts(with s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        let p = s.utf8Start
        for k in 0..<n where bytes[i + k] != p[k] { return false }
        return true
    }

    private mutating func skip(past s: StaticString) throws(Failure) {
        while i < bytes.count {
            if starts(with: s) { i += s.utf8CodeUnitCount; return }
            i += 1
        }
        throw Failure(message: "the document ends inside a comment or declaration")
    }

    private mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    /// A name, with any namespace prefix dropped (`x:row` is `row`).
    private mutating func readName() -> String {
        let start = i
        var local = i
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == UInt8(ascii: ">") || b == UInt8(ascii: "/") || b == UInt8(ascii: "=") { break }
            if b == UInt8(ascii: ":") { local = i + 1 }
            i += 1
        }
        return start == i ? "" : String(decoding: bytes[local..<i], as: UTF8.self)
    }

    /// Text with its five named entities and numeric character references resolved.
    private func decode(_ slice: ArraySlice<UInt8>) throws(Failure) -> String {
        guard slice.contains(UInt8(ascii: "&")) else {
            guard let s = String(validating: slice, as: UTF8.self) else { throw Failure(message: "it is not UTF-8 text") }
            return s
        }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var k = slice.startIndex
        while k < slice.endIndex {
            guard slice[k] == UInt8(ascii: "&") else { out.append(slice[k]); k += 1; continue }
            guard let semi = slice[k...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw Failure(message: "an '&' that starts no entity")
            }
            let name = String(decoding: slice[(k + 1)..<semi], as: UTF8.self)
            switch name {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                let value: UInt32?
                if name.hasPrefix("#x") || name.hasPrefix("#X") { value = UInt32(name.dropFirst(2), radix: 16) }
                else if name.hasPrefix("#") { value = UInt32(name.dropFirst()) }
                else { throw Failure(message: "the entity &\(name); is not one XML defines") }
                guard let v = value, let scalar = Unicode.Scalar(v) else { throw Failure(message: "&\(name); names no character") }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            k = semi + 1
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw Failure(message: "it is not UTF-8 text") }
        return s
    }
}
