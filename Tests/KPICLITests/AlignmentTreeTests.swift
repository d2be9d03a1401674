import Foundation
import XCTest

/// `aligns_to`, its checks and `kpi tree` (docs/review-cycle.md, "Alignment"). Teams: company
/// (lead bob) ← product ← (alice); sales under company. Revenue goals: company 1000万, product
/// 500万, alice 100万; recorded 300万, 200万 and 50万, so attainments 30%, 40% and 50%.
final class AlignmentTreeTests: XCTestCase {
    static let nov = ["GIT_AUTHOR_DATE": "2026-11-19T10:00:00+08:00"]

    func object(_ json: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    }

    func scenario() throws -> Sandbox {
        let s = try Sandbox()
        try s.kpi("init", s.ledger, "--name", "Test Co", cwd: s.dir.path)
        try s.write("people/bob.yaml", "name: Bob Manager\nemail: bob@example.com\n")
        try s.write("people/alice.yaml", "name: Alice Chen\nemail: alice@example.com\nmanager: bob\nteam: product\n")
        try s.write("teams/company.yaml", "name: Company\nlead: bob\n")
        try s.write("teams/product.yaml", "name: Product\nlead: bob\nparent: company\n")
        try s.write("teams/sales.yaml", "name: Sales\nlead: bob\nparent: company\n")
        for (id, target, actual) in [("company", "1000万", "300万"), ("product", "500万", "200万")] {
            try s.write("goals/2026-Q4/\(id).yaml", "subject: \(id)\nquarter: 2026-Q4\ngoals:\n  - metric: revenue\n    target: \(target)\n"
                        + (id == "product" ? "    aligns_to: company/revenue\n" : ""))
            try s.write("records/2026-Q4/\(id).yaml", "subject: \(id)\nquarter: 2026-Q4\nrecords:\n  - date: 2026-11-01\n    metric: revenue\n    value: \(actual)\n")
        }
        try s.write("goals/2026-Q4/alice.yaml", "subject: alice\nquarter: 2026-Q4\ngoals:\n  - metric: revenue\n    target: 100万\n    weight: 60\n    aligns_to: product/revenue\n  - metric: nps\n    target: 40\n    weight: 40\n")
        try s.write("records/2026-Q4/alice.yaml", "subject: alice\nquarter: 2026-Q4\nrecords:\n  - date: 2026-11-01\n    metric: revenue\n    value: 50万\n  - date: 2026-11-02\n    metric: nps\n    value: 30\n")
        try s.kpi("commit", "-m", "Q4 goals", env: Self.nov)
        return s
    }

    func testTreeTextAndJSON() throws {
        let s = try scenario()
        // alice: 60 × 0.5 + 40 × 0.75 = 60 (D).
        XCTAssertEqual(try s.kpi("tree", env: Self.nov).stdout, """
            Goal tree 2026-Q4 (day 50/92)
            company revenue: 300万 of 1000万 (30%) · Company 30 D
            └─ product revenue: 200万 of 500万 (40%) · Product 40 D
               └─ alice revenue: 50万 of 100万 (50%) · Alice Chen 60 D

            """)
        let json = try object(try s.kpi("tree", "product", "--quarter", "2026-Q4", "--format", "json", env: Self.nov).stdout)
        let root = try XCTUnwrap((json["roots"] as? [[String: Any]])?.first)
        XCTAssertEqual(root["subject"] as? String, "product")
        XCTAssertEqual(root["attainment"] as? NSNumber, 0.4)
        let child = try XCTUnwrap((root["children"] as? [[String: Any]])?.first)
        XCTAssertEqual([child["subject"] as? String, child["kind"] as? String, child["metric"] as? String], ["alice", "person", "revenue"])
        XCTAssertEqual(child["attainment"] as? NSNumber, 0.5)
        XCTAssertEqual(child["score"] as? NSNumber, 60)
        try s.kpi("tree", "nowhere", status: 1, env: Self.nov)
    }

    func testCheckRefusesMissingTargetsOutsideTheChainAndCircles() throws {
        let s = try scenario()
        // A goal the team does not have; a team outside alice's chain; a malformed value.
        try s.write("goals/2026-Q4/alice.yaml", "subject: alice\nquarter: 2026-Q4\ngoals:\n  - metric: revenue\n    target: 100万\n    aligns_to: company/retention\n  - metric: nps\n    target: 40\n    aligns_to: sales/revenue\n  - metric: retention\n    target: 40%\n    aligns_to: product\n")
        let out = try s.kpi("check", status: 1).stdout
        XCTAssertTrue(out.contains("goals/2026-Q4/alice.yaml:6:16: error: aligns_to company/retention: company has no retention goal in 2026-Q4 (goals/2026-Q4/company.yaml)"), out)
        XCTAssertTrue(out.contains("goals/2026-Q4/alice.yaml:9:16: error: aligns_to sales/revenue: sales is not up alice's team chain (alice's team chain is product → company)"), out)
        XCTAssertTrue(out.contains("goals/2026-Q4/alice.yaml:12:16: error: aligns_to names a team's goal as TEAM/METRIC, like product/retention"), out)
        // kpi commit of the sheet alone refuses it too (the teams' sheets are read for it).
        try s.kpi("commit", "-m", "bad alignment", status: 1, env: Self.nov)
        XCTAssertEqual(try s.git("log", "--format=%s", "-1"), "Q4 goals\n")

        // A circle needs teams that are each other's parents: both goals are reported.
        try s.git("checkout", "--", ".")
        try s.write("teams/company.yaml", "name: Company\nlead: bob\nparent: product\n")
        try s.write("goals/2026-Q4/company.yaml", "subject: company\nquarter: 2026-Q4\ngoals:\n  - metric: revenue\n    target: 1000万\n    aligns_to: product/revenue\n")
        let circle = try s.kpi("check", status: 1).stdout
        XCTAssertTrue(circle.contains("goals/2026-Q4/company.yaml:6:16: error: aligns_to goes round in a circle: company/revenue → product/revenue → company/revenue"), circle)
    }
}
