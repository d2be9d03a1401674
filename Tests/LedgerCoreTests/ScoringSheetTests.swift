import XCTest
@testable import LedgerCore

final class ScoringSheetTests: XCTestCase {
    func n(_ text: String) -> Number { Number(text)! }

    func goal(_ metric: String, _ dimension: String = "business", weight: Number?, _ attainment: Number?) -> ScoredGoalInput {
        ScoredGoalInput(metric: metric, dimension: dimension, weight: weight, attainment: attainment)
    }

    func testWeightedScoreAndDimensions() {
        let result = SheetScore.compute(goals: [
            goal("revenue", weight: 50, n("1.2")),
            goal("retention", "user_value", weight: 30, n("0.4")),
            goal("nps", "user_value", weight: 20, 1),
        ], bonusPoints: [2], bonusCap: 5)
        // 100 × (50×1.2 + 30×0.4 + 20×1) / 100 = 60 + 12 + 20 = 92
        XCTAssertEqual(result.baseScore, 92)
        XCTAssertEqual(result.bonus, 2)
        XCTAssertEqual(result.score, 94)
        XCTAssertEqual(result.weightSum, 100)
        XCTAssertEqual(result.weights, [50, 30, 20])
        XCTAssertEqual(result.missing, [])
        XCTAssertEqual(result.dimensions.map(\.dimension), ["business", "user_value"])
        XCTAssertEqual(result.dimensions.map(\.weightSum), [50, 50])
        XCTAssertEqual(result.dimensions.map(\.goalCount), [1, 2])
        XCTAssertEqual(result.dimensions[0].score, 120)
        XCTAssertEqual(result.dimensions[0].points, 60)
        // user value: 100 × (12 + 20) / 50 = 64; points 32
        XCTAssertEqual(result.dimensions[1].score, 64)
        XCTAssertEqual(result.dimensions[1].points, 32)
    }

    func testBonusCap() {
        let goals = [goal("a", weight: 100, 1)]
        XCTAssertEqual(SheetScore.compute(goals: goals, bonusPoints: [3, 4], bonusCap: 5).score, 105)
        let capped = SheetScore.compute(goals: goals, bonusPoints: [3, 4], bonusCap: 5)
        XCTAssertEqual(capped.bonus, 5)
        XCTAssertEqual(capped.bonusRequested, 7)
        XCTAssertEqual(capped.baseScore, 100)
        XCTAssertEqual(SheetScore.compute(goals: goals, bonusPoints: [], bonusCap: 5).score, 100)
        XCTAssertEqual(SheetScore.compute(goals: goals, bonusPoints: [n("1.5")], bonusCap: 5).score, n("101.5"))
    }

    func testNormalisationWhenWeightsDoNotSumTo100() {
        let result = SheetScore.compute(goals: [
            goal("a", weight: 30, 1),
            goal("b", weight: 30, n("0.5")),
        ], bonusPoints: [], bonusCap: 5)
        // 100 × (30 + 15) / 60 = 75
        XCTAssertEqual(result.baseScore, 75)
        XCTAssertEqual(result.weightSum, 60)
        let over = SheetScore.compute(goals: [goal("a", weight: 80, 1), goal("b", weight: 80, 0)], bonusPoints: [], bonusCap: 5)
        XCTAssertEqual(over.baseScore, 50)
        XCTAssertEqual(over.weightSum, 160)
    }

    func testEqualSharesWhenNoWeights() {
        let result = SheetScore.compute(goals: [
            goal("a", weight: nil, 1), goal("b", weight: nil, 1), goal("c", weight: nil, 1),
        ], bonusPoints: [], bonusCap: 5)
        XCTAssertEqual(result.baseScore, 100, "exactly 100, not 99.999…")
        XCTAssertEqual(result.weightSum, 100, "exactly 100, so no spurious warning")
        XCTAssertEqual(result.weights[0], n("100") / n("3"))
        let mixed = SheetScore.compute(goals: [
            goal("a", weight: nil, n("0.5")), goal("b", weight: nil, 1), goal("c", weight: nil, 0),
        ], bonusPoints: [], bonusCap: 5)
        XCTAssertEqual(mixed.baseScore, 50)
    }

