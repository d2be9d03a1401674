import XCTest
@testable import LedgerFormat

/// `LedgerParser.usualSimpleValue` (the commonest values' end, found a byte at a time and inlined)
/// says where a value ends only where `usualPlainValue` says the same: over every short text of
/// the bytes that matter to a plain value (indicators, `: `, `#`, spaces, CR, LF, UTF-8, the
/// letters, digits and marks values are written with), each at the start of a line, after a key,
/// at the file's end.
final class UsualSimpleValueTests: XCTestCase {
    static let alphabet: [UInt8] = Array("aZ09_.-%: #\"'?!@&*,>[]`{|}\r\n\t\u{7F}".utf8) + [0xE4, 0xB8, 0x87, 0xC3, 0x80]

    func check(_ bytes: [UInt8], at v: Int, _ counted: inout (simple: Int, other: Int)) {
        bytes.withUnsafeBufferPointer { b in
            let plain = LedgerParser.usualPlainValue(b, at: v)
            guard let end = LedgerParser.usualSimpleValue(b, at: v) else {
                counted.other += 1
                return
            }
            counted.simple += 1
            XCTAssertEqual(plain?.end, end, "\(Array(bytes)) at \(v)")
            XCTAssertEqual(plain?.next, end + 1, "\(Array(bytes)) at \(v)")
        }
    }

    func testEveryShortTextEndsWhereThePlainValueEnds() {
        var counted = (simple: 0, other: 0)
        let a = Self.alphabet
        // Every text of up to three bytes of the alphabet, then LF or the file's end.
        var texts: [[UInt8]] = [[]]
        for _ in 0..<3 { texts += texts.filter { $0.count == texts.last!.count }.flatMap { t in a.map { t + [$0] } } }
        for t in texts {
            for tail in [[UInt8](), [0x0A], [0x0A, 0x61], [0x0D, 0x0A]] {
                let prefix = Array("key: ".utf8)
                check(prefix + t + tail, at: prefix.count, &counted)
            }
        }
        XCTAssertGreaterThan(counted.simple, 1000)
        XCTAssertGreaterThan(counted.other, 1000)
    }

    func testLongerValuesAsKpiWritesThemAndTheirEdits() {
        var counted = (simple: 0, other: 0)
        var state: UInt64 = 0x51_3b1e
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let values = ["2026-01-31", "revenue", "on_time_delivery", "58.7万", "38.8%", "1200", "monthly export", "p000123",
                      "Quarter 2026-Q1 review.", "x.y@example.com", "A", "t00012", "0.5", "-3", "%5", ".5", "a:", "a: b", "a #b"]
        for _ in 0..<20_000 {
            var v = Array(values[next(values.count)].utf8)
            if next(3) == 0, !v.isEmpty {
                let at = next(v.count)
                switch next(3) {
                case 0: v[at] = Self.alphabet[next(Self.alphabet.count)]
                case 1: v.insert(Self.alphabet[next(Self.alphabet.count)], at: at)
                default: v.remove(at: at)
                }
            }
            let prefix = Array((next(2) == 0 ? "    value: " : "subject: ").utf8)
            let tail: [UInt8] = [[0x0A], [0x0A, 0x20, 0x20], [], [0x0D, 0x0A]][next(4)]
            check(prefix + v + tail, at: prefix.count, &counted)
        }
        XCTAssertGreaterThan(counted.simple, 3000)
        XCTAssertGreaterThan(counted.other, 5000)
    }
}
