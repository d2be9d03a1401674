@testable import LedgerCore
import XCTest

/// `Scorer` finds a goal's metric by its id in `NameTable.metrics` and its dimension under the
/// sheet's scorecard from a table made once a scorer (`CatalogMetric.dimensions`), and a
/// `GoalScore` writes its baseline's and target's texts from the goal only when read. Each
/// goal's score must say what the plain definitions say: the metric, the dimension
/// `Ledger.dimension(of:in:)` gives under `Ledger.scorecard(for:)`, and the texts as written.
final class ScorerCatalogTests: XCTestCase {
    static func metric(_ dimension: String, unit: String = "count", rest: String = "aggregate: sum") -> String {
        "name: M\ndimension: \(dimension)\nunit: \(unit)\ndirection: higher\n\(rest)\n"
    }

    static func card(_ dimensions: [(String, [String])]) -> String {
        "name: Card\ndimensions:\n" + dimensions.map { id, metrics in
            "  - id: \(id)\n    metrics:\n" + metrics.map { "      - \($0)\n" }.joined()
        }.joined()
    }

    static func goals(_ subject: String, _ quarter: String, card: String? = nil, _ lines: [String]) -> String {
        "subject: \(subject)\nquarter: \(quarter)\n" + (card.map { "scorecard: \($0)\n" } ?? "") + "goals:\n" + lines.joined()
    }

    static let files: [String: String] = [
        "ledger.yaml": "name: Catalog by id\nfiscal_year_start: 1\n",
        "metrics/revenue.yaml": metric("business", unit: "currency"),
        "metrics/nps.yaml": metric("user_value", unit: "score", rest: "aggregate: last"),
        "metrics/ontime.yaml": metric("process", unit: "percent", rest: "aggregate: mean"),
        "metrics/yield_rate.yaml": metric("strategy", unit: "ratio", rest: "formula: revenue / ontime"),
        // Listed by no scorecard, named by no goal and no record: it has no id, and no goal finds it.
        "metrics/unused.yaml": metric("process"),
        // `nps` listed twice: the first dimension listing it is its dimension.
        "scorecards/card_a.yaml": card([("growth", ["revenue", "nps"]), ("care", ["nps", "yield_rate"])]),
        "scorecards/card_b.yaml": card([("delivery", ["ontime"]), ("money", ["revenue"])]),
        "scorecards/card_c.yaml": card([]),
        "people/alice.yaml": "name: Alice\nscorecard: card_a\nteam: squad\n",
        "people/bob.yaml": "name: Bob\nscorecard: card_b\nteam: squad\n",
        "people/carol.yaml": "name: Carol\n",
        "teams/squad.yaml": "name: Squad\nscorecard: card_b\n",
        "goals/2026-Q1/alice.yaml": goals("alice", "2026-Q1", [
            "  - metric: revenue\n    baseline: 1,200\n    target: 50万\n    weight: 40\n",
            "  - metric: nps\n    target: 45.0\n    weight: 30\n",
            "  - metric: ontime\n    baseline: 80%\n    target: 95%\n",
            "  - metric: yield_rate\n    target: 1.50\n",
        ]),
        // The sheet's own scorecard, not its subject's.
        "goals/2026-Q2/alice.yaml": goals("alice", "2026-Q2", card: "card_b", [
            "  - metric: revenue\n    target: ¥800\n", "  - metric: nps\n    target: 40\n", "  - metric: ontime\n    target: 90%\n",
        ]),
        "goals/2026-Q1/bob.yaml": goals("bob", "2026-Q1", [
            "  - metric: ontime\n    target: 90%\n    weight: 50%\n", "  - metric: nps\n    baseline: -5\n    target: 10\n",
        ]),
        // No scorecard at all: every metric's own dimension.
        "goals/2026-Q1/carol.yaml": goals("carol", "2026-Q1", [
            "  - metric: revenue\n    target: 1.2亿\n", "  - metric: yield_rate\n    target: 2\n",
        ]),
        // A scorecard listing nothing: the metrics' own dimensions too.
        "goals/2026-Q1/squad.yaml": goals("squad", "2026-Q1", card: "card_c", [
            "  - metric: nps\n    target: 50\n", "  - metric: revenue\n    target: 3,000\n",
        ]),
        "records/2026-Q1/alice.yaml": "subject: alice\nquarter: 2026-Q1\nrecords:\n"
            + "  - date: 2026-01-31\n    metric: revenue\n    value: 30万\n"
            + "  - date: 2026-02-28\n    metric: ontime\n    value: 88%\n"
            + "  - date: 2026-03-31\n    metric: nps\n    value: 41\n",
        "records/2026-Q1/bob.yaml": "subject: bob\nquarter: 2026-Q1\nrecords:\n"
            + "  - date: 2026-01-31\n    metric: ontime\n    value: 92%\n",
    ]

