import Foundation
import XCTest

/// `kpi suggest` and `--draft` (docs/review-cycle.md, "Suggestions"). Weights by hand: each KPI
/// takes its scorecard dimension's middle weight, shared among the picks of that dimension,
/// scaled to 100. pm_mid: user_value 35–45 (40), business 20–30 (25); mid + startup picks
/// retention and core_feature_usage (user value, 20 each) and conversion_rate (business, 25):
/// 100 × 20 / 65 = 30.7 → 30, 30, and 100 × 25 / 65 = 38.4 → 38, the 2 left over to the first two.
final class SuggestTests: XCTestCase {
    func object(_ json: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    }

    func testSuggestionsFollowLevelStageAndDepartment() throws {
        let s = try Sandbox()
        let mid = try object(try s.kpi("suggest", "--level", "mid", "--stage", "startup", "--format", "json").stdout)
        XCTAssertEqual(mid["scorecard"] as? String, "pm_mid")
        let kpis = try XCTUnwrap(mid["kpis"] as? [[String: Any]])
        XCTAssertEqual(kpis.map { $0["metric"] as? String }, ["retention", "core_feature_usage", "conversion_rate"])
        XCTAssertEqual(kpis.map { $0["weight"] as? Int }, [31, 31, 38])
        XCTAssertTrue((kpis[0]["why"] as? String ?? "").contains("user value first"))
        XCTAssertEqual((mid["dimensions"] as? [[String: Any]])?.first?["id"] as? String, "user_value")

        let junior = try object(try s.kpi("suggest", "--level", "junior", "--format", "json").stdout)
        XCTAssertEqual((junior["kpis"] as? [[String: Any]])?.map { $0["metric"] as? String }, ["on_time_delivery", "launch_quality", "task_completion"])
        let senior = try object(try s.kpi("suggest", "--level", "senior", "--stage", "mature", "--format", "json").stdout)
        XCTAssertEqual((senior["kpis"] as? [[String: Any]])?.map { $0["metric"] as? String }, ["revenue", "strategic_goals", "ltv_cac", "profit"])
        let growth = try object(try s.kpi("suggest", "--level", "mid", "--stage", "growth", "--format", "json").stdout)
        XCTAssertEqual((growth["kpis"] as? [[String: Any]])?.map { $0["metric"] as? String }, ["retention", "core_feature_usage", "growth_rate", "conversion_rate"])
        let marketing = try object(try s.kpi("suggest", "--level", "mid", "--department", "marketing", "--format", "json").stdout)
        XCTAssertEqual(marketing["scorecard"] as? String, "marketing_department")
        XCTAssertEqual((marketing["kpis"] as? [[String: Any]])?.map { $0["metric"] as? String }, ["growth_rate", "channel_roi", "brand_search_index"])
        for result in [mid, junior, senior, growth, marketing] {
            let weights = (result["kpis"] as? [[String: Any]] ?? []).compactMap { $0["weight"] as? Int }
            XCTAssertEqual(weights.reduce(0, +), 100)
            XCTAssertTrue((2...4).contains(weights.count))
        }
        let text = try s.kpi("suggest", "--level", "mid", "--stage", "startup").stdout
        XCTAssertTrue(text.contains("retention               31  mid-level PMs are judged on user value first: do users stay\n"), text)
        try s.kpi("suggest", "--level", "principal", status: 64)
    }

    func testDraftWritesTheSheetWithLastQuartersBaselines() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let q3 = ["GIT_AUTHOR_DATE": "2026-09-30T10:00:00+08:00"]
        try s.kpi("record", "alice", "retention", "38%", "--date", "2026-08-31", env: q3)
        try s.kpi("record", "alice", "retention", "41%", "--date", "2026-09-30", env: q3)
        try s.kpi("record", "alice", "conversion_rate", "2.5%", "--date", "2026-09-30", env: q3)
        let r = try s.kpi("suggest", "--level", "mid", "--stage", "startup", "--draft", "alice", "--quarter", "2026-Q4", env: q3)
        XCTAssertTrue(r.stdout.contains("goal: alice 2026-Q4 drafted, 3 goals, targets to set"), r.stdout)
        XCTAssertEqual(try s.git("log", "-1", "--format=%b"), "Core KPIs: retention (weight 31), core_feature_usage (weight 31), conversion_rate (weight 38).\nBaselines from 2026-Q3: retention 41%, conversion_rate 2.5%.\n\n")
        // Targets are the manager's: a warning for each until set.
        XCTAssertTrue(r.stderr.contains("goals/2026-Q4/alice.yaml:9:12: warning: the retention goal has no target yet"), r.stderr)
        let sheet = try s.read("goals/2026-Q4/alice.yaml")
        XCTAssertTrue(sheet.contains("scorecard: pm_mid\ngoals:\n  - metric: retention\n    baseline: 41%\n    target:\n    weight: 31\n    core: true\n  - metric: core_feature_usage\n    target:\n    weight: 31\n"), sheet)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        XCTAssertTrue(try s.git("log", "-1", "--format=%s").hasPrefix("goal: alice 2026-Q4 drafted"))

        // Setting a target fills the empty value in place; the warning for that goal goes.
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q4", "--target", "45%", env: q3)
        XCTAssertTrue(try s.read("goals/2026-Q4/alice.yaml").contains("    baseline: 41%\n    target: 45%\n"))
        // The drafted goal existed: its target is set, not a goal added.
        XCTAssertEqual(try s.git("log", "-1", "--format=%s"), "goal: alice retention 2026-Q4 target none → 45%\n")
        let check = try s.kpi("check").stdout
        XCTAssertFalse(check.contains("the retention goal has no target yet"), check)
        XCTAssertTrue(check.contains("the conversion_rate goal has no target yet"), check)

        // A second draft over an existing sheet is refused, and nothing is written.
        let again = try s.kpi("suggest", "--level", "mid", "--draft", "alice", "--quarter", "2026-Q4", status: 1, env: q3)
        XCTAssertTrue(again.stderr.contains("goals/2026-Q4/alice.yaml already exists"), again.stderr)
        try s.kpi("suggest", "--level", "mid", "--draft", "alice", status: 1, env: q3)
    }
}
