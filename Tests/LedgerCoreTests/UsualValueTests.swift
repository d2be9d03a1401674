@testable import LedgerCore
import XCTest

/// `UsualValue.read`: where it reads a text, the number must be the one `ValueParser.parse`
/// makes and the style the one `RecordValueText.style(of:…)` finds (which writes the text again
/// byte for byte); and it must read the usual texts, not decline them all.
final class UsualValueTests: XCTestCase {
    func general(_ text: String, _ unit: MetricUnit) -> (Number, UInt8?)? {
        guard case .success(let n) = ValueParser.parse(text, unit: unit) else { return nil }
        guard case .fixed(let s, let e) = n.storage else { return (n, nil) }
        var t = text
        return (n, t.withUTF8 { RecordValueText.style(of: $0, significand: s, exponent: e) })
    }

    func read(_ text: String, _ unit: MetricUnit) -> UsualValue? {
        var t = text
        return t.withUTF8 { UsualValue.read($0, unit: unit) }
    }

    func testWhatItReadsIsWhatTheGeneralRulesRead() {
        let pieces = ["0", "1", "2", "5", "9", "00", "10", "000", ".", ".5", "%", "％", "万", "千", "亿", "元", "K", "k", "M", "B",
                      "m", "x", "d", ",", "-", "+", " ", "$", "1234567", "99999999", "\u{301}", "e"]
        var generator = SystemRandomNumberGenerator()
        var texts: [String] = [""] + pieces
        for a in pieces { for b in pieces { texts.append(a + b) } }
        for _ in 0..<6000 {
            texts.append((0..<Int.random(in: 1...7, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        var read = 0
        for text in texts {
            for unit in MetricUnit.allCases {
                let shown = "\(text) (\(unit))"
                guard let v = self.read(text, unit) else { continue }
                read += 1
                guard let (n, style) = general(text, unit) else {
                    XCTFail("\(shown): read, but ValueParser refuses it")
                    continue
                }
                XCTAssertEqual(v.number, n, shown)
                XCTAssertEqual(v.style, style, shown)
                XCTAssertEqual(RecordValueText.text(significand: v.significand, exponent: v.exponent, style: v.style), text, shown)
            }
        }
        XCTAssertGreaterThan(read, 1000)
    }

    /// By hand: the usual texts are read, with their numbers and forms.
    func testTheUsualTexts() {
        func check(_ text: String, _ unit: MetricUnit, _ number: String, form: UInt8, fraction: UInt8) {
            guard let v = read(text, unit) else { return XCTFail("\(text) declined") }
            XCTAssertEqual(v.number.description, number, text)
            XCTAssertEqual(v.style, form << 4 | fraction, text)
        }
        check("2803", .count, "2803", form: 0, fraction: 0)
        check("0", .count, "0", form: 0, fraction: 0)
        check("0.50", .ratio, "0.5", form: 0, fraction: 2)
        check("72.2%", .percent, "72.2", form: 1, fraction: 1)
        check("45", .percent, "45", form: 0, fraction: 0)
        check("58.7万", .currency, "587000", form: 2, fraction: 1)
        check("1.5K", .count, "1500", form: 3, fraction: 1)
        check("3k", .days, "3000", form: 4, fraction: 0)
        check("2M", .currency, "2000000", form: 5, fraction: 0)
        check("1.25B", .currency, "1250000000", form: 6, fraction: 2)
        check("8千", .count, "8000", form: 7, fraction: 0)
        check("1.2亿", .currency, "120000000", form: 8, fraction: 1)
        check("100000000000000000", .count, "100000000000000000", form: 0, fraction: 0)
        // Declined: the general path reads (or refuses) them.
        for (text, unit) in [("45%", MetricUnit.count), ("5K", .percent), ("007", .count), ("1,200", .count), ("-3", .count),
                             ("1.", .count), (".5", .count), ("1.23456789", .ratio), ("1000000000000000000", .count),
                             ("5元", .currency), ("45％", .percent), ("$5", .currency), (" 5", .count), ("", .count)] {
            XCTAssertNil(read(text, unit), text)
        }
    }
}