    func testEveryGoalHasTheDimensionAndTextsThePlainDefinitionsGive() {
        let ledger = LedgerLoader.load(files: Self.files.map { ($0.key, Array($0.value.utf8)) })
        XCTAssertEqual(ledger.diagnostics.filter { $0.severity == .error }.map(\.description), [])
        XCTAssertEqual(ledger.goalSheets.count, 5)
        let scorer = Scorer(ledger: ledger)
        var dimensions: [String] = []
        for (key, sheet) in ledger.goalSheets.sorted(by: { ($0.key.subject, $0.key.quarter) < ($1.key.subject, $1.key.quarter) }) {
            let score = scorer.score(key.subject, quarter: key.quarter)
            let card = ledger.scorecard(for: sheet)
            XCTAssertEqual(score.goals.map(\.metric), sheet.goals.map(\.metric.value), "\(key)")
            for (g, goal) in zip(score.goals, sheet.goals) {
                XCTAssertEqual(g.dimension, ledger.dimension(of: goal.metric.value, in: card), "\(key) \(g.metric)")
                XCTAssertEqual(g.metricName, "M")
                XCTAssertEqual(g.unit, ledger.metrics[g.metric]!.unit)
                XCTAssertEqual(g.targetText, goal.targetText)
                XCTAssertEqual(g.baselineText, goal.baselineText)
                XCTAssertEqual(g.target, goal.target)
                XCTAssertEqual(g.baseline, goal.baseline)
                dimensions.append(g.dimension)
            }
            XCTAssertEqual(score.dimensions.map(\.id), Array(firstAppearances(score.goals.map(\.dimension))), "\(key)")
        }
        // By hand: alice Q1 (card_a), alice Q2 (card_b), bob Q1 (card_b), carol Q1 (none), squad Q1 (card_c).
        XCTAssertEqual(dimensions, ["growth", "growth", "process", "care",
                                    "money", "user_value", "delivery",
                                    "delivery", "user_value",
                                    "business", "strategy",
                                    "user_value", "business"])
        let alice = scorer.score("alice", quarter: Quarter("2026-Q1")!)
        XCTAssertEqual(alice.goals.map(\.targetText), ["50万", "45.0", "95%", "1.50"])
        XCTAssertEqual(alice.goals.map(\.baselineText), ["1,200", nil, "80%", nil])
        XCTAssertEqual(alice.goals.prefix(3).map { $0.actual?.description }, ["300000", "41", "88"])
        // 300000 / 88 (a percentage is held in points)
        XCTAssertTrue(alice.goals[3].actual!.description.hasPrefix("3409.090909"), alice.goals[3].actual!.description)
    }

    /// A goal whose metric the catalog lacks (the loader leaves such goals out; a ledger made
    /// otherwise may hold one) is not scored, though its name has an id (records name it).
    func testAGoalOfAMetricNotInTheCatalogIsLeftOut() {
        var ledger = LedgerLoader.load(files: Self.files.map { ($0.key, Array($0.value.utf8)) })
        ledger.metrics["nps"] = nil
        XCTAssertNotNil(NameTable.metrics.existingID("nps"))
        let score = Scorer(ledger: ledger).computeSheet("alice", quarter: Quarter("2026-Q1")!)
        XCTAssertEqual(score.goals.map(\.metric), ["revenue", "ontime", "yield_rate"])
        XCTAssertEqual(score.goals.map(\.dimension), ["growth", "process", "care"])
        XCTAssertEqual(score.goals.map(\.targetText), ["50万", "95%", "1.50"])
    }
}

/// The strings in order of first appearance.
private func firstAppearances(_ xs: [String]) -> [String] {
    var seen: Set<String> = []
    return xs.filter { seen.insert($0).inserted }
}
