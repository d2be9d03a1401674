import Foundation
import XCTest
@testable import LedgerCore

/// `Number`'s fixed-point form (docs/scoring.md, "Values"): values computed with integers
/// where the result is exact, with `Decimal` otherwise, and the same digits either way.
final class NumberFixedPointTests: XCTestCase {
    func n(_ text: String) -> Number { Number(text)! }

    func isFixed(_ x: Number) -> Bool {
        if case .fixed = x.storage { return true }
        return false
    }

    func testOneThirdIsRoundedTo38DigitsByTheDecimalPath() {
        let third = n("1") / n("3")
        XCTAssertFalse(isFixed(third), "1/3 has no exact decimal form")
        XCTAssertEqual(third.description, "0." + String(repeating: "3", count: 38))
        // Decimal cuts the 39th digit off: 2/3 ends in 6, and three thirds are not 1.
        XCTAssertEqual((n("2") / n("3")).description, "0." + String(repeating: "6", count: 38))
        XCTAssertEqual((third * 3).description, "0." + String(repeating: "9", count: 38))
        XCTAssertNotEqual(third * 3, 1)
        XCTAssertEqual((third * 100).rounded(places: 1).description, "33.3")
        XCTAssertEqual((third * 100).rounded(places: 2).description, "33.33")
        XCTAssertEqual((third * 3).rounded(places: 4), 1)
        XCTAssertEqual((n("200") / n("3")).rounded(places: 2).description, "66.67")
        XCTAssertEqual((n("200") / n("3")).roundedDown(places: 2).description, "66.66")
    }

    func testExactQuotientsStayFixed() {
        let cases: [(String, String, String)] = [
            ("1", "4", "0.25"), ("1", "8", "0.125"), ("7", "1.6", "4.375"), ("1", "1024", "0.0009765625"),
            ("100", "20", "5"), ("45.5", "50", "0.91"), ("-3", "0.5", "-6"), ("0.003", "-0.12", "-0.025"),
            ("1200", "1000", "1.2"), ("15245", "15245", "1"), ("0", "7", "0"), ("9", "3", "3"),
            ("123456789", "0.001", "123456789000"),
        ]
        for (a, b, q) in cases {
            let r = n(a) / n(b)
            XCTAssertTrue(isFixed(r), "\(a) / \(b)")
            XCTAssertEqual(r.description, q, "\(a) / \(b)")
        }
        XCTAssertNil(n("5").divided(by: 0))
    }

    func testChineseMultipliersAndLargeCurrencyValues() throws {
        let wan = try ValueParser.parse("10万", unit: .currency).get()
        XCTAssertTrue(isFixed(wan))
        XCTAssertEqual(wan.description, "100000")
        XCTAssertEqual(try ValueParser.parse("1.2亿", unit: .currency).get().description, "120000000")
        XCTAssertEqual(try ValueParser.parse("45.5万", unit: .currency).get() / wan, n("4.55"))
        // 12,345,678,901,234.56 + 0.44: 16 digits, fixed.
        let big = try ValueParser.parse("12,345,678,901,234.56", unit: .currency).get()
        XCTAssertTrue(isFixed(big))
        XCTAssertEqual((big + n("0.44")).description, "12345678901235")
        // Past Int64: Int64.max + 1 and a 20-digit product are computed by the Decimal path, exactly.
        let max = n("9223372036854775807")
        XCTAssertTrue(isFixed(max))
        let past = max + 1
        XCTAssertFalse(isFixed(past))
        XCTAssertEqual(past.description, "9223372036854775808")
        XCTAssertEqual(past - 1, max)
        XCTAssertTrue(isFixed(past - 1), "a Decimal result that fits is stored fixed again")
        XCTAssertEqual((n("99999999999.99") * n("1000000000")).description, "99999999999990000000")
        XCTAssertEqual((n("123456789012") * n("987654321098")).description, "121932631136585886175176")
        // Trailing zeros only scale: 10^18 × 10 is 1 × 10^19, still fixed.
        let e19 = n("1000000000000000000") * 10
        XCTAssertTrue(isFixed(e19))
        XCTAssertEqual(e19.description, "10000000000000000000")
        XCTAssertEqual(n("0.000001") * n("0.000001"), Number(significand: 1, exponent: -12))
    }