    func testSomeWeightsGivenOthersShareTheRest() {
        let result = SheetScore.compute(goals: [
            goal("a", weight: 60, 1),
            goal("b", "user", weight: nil, n("0.5")),
            goal("c", "user", weight: nil, 1),
        ], bonusPoints: [], bonusCap: 5)
        XCTAssertEqual(result.weights, [60, 20, 20])
        XCTAssertEqual(result.weightSum, 100)
        // 100 × (60 + 10 + 20) / 100 = 90
        XCTAssertEqual(result.baseScore, 90)
        XCTAssertEqual(result.dimensions[1].weightSum, 40)
        XCTAssertEqual(result.dimensions[1].score, 75)
        XCTAssertEqual(result.dimensions[1].points, 30)
    }

    func testUnweightedGoalsGetNothingWhenGivenWeightsReach100() {
        let result = SheetScore.compute(goals: [
            goal("a", weight: 70, 1), goal("b", weight: 40, 1), goal("c", weight: nil, 0),
        ], bonusPoints: [], bonusCap: 5)
        XCTAssertEqual(result.weights, [70, 40, 0])
        XCTAssertEqual(result.weightSum, 110)
        XCTAssertEqual(result.baseScore, 100)
    }

    func testMissingAttainmentCountsZero() {
        let result = SheetScore.compute(goals: [
            goal("a", weight: 50, 1), goal("b", weight: 50, nil),
        ], bonusPoints: [], bonusCap: 5)
        XCTAssertEqual(result.baseScore, 50)
        XCTAssertEqual(result.missing, ["b"])
    }

    func testEmptySheetHasNoScore() {
        let result = SheetScore.compute(goals: [], bonusPoints: [3], bonusCap: 5)
        XCTAssertNil(result.score)
        XCTAssertNil(result.baseScore)
        XCTAssertEqual(result.weightSum, 0)
        let zeroWeights = SheetScore.compute(goals: [goal("a", weight: 0, 1)], bonusPoints: [], bonusCap: 5)
        XCTAssertNil(zeroWeights.score)
        XCTAssertNil(zeroWeights.dimensions[0].score)
    }

    func testHealthIndexSheetFromSeedValues() {
        // Three worked examples, scored together: sales 1200 of 1000 (1.2), on-time 9 of
        // 10 (0.9), retention progress 42 from 40 toward 45 (0.4).
        let cap = n("1.2")
        let sales = Attainment.compute(actual: 1200, target: 1000, baseline: nil, method: nil, direction: .higher, cap: cap)
        let onTime = Attainment.compute(actual: 9, target: 10, baseline: nil, method: nil, direction: .higher, cap: cap)
        let retention = Attainment.compute(actual: 42, target: 45, baseline: 40, method: nil, direction: .higher, cap: cap)
        let result = SheetScore.compute(goals: [
            goal("sales", weight: 40, sales.value),
            goal("on_time", "process", weight: 30, onTime.value),
            goal("retention", "user_value", weight: 30, retention.value),
        ], bonusPoints: [2], bonusCap: 5)
        // 40×1.2 + 30×0.9 + 30×0.4 = 48 + 27 + 12 = 87
        XCTAssertEqual(result.baseScore, 87)
        XCTAssertEqual(result.score, 89)
        XCTAssertEqual(LedgerSettings().rating(for: result.score!), "B")
    }

    /// The score before bonus lies within [100 × min attainment, 100 × max attainment],
    /// over 700 seeded sheets with given, missing and mixed weights.
    func testPropertyScoreLiesWithinAttainmentRange() {
        var random = SeededRandom(seed: 0x5C0_4E5)
        for case_ in 0..<700 {
            let count = Int(random.next(upTo: 6)) + 1
            var goals: [ScoredGoalInput] = []
            for i in 0..<count {
                let weight: Number? = random.next(upTo: 4) == 0 ? nil : Number(Int(random.next(upTo: 60)) + 1)
                let attainment: Number? = random.next(upTo: 8) == 0 ? nil : random.decimal(maxUnits: 1200, places: 3)
                goals.append(ScoredGoalInput(metric: "m\(i)", dimension: "d\(random.next(upTo: 3))",
                                             weight: weight, attainment: attainment))
            }
            let result = SheetScore.compute(goals: goals, bonusPoints: [random.decimal(maxUnits: 100, places: 1)], bonusCap: 5)
            // Weights that count (effective weight > 0) bound the score.
            let counted = zip(goals, result.weights).filter { !$0.1.isZero }.map { $0.0.attainment ?? .zero }
            guard let base = result.baseScore else {
                XCTAssertTrue(counted.isEmpty, "case \(case_)")
                continue
            }
            let low = Number.hundred * counted.min()!
            let high = Number.hundred * counted.max()!
            XCTAssertLessThanOrEqual(low, base, "case \(case_)")
            XCTAssertLessThanOrEqual(base, high, "case \(case_)")
            XCTAssertLessThanOrEqual(result.score! - base, 5, "bonus capped, case \(case_)")
        }
    }

