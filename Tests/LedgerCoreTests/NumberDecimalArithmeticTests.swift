import Foundation
import XCTest
@testable import LedgerCore

/// `DecimalArithmetic`: the sums, products and quotients of values with no fixed form (an
/// attainment 42 / 45 and everything computed from it) done on integers must be Decimal's
/// results digit for digit, or scores would print differently (docs/scoring.md, "Values").
/// Each operation is compared with Foundation's `Decimal` on the same operands.
final class NumberDecimalArithmeticTests: XCTestCase {
    func n(_ text: String) -> Number { Number(text)! }

    /// What the code computed before this path existed: Decimal's operation.
    enum Op: CaseIterable { case add, subtract, multiply, divide }

    func reference(_ a: Number, _ op: Op, _ b: Number) -> Number? {
        let x = a.decimalValue, y = b.decimalValue
        switch op {
        case .add: return Number(exactly: x + y)
        case .subtract: return Number(exactly: x - y)
        case .multiply: return Number(exactly: x * y)
        case .divide: return b.isZero ? nil : Number(exactly: x / y)
        }
    }

    /// The integer path alone (nil: it leaves the operation to Decimal).
    func integers(_ a: Number, _ op: Op, _ b: Number) -> Number? {
        guard let x = a.parts, let y = b.parts else { return nil }
        let r: DecimalArithmetic.Parts?
        switch op {
        case .add: r = DecimalArithmetic.add(x, y)
        case .subtract: r = DecimalArithmetic.add(x, (y.magnitude, y.exponent, !y.negative))
        case .multiply: r = DecimalArithmetic.multiply(x, y)
        case .divide: r = DecimalArithmetic.divide(x, y)
        }
        return r.flatMap(Number.init(parts:))
    }

    /// What `Number`'s operations answer now.
    func computed(_ a: Number, _ op: Op, _ b: Number) -> Number? {
        switch op {
        case .add: return a.adding(b)
        case .subtract: return a.subtracting(b)
        case .multiply: return a.multiplied(by: b)
        case .divide: return a.divided(by: b)
        }
    }

    /// Checks one operation both ways; true when the integer path answered.
    @discardableResult
    func check(_ a: Number, _ op: Op, _ b: Number, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let expected = reference(a, op, b)
        XCTAssertEqual(computed(a, op, b)?.description, expected?.description, "\(a) \(op) \(b)", file: file, line: line)
        XCTAssertEqual(computed(a, op, b), expected, "\(a) \(op) \(b)", file: file, line: line)
        guard let fast = integers(a, op, b) else { return false }
        XCTAssertEqual(fast.description, expected?.description, "integers: \(a) \(op) \(b)", file: file, line: line)
        XCTAssertEqual(fast, expected, "integers: \(a) \(op) \(b)", file: file, line: line)
        return true
    }

    /// `compact`'s question, whether a 128-bit significand is a multiple of 5, asked on its 64-bit
    /// halves: the same answer as the 128-bit remainder, on random values, multiples of 5 and of
    /// powers of ten, and the edges of each half; and the powers of ten are 10^k.
    func testMultipleOfFiveOnHalvesAsTheRemainder() {
        var random = SeededRandom(seed: 0x5_F17E)
        var values: [UInt128] = [0, 1, 4, 5, 6, UInt128(UInt64.max), UInt128(UInt64.max) + 1, UInt128(UInt64.max) - 4,
                                 UInt128.max, UInt128.max - 1, UInt128.max / 5 * 5]
        for k in 0...38 {
            let p = DecimalArithmetic.power(k)
            values += [p, p - 1, p + 1, p * 2, p / 2 + 1]
        }
        for _ in 0..<100_000 {
            let m = UInt128(random.next()) << 64 | UInt128(random.next())
            values += [m, m / 5 * 5, m / 10 * 10, m >> Int(random.next(upTo: 128))]
        }
        for m in values { XCTAssertEqual(DecimalArithmetic.isMultipleOfFive(m), m % 5 == 0, "\(m)") }
        var p: UInt128 = 1
        for k in 0...38 {
            XCTAssertEqual(DecimalArithmetic.power(k), p, "10^\(k)")
            if k <= 19 { XCTAssertEqual(UInt128(FixedPoint.power(k)), p, "10^\(k)") }
            if k < 38 { p *= 10 }
        }
    }

