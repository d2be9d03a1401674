import Foundation
import XCTest

/// `kpi audit --quarter Q` keeps the findings about Q's files and those about a whole commit
/// (signature, dates) that changed Q's files; a change to the organisation belongs to no quarter
/// and shows only without `--quarter` (docs/audit.md).
final class AuditQuarterFilterTests: XCTestCase {
    func testQuarterKeepsItsFilesAndItsCommitsButNotTheOrganisation() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.write("ledger.yaml", try s.read("ledger.yaml").replacingOccurrences(of: "admins:\n", with: "admins:\n  - bob@example.com\n"))
        try s.kpi("commit", "-m", "bob is the admin")
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q2", "--target", "30", "--weight", "100")
        // Dated before the commit it follows: backdated_change, a finding about the whole commit.
        try s.kpi("record", "alice", "nps", "31", "--date", "2026-06-10", env: ["GIT_AUTHOR_DATE": "2026-06-15T10:00:00+08:00"])
        // A metric changed by someone who is not an admin: unauthorized_change, of no quarter.
        try s.write("metrics/nps.yaml", try s.read("metrics/nps.yaml").replacingOccurrences(of: "name: Net promoter score", with: "name: NPS"))
        try s.kpi("commit", "-m", "shorter name", env: ["GIT_AUTHOR_NAME": "Eve", "GIT_AUTHOR_EMAIL": "eve@example.com"])

        func findings(_ args: String...) throws -> [(String, String?)] {
            let r = try s.run(Sandbox.kpiBinary.path, ["audit", "--format", "json"] + args, cwd: s.ledger)
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            return (json["findings"] as! [[String: Any]]).map { ($0["rule"] as! String, $0["quarter"] as? String) }
        }
        let all = try findings()
        XCTAssertTrue(all.contains { $0 == ("backdated_change", nil) }, "\(all)")
        XCTAssertTrue(all.contains { $0 == ("unauthorized_change", nil) }, "\(all)")

        let q2 = try findings("--quarter", "2026-Q2")
        XCTAssertTrue(q2.contains { $0 == ("backdated_change", nil) }, "\(q2)")
        XCTAssertFalse(q2.contains { $0.0 == "unauthorized_change" }, "\(q2)")
        XCTAssertTrue(q2.allSatisfy { $0.1 == "2026-Q2" || $0.0 == "backdated_change" }, "\(q2)")

        XCTAssertEqual(try findings("--quarter", "2026-Q3").map(\.0), [])
    }
}
