import Foundation
import XCTest

/// Forecasts, check-ins and `kpi at-risk` (docs/review-cycle.md). Today is pinned to
/// 2026-11-19: day 31 (October) + 19 = 50 of 2026-Q4's 92. Every number below is worked by hand.
final class ForecastTests: XCTestCase {
    static let nov19 = ["GIT_AUTHOR_DATE": "2026-11-19T10:00:00+08:00"]

    /// alice in 2026-Q4: revenue (sum) 100万 weight 40; retention (last) 40% → 45% weight 40;
    /// nps (last) 30 weight 20.
    func scenario() throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q4", "--target", "100万", "--weight", "40")
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q4", "--baseline", "40%", "--target", "45%", "--weight", "40")
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q4", "--target", "30", "--weight", "20")
        for (metric, value, date, confidence) in [("revenue", "30万", "2026-10-31", nil), ("revenue", "20万", "2026-11-15", nil),
                                                  ("retention", "40%", "2026-10-01", "8"), ("retention", "41.5%", "2026-10-21", "6"),
                                                  ("retention", "42%", "2026-11-10", "5"), ("nps", "30", "2026-11-01", nil)] {
            let args = ["record", "alice", metric, value, "--date", date] + (confidence.map { ["--confidence", $0] } ?? [])
            let r = try s.run(Sandbox.kpiBinary.path, args, cwd: s.ledger, env: Self.nov19.merging(["GIT_COMMITTER_DATE": Self.nov19["GIT_AUTHOR_DATE"]!]) { $1 })
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        return s
    }

    func object(_ json: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    }

    func testPaceTrendAndLastValue() throws {
        let s = try scenario()
        XCTAssertTrue(try s.read("records/2026-Q4/alice.yaml").contains("    value: 41.5%\n    confidence: 6\n"))
        let json = try object(try s.kpi("score", "alice", "--forecast", "--format", "json", env: Self.nov19).stdout)
        let alice = try XCTUnwrap((json["subjects"] as? [[String: Any]])?.first)
        let goals = try XCTUnwrap(alice["goals"] as? [[String: Any]])
        func forecast(_ i: Int) -> [String: NSNumber]? { goals[i]["forecast"] as? [String: NSNumber] }
        // revenue (sum): 30万 + 20万 = 50万 so far, × 92 / 50 = 92万; ratio 0.92.
        XCTAssertEqual(forecast(0), ["actual": 920000, "attainment": 0.92])
        // retention (last), least squares over (day 0, 40), (20, 41.5), (40, 42):
        // n = 3, Σx = 60, Σy = 123.5, Σx² = 2000, Σxy = 830 + 1680 = 2510; n Σx² − (Σx)² = 2400,
        // n Σxy − Σx Σy = 7530 − 7410 = 120 (slope 0.05). On 31 December (day 91):
        // (123.5 × 2400 + 120 × (3 × 91 − 60)) / (3 × 2400) = 321960 / 7200 = 44.71666… → 44.7167;
        // progress (44.71666… − 40) / 5 = 0.94333… → 0.9433.
        XCTAssertEqual(forecast(1), ["actual": 44.7167, "attainment": 0.9433])
        // nps (last), one record: the last value, 30 of 30.
        XCTAssertEqual(forecast(2), ["actual": 30, "attainment": 1])
        // 40 × 0.92 + 40 × 0.94333… + 20 × 1 = 36.8 + 37.7333… + 20 = 94.53 (B); the score so far is
        // 40 × 0.5 + 40 × 0.4 + 20 × 1 = 56 (D).
        XCTAssertEqual(alice["forecast_score"] as? NSNumber, 94.53)
        XCTAssertEqual(alice["forecast_rating"] as? String, "B")
        XCTAssertEqual(alice["score"] as? NSNumber, 56)

        // Without --forecast the JSON has no forecast keys.
        let plain = try object(try s.kpi("score", "alice", "--format", "json", env: Self.nov19).stdout)
        let plainAlice = try XCTUnwrap((plain["subjects"] as? [[String: Any]])?.first)
        XCTAssertNil(plainAlice["forecast_score"])
        XCTAssertNil((plainAlice["goals"] as? [[String: Any]])?.first?["forecast"])

        let table = try s.kpi("score", "alice", "--forecast", env: Self.nov19).stdout
        XCTAssertTrue(table.contains("Forecast at quarter end: 94.5 B\n"), table)
        XCTAssertTrue(table.contains("retention  user_value       40%     45%     42%      40         40%  progress    44.72%      94.3%\n"), table)

        // On the quarter's last day the pace is the actual itself: 50万 × 92 / 92.
        let dec31 = try object(try s.kpi("score", "alice", "--forecast", "--format", "json", env: ["GIT_AUTHOR_DATE": "2026-12-31T10:00:00+08:00"]).stdout)
        let last = try XCTUnwrap(((dec31["subjects"] as? [[String: Any]])?.first?["goals"] as? [[String: Any]])?.first?["forecast"] as? [String: NSNumber])
        XCTAssertEqual(last, ["actual": 500000, "attainment": 0.5])
        // After the quarter, the forecast is the actual (nothing is left to project).
        let jan = try object(try s.kpi("score", "alice", "--quarter", "2026-Q4", "--forecast", "--format", "json", env: ["GIT_AUTHOR_DATE": "2027-01-05T10:00:00+08:00"]).stdout)
        let janAlice = try XCTUnwrap((jan["subjects"] as? [[String: Any]])?.first)
        XCTAssertEqual(((janAlice["goals"] as? [[String: Any]])?[1]["forecast"] as? [String: NSNumber])?["actual"], 42)
        XCTAssertEqual(janAlice["forecast_score"] as? NSNumber, 56)
    }

