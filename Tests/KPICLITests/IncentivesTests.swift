import Foundation
import XCTest

/// `kpi bonus` and `kpi awards` (docs/review-cycle.md, "Incentives"). Each person has one nps
/// goal (target 100), so the score is the recorded value: alice 75 (C) in Q2 and 95 (B) in Q3,
/// carol 90 (B) then 100 (A, reviewed S), dave 100 (A) then 80 (C). Multipliers S 1.5, A 1.2,
/// B 1.0, C 0.8, D 0.
final class IncentivesTests: XCTestCase {
    static let day = ["GIT_AUTHOR_DATE": "2026-10-05T10:00:00+08:00"]

    func object(_ json: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    }

    func scenario(multipliers: Bool = true) throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        for id in ["carol", "dave"] {
            try s.write("people/\(id).yaml", "name: \(id.capitalized)\nemail: \(id)@example.com\nmanager: bob\nteam: product\n")
        }
        for (id, q2, q3) in [("alice", "75", "95"), ("carol", "90", "100"), ("dave", "100", "80")] {
            for (q, value, date) in [("2026-Q2", q2, "2026-06-30"), ("2026-Q3", q3, "2026-09-30")] {
                try s.write("goals/\(q)/\(id).yaml", "subject: \(id)\nquarter: \(q)\ngoals:\n  - metric: nps\n    target: 100\n")
                try s.write("records/\(q)/\(id).yaml", "subject: \(id)\nquarter: \(q)\nrecords:\n  - date: \(date)\n    metric: nps\n    value: \(value)\n")
            }
        }
        try s.write("reviews/2026-Q3/carol.yaml", "subject: carol\nquarter: 2026-Q3\nreviewer: bob\nrating: S\nawards:\n  - innovation\naward_reason: Built the pricing experiment platform\n")
        if multipliers {
            try s.write("ledger.yaml", try s.read("ledger.yaml") + "incentives:\n  multipliers:\n    S: 1.5\n    A: 1.2\n    B: 1.0\n    C: 0.8\n    D: 0\n")
        }
        try s.kpi("commit", "-m", "two quarters", env: Self.day)
        return s
    }

    func testBonusPerQuarterAndYear() throws {
        let s = try scenario()
        let q3 = try object(try s.kpi("bonus", "--quarter", "2026-Q3", "--format", "json", env: Self.day).stdout)
        let people = try XCTUnwrap(q3["people"] as? [[String: Any]])
        XCTAssertEqual(people.map { $0["id"] as? String }, ["alice", "carol", "dave"])
        func period(_ p: [String: Any]) -> [String: Any] { (p["quarters"] as! [[String: Any]])[0] }
        XCTAssertEqual(people.map { period($0)["final_rating"] as? String }, ["B", "S", "C"])
        XCTAssertEqual(people.map { (period($0)["multiplier"] as? NSNumber)?.doubleValue }, [1.0, 1.5, 0.8])

        // The year: Q1 and Q4 have no rating; the mean is over Q2 and Q3.
        // alice (0.8 + 1.0) / 2 = 0.9; carol (1.0 + 1.5) / 2 = 1.25; dave (1.2 + 0.8) / 2 = 1.
        let year = try object(try s.kpi("bonus", "--year", "2026", "--format", "json", env: Self.day).stdout)
        let yp = try XCTUnwrap(year["people"] as? [[String: Any]])
        XCTAssertEqual(yp.map { ($0["mean_multiplier"] as? NSNumber)?.doubleValue }, [0.9, 1.25, 1])
        XCTAssertEqual((yp[0]["quarters"] as? [[String: Any]])?.map { $0["final_rating"] as? String }, [nil, "C", "B", nil])

        let csv = try s.kpi("bonus", "--year", "2026", "--format", "csv", env: Self.day).stdout
        XCTAssertTrue(csv.hasPrefix("subject,name,quarter,final_rating,multiplier,pending\nalice,Alice Chen,2026-Q1,,,\nalice,Alice Chen,2026-Q2,C,0.8,\nalice,Alice Chen,2026-Q3,B,1,\nalice,Alice Chen,2026-Q4,,,\"in progress, day 5 of 92\"\nalice,Alice Chen,mean,,0.9,\n"), csv)
        let table = try s.kpi("bonus", "--quarter", "2026-Q3", env: Self.day).stdout
        XCTAssertTrue(table.contains("carol    Carol       S ×1.5\n"), table)

        // Q4 runs (5 October is day 5 of 92): its computed rating is not final and is no bonus.
        XCTAssertEqual((yp[0]["quarters"] as? [[String: Any]])?.map { $0["pending"] as? String }, [nil, nil, nil, "in progress, day 5 of 92"])

        let none = try scenario(multipliers: false)
        let refused = try none.kpi("bonus", "--quarter", "2026-Q3", status: 1, env: Self.day)
        XCTAssertTrue(refused.stderr.contains("ledger.yaml sets no bonus multipliers"), refused.stderr)
    }

    func testAwardsProgressAndNominations() throws {
        let s = try scenario()
        let json = try object(try s.kpi("awards", "--quarter", "2026-Q3", "--format", "json", env: Self.day).stdout)
        XCTAssertEqual(json["previous_quarter"] as? String, "2026-Q2")
        // alice 75 → 95 (+20), carol 90 → 100 (+10); dave fell.
        let progress = try XCTUnwrap(json["progress"] as? [[String: Any]])
        XCTAssertEqual(progress.map { $0["id"] as? String }, ["alice", "carol"])
        XCTAssertEqual(progress.map { ($0["gain"] as? NSNumber)?.intValue }, [20, 10])
        XCTAssertEqual(progress.map { ($0["previous_score"] as? NSNumber)?.intValue }, [75, 90])
        XCTAssertEqual(progress.map { ($0["score"] as? NSNumber)?.intValue }, [95, 100])
        let nominations = try XCTUnwrap(json["nominations"] as? [[String: Any]])
        XCTAssertEqual(nominations.count, 1)
        XCTAssertEqual(nominations[0]["award"] as? String, "innovation")
        XCTAssertEqual(nominations[0]["id"] as? String, "carol")
        XCTAssertEqual(nominations[0]["award_reason"] as? String, "Built the pricing experiment platform")
        let text = try s.kpi("awards", "--quarter", "2026-Q3", env: Self.day).stdout
        XCTAssertTrue(text.contains("alice    Alice Chen       75       95   +20\n"), text)
        XCTAssertTrue(text.contains("  innovation: carol (Carol), proposed by bob: Built the pricing experiment platform\n"), text)

        // An award without a reason is refused at its place.
        try s.write("reviews/2026-Q3/dave.yaml", "subject: dave\nquarter: 2026-Q3\nawards:\n  - innovation\n")
        let check = try s.kpi("check", status: 1).stdout
        XCTAssertTrue(check.contains("reviews/2026-Q3/dave.yaml:4:3: error: an award needs a reason: add `award_reason: ...` saying what earned it"), check)
    }

    /// A finished quarter whose score has an error gives no bonus: the error is named and the
    /// run fails, and a quarter in progress gives none until it ends (unless a person rated it).
    func testABonusThatCannotBeComputedIsNotAGuess() throws {
        let s = try scenario()
        // dave's Q3 records file gains a record for a metric not in his sheet and an unknown key.
        try s.write("records/2026-Q3/dave.yaml", "subject: dave\nquarter: 2026-Q3\nrecords:\n  - date: 2026-09-30\n    metric: nps\n    value: 80\n    colour: red\n")
        try s.git("commit", "-q", "-am", "a hand edit kpi would refuse")
        let r = try s.kpi("bonus", "--quarter", "2026-Q3", "--format", "json", status: 1, env: Self.day)
        let people = try XCTUnwrap(try object(r.stdout)["people"] as? [[String: Any]])
        let dave = (people[2]["quarters"] as! [[String: Any]])[0]
        XCTAssertEqual(dave["final_rating"] as? String, nil)
        XCTAssertEqual(dave["pending"] as? String, "incomplete")
        XCTAssertTrue(r.stderr.contains("kpi: error: dave 2026-Q3 has no bonus: its score is incomplete (records/2026-Q3/dave.yaml:7:5:"), r.stderr)
        // alice's Q4, running on 5 October, with a reviewer's rating: a person's rating is final.
        try s.write("reviews/2026-Q4/alice.yaml", "subject: alice\nquarter: 2026-Q4\nreviewer: bob\nrating: A\n")
        try s.git("add", "reviews")
        try s.git("commit", "-q", "-m", "early review")
        let q4 = try object(try s.kpi("bonus", "--quarter", "2026-Q4", "--format", "json", env: Self.day).stdout)
        let alice = ((q4["people"] as! [[String: Any]])[0]["quarters"] as! [[String: Any]])[0]
        XCTAssertEqual(alice["final_rating"] as? String, "A")
        XCTAssertEqual((alice["multiplier"] as? NSNumber)?.doubleValue, 1.2)
    }

    /// The year's bonuses as a workbook, read by openpyxl: multipliers as numbers, the mean row,
    /// and the running quarter's reason.
    func testBonusWorkbook() throws {
        let s = try scenario()
        try s.kpi("bonus", "--year", "2026", "-o", "bonus.xlsx", env: Self.day)
        let out = try SpreadsheetClients.python(s, """
            import json, sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
            print(json.dumps([[c.value for c in r] for r in ws.iter_rows()][:6]))
            """, [s.ledger + "/bonus.xlsx"])
        let rows = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [[Any]]
        XCTAssertEqual(rows[0] as? [String], ["subject", "name", "quarter", "final_rating", "multiplier", "pending"])
        XCTAssertEqual(rows[2][4] as? Double, 0.8)
        XCTAssertEqual(rows[4][5] as? String, "in progress, day 5 of 92")
        XCTAssertEqual(rows[5][2] as? String, "mean")
        XCTAssertEqual(rows[5][4] as? Double, 0.9)
    }
}
