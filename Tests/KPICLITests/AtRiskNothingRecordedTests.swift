import Foundation
import XCTest

/// `kpi at-risk` lists a goal with nothing recorded once its quarter has begun: the forecast
/// score counts it as 0, so leaving it off the list would hide the largest risk of all.
final class AtRiskNothingRecordedTests: XCTestCase {
    func testAGoalWithNoRecordIsAtRiskOnceTheQuarterRuns() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q4", "--target", "30", "--weight", "50")
        try s.kpi("goal", "set", "alice", "csat", "--quarter", "2026-Q4", "--target", "90%", "--weight", "50")
        try s.kpi("record", "alice", "nps", "31", "--date", "2026-11-01", env: ["GIT_AUTHOR_DATE": "2026-11-02T10:00:00+08:00"])

        // Day 50 of 92: nps meets its target; csat has no record.
        let nov19 = ["GIT_AUTHOR_DATE": "2026-11-19T10:00:00+08:00"]
        let json = try JSONSerialization.jsonObject(with: Data(try s.kpi("at-risk", "--format", "json", env: nov19).stdout.utf8)) as! [String: Any]
        let goals = try XCTUnwrap(json["goals"] as? [[String: Any]])
        XCTAssertEqual(goals.map { $0["metric"] as? String }, ["csat"])
        XCTAssertEqual(goals.first?["reasons"] as? [String], ["no_actual_yet"])
        XCTAssertTrue(goals.first?["actual"] is NSNull)
        let table = try s.kpi("at-risk", env: nov19).stdout
        XCTAssertTrue(table.contains("nothing recorded yet (the forecast counts it as 0)"), table)

        // Before the quarter begins nothing is expected yet: no goal is at risk.
        let sept = ["GIT_AUTHOR_DATE": "2026-09-20T10:00:00+08:00"]
        XCTAssertEqual(try s.kpi("at-risk", "--quarter", "2026-Q4", env: sept).stdout, "At risk 2026-Q4\n  no goal at risk\n")
    }
}