    func testAtRiskListsMissedForecastsAndFallingConfidence() throws {
        let s = try scenario()
        let json = try object(try s.kpi("at-risk", "--format", "json", env: Self.nov19).stdout)
        XCTAssertEqual(json["quarter"] as? String, "2026-Q4")
        XCTAssertEqual(json["elapsed_days"] as? Int, 50)
        let goals = try XCTUnwrap(json["goals"] as? [[String: Any]])
        // revenue: 92万 < 100万; retention: 44.7167% < 45% and confidence 8 → 6 → 5; nps: 30 meets 30.
        XCTAssertEqual(goals.map { $0["metric"] as? String }, ["revenue", "retention"])
        XCTAssertEqual(goals.map { $0["reasons"] as? [String] }, [["forecast_misses_target"], ["forecast_misses_target", "confidence_falling"]])
        XCTAssertEqual(goals[1]["confidence"] as? [Int], [8, 6, 5])
        XCTAssertEqual(goals.map { $0["owner"] as? String }, ["alice", "alice"])
        XCTAssertEqual(goals.map { $0["manager"] as? String }, ["bob", "bob"])

        // A rise breaks the fall: 8 → 6 → 7 is not falling twice in a row.
        try s.kpi("record", "alice", "retention", "46%", "--date", "2026-11-18", "--confidence", "7", env: Self.nov19)
        let after = try object(try s.kpi("at-risk", "--format", "json", env: Self.nov19).stdout)
        // retention's line now reaches past 45%, so only revenue is left.
        XCTAssertEqual((after["goals"] as? [[String: Any]])?.map { $0["metric"] as? String }, ["revenue"])
        let table = try s.kpi("at-risk", env: Self.nov19).stdout
        XCTAssertTrue(table.contains("alice    revenue   100万    50万      92万  –           alice  bob      forecast misses the target\n"), table)
        XCTAssertEqual(try s.kpi("at-risk", "--quarter", "2026-Q3", env: Self.nov19).stdout, "At risk 2026-Q3\n  no goal at risk\n")
    }

    func testConfidenceIsCheckedWithItsLocation() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.write("records/2026-Q4/alice.yaml", "subject: alice\nquarter: 2026-Q4\nrecords:\n  - date: 2026-10-05\n    metric: nps\n    value: 20\n    confidence: 11\n")
        let r = try s.kpi("check", status: 1)
        XCTAssertTrue(r.stdout.contains("records/2026-Q4/alice.yaml:7:17: error: 'confidence' must be a whole number from 1 to 10, not '11'"), r.stdout + r.stderr)
        let refused = try s.kpi("record", "alice", "nps", "20", "--date", "2026-06-01", "--confidence", "0", status: 64)
        XCTAssertTrue(refused.stderr.contains("a confidence is a whole number from 1 to 10"), refused.stderr)
    }
}
