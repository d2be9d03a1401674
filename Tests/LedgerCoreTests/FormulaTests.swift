import XCTest
@testable import LedgerCore

final class FormulaTests: XCTestCase {
    func n(_ text: String) -> Number { Number(text)! }

    func formula(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Formula? {
        do { return try Formula.parse(text) } catch {
            XCTFail("\(text): \(error)", file: file, line: line)
            return nil
        }
    }

    func parseError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> FormulaError? {
        do {
            let f = try Formula.parse(text)
            XCTFail("\(text) parsed as \(f)", file: file, line: line)
            return nil
        } catch { return error }
    }

    func eval(_ text: String, _ values: [String: Number]) -> FormulaResult? {
        formula(text)?.evaluate { values[$0] }
    }

    // MARK: The catalog's formulas

    func testAchievementRate() {
        XCTAssertEqual(eval("sales / sales_target", ["sales": 1200, "sales_target": 1000]), .value(n("1.2")))
    }

    func testROI() {
        XCTAssertEqual(eval("campaign_return / campaign_cost", ["campaign_return": 2_000_000, "campaign_cost": 500_000]), .value(4))
    }

    func testOnTimeRate() {
        XCTAssertEqual(eval("on_time / planned", ["on_time": 9, "planned": 10]), .value(n("0.9")))
    }

    func testMarketingDrivenGrowth() {
        XCTAssertEqual(eval("(new_users - natural_baseline) / natural_baseline",
                            ["new_users": 1300, "natural_baseline": 1000]), .value(n("0.3")))
    }

    func testHealthIndexIsExactly68() {
        let values: [String: Number] = ["retention": 80, "nps": 50, "new_users": 70]
        XCTAssertEqual(eval("0.4 * retention + 0.3 * nps + 0.3 * new_users", values), .value(68))
        XCTAssertEqual(eval("retention * 40% + nps * 30% + new_users * 30%", values), .value(68))
        XCTAssertEqual(eval("retention × 40% + nps × 30% + new_users × 30%", values), .value(68))
    }

    func testPointOnePlusPointTwo() {
        XCTAssertEqual(eval("0.1 + 0.2", [:]), .value(n("0.3")))
        XCTAssertEqual(eval("0.1 + 0.2 - 0.3", [:]), .value(0))
    }

    // MARK: Language

    func testPrecedenceUnaryAndFunctions() {
        XCTAssertEqual(eval("1 + 2 * 3", [:]), .value(7))
        XCTAssertEqual(eval("(1 + 2) * 3", [:]), .value(9))
        XCTAssertEqual(eval("10 - 4 - 3", [:]), .value(3))
        XCTAssertEqual(eval("24 / 4 / 2", [:]), .value(3))
        XCTAssertEqual(eval("-a * 2", ["a": 3]), .value(-6))
        XCTAssertEqual(eval("--a", ["a": 3]), .value(3))
        XCTAssertEqual(eval("2 − 5", [:]), .value(-3))
        XCTAssertEqual(eval("9 ÷ 3", [:]), .value(3))
        XCTAssertEqual(eval("min(a, b, 7)", ["a": 5, "b": 9]), .value(5))
        XCTAssertEqual(eval("max(a, b, 7)", ["a": 5, "b": 9]), .value(9))
        XCTAssertEqual(eval("max(a)", ["a": 5]), .value(5))
        XCTAssertEqual(eval("abs(a - b)", ["a": 5, "b": 9]), .value(4))
        XCTAssertEqual(eval("ltv / cac", ["ltv": 900, "cac": 300]), .value(3))
        XCTAssertEqual(eval("min", ["min": 2]), .value(2), "a metric may be called min")
    }

    func testMetricIDsSortedUnique() {
        XCTAssertEqual(formula("ltv / cac + cac * 2 - abs(z9_x)")?.metricIDs, ["cac", "ltv", "z9_x"])
        XCTAssertEqual(formula("1 + 2")?.metricIDs, [])
    }

    func testCanonicalDescription() {
        let cases: [(String, String)] = [
            ("0.4*retention+0.3*nps", "0.4 * retention + 0.3 * nps"),
            ("(a+b)*c", "(a + b) * c"),
            ("a-(b+c)", "a - (b + c)"),
            ("a/(b*c)", "a / (b * c)"),
            ("((a))", "a"),
            ("-(a+b)", "-(a + b)"),
            ("- a * b", "-a * b"),
            ("min( a ,b,  1.50 )", "min(a, b, 1.5)"),
            ("retention × 40%", "retention * 40%"),
            ("a − -b", "a - -b"),
            ("--a", "-(-a)"),
        ]
        for (input, canonical) in cases {
            guard let f = formula(input) else { continue }
            XCTAssertEqual(f.description, canonical, input)
            XCTAssertEqual(formula(f.description), f, "round trip of \(input)")
        }
    }

    // MARK: No value

    func testDivisionByZero() {
        XCTAssertEqual(eval("ltv / cac", ["ltv": 900, "cac": 0]), .noValue(reason: "division by zero: cac is 0"))
        XCTAssertEqual(eval("a / (b - c)", ["a": 1, "b": 2, "c": 2]), .noValue(reason: "division by zero: b - c is 0"))
        XCTAssertEqual(eval("1 / 0", [:]), .noValue(reason: "division by zero: 0 is 0"))
    }

    func testMissingInputs() {
        XCTAssertEqual(eval("ltv / cac", ["ltv": 900]), .noValue(reason: "no actual for cac"))
        XCTAssertEqual(eval("ltv / cac", [:]), .noValue(reason: "no actuals for cac, ltv"))
        XCTAssertNil(eval("ltv / cac", [:])?.value)
    }

    func testOverflowIsNoValue() {
        let big = n("99999999999999999999999999999999999999")
        var text = "a"
        for _ in 0..<8 { text += " * a" }
        guard case .noValue(let reason)? = eval(text, ["a": big]) else { return XCTFail("expected no value") }
        XCTAssertEqual(reason, "the result is too large to represent")
    }

    // MARK: Errors with columns

    func testErrorsCarryColumns() {
        let cases: [(String, Int, String)] = [
            ("", 1, "the formula is empty"),
            ("   ", 1, "the formula is empty"),
            ("a +", 4, "expected a metric name or number after '+', but the formula ends"),
            ("a + * b", 5, "expected a metric name or number after '+', found '*'"),
            ("(a + b", 7, "missing ')' to close the '(' at column 1"),
            ("a + b)", 6, "unmatched ')'"),
            ("a b", 3, "expected an operator (+ - * /) before 'b'"),
            ("Retention * 2", 1, "metric ids are lower_snake_case (like new_users), not 'Retention'"),
            ("a # b", 3, "unexpected character '#'"),
            ("留存 / 2", 1, "unexpected character '留'"),
            ("foo(a)", 1, "unknown function 'foo' (known: abs, max, min)"),
            ("abs(a, b)", 1, "abs takes exactly one argument, not 2"),
            ("min()", 5, "min needs at least one argument"),
            ("1. + a", 3, "expected digits after '.'"),
            ("1.2.3", 4, "unexpected '.' after the number 1.2"),
            ("a % 2", 3, "'%' can only follow a number, as in 40%"),
            ("a, b", 2, "',' outside a function call"),
            ("max(a b)", 7, "expected ')' to close the '(' at column 4, found 'b'"),
        ]
        for (text, column, message) in cases {
            let error = parseError(text)
            XCTAssertEqual(error?.column, column, text)
            XCTAssertEqual(error?.message, message, text)
        }
        XCTAssertEqual(parseError("a +")?.description, "column 4: expected a metric name or number after '+', but the formula ends")
    }

    func testColumnsCountCharactersNotBytes() {
        // "é" is two bytes in UTF-8 but one column; the error is at the 6th character.
        XCTAssertEqual(parseError("1 + 2 é")?.column, 7)
        XCTAssertEqual(parseError("1 − 2 #")?.column, 7)
    }

    func testDeepNestingRefusedNotCrashing() {
        let hostile = String(repeating: "(", count: 100_000) + "a" + String(repeating: ")", count: 100_000)
        let error = parseError(hostile)
        XCTAssertEqual(error?.column, 65)
        XCTAssertEqual(error?.message, "the formula nests more than 64 levels deep")
        XCTAssertNotNil(parseError(String(repeating: "-", count: 100_000) + "a"))
        XCTAssertNotNil(parseError(String(repeating: "abs(", count: 100_000) + "a"))
        // 64 levels are fine.
        let deep = String(repeating: "(", count: 64) + "a" + String(repeating: ")", count: 64)
        XCTAssertEqual(formula(deep)?.evaluate { _ in 5 }, .value(5))
    }

    func testRandomTextNeverCrashes() {
        var random = SeededRandom(seed: 0xF0_4D)
        let alphabet = Array("ab_c1 0.9+-*/(),%×÷−minaxbsAZ#")
        var parsed = 0
        for _ in 0..<3000 {
            let text = String((0..<Int(random.next(upTo: 16))).map { _ in alphabet[Int(random.next(upTo: UInt64(alphabet.count)))] })
            if let f = try? Formula.parse(text) {
                parsed += 1
                _ = f.evaluate { _ in 0 }
                XCTAssertEqual(try? Formula.parse(f.description), f, text)
            }
        }
        XCTAssertGreaterThan(parsed, 0)
    }

    func testLongFlatFormulaIsShallow() {
        // 50,000 terms: flat sums keep parsing, rendering and evaluation off deep recursion.
        let text = Array(repeating: "a", count: 50_000).joined(separator: " + ")
        guard let f = formula(text) else { return }
        XCTAssertEqual(f.evaluate { _ in 2 }, .value(100_000))
        XCTAssertEqual(f.description.count, text.count)
    }

    // MARK: Cycles

    func testCycles() {
        func graph(_ pairs: [(String, String)]) -> [String: Formula] {
            Dictionary(uniqueKeysWithValues: pairs.map { ($0.0, try! Formula.parse($0.1)) })
        }
        XCTAssertEqual(FormulaGraph.cycles(graph([("ratio", "ltv / cac"), ("ltv", "revenue * 3")])), [])
        XCTAssertEqual(FormulaGraph.cycles(graph([("a", "b + 1"), ("b", "c * 2"), ("c", "a - 1")])), [["a", "b", "c"]])
        XCTAssertEqual(FormulaGraph.cycles(graph([("x", "x + 1")])), [["x"]])
        XCTAssertEqual(FormulaGraph.cycles(graph([
            ("b", "a"), ("a", "b"), ("m", "n + z"), ("n", "m"), ("z", "revenue"),
        ])), [["a", "b"], ["m", "n"]])
        // A long chain closing on itself: no recursion, one cycle.
        var chain: [(String, String)] = []
        for i in 0..<5_000 { chain.append(("m\(i)", "m\((i + 1) % 5_000) + 1")) }
        let cycles = FormulaGraph.cycles(graph(chain))
        XCTAssertEqual(cycles.count, 1)
        XCTAssertEqual(cycles.first?.count, 5_000)
        XCTAssertEqual(cycles.first?.first, "m0")
        XCTAssertEqual(cycles.first?.dropFirst().first, "m1")
    }
}
