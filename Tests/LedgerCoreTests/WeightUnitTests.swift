@testable import LedgerCore
import XCTest

/// `LedgerValue.weightUnit(utf8:)`, the one rule by which `parseWeight` and the goal decoder tell
/// a weight written as a percentage: on bytes, it must say what the rule on scalars says (a `%`
/// or a `％` anywhere) for every text, whatever else it holds.
final class WeightUnitTests: XCTestCase {
    func testTheByteRuleIsTheScalarRule() {
        // `％` is EF BC 85; its neighbours share its first two bytes (`＄` EF BC 84, `１` EF BC 91),
        // others its first (`ｘ` EF BD 98, `￥` EF BF A5); `%` and `％` under a combining mark.
        let pieces = ["%", "％", "＄", "１", "ｘ", "￥", "2", "0.5", "1,000", " ", "万", "\u{301}", "%\u{301}", "％\u{301}", "e", "\u{FEFF}"]
        var generator = SystemRandomNumberGenerator()
        var texts: [String] = [""] + pieces
        for a in pieces { for b in pieces { texts.append(a + b) } }
        for _ in 0..<3000 {
            texts.append((0..<Int.random(in: 1...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for text in texts {
            let scalars = text.unicodeScalars.contains { $0 == "%" || $0 == "％" }
            var bytes = text
            let unit = bytes.withUTF8 { LedgerValue.weightUnit(utf8: $0) }
            XCTAssertEqual(unit, scalars ? .percent : .score, text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
        }
    }

    /// By hand: what `parseWeight` reads in each unit.
    func testParseWeight() {
        XCTAssertEqual(try LedgerValue.parseWeight("30").get().description, "30")
        XCTAssertEqual(try LedgerValue.parseWeight("30%").get().description, "30")
        XCTAssertEqual(try LedgerValue.parseWeight("30％").get().description, "30")
        XCTAssertEqual(try LedgerValue.parseWeight("0.5%").get().description, "0.5")
        // A percentage under 1 without the ASCII `%` is refused, as `LedgerValue.parse` refuses it.
        XCTAssertThrowsError(try LedgerValue.parseWeight("0.5％").get())
        XCTAssertEqual(try LedgerValue.parseWeight("0.5").get().description, "0.5")
    }
}