    func testDecimalsOwnDigitsByHand() {
        // 38 digits where the quotient's digits fill 128 bits ...
        XCTAssertEqual((n("42") / n("45")).description, "0.93333333333333333333333333333333333333")
        XCTAssertEqual((n("-42") / n("45")).description, "-0.93333333333333333333333333333333333333")
        XCTAssertEqual((n("45") / n("42")).description, "1.07142857142857142857142857142857142857")
        // ... 33 where the steps of four digits overshoot, and 34 for a sum that carries.
        XCTAssertEqual((n("3.5") / n("1.234567")).description, "2.83500206955151077260286400009072")
        XCTAssertEqual((n("1000") + n("1") / n("3")).description, "1000.333333333333333333333333333333")
        XCTAssertEqual((n("100") * (n("42") / n("45"))).description, "93.333333333333333333333333333333333333")
        XCTAssertEqual((n("7") * (n("42") / n("45"))).description, "6.5333333333333333333333333333333333333")
        for (a, op, b) in [("42", Op.divide, "45"), ("3.5", .divide, "1.234567"), ("2", .divide, "3"), ("1", .divide, "7"),
                           ("-1", .divide, "3"), ("1", .divide, "-3"), ("-2", .divide, "-3"), ("1e", .divide, "3")] where a != "1e" {
            XCTAssertTrue(check(n(a), op, n(b)), "\(a) \(op) \(b) by integers")
        }
    }

    func testScoringShapes() {
        // A goal's attainment (ratio, lower is better, progress from a zero or negative baseline),
        // clamped at a cap, weighted, summed, normalised, rounded as printed.
        let actuals = ["42", "0", "-3", "97.5", "1234567.89", "0.001", "45", "44.99", "100000000"]
        let targets = ["45", "7", "0.3", "-12", "99.9", "3", "1000000", "0.0007"]
        let cap = n("1.5")
        for a in actuals {
            for t in targets {
                let ratio = n(a) / n(t)
                check(n(a), .divide, n(t))
                check(n(t), .divide, n(a).isZero ? 1 : n(a))
                for baseline in ["0", "-5", "10"] {
                    check(n(a) - n(baseline), .divide, n(t) - n(baseline) == 0 ? 1 : n(t) - n(baseline))
                }
                let clamped = max(.zero, min(cap, ratio))
                for w in ["30", "33.3", "12.5", "1", "0.05"] {
                    check(n(w), .multiply, clamped)
                    check(n(w) * clamped, .add, n("0.9333333333333333333333333333333333333") * n(w))
                    check(n("100") * (n(w) * clamped + n("0.5")), .divide, n(w) + n("70"))
                }
            }
        }
    }

    func testRoundingBoundariesPrintTheSame() {
        // Quotients near half a unit of what is printed (4 places, 2, 1): rounded the same.
        for (a, b) in [("2", "3"), ("1", "6"), ("5", "12"), ("99995", "100000"), ("1999", "2000.0001"), ("49", "99"),
                       ("1", "3"), ("3", "7"), ("100", "3"), ("-2", "3"), ("84995", "1000"), ("16667", "100000")] {
            let q = n(a) / n(b)
            let r = Number(exactly: n(a).decimalValue / n(b).decimalValue)!
            for places in [1, 2, 4] {
                XCTAssertEqual(q.rounded(places: places).description, r.rounded(places: places).description, "\(a)/\(b) at \(places)")
                XCTAssertEqual((q * 100).rounded(places: places).description, (r * 100).rounded(places: places).description)
                XCTAssertEqual(q.roundedDown(places: places).description, r.roundedDown(places: places).description)
            }
        }
    }