    /// Sheets of 0 to 9 goals in up to four dimensions, interleaved, with weights given, left out
    /// (shared) and missing attainments: every field of the result is what the definition gives
    /// when each sum is added goal by goal in the goals' order (wide attainments such as 2 / 3
    /// truncate as Decimal's, so the order is part of the result) — written here plainly, with a
    /// dictionary per dimension.
    func testEveryFieldAgainstThePlainDefinition() {
        var random = SeededRandom(seed: 0x5EE7)
        for case_ in 0..<600 {
            let count = Int(random.next(upTo: 10))
            var goals: [ScoredGoalInput] = []
            for i in 0..<count {
                let weight: Number? = random.next(upTo: 3) == 0 ? nil : Number(Int(random.next(upTo: 45)))
                let attainment: Number? = random.next(upTo: 6) == 0 ? nil : Number(Int(random.next(upTo: 1200)) + 1) / Number(Int(random.next(upTo: 997)) + 3)
                goals.append(ScoredGoalInput(metric: "m\(i)", dimension: "d\(random.next(upTo: 4))", weight: weight, attainment: attainment))
            }
            let bonus = [Number(Int(random.next(upTo: 9))), Number(Int(random.next(upTo: 3)))]
            let result = SheetScore.compute(goals: goals, bonusPoints: bonus, bonusCap: 5)

            let unweighted = goals.filter { $0.weight == nil }.count
            var given = Number.zero
            for g in goals { if let w = g.weight { given += w } }
            let left = unweighted == 0 ? Number.zero : max(.zero, 100 - given)
            let k = Number(unweighted)
            func totals(_ dimension: String?) -> (weight: Number, weighted: Number) {
                var weight = Number.zero, weighted = Number.zero, shared = 0, sharedAttainment = Number.zero
                for g in goals where dimension == nil || g.dimension == dimension {
                    if let w = g.weight {
                        weight += w
                        weighted += w * (g.attainment ?? .zero)
                    } else {
                        shared += 1
                        sharedAttainment += g.attainment ?? .zero
                    }
                }
                if shared > 0 {
                    weight += shared == unweighted ? left : left * Number(shared) / k
                    weighted += left * sharedAttainment / k
                }
                return (weight, weighted)
            }
            let sheet = totals(nil)
            let base: Number? = sheet.weight.isZero ? nil : 100 * sheet.weighted / sheet.weight
            XCTAssertEqual(result.baseScore, base, "case \(case_)")
            XCTAssertEqual(result.weightSum, sheet.weight, "case \(case_)")
            XCTAssertEqual(result.bonusRequested, bonus[0] + bonus[1], "case \(case_)")
            XCTAssertEqual(result.score, base.map { $0 + min(bonus[0] + bonus[1], 5) }, "case \(case_)")
            XCTAssertEqual(result.weights, goals.map { $0.weight ?? (unweighted == 0 ? .zero : left / k) }, "case \(case_)")
            XCTAssertEqual(result.missing, goals.filter { $0.attainment == nil }.map(\.metric), "case \(case_)")
            var order: [String] = []
            for g in goals where !order.contains(g.dimension) { order.append(g.dimension) }
            var counts: [String: Int] = [:]
            for g in goals { counts[g.dimension, default: 0] += 1 }
            XCTAssertEqual(result.dimensions.map(\.dimension), order, "case \(case_)")
            for (d, subtotal) in zip(order, result.dimensions) {
                let t = totals(d)
                XCTAssertEqual(subtotal.weightSum, t.weight, "case \(case_) \(d)")
                XCTAssertEqual(subtotal.score, t.weight.isZero ? nil : 100 * t.weighted / t.weight, "case \(case_) \(d)")
                XCTAssertEqual(subtotal.goalCount, counts[d], "case \(case_) \(d)")
                XCTAssertEqual(subtotal.points, sheet.weight.isZero ? nil : 100 * t.weighted / sheet.weight, "case \(case_) \(d)")
            }
        }
    }
}
