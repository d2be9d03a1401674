import XCTest
@testable import LedgerCore
import LedgerFormat

/// Inputs found by the libFuzzer targets in Fuzz/ (`make fuzz`), kept as regression tests.
final class FuzzRegressionTests: XCTestCase {
    func testValueWithMultiplierPastThe38Digits() {
        // Found by fuzz-value-parser: 34 digits times a million.
        let text = "2226047888888888888888888888888888M"
        for unit in MetricUnit.allCases {
            if case .success(let n) = ValueParser.parse(text, unit: unit) {
                XCTAssertEqual(Number(n.description), n, "\(unit): \(n)")
            }
        }
    }

    func testFormulaWithInvalidUTF8() {
        // Found by fuzz-formula-parser: "(d_c" + U+0611 (bytes D8 91, a combining mark) + "-".
        let text = String(decoding: [0x28, 0x64, 0x5f, 0x63, 0xd8, 0x91, 0x2d] as [UInt8], as: UTF8.self)
        if let f = try? Formula.parse(text) { XCTAssertEqual(try? Formula.parse(f.description), f) }
        let text2 = String(decoding: [0x52, 0xd8, 0x91] as [UInt8], as: UTF8.self)
        if let f = try? Formula.parse(text2) { XCTAssertEqual(try? Formula.parse(f.description), f) }
    }

    func testLongMinusChainPrintsAFormulaThatParsesAgain() throws {
        // Found by fuzz-formula-parser: the description `-(-(-(…)))` of 46 minus signs was
        // deeper than the limit the input itself was within.
        let text = "8-b-r+c8-b" + String(repeating: "-", count: 46) + "r+c"
        let f = try Formula.parse(text)
        XCTAssertEqual(try Formula.parse(f.description), f)
        let deep = String(repeating: "-", count: Formula.maxDepth - 1) + "a"
        let g = try Formula.parse(deep)
        XCTAssertEqual(try Formula.parse(g.description), g)
    }
}