    func testLargeAndFarApartOperands() {
        let far = ["1e", "100000000000000000000", "0.0000000000000000001", "123456789012345678", "9223372036854775807",
                   "-9223372036854775807", "34028236692093846346337460743176821145", "0.000000000000000000000000000000000001",
                   "99999999999999999999999999999999999999", "12345678901234567890123456789012345678"]
            .filter { $0 != "1e" }.map(n)
        let small = ["3", "7", "-3", "0.3", "1.234567", "45", "0", "1"].map(n)
        var answered = 0
        for a in far + small {
            for b in far + small {
                for op in Op.allCases where check(a, op, b) { answered += 1 }
                // Wide operands: a quotient, and one shifted by powers of ten.
                let wide = a / 7
                for op in Op.allCases where check(wide, op, b) { answered += 1 }
                for op in Op.allCases where check(b, op, wide * 1000) { answered += 1 }
            }
        }
        XCTAssertGreaterThan(answered, 1000, "the integer path answered too rarely to be tested")
    }

    /// Many random operands: fixed values of every size, and wide ones made by dividing them.
    func testRandomOperandsAgainstDecimal() {
        var rng = SeededRandom(seed: 0x5EED_16)
        func fixed() -> Number {
            let digits = Int(rng.next() % 18) + 1
            var s = Int64(rng.next() % UInt64(FixedPoint.power(digits)))
            if rng.next() % 3 == 0 { s = -s }
            let e = Int(rng.next() % 13) - 8
            return Number.fixed(s, e)!
        }
        func operand() -> Number {
            switch rng.next() % 6 {
            case 0: return Number(Int(rng.next() % 2001) - 1000)
            case 1, 2: return fixed()
            case 3: let d = fixed(); return d.isZero ? fixed() : fixed() / d
            case 4: let d = fixed(); return d.isZero ? 1 : (fixed() / d) * fixed()
            default: let d = Number(Int(rng.next() % 97) + 3); return fixed() / d + fixed() / (d + 1)
            }
        }
        var answered = 0, total = 0
        for _ in 0..<20_000 {
            let a = operand(), b = operand()
            for op in Op.allCases {
                total += 1
                if check(a, op, b) { answered += 1 }
            }
        }
        XCTAssertGreaterThan(answered, total * 99 / 100, "the integer path left \(total - answered) of \(total) to Decimal")
    }

    /// A sheet scored through `SheetScore` equals the same sums done in Decimal by hand.
    func testSheetScoreEqualsDecimalArithmetic() {
        var rng = SeededRandom(seed: 42)
        for _ in 0..<500 {
            let count = Int(rng.next() % 6) + 1
            var goals: [ScoredGoalInput] = []
            var weighted = Decimal(0), weightSum = Decimal(0)
            for i in 0..<count {
                let actual = Number(Int(rng.next() % 5000)) / 10
                let target = Number(Int(rng.next() % 4999) + 1) / 10
                let a = max(Number.zero, min(n("1.5"), Number(exactly: actual.decimalValue / target.decimalValue)!))
                let w = Number(Int(rng.next() % 60) + 1)
                goals.append(ScoredGoalInput(metric: "m\(i)", dimension: "d\(i % 2)", weight: w, attainment: a))
                weighted += w.decimalValue * a.decimalValue
                weightSum += w.decimalValue
            }
            let expected = Number(exactly: Decimal(100) * weighted / weightSum)!
            let result = SheetScore.compute(goals: goals, bonusPoints: [], bonusCap: 10)
            XCTAssertEqual(result.score?.description, expected.description)
            XCTAssertEqual(result.score?.rounded(places: 2).description, expected.rounded(places: 2).description)
        }
    }

