import XCTest

/// `weight_shift` judges a goal "already on target" by its actual as the score computes it: for
/// a derived metric, its formula over the inputs' records (it has none of its own), as
/// `eased_after_actuals` already did. Before, a derived goal never looked on target.
final class DerivedWeightShiftTests: XCTestCase {
    func testRaisingTheWeightOfADerivedGoalOnTargetIsAWeightShift() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let june = ["GIT_AUTHOR_DATE": "2026-06-25T10:00:00+08:00"]
        try s.kpi("goal", "set", "alice", "ltv_cac", "--quarter", "2026-Q3", "--target", "3", "--weight", "50", env: june)
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40", "--weight", "50", env: june)
        // ltv / cac = 900 / mean(300, 200) = 3.6 ≥ 3: on target.
        try s.kpi("record", "alice", "ltv", "900 USD", "--date", "2026-07-31", env: ["GIT_AUTHOR_DATE": "2026-08-01T09:00:00+08:00"])
        try s.kpi("record", "alice", "cac", "300 USD", "--date", "2026-07-31", env: ["GIT_AUTHOR_DATE": "2026-08-01T09:05:00+08:00"])
        try s.kpi("record", "alice", "cac", "200 USD", "--date", "2026-08-31", env: ["GIT_AUTHOR_DATE": "2026-09-01T09:00:00+08:00"])
        try s.kpi("goal", "set", "alice", "ltv_cac", "--quarter", "2026-Q3", "--weight", "70", env: ["GIT_AUTHOR_DATE": "2026-09-02T09:00:00+08:00"])
        // nps has no actual: raising its weight is a change after the start, not a shift toward a met goal.
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--weight", "60", env: ["GIT_AUTHOR_DATE": "2026-09-03T09:00:00+08:00"])

        let audit = try s.kpi("audit", "--format", "json").stdout
        let findings = (try JSONSerialization.jsonObject(with: Data(audit.utf8)) as! [String: Any])["findings"] as! [[String: Any]]
        XCTAssertEqual(findings.map { "\($0["rule"]!) \($0["metric"]!)" }, [
            "changed_after_start ltv_cac", "weight_shift ltv_cac", "changed_after_start nps",
        ])
    }
}
