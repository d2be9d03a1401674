import Foundation
import XCTest

/// `kpi goal set --aligns-to TEAM/METRIC` (docs/review-cycle.md, "Alignment"): written like
/// any goal field, refused as `kpi check` would refuse it, at its place, with nothing written.
final class GoalAlignsToTests: XCTestCase {
    static let nov19 = ["GIT_AUTHOR_DATE": "2026-11-19T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-11-19T10:00:00+08:00"]

    /// Teams company ← product (alice's team) and marketing beside them; company has a revenue
    /// goal and product a retention goal in 2026-Q4; alice a revenue goal in 2026-Q3 and 2026-Q4.
    func scenario() throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        for args in [["team", "add", "company", "--name", "Company", "--lead", "bob"], ["team", "set", "product", "--parent", "company"],
                     ["team", "add", "marketing", "--name", "Marketing", "--lead", "bob"],
                     ["goal", "set", "company", "revenue", "--quarter", "2026-Q4", "--target", "500万", "--weight", "100"],
                     ["goal", "set", "product", "retention", "--quarter", "2026-Q4", "--target", "50%", "--weight", "100"],
                     ["goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "100万", "--weight", "100"],
                     ["goal", "set", "alice", "revenue", "--quarter", "2026-Q4", "--target", "100万", "--weight", "100"]] {
            let r = try s.run(Sandbox.kpiBinary.path, args, cwd: s.ledger, env: Self.nov19)
            XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
        }
        return s
    }

    func testAnAlignmentIsWrittenLast() throws {
        let s = try scenario()
        let out = try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q4", "--aligns-to", "company/revenue", env: Self.nov19).stdout
        XCTAssertTrue(out.contains("] goal: alice revenue 2026-Q4 aligns_to none → company/revenue\n"), out)
        XCTAssertTrue(try s.read("goals/2026-Q4/alice.yaml").hasSuffix("  - metric: revenue\n    target: 100万\n    weight: 100\n    aligns_to: company/revenue\n"))
        XCTAssertEqual(try s.git("show", "--stat", "--format=", "HEAD").components(separatedBy: "\n").first,
                       " goals/2026-Q4/alice.yaml | 1 +")
        // Changing it rewrites only its value.
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q4", "--aligns-to", "product/retention", env: Self.nov19)
        XCTAssertTrue(try s.read("goals/2026-Q4/alice.yaml").hasSuffix("    aligns_to: product/retention\n"))
        let tree = try s.kpi("tree", env: Self.nov19).stdout
        XCTAssertTrue(tree.contains("product retention: – of 50% (missing) · Product 0 D\n└─ alice revenue: – of 100万 (missing) · Alice Chen 0 D\n"), tree)
    }

    func testWhatCheckRefusesIsRefusedAtItsPlaceWithNothingWritten() throws {
        let s = try scenario()
        let head = try s.git("rev-parse", "HEAD")
        let cases: [(String, String, String)] = [
            // The sheet to be written has the new key on line 8, its value at column 16.
            ("2026-Q4", "product/nps", "goals/2026-Q4/alice.yaml:8:16: error: aligns_to product/nps: product has no nps goal in 2026-Q4 (goals/2026-Q4/product.yaml)\n"),
            ("2026-Q4", "marketing/revenue", "goals/2026-Q4/alice.yaml:8:16: error: aligns_to marketing/revenue: marketing is not up alice's team chain (alice's team chain is product → company)\n"),
            // The same goal exists in 2026-Q4 but not in alice's quarter.
            ("2026-Q3", "product/retention", "goals/2026-Q3/alice.yaml:8:16: error: aligns_to product/retention: product has no retention goal in 2026-Q3 (goals/2026-Q3/product.yaml)\n"),
            ("2026-Q4", "retention", "goals/2026-Q4/alice.yaml:8:16: error: aligns_to names a team's goal as TEAM/METRIC, like product/retention\n"),
        ]
        for (quarter, value, message) in cases {
            let r = try s.kpi("goal", "set", "alice", "revenue", "--quarter", quarter, "--aligns-to", value, status: 1, env: Self.nov19)
            XCTAssertTrue(r.stderr.contains(message), r.stderr)
            XCTAssertEqual(try s.git("rev-parse", "HEAD"), head, value)
            XCTAssertEqual(try s.git("status", "--porcelain"), "", value)
        }
        XCTAssertFalse(try s.read("goals/2026-Q4/alice.yaml").contains("aligns_to"))
    }

    func testGoalsListsTheAlignmentAndNoAlignsToRemovesIt() throws {
        let s = try scenario()
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q4", "--aligns-to", "company/revenue", env: Self.nov19)
        XCTAssertEqual(try s.kpi("goals", "alice", env: Self.nov19).stdout, """
            QUARTER  METRIC   BASELINE  TARGET  WEIGHT  METHOD  CORE  ALIGNS TO
            2026-Q3  revenue             100万     100
            2026-Q4  revenue             100万     100                company/revenue

            """)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try s.kpi("goals", "alice", "--format", "json", env: Self.nov19).stdout.utf8)) as? [[String: Any]])
        XCTAssertNil(json[0]["aligns_to"], "a goal aligned to nothing has no key")
        XCTAssertEqual(json[1]["aligns_to"] as? String, "company/revenue")

        let out = try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q4", "--no-aligns-to", env: Self.nov19).stdout
        XCTAssertTrue(out.contains("] goal: alice revenue 2026-Q4 aligns_to company/revenue → none\n"), out)
        XCTAssertTrue(try s.read("goals/2026-Q4/alice.yaml").hasSuffix("  - metric: revenue\n    target: 100万\n    weight: 100\n"))
        XCTAssertFalse(try s.kpi("goals", "alice", env: Self.nov19).stdout.contains("ALIGNS TO"))

        // Nothing to remove, no such goal, or both options: refused, nothing written.
        let head = try s.git("rev-parse", "HEAD")
        XCTAssertTrue(try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q4", "--no-aligns-to", status: 1, env: Self.nov19).stderr
            .contains("the revenue goal of alice for 2026-Q4 already has these values"))
        XCTAssertTrue(try s.kpi("goal", "set", "alice", "nps", "--quarter", "2027-Q1", "--no-aligns-to", status: 1, env: Self.nov19).stderr
            .contains("alice has no nps goal in 2027-Q1"))
        XCTAssertTrue(try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q4", "--no-aligns-to", "--aligns-to", "company/revenue",
                                status: 64, env: Self.nov19).stderr.contains("give --aligns-to or --no-aligns-to, not both"))
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/goals/2027-Q1/alice.yaml"))
    }
}