    /// The 256-by-64-bit division `fit` and `divide` use, against long division by the standard
    /// library's `dividingFullWidth`: divisors of the reciprocal path (2 ..< 2^32: 10, 10^4, odd,
    /// powers of two, its edges) and past it, on random values and ones of all bits set.
    func testWideDivisionByAWordAgainstLongDivision() {
        func reference(_ v: (high: UInt128, low: UInt128), _ d: UInt64) -> (high: UInt128, low: UInt128) {
            var r: UInt64 = 0
            var q: [UInt64] = []
            for limb in [UInt64(truncatingIfNeeded: v.high >> 64), UInt64(truncatingIfNeeded: v.high),
                         UInt64(truncatingIfNeeded: v.low >> 64), UInt64(truncatingIfNeeded: v.low)] {
                let (x, rest) = d.dividingFullWidth((r, limb))
                q.append(x)
                r = rest
            }
            return (UInt128(q[0]) << 64 | UInt128(q[1]), UInt128(q[2]) << 64 | UInt128(q[3]))
        }
        var rng = SeededRandom(seed: 7)
        var divisors: [UInt64] = [1, 2, 3, 5, 7, 10, 16, 1000, 10_000, 65_535, 65_536, 99_999_999,
                                  (1 << 32) - 1, 1 << 32, (1 << 32) + 1, 10_000_000_000, UInt64.max]
        for _ in 0..<200 { divisors.append(rng.next() % (1 << 32)) }
        for _ in 0..<50 { divisors.append(rng.next() % 100_000 + 1) }
        let ones = UInt128.max
        var values: [(high: UInt128, low: UInt128)] = [(0, 0), (0, 1), (0, ones), (ones, ones), (1, 0), (ones, 0)]
        for _ in 0..<100 {
            let words = (0..<4).map { _ in rng.next() }
            // Random values, and ones with their top words zero (the usual product or quotient).
            values.append((UInt128(words[0]) << 64 | UInt128(words[1]), UInt128(words[2]) << 64 | UInt128(words[3])))
            values.append((UInt128(words[0] >> (words[1] % 64)), UInt128(words[2]) << 64 | UInt128(words[3])))
        }
        for d in divisors where d != 0 {
            for v in values {
                let got = DecimalArithmetic.divide(v, by: d), want = reference(v, d)
                XCTAssertTrue(got.high == want.high && got.low == want.low, "\(v) / \(d)")
            }
        }
    }

    /// A wide value's words read from and written into a `Decimal`'s memory as two 64-bit halves:
    /// the same value as Foundation's own arithmetic builds, both ways, for significands of every
    /// length; words past the length are not part of the value.
    func testDecimalWordsReadAndWritten() {
        var rng = SeededRandom(seed: 11)
        let twoTo64 = Decimal(UInt64(1) << 32) * Decimal(UInt64(1) << 32)
        for round in 0..<600 {
            let bits = round % 129
            var m = UInt128(rng.next()) << 64 | UInt128(rng.next())
            m = bits == 0 ? 1 : m >> (128 - bits)
            if m == 0 { m = 1 }
            let e = Int(rng.next() % 41) - 20, negative = rng.next() % 2 == 0
            let built = Decimal(UInt64(truncatingIfNeeded: m >> 64)) * twoTo64 + Decimal(UInt64(truncatingIfNeeded: m))
            let d = Decimal(sign: negative ? .minus : .plus, exponent: e, significand: built)
            guard let made = DecimalBits.make(m, exponent: e, negative: negative) else { return XCTFail("layout") }
            XCTAssertEqual(made, d, "\(m)e\(e)")
            let p = DecimalBits.wideParts(made)
            XCTAssertTrue(p?.0 == m && p?.1 == e && p?.2 == negative, "\(m)e\(e)")
            if let q = DecimalBits.wideParts(d) {
                XCTAssertEqual(DecimalBits.make(q.0, exponent: q.1, negative: q.2), d, "\(m)e\(e)")
            } else {
                XCTFail("\(d) not read")
            }
        }
        // Two words long, the other six set: only the two count.
        var d = DecimalBits.make(0x1234_5678, exponent: -3, negative: false)!
        withUnsafeMutableBytes(of: &d) { b in
            for i in 8..<20 { b[i] = 0xFF }
        }
        XCTAssertTrue(DecimalBits.wideParts(d)?.0 == 0x1234_5678)
    }

