import XCTest
@testable import LedgerCore

/// `SheetScore.computeByParts` (the sums on `ScoreValue`s) must give exactly what
/// `computeByNumbers` (every step a `Number`) gives: the same values with the same digits, or
/// scores and ratings would print differently. Compared over thousands of generated sheets whose
/// attainments are what scoring makes (ratios, progress, clamped at a cap: many with no fixed
/// form, 38 digits), weighted, unweighted and mixed, in one dimension or several.
final class SheetScoreByPartsTests: XCTestCase {
    func n(_ text: String) -> Number { Number(text)! }

    /// Every number of a result, written out: equal texts are equal digits.
    func texts(_ r: SheetScoreResult) -> [String] {
        var out = [r.score?.description ?? "nil", r.baseScore?.description ?? "nil", r.bonus.description,
                   r.bonusRequested.description, r.weightSum.description]
        out += r.weights.map(\.description) + r.missing
        for d in r.dimensions {
            out += [d.dimension, d.weightSum.description, d.score?.description ?? "nil", d.points?.description ?? "nil",
                    "\(d.goalCount)", d.hundredfold.description, d.sheetWeight.description]
        }
        return out
    }

    /// An attainment as scoring makes one, from a generated actual, target and baseline.
    func attainment(_ random: inout SeededRandom) -> Number? {
        if random.next(8) == 0 { return nil }
        let values = ["0", "1", "3", "7", "9", "40", "42", "45", "97.5", "99.9", "100", "1234567.89", "0.001", "0.0007",
                      "15245", "17169", "70.9", "84.4", "88.8", "73.3", "2023", "469", "-3", "-12", "1000000"]
        func value() -> Number {
            random.next(3) == 0 ? random.decimal(maxUnits: 10_000_000, places: random.next(5)) : n(values[random.next(values.count)])
        }
        let caps: [Number] = [n("1.2"), 1, n("1.5"), 2]
        let methods: [ScoringMethod?] = [nil, .ratio, .progress, .binary]
        let result = Attainment.compute(actual: value(), target: value(), baseline: random.next(3) == 0 ? value() : nil,
                                        method: methods[random.next(methods.count)],
                                        direction: random.next(2) == 0 ? .higher : .lower, cap: caps[random.next(caps.count)])
        return result.value
    }

    func testTheSumsOnPartsAreTheSumsOnNumbers() throws {
        guard #available(macOS 15, *) else { throw XCTSkip("UInt128") }
        var random = SeededRandom(seed: 0x5C0_2E16)
        let weights: [Number?] = [nil, 0, 5, 10, n("12.5"), 20, 25, 30, n("33.3"), 40, 60, 100, 150, n("0.1"), n("33.33")]
        let dimensions = ["business", "user_value", "process"]
        var sheets = 0, byParts = 0, wide = 0
        for _ in 0..<6_000 {
            let count = random.next(8)
            // Weights all given, all left out, or mixed.
            let style = random.next(3)
            let goals = (0..<count).map { i -> ScoredGoalInput in
                let weight: Number? = style == 1 ? nil : weights[1 + random.next(weights.count - 1)]
                return ScoredGoalInput(metric: "m\(i)", dimension: dimensions[random.next(dimensions.count)],
                                       weight: style == 2 && random.next(2) == 0 ? nil : weight, attainment: attainment(&random))
            }
            let bonus = (0..<random.next(3)).map { _ in random.decimal(maxUnits: 60, places: random.next(2)) }
            let cap: Number = random.next(2) == 0 ? 5 : n("2.5")
            let expected = SheetScore.computeByNumbers(goals: goals, bonusPoints: bonus, bonusCap: cap)
            sheets += 1
            if goals.contains(where: { if case .wide = $0.attainment?.storage { return true } else { return false } }) { wide += 1 }
            guard let fast = SheetScore.computeByParts(goals: goals, bonusPoints: bonus, bonusCap: cap) else { continue }
            byParts += 1
            XCTAssertEqual(fast, expected, "\(goals) \(bonus)")
            XCTAssertEqual(texts(fast), texts(expected), "\(goals) \(bonus)")
            XCTAssertEqual(texts(SheetScore.compute(goals: goals, bonusPoints: bonus, bonusCap: cap)), texts(expected))
        }
        // Every sheet here stays on the integer paths, and most hold values with no fixed form.
        XCTAssertEqual(byParts, sheets)
        XCTAssertGreaterThan(wide, sheets / 2)
    }

    func testByHand() throws {
        guard #available(macOS 15, *) else { throw XCTSkip("UInt128") }
        // 42 / 45 has no fixed form: 20 × 0.9333…3 (38 digits) cut to 38, plus 80, times 100, and
        // the quotient by 100 cut as Decimal cuts it (in steps of four digits: 34 left).
        let a = n("42") / n("45")
        let goals = [ScoredGoalInput(metric: "a", dimension: "x", weight: 20, attainment: a),
                     ScoredGoalInput(metric: "b", dimension: "y", weight: 80, attainment: 1)]
        let result = try XCTUnwrap(SheetScore.computeByParts(goals: goals, bonusPoints: [], bonusCap: 5))
        XCTAssertEqual(result.baseScore?.description, "98.66666666666666666666666666666666")
        XCTAssertEqual(result.dimensions.map { $0.score?.description }, ["93.333333333333333333333333333333333333", "100"])
        XCTAssertEqual(texts(result), texts(SheetScore.computeByNumbers(goals: goals, bonusPoints: [], bonusCap: 5)))
        // Three goals sharing 100 equally, all met: exactly 100, as `computeByNumbers` makes it.
        let shared = (0..<3).map { ScoredGoalInput(metric: "m\($0)", dimension: "x", weight: nil, attainment: 1) }
        let equal = try XCTUnwrap(SheetScore.computeByParts(goals: shared, bonusPoints: [], bonusCap: 5))
        XCTAssertEqual(equal.baseScore, 100)
        XCTAssertEqual(equal.weightSum, 100)
    }

    /// A wide value `Number` keeps with trailing zeros in its `Decimal` (only Foundation makes
    /// one) is left to `computeByNumbers`.
    func testAValueWithTrailingZerosIsLeftToNumbers() throws {
        guard #available(macOS 15, *) else { throw XCTSkip("UInt128") }
        // Written into a Decimal's memory as it stands (Foundation's own operations can leave one so).
        let d = try XCTUnwrap(DecimalBits.make(try XCTUnwrap(UInt128("33333333333333333333333333333333333330")), exponent: -38, negative: false))
        let v = try XCTUnwrap(Number(exactly: d))
        guard case .wide = v.storage, let p = v.parts, p.magnitude % 10 == 0 else { return XCTFail("not the value meant") }
        XCTAssertNil(ScoreValue(v))
        let goals = [ScoredGoalInput(metric: "a", dimension: "x", weight: 100, attainment: v)]
        XCTAssertNil(SheetScore.computeByParts(goals: goals, bonusPoints: [], bonusCap: 5))
        XCTAssertEqual(texts(SheetScore.compute(goals: goals, bonusPoints: [], bonusCap: 5)),
                       texts(SheetScore.computeByNumbers(goals: goals, bonusPoints: [], bonusCap: 5)))
    }
}
