import Foundation
import XCTest

/// The quarter that contains today is marked in progress wherever its scores are shown
/// (docs/scoring.md, "Quarters in progress"). Today is GIT_AUTHOR_DATE's day, so the tests pin it.
/// By hand: 2026-Q4 is October (31) + November (30) + December (31) = 92 days, and 30 November
/// is day 31 + 30 = 61; Q1 has 31 + 28 + 31 = 90 days, Q2 30 + 31 + 30 = 91, Q3 31 + 31 + 30 = 92.
final class QuarterProgressTests: XCTestCase {
    static let nov30 = ["GIT_AUTHOR_DATE": "2026-11-30T09:00:00+08:00"]

    func scenario() throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        for q in ["2026-Q3", "2026-Q4"] {
            try s.kpi("goal", "set", "alice", "revenue", "--quarter", q, "--target", "100万", "--weight", "100")
        }
        try s.kpi("record", "alice", "revenue", "80万", "--date", "2026-09-30", env: ["GIT_AUTHOR_DATE": "2026-10-01T09:00:00+08:00"])
        try s.kpi("record", "alice", "revenue", "30万", "--date", "2026-10-31", env: ["GIT_AUTHOR_DATE": "2026-11-02T09:00:00+08:00"])
        return s
    }

    func object(_ json: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    }

    func testOneQuarterJSONAndTable() throws {
        let s = try scenario()
        // The default quarter is today's: 2026-Q4, day 61 of 92; alice's 30万 of 100万 is 30 D so far.
        let json = try object(try s.kpi("score", "--format", "json", env: Self.nov30).stdout)
        XCTAssertEqual(json["quarter"] as? String, "2026-Q4")
        XCTAssertEqual(json["in_progress"] as? Bool, true)
        XCTAssertEqual(json["elapsed_days"] as? Int, 61)
        XCTAssertEqual(json["total_days"] as? Int, 92)
        XCTAssertEqual((json["subjects"] as? [[String: Any]])?.first?["score"] as? Int, 30)
        let table = try s.kpi("score", env: Self.nov30).stdout
        XCTAssertTrue(table.hasPrefix("Scores 2026-Q4 (day 61/92) at "), table)
        let md = try s.kpi("score", "--format", "markdown", env: Self.nov30).stdout
        XCTAssertTrue(md.hasPrefix("## 2026-Q4 (day 61/92)\n"), md)

        // A finished quarter is not in progress, and counts all its days.
        let q3 = try object(try s.kpi("score", "--quarter", "2026-Q3", "--format", "json", env: Self.nov30).stdout)
        XCTAssertEqual(q3["in_progress"] as? Bool, false)
        XCTAssertEqual(q3["elapsed_days"] as? Int, 92)
        XCTAssertEqual(q3["total_days"] as? Int, 92)
        XCTAssertTrue(try s.kpi("score", "--quarter", "2026-Q3", env: Self.nov30).stdout.hasPrefix("Scores 2026-Q3 at "))

        // The first and the last day of a quarter.
        let oct1 = try object(try s.kpi("score", "--format", "json", env: ["GIT_AUTHOR_DATE": "2026-10-01T00:30:00+08:00"]).stdout)
        XCTAssertEqual([oct1["in_progress"] as? Bool, oct1["elapsed_days"] as? Int, oct1["total_days"] as? Int] as [AnyHashable?], [true, 1, 92])
        let dec31 = try object(try s.kpi("score", "--quarter", "2026-Q4", "--format", "json", env: ["GIT_AUTHOR_DATE": "2026-12-31T23:30:00+08:00"]).stdout)
        XCTAssertEqual([dec31["in_progress"] as? Bool, dec31["elapsed_days"] as? Int] as [AnyHashable?], [true, 92])
        // A quarter not begun yet.
        let june = try object(try s.kpi("score", "--quarter", "2026-Q4", "--format", "json", env: ["GIT_AUTHOR_DATE": "2026-06-20T10:00:00+08:00"]).stdout)
        XCTAssertEqual([june["in_progress"] as? Bool, june["elapsed_days"] as? Int] as [AnyHashable?], [false, 0])
    }

    func testYearJSONScoreboardAndAFiscalYear() throws {
        let s = try scenario()
        let json = try object(try s.kpi("score", "--year", "2026", "--format", "json", env: Self.nov30).stdout)
        let subjects = try XCTUnwrap(json["subjects"] as? [[String: Any]])
        XCTAssertEqual(subjects.filter { $0["id"] as? String == "alice" }.map { $0["quarter"] as? String }, ["2026-Q3", "2026-Q4"])
        XCTAssertNil(json["in_progress"], "a year has one flag per quarter")
        let quarters = try XCTUnwrap(json["quarters"] as? [[String: Any]])
        XCTAssertEqual(quarters.map { $0["quarter"] as? String }, ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
        XCTAssertEqual(quarters.map { $0["in_progress"] as? Bool }, [false, false, false, true])
        XCTAssertEqual(quarters.map { $0["elapsed_days"] as? Int }, [90, 91, 92, 61])
        XCTAssertEqual(quarters.map { $0["total_days"] as? Int }, [90, 91, 92, 92])

        let board = try s.kpi("score", "--year", "2026", env: Self.nov30).stdout
        XCTAssertEqual(board.split(separator: "\n")[1], "Subject  Name        Q1  Q2    Q3  Q4 (day 61/92)")
        XCTAssertEqual(board.split(separator: "\n")[2], "alice    Alice Chen          80 C            30 D")

        // With the fiscal year starting in April, 2026-Q3 is October–December: day 61 of 92 too.
        let f = try Sandbox()
        try f.makeLedger()
        try f.write("ledger.yaml", try f.read("ledger.yaml").replacingOccurrences(of: "fiscal_year_start: 1", with: "fiscal_year_start: 4"))
        let fiscal = try object(try f.kpi("score", "--format", "json", env: Self.nov30).stdout)
        XCTAssertEqual(fiscal["quarter"] as? String, "2026-Q3")
        XCTAssertEqual([fiscal["in_progress"] as? Bool, fiscal["elapsed_days"] as? Int, fiscal["total_days"] as? Int] as [AnyHashable?], [true, 61, 92])
    }

    func testTheHTMLReportAndDiffMarkTheRunningQuarter() throws {
        let s = try scenario()
        let page = try s.kpi("report", "--html", "-", "--year", "2026", env: Self.nov30).stdout
        XCTAssertTrue(page.contains("<div class=\"banner in-progress\" data-quarter=\"2026-Q4\"><p><strong>2026-Q4 is in progress</strong> (day 61 of 92): its scores count the actuals recorded so far and are not final.</p></div>"), page)
        XCTAssertTrue(page.contains("<h3>2026-Q4 (day 61/92)</h3>"), page)
        XCTAssertTrue(page.contains("<h3>2026-Q3</h3>"), page)
        XCTAssertFalse(page.contains("2026-Q3 is in progress"), page)
        // After the quarter: no banner.
        let later = try s.kpi("report", "--html", "-", "--year", "2026", env: ["GIT_AUTHOR_DATE": "2027-01-05T09:00:00+08:00"]).stdout
        XCTAssertFalse(later.contains("banner in-progress"), later)

        let diff = try s.kpi("diff", env: Self.nov30).stdout
        XCTAssertTrue(diff.contains("  alice 2026-Q4 (day 61/92): 0 → 30\n"), diff)
        let scores = try XCTUnwrap(try object(try s.kpi("diff", "--format", "json", env: Self.nov30).stdout)["scores"] as? [[String: Any]])
        XCTAssertEqual(scores.first?["in_progress"] as? Bool, true)
        XCTAssertEqual(scores.first?["elapsed_days"] as? Int, 61)
    }
}
