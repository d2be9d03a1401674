/// A finding's message, written in the rules as an interpolated literal like any `String`, but
/// built as UTF-8 bytes in one buffer: a cold audit of 10,000 commits writes ~17,000 messages of
/// ~15 pieces each, and `String`'s own interpolation spent ~430 instructions on each piece
/// (docs/audit.md's messages are unchanged, byte for byte: a piece that is not a `String` is
/// written as a `String`'s interpolation writes it).
struct AuditMessage: ExpressibleByStringInterpolation {
    fileprivate(set) var bytes: [UInt8]

    init(stringLiteral text: StaticString) {
        bytes = text.withUTF8Buffer { Array($0) }
    }

    init(stringInterpolation: StringInterpolation) { bytes = stringInterpolation.bytes }

    /// The message as the finding keeps it.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var bytes: [UInt8] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            bytes.reserveCapacity(literalCapacity + 24 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: StaticString) {
            literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        mutating func appendInterpolation(_ text: String) {
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }

        mutating func appendInterpolation(_ message: AuditMessage) {
            bytes.append(contentsOf: message.bytes)
        }

        // The overloads `DefaultStringInterpolation` has, each writing what it writes: a value
        // that can write itself is written so, else its description (`String(describing:)`
        // found the same through dynamic casts, ~2,300 instructions a quarter or a day).
        mutating func appendInterpolation<T: TextOutputStreamable & CustomStringConvertible>(_ value: T) {
            var text = ""
            value.write(to: &text)
            appendInterpolation(text)
        }

        mutating func appendInterpolation<T: TextOutputStreamable>(_ value: T) {
            var text = ""
            value.write(to: &text)
            appendInterpolation(text)
        }

        mutating func appendInterpolation<T: CustomStringConvertible>(_ value: T) {
            appendInterpolation(value.description)
        }

        mutating func appendInterpolation<T>(_ value: T) {
            appendInterpolation(String(describing: value))
        }
    }
}
