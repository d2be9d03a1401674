import XCTest

/// `--as-of DATE` reads the ledger as it stood on that day and reports as of that day: the
/// default quarter is the one holding DATE and its progress is counted to DATE (day 46 of 92
/// on 15 August), not to the real today.
final class AsOfTodayTests: XCTestCase {
    func testAsOfSetsTheDefaultQuarterAndItsProgress() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40", "--weight", "100")
        try s.kpi("record", "alice", "nps", "30", "--date", "2026-07-31", env: ["GIT_AUTHOR_DATE": "2026-08-01T09:00:00+08:00"])
        try s.kpi("record", "alice", "nps", "44", "--date", "2026-08-31", env: ["GIT_AUTHOR_DATE": "2026-09-01T09:00:00+08:00"])
        let late = ["GIT_AUTHOR_DATE": "2026-11-30T09:00:00+08:00"] // "today" for the run

        let json = try JSONSerialization.jsonObject(with: Data(try s.kpi("score", "--as-of", "2026-08-15", "--format", "json", env: late).stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["quarter"] as? String, "2026-Q3")
        XCTAssertEqual(json["in_progress"] as? Bool, true)
        XCTAssertEqual(json["elapsed_days"] as? Int, 46) // 31 days of July + 15 of August
        XCTAssertEqual(json["total_days"] as? Int, 92)
        let alice = (json["subjects"] as! [[String: Any]])[0]
        XCTAssertEqual(alice["score"] as? Double, 75) // only the July record existed: 30 / 40

        // A quarter given explicitly is counted to the as-of day too; one already over is whole.
        let q2 = try JSONSerialization.jsonObject(with: Data(try s.kpi("score", "--as-of", "2026-08-15", "--quarter", "2026-Q2", "--format", "json", env: late).stdout.utf8)) as! [String: Any]
        XCTAssertEqual(q2["in_progress"] as? Bool, false)
        XCTAssertEqual(q2["elapsed_days"] as? Int, 91)

        let table = try s.kpi("score", "--as-of", "2026-08-15", env: late).stdout
        XCTAssertTrue(table.hasPrefix("Scores 2026-Q3 (day 46/92) at "), table)
    }
}
