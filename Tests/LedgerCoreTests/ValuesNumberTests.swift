import XCTest
@testable import LedgerCore

final class ValuesNumberTests: XCTestCase {
    func n(_ text: String) -> Number { Number(text)! }

    func testPointOnePlusPointTwoIsPointThree() {
        XCTAssertEqual(n("0.1") + n("0.2"), n("0.3"))
        XCTAssertEqual((n("0.1") + n("0.2")).description, "0.3")
    }

    func testArithmetic() {
        XCTAssertEqual(n("1.5") * n("4"), 6)
        XCTAssertEqual(n("10") - n("12.5"), n("-2.5"))
        XCTAssertEqual(n("1200") / n("1000"), n("1.2"))
        XCTAssertEqual(-n("3"), n("-3"))
        XCTAssertEqual(n("-3").magnitude, 3)
        XCTAssertEqual((n("1") / n("3")).description, "0.33333333333333333333333333333333333333")
    }

    func testCheckedOperations() {
        XCTAssertNil(n("1").divided(by: .zero))
        XCTAssertEqual(n("9").divided(by: 3), 3)
        let big = n("9999999999999999999999999999999999")
        var x = big
        var overflowed = false
        for _ in 0..<10 {
            guard let next = x.multiplied(by: big) else { overflowed = true; break }
            x = next
        }
        XCTAssertTrue(overflowed, "checked multiplication reports overflow instead of NaN")
    }

    func testDescriptionIsPlainAndShortest() {
        XCTAssertEqual(n("0.30").description, "0.3")
        XCTAssertEqual(n("1200").description, "1200")
        XCTAssertEqual(n("-2.50").description, "-2.5")
        XCTAssertEqual(n("-0").description, "0")
        XCTAssertEqual(n("0.000001").description, "0.000001")
        XCTAssertEqual(Number(significand: 12, exponent: 30)!.description, "12000000000000000000000000000000")
        XCTAssertEqual(Number(significand: 5, exponent: -20)!.description, "0.00000000000000000005")
        XCTAssertEqual(Number(12).description, "12")
    }

    func testParsingPlainText() {
        XCTAssertEqual(Number("12.50"), Number(significand: 125, exponent: -1))
        XCTAssertEqual(Number("+7"), 7)
        XCTAssertEqual(Number("−3"), -3)
        XCTAssertEqual(Number("007"), 7)
        XCTAssertEqual(Number("0.05"), Number(significand: 5, exponent: -2))
        for bad in ["", "-", ".5", "5.", "1,000", "1e5", "abc", "1.2.3", " 1", "1 ", "--1", "12345678901234567890123456789012345678901"] {
            XCTAssertNil(Number(bad), bad)
        }
        // 38 significant digits still fit; leading zeros do not count.
        XCTAssertNotNil(Number("00012345678901234567890123456789012345678"))
        XCTAssertEqual(Number("123456789012345678901234567890")?.description, "123456789012345678901234567890")
    }

    func testEqualValuesHashAlike() {
        let a = n("0.1") + n("0.2")
        let b = n("0.30")
        XCTAssertEqual(Set([a, b]).count, 1)
        XCTAssertEqual(a.hashValue, b.hashValue)
        XCTAssertEqual(Set([n("1200"), n("1.2") * 1000, Number(significand: 12, exponent: 2)!]).count, 1)
    }

    func testComparison() {
        XCTAssertLessThan(n("-2.5"), n("-2"))
        XCTAssertLessThan(n("0.3"), n("0.31"))
        XCTAssertEqual([n("3"), n("-1"), n("2.5")].max(), n("3"))
    }

    func testRoundedHalfUpAwayFromZero() {
        XCTAssertEqual(n("2.5").rounded(places: 0), 3)
        XCTAssertEqual(n("-2.5").rounded(places: 0), -3)
        XCTAssertEqual(n("84.995").rounded(places: 2), n("85"))
        XCTAssertEqual(n("84.994").rounded(places: 2), n("84.99"))
        XCTAssertEqual(n("0.125").rounded(places: 2), n("0.13"))
        XCTAssertEqual(n("1234.5").rounded(places: 1), n("1234.5"))
        XCTAssertEqual((n("1") / n("3") * 100).rounded(places: 1).description, "33.3")
    }

    func testIntegerLiteral() {
        let x: Number = 42
        XCTAssertEqual(x, n("42"))
    }
}
