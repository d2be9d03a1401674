import Foundation
import XCTest

/// `kpi suggest` and `--draft` (docs/review-cycle.md, "Suggestions"). Weights by hand for mid +
/// startup on pm_mid: the core KPIs retention and core_feature_usage (user value 35–45) and
/// conversion_rate (business 20–30); process 15–25 and collaboration 5–10 need weight too, so
/// on_time_delivery and collaboration fill them (strategy 0–10 may stay empty). Middles 40 + 25 +
/// 20 + 7 = 92; the 8 left go one point at a time in scorecard order: 42, 27, 22, 9. User value's
/// 42 is shared by two: 21 and 21.
final class SuggestTests: XCTestCase {
    func object(_ json: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    }

    func testSuggestionsFollowLevelStageAndDepartment() throws {
        let s = try Sandbox()
        let mid = try object(try s.kpi("suggest", "--level", "mid", "--stage", "startup", "--format", "json").stdout)
        XCTAssertEqual(mid["scorecard"] as? String, "pm_mid")
        let kpis = try XCTUnwrap(mid["kpis"] as? [[String: Any]])
        XCTAssertEqual(kpis.map { $0["metric"] as? String }, ["retention", "core_feature_usage", "conversion_rate", "on_time_delivery", "collaboration"])
        XCTAssertEqual(kpis.map { $0["weight"] as? Int }, [21, 21, 27, 22, 9])
        XCTAssertEqual(kpis.map { $0["core"] as? Bool }, [true, true, true, false, false])
        XCTAssertEqual((mid["dimensions"] as? [[String: Any]])?.map { $0["weight"] as? Int }, [42, 27, 22, 0, 9])
        XCTAssertTrue((kpis[0]["why"] as? String ?? "").contains("user value first"))
        XCTAssertEqual((mid["dimensions"] as? [[String: Any]])?.first?["id"] as? String, "user_value")

        let junior = try object(try s.kpi("suggest", "--level", "junior", "--format", "json").stdout)
        XCTAssertEqual((junior["kpis"] as? [[String: Any]])?.map { $0["metric"] as? String }, ["on_time_delivery", "launch_quality", "task_completion", "conversion_rate", "collaboration"])
        let senior = try object(try s.kpi("suggest", "--level", "senior", "--stage", "mature", "--format", "json").stdout)
        XCTAssertEqual((senior["kpis"] as? [[String: Any]])?.map { $0["metric"] as? String }, ["revenue", "strategic_goals", "ltv_cac", "profit", "retention", "on_time_delivery", "collaboration"])
        let growth = try object(try s.kpi("suggest", "--level", "mid", "--stage", "growth", "--format", "json").stdout)
        XCTAssertEqual((growth["kpis"] as? [[String: Any]])?.map { $0["metric"] as? String }, ["retention", "core_feature_usage", "growth_rate", "conversion_rate", "on_time_delivery", "collaboration"])
        // growth_rate has no dimension on a PM's scorecard: it weighs 10 of its own.
        XCTAssertEqual((growth["kpis"] as? [[String: Any]])?[2]["weight"] as? Int, 10)
        let marketing = try object(try s.kpi("suggest", "--level", "mid", "--department", "marketing", "--format", "json").stdout)
        XCTAssertEqual(marketing["scorecard"] as? String, "marketing_department")
        XCTAssertEqual((marketing["kpis"] as? [[String: Any]])?.map { $0["metric"] as? String }, ["growth_rate", "channel_roi", "brand_search_index", "repurchase_rate", "collaboration"])
        for result in [mid, junior, senior, growth, marketing] {
            let kpis = result["kpis"] as? [[String: Any]] ?? []
            let weights = kpis.compactMap { $0["weight"] as? Int }
            XCTAssertEqual(weights.reduce(0, +), 100)
            XCTAssertFalse(weights.contains(0))
            XCTAssertTrue((2...4).contains(kpis.filter { $0["core"] as? Bool == true }.count))
            // Every dimension's suggested weight lies within its scorecard range (or is empty when 0 is allowed).
            for d in result["dimensions"] as? [[String: Any]] ?? [] {
                let w = d["weight"] as? Int ?? -1, lo = d["min"] as? Int ?? 0, hi = d["max"] as? Int ?? 0
                XCTAssertTrue((lo...hi).contains(w), "\(d)")
            }
        }
        let text = try s.kpi("suggest", "--level", "mid", "--stage", "startup").stdout
        XCTAssertTrue(text.contains("retention               21  core  mid-level PMs are judged on user value first: do users stay\n"), text)
        XCTAssertTrue(text.contains("on_time_delivery        22        fills the process and efficiency dimension (the scorecard asks 15–25%)\n"), text)
        XCTAssertTrue(text.contains("user_value     User and product value           35–45%        42%\n"), text)
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
        XCTAssertTrue(r.stdout.contains("goal: alice 2026-Q4 drafted, 5 goals, targets to set"), r.stdout)
        XCTAssertEqual(try s.git("log", "-1", "--format=%b"), "Core KPIs: retention (weight 21), core_feature_usage (weight 21), conversion_rate (weight 27).\nFilling the other dimensions: on_time_delivery (weight 22), collaboration (weight 9).\nBaselines from 2026-Q3: retention 41%, conversion_rate 2.5%.\n\n")
        // Targets are the manager's: a warning for each until set.
        XCTAssertTrue(r.stderr.contains("goals/2026-Q4/alice.yaml:9:12: warning: the retention goal has no target yet"), r.stderr)
        let sheet = try s.read("goals/2026-Q4/alice.yaml")
        XCTAssertTrue(sheet.contains("scorecard: pm_mid\ngoals:\n  - metric: retention\n    baseline: 41%\n    target:\n    weight: 21\n    core: true\n  - metric: core_feature_usage\n    target:\n    weight: 21\n"), sheet)
        XCTAssertTrue(sheet.contains("  - metric: collaboration\n    target:\n    weight: 9\n"), sheet)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        XCTAssertTrue(try s.git("log", "-1", "--format=%s").hasPrefix("goal: alice 2026-Q4 drafted"))
        // An editor's schema check (PyYAML + jsonschema as the oracle) accepts the drafted sheet.
        let validate = try s.run("/usr/bin/env", ["python3", "-c", """
            import json, sys, yaml, jsonschema
            schema = json.load(open(".kpi/schemas/goals.schema.json"))
            jsonschema.validate(yaml.safe_load(open("goals/2026-Q4/alice.yaml")), schema)
            print("valid")
            """], cwd: s.ledger, env: ProcessInfo.processInfo.environment)   // where pip put jsonschema
        XCTAssertEqual(validate.stdout, "valid\n", validate.stderr)

        // Setting a target fills the empty value in place; the warning for that goal goes.
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q4", "--target", "45%", env: q3)
        XCTAssertTrue(try s.read("goals/2026-Q4/alice.yaml").contains("    baseline: 41%\n    target: 45%\n"))
        // The drafted goal existed: its target is set, not a goal added.
        XCTAssertEqual(try s.git("log", "-1", "--format=%s"), "goal: alice retention 2026-Q4 target none → 45%\n")
        let check = try s.kpi("check").stdout
        XCTAssertFalse(check.contains("the retention goal has no target yet"), check)
        XCTAssertTrue(check.contains("the conversion_rate goal has no target yet"), check)

        // With every target set, the draft's weights sit within the scorecard: no dimension warning.
        for (metric, target) in [("core_feature_usage", "60%"), ("conversion_rate", "3%"), ("on_time_delivery", "90%"), ("collaboration", "80")] {
            try s.kpi("goal", "set", "alice", metric, "--quarter", "2026-Q4", "--target", target, env: q3)
        }
        let done = try s.kpi("check").stdout
        XCTAssertFalse(done.contains("dimension-weight") || done.contains("of the weight; scorecard"), done)
        XCTAssertFalse(done.contains("no target yet"), done)

        // A second draft over an existing sheet is refused, and nothing is written.
        let again = try s.kpi("suggest", "--level", "mid", "--draft", "alice", "--quarter", "2026-Q4", status: 1, env: q3)
        XCTAssertTrue(again.stderr.contains("goals/2026-Q4/alice.yaml already exists"), again.stderr)
        // --draft without --quarter: a usage error.
        try s.kpi("suggest", "--level", "mid", "--draft", "alice", status: 64, env: q3)
    }
}