    func testRoundingEdges() {
        XCTAssertEqual(n("2.5").rounded(places: 0), 3)
        XCTAssertEqual(n("-2.5").rounded(places: 0), -3)
        XCTAssertEqual(n("0.125").rounded(places: 2).description, "0.13")
        XCTAssertEqual(n("84.995").rounded(places: 2).description, "85")
        XCTAssertEqual(n("84.994").rounded(places: 2).description, "84.99")
        XCTAssertEqual(n("99.96").roundedDown(places: 1).description, "99.9")
        XCTAssertEqual(n("-0.05").roundedDown(places: 1).description, "-0.1")
        XCTAssertEqual(n("-0.05").rounded(places: 1).description, "-0.1")
        XCTAssertEqual(n("0.0000000000000000000001").rounded(places: 2), 0)
        XCTAssertEqual(n("0.0000000000000000000001").roundedDown(places: 2), 0)
        XCTAssertEqual(n("-0.0000000000000000000001").roundedDown(places: 2).description, "-0.01")
        XCTAssertEqual(n("9.9999999999999999995").rounded(places: 18).description, "10")
        XCTAssertEqual(n("1234.5").rounded(places: 1).description, "1234.5")
        XCTAssertEqual(n("1250").rounded(places: -2).description, "1300")
    }

    func testWideValuesTimesPowersOfTen() {
        let third = n("1") / n("3")
        XCTAssertEqual((third * 100).description, "33." + String(repeating: "3", count: 36))
        XCTAssertEqual((third * 100 / 100), third)
        XCTAssertEqual((third / n("-0.01")).description, "-33." + String(repeating: "3", count: 36))
        XCTAssertEqual((n("2") / n("3")).rounded(places: 2).description, "0.67")
        XCTAssertEqual((n("-2") / n("3")).rounded(places: 2).description, "-0.67")
        XCTAssertEqual((n("-2") / n("3")).roundedDown(places: 2).description, "-0.67")
        XCTAssertEqual((n("2") / n("3")).roundedDown(places: 2).description, "0.66")
        XCTAssertEqual((n("-1") / n("3") / n("1000000000000000000000000000000000")).roundedDown(places: 2).description, "-0.01")
    }

    func testComparisonAcrossExponents() {
        XCTAssertLessThan(n("999999999999999999"), n("1000000000000000000"))
        XCTAssertLessThan(n("-0.00001"), 0)
        XCTAssertLessThan(n("-1000000000000000000000"), n("-0.5"))
        XCTAssertLessThan(n("0.5"), n("1000000000000000000000"))
        XCTAssertLessThan(n("0.0000000000000000000003"), n("0.0000000000000000000004"))
        XCTAssertFalse(n("1.50") < n("1.5"))
        XCTAssertEqual(n("1.50"), n("1.5"))
        XCTAssertEqual(Set([n("1200"), n("1.2") * 1000, Number(significand: 12000, exponent: -1)!]).count, 1)
        XCTAssertLessThan(n("1") / n("3"), n("0.3333333333333333333333333333333333334"))
        XCTAssertLessThan(n("0.33333333333333333333333333333333333"), n("1") / n("3"))
    }

    /// A fixed quotient is asked whether it can be exact (the divisor's factors other than 2 and 5
    /// dividing the dividend) before the common factors are cancelled: never nil where cancelling
    /// first found an exact quotient that fits, never a value where it found none, and each value
    /// Decimal's quotient.
    func testExactnessAskedBeforeCancellingAnswersAsCancelling() {
        var random = SeededRandom(seed: 0xD1_5E)
        let factors: [Int64] = [2, 3, 5, 7, 10, 11, 25, 125, 1024, 999_983]
        func product() -> Int64 {
            var x: Int64 = 1
            for _ in 0..<Int(random.next(upTo: 6)) {
                let f = factors[Int(random.next(upTo: UInt64(factors.count)))]
                if x.multipliedReportingOverflow(by: f).overflow { break }
                x *= f
            }
            return random.next(upTo: 2) == 0 ? x : -x
        }
        var exact = 0, inexact = 0
        for _ in 0..<50_000 {
            let (scaled, overflow) = product().multipliedReportingOverflow(by: Int64(1 + random.next(upTo: 9)))
            let a = overflow ? 1 : scaled, b = product()
            let ea = Int(random.next(upTo: 9)) - 4, eb = Int(random.next(upTo: 9)) - 4
            // Cancelling first: the reduced divisor is 2^x × 5^y exactly when the quotient ends.
            let g = FixedPoint.gcd(a.magnitude, b.magnitude)
            var d = b.magnitude / g
            d >>= d.trailingZeroBitCount
            while d % 5 == 0 { d /= 5 }
            let q = FixedPoint.divide(a, ea, b, eb)
            if d != 1 {
                XCTAssertNil(q, "\(a)e\(ea) / \(b)e\(eb) has no exact form")
                inexact += 1
            } else if let q {
                let da = Number.fixed(a, ea)!.decimalValue, db = Number.fixed(b, eb)!.decimalValue
                XCTAssertEqual(q.decimalValue, da / db, "\(a)e\(ea) / \(b)e\(eb)")
                exact += 1
            }
        }
        XCTAssertGreaterThan(exact, 5_000)
        XCTAssertGreaterThan(inexact, 5_000)
    }

