import XCTest

/// Removing a goal with `kpi goal rm`: one event per field, the rest of the sheet untouched.
final class GoalRemovalTests: XCTestCase {
    func testGoalRemoveIsOneEventPerFieldAndLeavesTheRestOfTheSheet() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--baseline", "20", "--target", "30", "--weight", "50")
        try s.kpi("goal", "set", "alice", "csat", "--quarter", "2026-Q3", "--target", "80%", "--weight", "50")
        try s.kpi("goal", "rm", "alice", "nps", "--quarter", "2026-Q3")
        XCTAssertEqual(try s.git("log", "-1", "--format=%s"), "goal: alice nps 2026-Q3 removed\n")
        let sheet = try s.read("goals/2026-Q3/alice.yaml")
        XCTAssertFalse(sheet.contains("nps"))
        XCTAssertTrue(sheet.contains("  - metric: csat\n    target: 80%\n    weight: 50\n"), sheet)
        let json = try s.kpi("history", "alice", "nps", "--format", "json").stdout
        let events = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["events"] as! [[String: Any]]
        XCTAssertEqual(events.map { "\($0["field"]!) \($0["old"]!) \($0["new"]!)" },
                       ["baseline <null> 20", "target <null> 30", "weight <null> 50",
                        "baseline 20 <null>", "target 30 <null>", "weight 50 <null>"])
        let r = try s.kpi("goal", "rm", "alice", "nps", "--quarter", "2026-Q3", status: 1)
        XCTAssertTrue(r.stderr.contains("alice has no nps goal in 2026-Q3"), r.stderr)
    }
}
