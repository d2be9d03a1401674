import Foundation
import XCTest

/// The forecast in the scoreboard's in-progress column: `kpi score --year --forecast`, the
/// markdown scoreboard, the HTML report and `kpi serve`'s scoreboard (docs/review-cycle.md,
/// "Forecasts and check-ins"). Today is 2026-11-19, day 50 of 2026-Q4's 92.
final class ForecastScoreboardTests: XCTestCase {
    static let nov19 = ["GIT_AUTHOR_DATE": "2026-11-19T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-11-19T10:00:00+08:00"]

    /// alice: 2026-Q3 revenue 100万 of 100万 (100, A); 2026-Q4 revenue (sum) 30万 + 20万 = 50万
    /// of 100万 so far (50, D), at its pace 50万 × 92 / 50 = 92万 at quarter end (92, B).
    func scenario() throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "100万", "--weight", "100")
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q4", "--target", "100万", "--weight", "100")
        try s.kpi("record", "alice", "revenue", "100万", "--date", "2026-09-30", env: Self.nov19)
        try s.kpi("record", "alice", "revenue", "30万", "--date", "2026-10-31", env: Self.nov19)
        try s.kpi("record", "alice", "revenue", "20万", "--date", "2026-11-15", env: Self.nov19)
        return s
    }

    func testTheInProgressColumnCarriesTheForecast() throws {
        let s = try scenario()
        let year = try s.kpi("score", "--year", "2026", "--forecast", env: Self.nov19).stdout
        XCTAssertTrue(year.contains("Subject  Name        Q1  Q2     Q3  Q4 (day 50/92)  Forecast\n"), year)
        XCTAssertTrue(year.contains("alice    Alice Chen          100 A            50 D      92 B\n"), year)
        // A team scored by its members' roll-up has no forecast of its own.
        XCTAssertTrue(year.contains("product  Product             ⌀ 100            ⌀ 50         –\n"), year)
        let plain = try s.kpi("score", "--year", "2026", env: Self.nov19).stdout
        XCTAssertFalse(plain.contains("Forecast"), "without --forecast no Forecast column: \(plain)")

        let md = try s.kpi("score", "--quarter", "2026-Q4", "--forecast", "--format", "markdown", env: Self.nov19).stdout
        XCTAssertTrue(md.contains("| Subject | Name | Score | Rating | Forecast |\n|---|---|---:|---|---:|\n"), md)
        XCTAssertTrue(md.contains("| alice | Alice Chen | 50 | D | 92 B |\n"), md)

        // CSV: four columns after the others, only with --forecast; 92万 is 920000, 92% of the target.
        let csv = try s.kpi("score", "alice", "--quarter", "2026-Q4", "--forecast", "--format", "csv", env: Self.nov19).stdout
        XCTAssertEqual(csv, "quarter,subject,name,score,rating,metric,dimension,baseline,target,actual,weight (%),attainment (%),method,unit,kind,"
                       + "members,members_mean,review_rating,calibrated_rating,final_rating,forecast_actual,forecast_attainment (%),forecast_score,forecast_rating\n"
                       + "2026-Q4,alice,Alice Chen,50,D,revenue,business,,1000000,500000,100,50,ratio,currency,person,,,,,D,920000,92,92,B\n")
        XCTAssertFalse(try s.kpi("score", "alice", "--quarter", "2026-Q4", "--format", "csv", env: Self.nov19).stdout.contains("forecast"))

        // The HTML report: a Forecast column in the running quarter's scoreboard only.
        let html = try s.kpi("report", "--html", "-", "--year", "2026", env: Self.nov19).stdout
        let q4 = try XCTUnwrap(html.range(of: "<h3>2026-Q4 (day 50/92)</h3>"))
        let q3 = try XCTUnwrap(html.range(of: "<h3>2026-Q3</h3>"))
        let q3Block = String(html[q3.upperBound..<q4.lowerBound])
        XCTAssertFalse(q3Block.contains("Forecast"), q3Block)
        let q4Block = html[q4.upperBound...].components(separatedBy: "</table>")[0]
        XCTAssertTrue(q4Block.contains("<th class=\"r forecast\">Forecast</th>"), q4Block)
        XCTAssertTrue(q4Block.contains("<td class=\"r num forecast\">92 <span class=\"rating r-B\">B</span></td>"), q4Block)
    }

    func testServesScoreboardShowsTheForecastOfTheRunningQuarter() throws {
        let s = try scenario()
        let server = try ServeProcess(s, env: Self.nov19)
        let board = try server.get(s, "/?quarter=2026-Q4")
        XCTAssertEqual(board.status, 200)
        XCTAssertTrue(board.body.contains("2026-Q4 in progress: day 50 of 92"), board.body)
        XCTAssertTrue(board.body.contains("<th class=\"r forecast\">Forecast</th>"), board.body)
        XCTAssertTrue(board.body.contains("<td class=\"r num forecast\">92 <span class=\"rating r-B\">B</span></td>"), board.body)
        // The roll-up team has no forecast of its own.
        XCTAssertTrue(board.body.contains("<td class=\"r forecast\"><span class=\"muted\">–</span></td>"), board.body)
        // A finished quarter has nothing left to forecast.
        let q3 = try server.get(s, "/?quarter=2026-Q3").body
        XCTAssertFalse(q3.contains("Forecast"), q3)
        // The year's page: the running quarter's block only.
        let year = try server.get(s, "/?year=2026").body
        XCTAssertEqual(year.components(separatedBy: "<th class=\"r forecast\">Forecast</th>").count, 2, year)

        // The API: `?forecast=true` is `kpi score --forecast --format json`, byte for byte.
        let api = try server.get(s, "/api/score?quarter=2026-Q4&forecast=true")
        XCTAssertEqual(api.status, 200)
        let cli = try s.kpi("score", "--quarter", "2026-Q4", "--forecast", "--format", "json", env: Self.nov19).stdout
        XCTAssertEqual(api.body, cli)
        XCTAssertTrue(cli.contains("\"forecast_score\": 92"), cli)
        XCTAssertEqual(try server.get(s, "/api/score?quarter=2026-Q4&forecast=maybe").status, 400)
        XCTAssertFalse(try server.get(s, "/api/score?quarter=2026-Q4").body.contains("forecast"))
    }
}