    /// The fixed path gives the same value, digits and order as Decimal on random operands:
    /// the property that keeps every output byte for byte what it was.
    func testSameResultsAsDecimal() {
        var rng = SystemRandomNumberGenerator()
        func random() -> Number {
            let digits = Int.random(in: 0...19, using: &rng)
            let sig = digits == 19 ? UInt64.random(in: 0...UInt64(Int64.max), using: &rng)
                                   : UInt64.random(in: 0..<FixedPoint.power(digits), using: &rng)
            return Number(significand: sig, exponent: Int.random(in: -12...8, using: &rng), negative: Bool.random(using: &rng))!
        }
        for _ in 0..<40_000 {
            var (a, b) = (random(), random())
            if Int.random(in: 0..<4, using: &rng) == 0, !b.isZero { a = a * b }  // exact quotients
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: a = Number(1) / Number(Int.random(in: 3...99, using: &rng))
            case 1: a = Number(Int.random(in: -99_999...99_999, using: &rng)) / Number(Int.random(in: 3...9_999, using: &rng))
            default: break
            }
            if Int.random(in: 0..<4, using: &rng) == 0 {  // a power of ten: scores multiply and divide by 100
                b = Number(significand: 1, exponent: Int.random(in: -4...4, using: &rng), negative: Bool.random(using: &rng))!
            }
            let (da, db) = (a.decimalValue, b.decimalValue)
            func same(_ x: Number?, _ d: Decimal, _ what: String) {
                guard let x else { return XCTAssertTrue(d.isNaN, what) }
                XCTAssertEqual(x.decimalValue, d, what)
                XCTAssertEqual(x, Number(exactly: d), what)
                XCTAssertEqual(x.description, d.isZero ? "0" : d.description, what)
            }
            same(a.adding(b), da + db, "\(a) + \(b)")
            same(a.subtracting(b), da - db, "\(a) - \(b)")
            same(a.multiplied(by: b), da * db, "\(a) * \(b)")
            if !b.isZero { same(a.divided(by: b), da / db, "\(a) / \(b)") }
            XCTAssertEqual(a < b, da < db, "\(a) < \(b)")
            XCTAssertEqual(b < a, db < da, "\(b) < \(a)")
            let c = a / Number(7)  // wide against wide
            XCTAssertEqual(a < c, da < c.decimalValue, "\(a) < \(c)")
            XCTAssertEqual(c < a, c.decimalValue < da, "\(c) < \(a)")
            XCTAssertEqual(a == b, da == db, "\(a) == \(b)")
            let places = Int.random(in: -2...6, using: &rng)
            var source = da, rounded = Decimal(), down = Decimal()
            NSDecimalRound(&rounded, &source, places, .plain)
            NSDecimalRound(&down, &source, places, .down)
            same(a.rounded(places: places), rounded, "\(a) rounded to \(places)")
            // Towards negative infinity, as Decimal's `.down` gives after the step below it
            // when `.down` went towards zero.
            if places >= 0 {
                if down > da { var step = Decimal(1); for _ in 0..<places { step /= 10 }; down -= step }
                same(a.roundedDown(places: places), down, "\(a) rounded down to \(places)")
            }
        }
    }
}
