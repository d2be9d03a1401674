import XCTest

/// Team scores roll up their members'.
final class TeamRollupTests: XCTestCase {
    func testTeamsRollUpTheirMembers() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40")
        try s.kpi("goal", "set", "bob", "nps", "--quarter", "2026-Q3", "--target", "40")
        try s.kpi("record", "alice", "nps", "44", "--date", "2026-08-01", "--allow-future")
        try s.kpi("record", "bob", "nps", "30", "--date", "2026-08-01", "--allow-future")
        try s.kpi("person", "add", "carl", "--name", "Carl", "--manager", "bob", "--team", "product")
        // alice 44/40 = 1.1 → 110 S; bob (not in the team) 75; carl has no goals.
        let json = try s.kpi("score", "product", "--quarter", "2026-Q3", "--format", "json").stdout
        let team = ((try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["subjects"] as! [[String: Any]])[0]
        let rollup = team["rollup"] as! [String: Any]
        XCTAssertEqual(rollup["members"] as? [String], ["alice", "carl"])
        XCTAssertEqual(rollup["mean_score"] as? Int, 110)
        XCTAssertEqual(rollup["ratings"] as? [String: Int], ["S": 1])
    }
}
