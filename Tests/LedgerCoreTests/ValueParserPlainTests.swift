import XCTest
@testable import LedgerCore

/// The usual value (digits, a fraction, a percentage's `%`) is read in one pass
/// (`ValueParser.plainDecimal`); whatever it reads must be exactly the number the general path
/// (`parseAnyForm`) makes — same stored form — and whatever it declines is read the general
/// way, so every value's result and message are as before. Checked over generated values of
/// every unit: zeros everywhere, long digit runs around the 18-digit limit, signs, commas,
/// spaces, marks, points out of place.
final class ValueParserPlainTests: XCTestCase {
    func same(_ text: String, _ unit: MetricUnit, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        var t = text
        return t.withUTF8 { b in
            let fast = ValueParser.parse(utf8: b, unit: unit)
            let general = ValueParser.parseAnyForm(utf8: b, unit: unit)
            switch (fast, general) {
            case (.success(let x), .success(let y)):
                XCTAssertEqual(x.storage, y.storage, "'\(text)' as \(unit)", file: file, line: line)
            case (.failure(let x), .failure(let y)):
                XCTAssertEqual(x.message, y.message, "'\(text)' as \(unit)", file: file, line: line)
            default:
                XCTFail("'\(text)' as \(unit): \(fast) against \(general)", file: file, line: line)
            }
            return ValueParser.plainDecimal(b, unit: unit) != nil
        }
    }

    func testPlainValuesAreTheGeneralPathsNumbers() {
        var state: UInt64 = 7
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let pieces = ["0", "00", "1", "5", "9", "10", "100", "007", "12345", "999999999", "000000000", ".", "%", ",", " ", "-",
                      "+", "K", "$", "％", "e", "x", "d"]
        let units: [MetricUnit] = [.count, .percent, .currency, .days, .hours, .ratio, .score]
        var fast = 0
        for _ in 0..<40_000 {
            var text = ""
            for _ in 0..<(1 + next(5)) { text += pieces[next(next(3) == 0 ? pieces.count : 9)] }
            if next(4) == 0 { text += "." + pieces[next(9)] }
            if next(4) == 0 { text += "%" }
            if same(text, units[next(units.count)]) { fast += 1 }
        }
        for text in ["0", "0.0", "0.50", "00012", "0.05", "45%", "45", "37.5%", "100", "1000000", "16910", "1.", ".5", "1..2",
                     "1.2.3", "%", "5%%", "999999999999999999", "1000000000000000000", "9999999999999999999",
                     "123456789012345678.9", "0.000000000000000001", "1" + String(repeating: "0", count: 200),
                     "0." + String(repeating: "0", count: 200) + "1", String(repeating: "0", count: 50) + "7"] {
            for unit in units { _ = same(text, unit) }
        }
        // The one-pass path was taken, not only the general one.
        XCTAssertGreaterThan(fast, 5_000)
    }
}
