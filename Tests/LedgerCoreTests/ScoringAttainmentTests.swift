import XCTest
@testable import LedgerCore

final class ScoringAttainmentTests: XCTestCase {
    func n(_ text: String) -> Number { Number(text)! }
    let cap = Number("1.2")!

    func compute(_ actual: Number, _ target: Number, baseline: Number? = nil, _ method: ScoringMethod? = nil,
                 _ direction: Direction = .higher, cap: Number? = nil) -> AttainmentResult {
        Attainment.compute(actual: actual, target: target, baseline: baseline, method: method,
                           direction: direction, cap: cap ?? self.cap)
    }

    func testAggregationKinds() {
        let values: [Number] = [n("3"), n("1.5"), n("4"), n("2")]
        XCTAssertEqual(Aggregation.last.apply(values), 2)
        XCTAssertEqual(Aggregation.sum.apply(values), n("10.5"))
        XCTAssertEqual(Aggregation.mean.apply(values), n("2.625"))
        XCTAssertEqual(Aggregation.min.apply(values), n("1.5"))
        XCTAssertEqual(Aggregation.max.apply(values), 4)
        XCTAssertEqual(Aggregation.mean.apply([n("0.1"), n("0.2")]), n("0.15"))
        XCTAssertEqual(Aggregation.mean.apply([1, 1, 2])?.description, "1.33333333333333333333333333333333333333")
        for kind in Aggregation.allCases {
            XCTAssertNil(kind.apply([]), "\(kind)")
            XCTAssertEqual(kind.apply([7]), 7, "\(kind)")
        }
    }

    // MARK: ratio

    func testRatioHigherIsBetter() {
        let r = compute(1200, 1000)
        XCTAssertEqual(r.method, .ratio)
        XCTAssertEqual(r.value, n("1.2"))
        XCTAssertEqual(r.unclamped, n("1.2"))
        XCTAssertEqual(r.explanation, "ratio: 1200 / 1000 = 1.2")
        XCTAssertEqual(compute(9, 10).value, n("0.9"))
    }

    func testRatioLowerIsBetter() {
        let r = compute(8, 10, .ratio, .lower)
        XCTAssertEqual(r.value, n("1.2"))
        XCTAssertEqual(r.unclamped, n("1.25"))
        XCTAssertEqual(r.explanation, "ratio (lower is better): 10 / 8 = 1.25, capped at 1.2")
        XCTAssertEqual(compute(20, 10, .ratio, .lower).value, n("0.5"))
    }

    func testRatioEdgeCases() {
        let zeroTarget = compute(5, 0)
        XCTAssertNil(zeroTarget.value)
        XCTAssertTrue(zeroTarget.explanation.contains("the target is 0"), zeroTarget.explanation)
        XCTAssertNil(compute(5, -3).value)
        // Lower is better and the actual reached zero: as good as it gets.
        XCTAssertEqual(compute(0, 10, .ratio, .lower).value, cap)
        XCTAssertEqual(compute(0, 0, .ratio, .lower).value, 1)
        XCTAssertEqual(compute(3, 0, .ratio, .lower).value, 0)
        XCTAssertNil(compute(3, -1, .ratio, .lower).value)
    }

    func testRatioClampsAtZeroAndCap() {
        let negative = compute(-50, 100)
        XCTAssertEqual(negative.value, 0)
        XCTAssertEqual(negative.unclamped, n("-0.5"))
        XCTAssertEqual(negative.explanation, "ratio: -50 / 100 = -0.5, raised to 0")
        XCTAssertTrue(negative.wasClamped)
        let over = compute(300, 100)
        XCTAssertEqual(over.value, n("1.2"))
        XCTAssertEqual(over.unclamped, 3)
        XCTAssertEqual(compute(300, 100, cap: 2).value, 2)
        XCTAssertFalse(compute(100, 100).wasClamped)
    }

    func testInexactRatioExplainedApproximately() {
        let r = compute(1, 3)
        XCTAssertEqual(r.explanation, "ratio: 1 / 3 ≈ 0.3333")
        XCTAssertEqual(r.value, n("1") / n("3"))
    }

    // MARK: progress

