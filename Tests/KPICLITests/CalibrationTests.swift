import Foundation
import XCTest

/// Calibration files, the final rating in every score output, `kpi calibrate` and the audit rule
/// `rating_overridden` (docs/review-cycle.md, "Calibration"). Each person has one nps goal
/// (target 100, weight 100), so the score is the recorded value: 75 → C, 90 → B, 100 → A,
/// 115 → S (bands S ≥ 110, A ≥ 100, B ≥ 85, C ≥ 70, D below).
final class CalibrationTests: XCTestCase {
    static let q3 = ["GIT_AUTHOR_DATE": "2026-10-05T10:00:00+08:00"]

    func object(_ json: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    }

    /// product (lead bob): alice 75 (C, reviewed A), carol 90 (B), dave 100 (A, reviewed A),
    /// erin 115 (S, reviewed B). `people` limits who is in it.
    func scenario(people: [(String, String, String?)] = [("alice", "75", "A"), ("carol", "90", nil), ("dave", "100", "A"), ("erin", "115", "B")],
                  distribution: Bool = true) throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        for (id, value, review) in people {
            if id != "alice" {
                try s.write("people/\(id).yaml", "name: \(id.capitalized)\nemail: \(id)@example.com\nmanager: bob\nteam: product\n")
            }
            try s.write("goals/2026-Q3/\(id).yaml", "subject: \(id)\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 100\n    weight: 100\n")
            try s.write("records/2026-Q3/\(id).yaml", "subject: \(id)\nquarter: 2026-Q3\nrecords:\n  - date: 2026-09-30\n    metric: nps\n    value: \(value)\n")
            if let review {
                try s.write("reviews/2026-Q3/\(id).yaml", "subject: \(id)\nquarter: 2026-Q3\nreviewer: bob\nrating: \(review)\n")
            }
        }
        if distribution {
            try s.write("ledger.yaml", try s.read("ledger.yaml") + "calibration:\n  distribution:\n    S: 10%\n    A: 20%\n    B: 40%\n    C: 20%\n    D: 10%\n")
        }
        try s.kpi("commit", "-m", "Q3 goals, actuals and reviews", env: Self.q3)
        return s
    }

    func writeCalibration(_ s: Sandbox, _ text: String = "attendees:\n  - bob\nratings:\n  - subject: alice\n    rating: B\n    reason: Carried the launch the numbers do not show\n") throws {
        try s.write("calibration/2026-Q3/product.yaml", text)
        try s.kpi("commit", "-m", "Q3 calibration of product", env: Self.q3)
    }

    func testTheFinalRatingIsCalibratedElseReviewedElseComputed() throws {
        let s = try scenario()
        try writeCalibration(s)
        let json = try object(try s.kpi("score", "--quarter", "2026-Q3", "--format", "json", env: Self.q3).stdout)
        let subjects = try XCTUnwrap(json["subjects"] as? [[String: Any]]).filter { ["alice", "carol", "dave", "erin"].contains($0["id"] as? String) }
        func trail(_ s: [String: Any]) -> [String?] {
            ["rating", "review_rating", "calibrated_rating", "final_rating"].map { s[$0] as? String }
        }
        XCTAssertEqual(subjects.map(trail), [
            ["C", "A", "B", "B"],      // alice: calibrated wins over the reviewer's A
            ["B", nil, nil, "B"],      // carol: computed only
            ["A", "A", nil, "A"],      // dave
            ["S", "B", nil, "B"],      // erin: the reviewer's, over the computed S
        ])
        // null, not missing: every subject shows all three.
        XCTAssertTrue(subjects[1].keys.contains("review_rating") && subjects[1].keys.contains("calibrated_rating"))

        let detail = try s.kpi("score", "alice", "--quarter", "2026-Q3", env: Self.q3).stdout
        XCTAssertTrue(detail.contains("Alice Chen (alice) 2026-Q3: 75 points, rating C (reviewer: A) (calibrated: B, because Carried the launch the numbers do not show); final rating B\n"), detail)
        let board = try s.kpi("score", "--quarter", "2026-Q3", env: Self.q3).stdout
        XCTAssertTrue(board.contains("alice    Alice Chen     75  C       A       B           B"), board)
        let csv = try s.kpi("score", "--quarter", "2026-Q3", "--format", "csv", env: Self.q3).stdout
        XCTAssertTrue(csv.hasPrefix("quarter,subject,name,score,rating,metric,dimension,baseline,target,actual,weight (%),attainment (%),method,unit,kind,members,members_mean,review_rating,calibrated_rating,final_rating\n"), csv)
        XCTAssertTrue(csv.contains("2026-Q3,alice,Alice Chen,75,C,nps,user_value,,100,75,100,75,ratio,score,person,,,A,B,B\n"), csv)
        let md = try s.kpi("score", "--quarter", "2026-Q3", "--format", "markdown", env: Self.q3).stdout
        XCTAssertTrue(md.contains("| alice | Alice Chen | 75 | C | A | B | B |\n"), md)
    }

    func testCheckRulesWithLocations() throws {
        let s = try scenario()
        try s.write("calibration/2026-Q3/product.yaml", """
            attendees:
              - bob
              - zed
            ratings:
              - subject: alice
                rating: B
                reason: Carried the launch
              - subject: alice
                rating: A
                reason: twice
              - subject: carol
                rating: Q
                reason: no such grade
              - subject: dave
                rating: A
              - subject: erin
                rating: B
                reason: ""
              - subject: ghost
                rating: B
                reason: nobody

            """)
        try s.write("calibration/2026-Q3/sales.yaml", "ratings:\n  - subject: bob\n    rating: A\n    reason: ran it\n")
        let out = try s.kpi("check", status: 1).stdout
        for line in [
            "calibration/2026-Q3/product.yaml:3:5: error: unknown person 'zed'",
            "calibration/2026-Q3/product.yaml:8:5: error: alice is rated twice in this calibration (first on line 5); keep one",
            "calibration/2026-Q3/product.yaml:12:13: error: 'Q' is not a rating of this ledger; use one of S, A, B, C, D",
            "calibration/2026-Q3/product.yaml:14:5: error: a calibrated rating needs a reason: say why the meeting settled on it",
            "calibration/2026-Q3/product.yaml:18:13: error: a calibrated rating needs a reason: say why the meeting settled on it",
            "calibration/2026-Q3/product.yaml:19:14: error: unknown person or team 'ghost' (people/ or teams/ has no such file)",
            "calibration/2026-Q3/sales.yaml:1:1: error: unknown team 'sales'",
        ] {
            XCTAssertTrue(out.contains(line), "missing \(line) in\n\(out)")
        }
        // Nothing was committed.
        XCTAssertEqual(try s.git("status", "--porcelain"), "?? calibration/\n")
        try s.kpi("commit", "-m", "bad calibration", status: 1, env: Self.q3)

        // Someone outside the team is a warning; a second meeting rating the same person an error.
        try FileManager.default.removeItem(atPath: s.ledger + "/calibration")
        try s.kpi("team", "add", "sales", "--name", "Sales", "--lead", "bob", env: Self.q3)
        try s.write("calibration/2026-Q3/product.yaml", "ratings:\n  - subject: alice\n    rating: B\n    reason: launch\n")
        try s.write("calibration/2026-Q3/sales.yaml", "ratings:\n  - subject: alice\n    rating: A\n    reason: also\n")
        let twice = try s.kpi("check", status: 1).stdout
        XCTAssertTrue(twice.contains("calibration/2026-Q3/sales.yaml:2:14: error: alice is already calibrated for 2026-Q3 in calibration/2026-Q3/product.yaml; one meeting settles a rating"), twice)
        XCTAssertTrue(twice.contains("calibration/2026-Q3/sales.yaml:2:14: warning: alice is not in team sales or a team below it"), twice)

        // A target distribution names grades of the ledger.
        try FileManager.default.removeItem(atPath: s.ledger + "/calibration")
        try s.write("ledger.yaml", try s.read("ledger.yaml").replacingOccurrences(of: "    D: 10%\n", with: "    E: 10%\n"))
        let dist = try s.kpi("check", status: 1).stdout
        XCTAssertTrue(dist.contains("error: 'E' is not a rating of this ledger; use one of S, A, B, C, D"), dist)
        XCTAssertTrue(dist.contains("warning: the target distribution adds up to 90%, not 100%"), dist)
    }

    func testCalibrateShowsDistributionsAndFlags() throws {
        let s = try scenario()
        let json = try object(try s.kpi("calibrate", "--quarter", "2026-Q3", "--format", "json", env: Self.q3).stdout)
        let team = try XCTUnwrap((json["teams"] as? [[String: Any]])?.first)
        XCTAssertEqual(team["team"] as? String, "product")
        XCTAssertEqual(team["size"] as? Int, 4)
        // (75 + 90 + 100 + 115) / 4 = 95.
        XCTAssertEqual(team["mean_score"] as? NSNumber, 95)
        let rows = try XCTUnwrap(team["distribution"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["grade"] as? String }, ["S", "A", "B", "C", "D"])
        XCTAssertEqual(rows.map { $0["computed"] as? Int }, [1, 1, 1, 1, 0])
        XCTAssertEqual(rows.map { $0["review"] as? Int }, [0, 2, 1, 0, 0])
        // final: alice A (reviewer), carol B, dave A, erin B.
        XCTAssertEqual(rows.map { $0["final"] as? Int }, [0, 2, 2, 0, 0])
        XCTAssertEqual(rows.map { ($0["final_share"] as? NSNumber)?.doubleValue }, [0, 50, 50, 0, 0])
        XCTAssertEqual(rows.map { ($0["target_share"] as? NSNumber)?.doubleValue }, [10, 20, 40, 20, 10])
        // alice: review A, computed C — two bands; erin: S → B, two bands. dave's A is the computed A.
        let flags = try XCTUnwrap(team["flags"] as? [[String: Any]])
        XCTAssertEqual(flags.map { $0["subject"] as? String }, ["alice", "erin"])
        XCTAssertEqual(flags.map { $0["bands"] as? Int }, [2, 2])
        let text = try s.kpi("calibrate", "--quarter", "2026-Q3", env: Self.q3).stdout
        XCTAssertTrue(text.contains("Mean score: 95\n"), text)
        XCTAssertTrue(text.contains("  warning: alice's review rating A is 2 bands from the computed C, and no calibration gives a reason\n"), text)

        // A calibration reason clears alice's flag.
        try writeCalibration(s)
        let after = try object(try s.kpi("calibrate", "product", "--quarter", "2026-Q3", "--format", "json", env: Self.q3).stdout)
        let t2 = try XCTUnwrap((after["teams"] as? [[String: Any]])?.first)
        XCTAssertEqual((t2["flags"] as? [[String: Any]])?.map { $0["subject"] as? String }, ["erin"])
        XCTAssertEqual(t2["calibration"] as? String, "calibration/2026-Q3/product.yaml")
        XCTAssertEqual(t2["attendees"] as? [String], ["bob"])
        XCTAssertEqual((t2["distribution"] as? [[String: Any]])?.map { $0["final"] as? Int }, [0, 1, 3, 0, 0])

        // Three people: counts, no shares and no mean.
        let small = try scenario(people: [("alice", "75", "A"), ("carol", "90", nil), ("dave", "100", nil)], distribution: false)
        let sj = try object(try small.kpi("calibrate", "--quarter", "2026-Q3", "--format", "json", env: Self.q3).stdout)
        let st = try XCTUnwrap((sj["teams"] as? [[String: Any]])?.first)
        XCTAssertTrue(st["mean_score"] is NSNull)
        XCTAssertEqual((st["distribution"] as? [[String: Any]])?.map { $0["final_share"] is NSNull }, [true, true, true, true, true])
        XCTAssertEqual((st["distribution"] as? [[String: Any]])?.map { $0["target_share"] is NSNull }, [true, true, true, true, true])
        XCTAssertTrue(try small.kpi("calibrate", "--quarter", "2026-Q3", env: Self.q3).stdout.contains("Fewer than 4 people: counts only, no shares or mean.\n"))
        try small.kpi("calibrate", "nobody", "--quarter", "2026-Q3", status: 1, env: Self.q3)
    }

    func testAuditFlagsAnOverriddenRatingWithoutReason() throws {
        let s = try scenario()
        let audit = try object(s.run(Sandbox.kpiBinary.path, ["audit", "--format", "json"], cwd: s.ledger, env: Self.q3).stdout)
        let findings = (audit["findings"] as? [[String: Any]] ?? []).filter { $0["rule"] as? String == "rating_overridden" }
        XCTAssertEqual(findings.map { $0["subject"] as? String }, ["alice", "erin"])
        XCTAssertEqual(findings.map { $0["severity"] as? String }, ["warning", "warning"])
        XCTAssertTrue((findings.first?["message"] as? String ?? "").contains("rated alice A for 2026-Q3 in reviews/2026-Q3/alice.yaml, but the computed rating is C (75 points) and no calibration gives a reason"), "\(findings)")

        // A calibration with a reason settles alice; the history shows it.
        try writeCalibration(s)
        let again = try object(s.run(Sandbox.kpiBinary.path, ["audit", "--format", "json"], cwd: s.ledger, env: Self.q3).stdout)
        XCTAssertEqual((again["findings"] as? [[String: Any]] ?? []).filter { $0["rule"] as? String == "rating_overridden" }.map { $0["subject"] as? String }, ["erin"])
        let log = try s.kpi("log", env: Self.q3).stdout
        XCTAssertTrue(log.contains("product calibration added (attendees bob, ratings.alice B (Carried the launch"), log)
        // A changed rating reads old → new.
        try s.write("calibration/2026-Q3/product.yaml", "attendees:\n  - bob\nratings:\n  - subject: alice\n    rating: C\n    reason: On reflection\n")
        try s.kpi("commit", "-m", "Recalibrate alice", env: Self.q3)
        let diff = try s.kpi("log", "--quarter", "2026-Q3", env: Self.q3).stdout
        XCTAssertTrue(diff.contains("calibration product ratings.alice: B (Carried the launch"), diff)
    }
}
