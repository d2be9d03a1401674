import XCTest
@testable import LedgerCore

/// `SemanticDiff.goalChanges` compares goals as they stand (no table of fields per goal, a goal
/// written the same in both versions skipped): it must give what comparing tables of every
/// goal's fields gave, for every order, repeated metric, repeated field and field outside
/// `goalFieldOrder`.
final class GoalChangesTests: XCTestCase {
    /// The comparison through tables, as it was before (the oracle).
    func byTables(_ old: FileFacts?, _ new: FileFacts?) -> [SemanticDiff.Change] {
        func goals(_ f: FileFacts?) -> ([(String, [(String, String)])], [String]) {
            if case .goals(let g, let b) = f { return (g.map { ($0.metric, $0.fields) }, b) }
            return ([], [])
        }
        let (og, ob) = goals(old), (ng, nb) = goals(new)
        let oldByMetric = Dictionary(og.map { ($0.0, Dictionary($0.1, uniquingKeysWith: { a, _ in a })) }, uniquingKeysWith: { a, _ in a })
        let newByMetric = Dictionary(ng.map { ($0.0, Dictionary($0.1, uniquingKeysWith: { a, _ in a })) }, uniquingKeysWith: { a, _ in a })
        var out: [SemanticDiff.Change] = []
        var metrics = ng.map(\.0)
        for (m, _) in og where newByMetric[m] == nil { metrics.append(m) }
        var seen = Set<String>()
        for m in metrics where seen.insert(m).inserted {
            let o = oldByMetric[m] ?? [:], n = newByMetric[m] ?? [:]
            let extra = Set(o.keys).union(n.keys).subtracting(SemanticDiff.goalFieldOrder).sorted()
            for f in SemanticDiff.goalFieldOrder + extra {
                let ov = oldByMetric[m] == nil ? nil : o[f], nv = newByMetric[m] == nil ? nil : n[f]
                if ov != nv { out.append(SemanticDiff.Change(kind: .goal, metric: m, field: f, old: ov, new: nv)) }
            }
        }
        if ob != nb {
            out.append(SemanticDiff.Change(kind: .bonus, metric: nil, field: "bonus", old: ob.isEmpty ? nil : ob.joined(separator: "; "),
                                           new: nb.isEmpty ? nil : nb.joined(separator: "; ")))
        }
        return out
    }

    func render(_ changes: [SemanticDiff.Change]) -> String {
        changes.map { "\($0.kind.rawValue) \($0.metric ?? "-") \($0.field): \($0.old ?? "none") → \($0.new ?? "none")" }.joined(separator: "\n")
    }

    /// A random goals file: metrics from a small set (so they repeat and move), fields from the
    /// usual ones and others (`name`, `unit`, `a`, `zz`), sometimes a field twice.
    fileprivate func randomGoals(_ g: inout SeededRandom) -> FileFacts {
        let metrics = ["nps", "revenue", "retention", "cac", "new_users"]
        let fields = ["baseline", "target", "weight", "method", "core", "name", "unit", "a", "zz"]
        var goals: [(metric: String, fields: [(String, String)])] = []
        for _ in 0..<g.next(5) {
            var fs: [(String, String)] = []
            for _ in 0..<g.next(6) { fs.append((fields[g.next(fields.count)], "\(g.next(3))")) }
            goals.append((metrics[g.next(metrics.count)], fs))
        }
        let bonus = (0..<g.next(3)).map { "\($0 + g.next(2)) (r)" }
        return .goals(goals: goals, bonus: bonus)
    }

    func testSameChangesAsComparingTablesOfFields() {
        var g = SeededRandom(seed: 16)
        for i in 0..<3_000 {
            let old = g.next(8) == 0 ? nil : randomGoals(&g)
            var new = g.next(8) == 0 ? nil : randomGoals(&g)
            // Often the same file with one value changed: most goals equal on both sides.
            if i % 2 == 0, case .goals(var goals, let bonus)? = old, !goals.isEmpty {
                let k = g.next(goals.count)
                if !goals[k].fields.isEmpty { goals[k].fields[g.next(goals[k].fields.count)].1 = "\(g.next(3))" }
                new = .goals(goals: goals, bonus: bonus)
            }
            XCTAssertEqual(render(SemanticDiff.goalChanges(old, new)), render(byTables(old, new)), "case \(i)")
        }
    }

    func testUsualChanges() {
        let old = FileFacts.goals(goals: [("nps", [("target", "30"), ("weight", "1")]), ("cac", [("target", "5")])], bonus: [])
        let new = FileFacts.goals(goals: [("cac", [("target", "4"), ("unit", "count")]), ("nps", [("target", "30"), ("weight", "1")])], bonus: ["2 (help)"])
        XCTAssertEqual(render(SemanticDiff.goalChanges(old, new)), """
            goal cac target: 5 → 4
            goal cac unit: none → count
            bonus - bonus: none → 2 (help)
            """)
        XCTAssertEqual(render(SemanticDiff.goalChanges(new, nil)), """
            goal cac target: 4 → none
            goal cac unit: count → none
            goal nps target: 30 → none
            goal nps weight: 1 → none
            bonus - bonus: 2 (help) → none
            """)
        XCTAssertEqual(render(SemanticDiff.goalChanges(old, old)), "")
    }
}
