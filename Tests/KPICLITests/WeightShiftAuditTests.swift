import XCTest

/// The audit's `weight_shift` and `record_deleted` rules, end to end.
final class WeightShiftAuditTests: XCTestCase {
    func testWeightShiftAndRecordDeletionAreFound() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "30", "--weight", "50")
        try s.kpi("goal", "set", "alice", "csat", "--quarter", "2026-Q3", "--target", "80%", "--weight", "50")
        try s.kpi("record", "alice", "nps", "35", "--date", "2026-07-31", env: ["GIT_AUTHOR_DATE": "2026-07-31T12:00:00+08:00"])
        try s.kpi("record", "alice", "csat", "60%", "--date", "2026-07-31", env: ["GIT_AUTHOR_DATE": "2026-07-31T12:00:00+08:00"])
        // nps is on target (35 ≥ 30): moving weight onto it flatters the score.
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--weight", "80", env: ["GIT_AUTHOR_DATE": "2026-08-02T12:00:00+08:00"])
        try s.kpi("goal", "set", "alice", "csat", "--quarter", "2026-Q3", "--weight", "20", env: ["GIT_AUTHOR_DATE": "2026-08-02T12:00:00+08:00"])
        let path = "records/2026-Q3/alice.yaml"
        try s.write(path, try s.read(path).replacingOccurrences(of: "  - date: 2026-07-31\n    metric: csat\n    value: 60%\n", with: ""))
        try s.kpi("commit", "-m", "drop a bad csat figure", env: ["GIT_AUTHOR_DATE": "2026-08-03T12:00:00+08:00"])
        let r = try s.kpi("audit", "--format", "json", status: 1)
        let findings = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any])["findings"] as! [[String: Any]]
        let rules = findings.map { "\($0["rule"]!) \($0["metric"]!)" }
        XCTAssertTrue(rules.contains("weight_shift nps"), "\(rules)")
        XCTAssertFalse(rules.contains("weight_shift csat"), "\(rules)")
        XCTAssertTrue(rules.contains("record_deleted csat"), "\(rules)")
        XCTAssertEqual(findings.first { $0["rule"] as? String == "weight_shift" }?["severity"] as? String, "warning")
        // Removing the goal that is behind (csat 60% of 80%) after actuals is easing it away.
        try s.kpi("record", "alice", "csat", "60%", "--date", "2026-08-10", env: ["GIT_AUTHOR_DATE": "2026-08-10T12:00:00+08:00"])
        try s.kpi("goal", "rm", "alice", "csat", "--quarter", "2026-Q3", env: ["GIT_AUTHOR_DATE": "2026-08-11T12:00:00+08:00"])
        let again = try s.kpi("audit", "--format", "json", status: 1).stdout
        XCTAssertTrue(again.contains("removed the csat goal (target 80%) of alice in 2026-Q3"), again)
        XCTAssertFalse(again.contains("removed the nps goal"), again)
    }
}
