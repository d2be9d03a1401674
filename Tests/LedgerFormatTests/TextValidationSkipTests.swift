import XCTest
@testable import LedgerFormat

/// The text check skips printable ASCII eight bytes at a time and then straight to the first
/// byte that is not: every byte that is not printable ASCII must still be seen, wherever it
/// sits in or after a word, and every line start found.
final class TextValidationSkipTests: XCTestCase {
    func testEveryByteIsSeenWhereverItSits() throws {
        // (bytes, refused at their first byte?, lines they end)
        let cases: [([UInt8], Bool, Int)] = [
            ([0x0A], false, 1), ([0x0D, 0x0A], false, 1), ([0x09], false, 0), (Array("é".utf8), false, 0),
            (Array("日".utf8), false, 0), ([0x00], true, 0), ([0x01], true, 0), ([0x1F], true, 0), ([0x7F], true, 0),
            ([0x0D], true, 0), ([0xC2, 0x85], true, 0), ([0xFF], true, 0), ([0xF5], true, 0), ([0xE0, 0x80, 0x80], true, 0), (Array("\u{2028}".utf8), true, 0),
        ]
        for (bad, refused, lines) in cases {
            for before in 0..<20 {
                for after in [0, 1, 7, 8, 9, 17] {
                    let prefix = Array(repeating: UInt8(ascii: "a"), count: before)
                    let bytes = prefix + bad + Array(repeating: UInt8(ascii: "~"), count: after)
                    let result: Result<[Int32], Diagnostic> = bytes.withUnsafeBufferPointer { b in
                        do throws(Diagnostic) { return .success(try validateText(b, path: "x.yaml")) } catch { return .failure(error) }
                    }
                    switch result {
                    case .success(let starts):
                        XCTAssertFalse(refused, "\(bad) after \(before) bytes was let through")
                        XCTAssertEqual(starts.count, 1 + lines, "\(bad) after \(before)")
                        if lines == 1 { XCTAssertEqual(starts.last, Int32(before + bad.count)) }
                    case .failure(let d):
                        XCTAssertTrue(refused, "\(bad) after \(before) bytes: \(d.message)")
                        XCTAssertEqual(d.line, 1)
                        XCTAssertEqual(d.column, before + 1, "\(bad) after \(before) bytes")
                    }
                }
            }
        }
    }
}
