@testable import KPICLI
import XCTest

/// `JSON.isPlain` tests eight bytes at a time whether a string can be copied between quotes as it
/// is; it must say exactly what testing each byte (`JSON.mayNeedEscape`) says, for every byte
/// value at every place in a word, at every length and alignment.
final class JSONPlainTests: XCTestCase {
    func byteByByte(_ b: UnsafeBufferPointer<UInt8>) -> Bool { !b.contains(where: JSON.mayNeedEscape) }

    func testEveryByteAtEveryPlace() {
        for length in 1...24 {
            for place in 0..<length {
                for value in 0...255 {
                    var bytes = Array(repeating: UInt8(ascii: "a"), count: length)
                    bytes[place] = UInt8(value)
                    bytes.withUnsafeBufferPointer { b in
                        XCTAssertEqual(JSON.isPlain(b), byteByByte(b), "byte \(value) at \(place) of \(length)")
                    }
                }
            }
        }
    }

    /// Neighbours that a word-wide subtraction could borrow across: each special byte beside
    /// the bytes just above and below it and beside the edges of the ASCII range.
    func testNeighbours() {
        let edges: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xC1, 0xC2, 0xC3, 0xD8, 0xE2, 0xFF]
        for a in edges {
            for b in edges {
                for place in 0..<15 {
                    var bytes = Array("the usual text..".utf8)
                    bytes[place] = a
                    bytes[place + 1] = b
                    bytes.withUnsafeBufferPointer { p in
                        XCTAssertEqual(JSON.isPlain(p), byteByByte(p), "\(a) \(b) at \(place)")
                    }
                }
            }
        }
    }

    func testRandomTextAtEveryAlignment() {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("abcXYZ09 -_.:@".utf8) + [0x00, 0x09, 0x0A, 0x1F, 0x22, 0x5C, 0x7F, 0x80, 0xA0, 0xC2, 0xD8, 0xE2, 0xE3, 0xFF]
        for _ in 0..<4000 {
            let length = Int.random(in: 0...70, using: &rng)
            // Mostly plain text, with now and then one byte of the rest of the alphabet.
            var bytes = (0..<(length + 8)).map { _ in UInt8(ascii: "k") }
            for i in 0..<bytes.count where Int.random(in: 0..<12, using: &rng) == 0 { bytes[i] = alphabet.randomElement(using: &rng)! }
            let start = Int.random(in: 0..<8, using: &rng)
            bytes.withUnsafeBufferPointer { all in
                let b = UnsafeBufferPointer(rebasing: all[start..<(start + length)])
                XCTAssertEqual(JSON.isPlain(b), byteByByte(b), "\(Array(b)) at \(start)")
            }
        }
        XCTAssertTrue(JSON.isPlain(UnsafeBufferPointer(start: nil, count: 0)))
    }

    /// Strings as the renderers write them: plain ones copied, the others escaped.
    func testEscapedStrings() {
        let cases: [(String, String)] = [
            ("", #""""#),
            ("plain text of some length", #""plain text of some length""#),
            ("a \"quote\" here", #""a \"quote\" here""#),
            ("back\\slash at the end\\", #""back\\slash at the end\\""#),
            ("tab\there and a line\nbreak", #""tab\there and a line\nbreak""#),
            ("del\u{7F} after eight", #""del\u007f after eight""#),
            ("C1 \u{85} control", #""C1 \u0085 control""#),
            ("override \u{202E}txt", #""override \u202etxt""#),
            ("é and ü — fine as they are", #""é and ü — fine as they are""#),
        ]
        for (s, want) in cases {
            XCTAssertEqual(String(decoding: JSON.escaped(s), as: UTF8.self), want)
            var w = JSONWriter()
            w.string(s)
            XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), want)
        }
    }
}
