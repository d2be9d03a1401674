import XCTest
@testable import LedgerCore

/// `SemanticDiff.goalChanges` compares each goal with the one at its place when both versions
/// list the same metrics in the same order, none twice (`sameMetrics`); it must give what pairing
/// the goals by metric gives (`pairedByMetric`), and every other pair of versions must still be
/// paired by metric.
final class GoalChangesInOrderTests: XCTestCase {
    typealias Goal = (metric: String, fields: [(String, String)])

    func render(_ changes: [SemanticDiff.Change]) -> [String] {
        changes.map { "\($0.kind) \($0.metric ?? "-") \($0.field) \($0.old ?? "∅") → \($0.new ?? "∅")" }
    }

    func paired(_ og: [Goal], _ ng: [Goal]) -> [String] {
        var out: [SemanticDiff.Change] = []
        SemanticDiff.pairedByMetric(og, ng, into: &out)
        return render(out)
    }

    func changes(_ og: [Goal], _ ng: [Goal]) -> [String] {
        render(SemanticDiff.goalChanges(.goals(goals: og, bonus: []), .goals(goals: ng, bonus: [])))
    }

    func testEveryPairOfVersionsGivesWhatPairingByMetricGives() {
        var rng = SystemRandomNumberGenerator()
        let metrics = ["nps", "revenue", "retention", "cac", "ltv"]
        let names = ["baseline", "target", "weight", "method", "core", "note", "zeta"]
        func goal(_ m: String) -> Goal {
            (m, names.shuffled(using: &rng).prefix(Int.random(in: 0...4, using: &rng)).map { ($0, ["1", "2", "45%", "10万"].randomElement(using: &rng)!) })
        }
        var inOrder = 0
        for round in 0..<3000 {
            let og = (0..<Int.random(in: 0...5, using: &rng)).map { _ in goal(metrics.randomElement(using: &rng)!) }
            var ng = og
            switch round % 6 {
            case 0: break                                                              // the same version
            case 1: if !ng.isEmpty { ng[Int.random(in: 0..<ng.count, using: &rng)] = goal(ng.randomElement(using: &rng)!.metric) }  // a goal edited in place
            case 2: ng.shuffle(using: &rng)                                            // reordered
            case 3: ng.append(goal(metrics.randomElement(using: &rng)!))              // added (maybe a second of one metric)
            case 4: if !ng.isEmpty { ng.remove(at: Int.random(in: 0..<ng.count, using: &rng)) }  // removed
            default: ng = ng.map { g in (g.metric, g.fields.map { ($0.0, $0.1 + "x") }) }  // every value changed
            }
            if SemanticDiff.sameMetrics(og, ng) { inOrder += 1 }
            XCTAssertEqual(changes(og, ng), paired(og, ng), "\(og) → \(ng)")
        }
        // Both ways were taken many times.
        XCTAssertGreaterThan(inOrder, 500)
        XCTAssertLessThan(inOrder, 2900)
    }

    func testAMetricTwiceOrAReorderOrALongListIsPairedByMetric() {
        let a: Goal = ("nps", [("target", "9")]), b: Goal = ("cac", [("target", "100")]), a2: Goal = ("nps", [("target", "7")])
        XCTAssertTrue(SemanticDiff.sameMetrics([a, b], [a2, b]))
        XCTAssertFalse(SemanticDiff.sameMetrics([a, a2], [a, a2]))   // nps twice: the first one counts
        XCTAssertEqual(changes([a, a2], [a2, a]), ["goal nps target 9 → 7"])
        XCTAssertFalse(SemanticDiff.sameMetrics([a, b], [b, a]))
        XCTAssertEqual(changes([a, b], [b, a2]), ["goal nps target 9 → 7"])
        let long = (0..<65).map { ("m\($0)", [("target", "\($0)")]) as Goal }
        XCTAssertFalse(SemanticDiff.sameMetrics(long, long))
        XCTAssertEqual(changes(long, long.map { ($0.metric, [("target", "x")]) }).count, 65)
    }
}