    /// `fit` (Decimal's `_fitMantissa`) against its own steps taken one at a time: by 10^4 while
    /// more than 144 bits, then by 10 while more than 128, truncating each time; on values of
    /// every length up to 256 bits and on the edges of each step.
    func testFitTakesDecimalsStepsWhateverTheLength() {
        func reference(_ v: (high: UInt128, low: UInt128)) -> (UInt128, Int) {
            var v = v, k = 0
            while v.high >> 16 != 0 { v = DecimalArithmetic.divide(v, by: 10_000); k += 4 }
            while v.high != 0 { v = DecimalArithmetic.divide(v, by: 10); k += 1 }
            return (v.low, k)
        }
        var rng = SeededRandom(seed: 5)
        var values: [(high: UInt128, low: UInt128)] = [(0, 0), (0, .max), (1, 0), (9, .max), (10, 0), (10, .max), (11, 0),
                                                       (1 << 16, 0), ((1 << 16) - 1, .max), (10_000 << 16, 0),
                                                       ((10_000 << 16) - 1, .max), (.max, .max)]
        for bits in 0..<128 {
            let high = (UInt128(rng.next()) << 64 | UInt128(rng.next())) >> bits
            values.append((high, UInt128(rng.next()) << 64 | UInt128(rng.next())))
        }
        for v in values {
            let got = DecimalArithmetic.fit(v), want = reference(v)
            XCTAssertTrue(got.0 == want.0 && got.1 == want.1, "\(v)")
        }
    }

    /// `fittedQuotient` (a quotient by a word with `fit`'s cut found first) against the quotient
    /// taken whole and then `fit`: dividends of every length by divisors of every length up to 64
    /// bits, and divisors that put the quotient just below and at each of `fit`'s bounds
    /// (2^144 × 10^4j while it cuts by 10^4, 2^128 × 10^k while it cuts by 10).
    func testFittedQuotientIsTheWholeQuotientFitted() {
        func reference(_ x: UInt128, _ d: UInt64) -> (UInt128, Int) {
            DecimalArithmetic.fit(DecimalArithmetic.divide(x.multipliedFullWidth(by: DecimalArithmetic.power(38)), by: d))
        }
        var rng = SeededRandom(seed: 38)
        func random(bits: Int) -> UInt128 {
            let v = (UInt128(rng.next()) << 64 | UInt128(rng.next())) >> (128 - bits)
            return v | 1 << (bits - 1)
        }
        var cases: [(UInt128, UInt64)] = [(1, 1), (.max, 1), (.max, .max), (1, .max), (.max, 10), (.max, 3)]
        for xBits in 1...128 {
            for dBits in 1...64 { cases.append((random(bits: xBits), UInt64(random(bits: dBits)))) }
        }
        var bounds: [UInt128] = (0...38).map(DecimalArithmetic.power)
        for j in 0...8 { bounds.append(DecimalArithmetic.power(4 * j) << 16) }
        for _ in 0..<200 {
            let x = random(bits: Int(rng.next() % 128) + 1)
            let high = x.multipliedFullWidth(by: DecimalArithmetic.power(38)).high
            for bound in bounds {
                // The quotient is below bound × 2^128 exactly when the dividend's high half is below bound × d.
                let d = high / bound
                for candidate in [d, d + 1] where candidate >= 1 && candidate <= UInt128(UInt64.max) {
                    cases.append((x, UInt64(candidate)))
                }
            }
        }
        var cut = Set<Int>()
        for (x, d) in cases {
            let got = DecimalArithmetic.fittedQuotient(x, x.multipliedFullWidth(by: DecimalArithmetic.power(38)), by: d)
            let want = reference(x, d)
            XCTAssertTrue(got.0 == want.0 && got.1 == want.1, "\(x) / \(d): \(got) against \(want)")
            cut.insert(want.1)
        }
        XCTAssertEqual(cut, Set(0...38), "every cut from none to 38 digits taken")
    }
}