    func testProgressHigherIsBetter() {
        let r = compute(42, 45, baseline: 40)
        XCTAssertEqual(r.method, .progress, "default with a baseline")
        XCTAssertEqual(r.value, n("0.4"))
        XCTAssertEqual(r.explanation, "progress: (42 − 40) / (45 − 40) = 0.4")
    }

    func testProgressLowerIsBetter() {
        // Churn from 10 down to 6; actual 7 covered 3 of 4.
        let r = compute(7, 6, baseline: 10, nil, .lower)
        XCTAssertEqual(r.value, n("0.75"))
        XCTAssertEqual(r.explanation, "progress: (7 − 10) / (6 − 10) = 0.75")
        // Got worse than the baseline: clamped to 0.
        let worse = compute(12, 6, baseline: 10, nil, .lower)
        XCTAssertEqual(worse.value, 0)
        XCTAssertEqual(worse.unclamped, n("-0.5"))
        // Beat the target by far: capped.
        XCTAssertEqual(compute(2, 6, baseline: 10, nil, .lower).value, n("1.2"))
    }

    func testProgressWithNegativeBaselineIsReadable() {
        let r = compute(0, 10, baseline: -10)
        XCTAssertEqual(r.value, n("0.5"))
        XCTAssertEqual(r.explanation, "progress: (0 − (-10)) / (10 − (-10)) = 0.5")
    }

    func testProgressWithTargetEqualToBaselineIsBinary() {
        let met = compute(50, 50, baseline: 50)
        XCTAssertEqual(met.method, .binary)
        XCTAssertEqual(met.value, 1)
        XCTAssertEqual(met.explanation, "progress with target = baseline (50) is scored as binary: 50 ≥ 50, met = 1")
        XCTAssertEqual(compute(49, 50, baseline: 50).value, 0)
        XCTAssertEqual(compute(49, 50, baseline: 50, nil, .lower).value, 1)
    }

    func testProgressWithoutBaselineFallsBackToRatio() {
        let r = compute(50, 100, .progress)
        XCTAssertEqual(r.method, .ratio)
        XCTAssertEqual(r.value, n("0.5"))
    }

    func testExplicitRatioIgnoresBaseline() {
        XCTAssertEqual(compute(42, 45, baseline: 40, .ratio).value, n("42") / n("45"))
    }

    // MARK: binary

    func testBinaryBothDirections() {
        XCTAssertEqual(compute(45, 45, .binary).value, 1)
        XCTAssertEqual(compute(44, 45, .binary).value, 0)
        XCTAssertEqual(compute(44, 45, .binary).explanation, "binary: 44 < 45, not met = 0")
        XCTAssertEqual(compute(45, 45, .binary, .lower).value, 1)
        XCTAssertEqual(compute(46, 45, .binary, .lower).value, 0)
        XCTAssertEqual(compute(46, 45, .binary, .lower).explanation, "binary: 46 > 45, not met = 0")
        XCTAssertEqual(compute(1, 45, baseline: 0, .binary, .lower).value, 1, "baseline does not matter")
        // A cap below 1 clamps a met binary goal too.
        XCTAssertEqual(compute(45, 45, .binary, cap: n("0.8")).value, n("0.8"))
    }

    // MARK: properties

    /// Scaling actual and target of a ratio goal by the same positive factor leaves the
    /// attainment unchanged (both directions), over 600 seeded cases.
    func testPropertyRatioIsScaleInvariant() {
        var random = SeededRandom(seed: 0xA77A_1234)
        for case_ in 0..<600 {
            let actual = random.decimal(maxUnits: 2_000_000, places: 2)
            let target = random.decimal(maxUnits: 1_000_000, places: 2) + n("0.01")
            let factor = random.decimal(maxUnits: 100_000, places: 3) + n("0.001")
            let direction: Direction = random.next(upTo: 2) == 0 ? .higher : .lower
            let plain = compute(actual, target, .ratio, direction, cap: 10)
            let scaled = compute(actual * factor, target * factor, .ratio, direction, cap: 10)
            XCTAssertNotNil(plain.value)
            // Divisions round to 38 significant digits; compare well above that noise.
            XCTAssertEqual(plain.value?.rounded(places: 30), scaled.value?.rounded(places: 30),
                           "case \(case_): \(actual)/\(target) × \(factor) \(direction)")
        }
    }
}
