import XCTest

/// The catalog `kpi init` writes follows the seeds: the health index is retention × 40% + NPS
/// × 30% + new users × 30% on one 0–100 scale, and on-time delivery is on time ÷ planned over
/// the quarter from counts that sum.
final class CatalogSeedsTests: XCTestCase {
    func sandbox() throws -> Sandbox {
        let s = try Sandbox()
        s.env["GIT_AUTHOR_DATE"] = "2026-10-02T10:00:00+08:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-10-02T10:00:00+08:00"
        try s.makeLedger()
        return s
    }

    func csvLine(_ s: Sandbox, _ metric: String) throws -> String {
        let csv = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "csv").stdout
        return csv.split(separator: "\n").first { $0.contains(",\(metric),") }.map(String.init) ?? csv
    }

    func testOnTimeDeliveryIsOnTimeOverPlannedForTheQuarter() throws {
        let s = try sandbox()
        let metric = try s.read("metrics/on_time_delivery.yaml")
        XCTAssertTrue(metric.contains("formula: 100 * delivered_on_time / deliveries_planned\n"), metric)
        XCTAssertFalse(metric.contains("aggregate:"), metric)
        XCTAssertTrue(try s.read("metrics/delivered_on_time.yaml").contains("aggregate: sum\n"))
        XCTAssertTrue(try s.read("metrics/deliveries_planned.yaml").contains("aggregate: sum\n"))
        try s.kpi("goal", "set", "alice", "on_time_delivery", "--quarter", "2026-Q3", "--target", "90%")
        // 3 of 3 in July, 2 of 3 in August, 4 of 4 in September: 9 of 10 = 90%, not the
        // monthly mean (100 + 66.67 + 100) / 3 = 88.89.
        for (date, onTime, planned) in [("2026-07-31", "3", "3"), ("2026-08-31", "2", "3"), ("2026-09-30", "4", "4")] {
            XCTAssertEqual(try s.kpi("record", "alice", "delivered_on_time", onTime, "--date", date).stderr, "")
            XCTAssertEqual(try s.kpi("record", "alice", "deliveries_planned", planned, "--date", date).stderr, "")
        }
        XCTAssertEqual(try csvLine(s, "on_time_delivery"), "2026-Q3,alice,Alice Chen,100,A,on_time_delivery,process,,90,90,100,100,ratio,percent,person,,,,,A")
        let explain = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--explain").stdout
        XCTAssertTrue(explain.contains("on_time_delivery: actual 100 * delivered_on_time / deliveries_planned with delivered_on_time = 9, deliveries_planned = 10 = 90\n"), explain)
        // The rate itself is computed, never recorded.
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("record", "alice", "on_time_delivery", "90%", "--date", "2026-09-30", status: 1)
        XCTAssertTrue(r.stderr.contains("metric on_time_delivery is computed by its formula (100 * delivered_on_time / deliveries_planned); record its inputs instead"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
    }

    func testHealthIndexIsRetentionNPSAndNewUsersOnOneScale() throws {
        let s = try sandbox()
        let metric = try s.read("metrics/health_index.yaml")
        XCTAssertTrue(metric.contains("formula: 0.4 * retention + 0.3 * (nps + 100) / 2 + 0.3 * min(100, 100 * new_users / mau)\n"), metric)
        XCTAssertFalse(metric.contains("csat"), metric)
        try s.kpi("goal", "set", "alice", "health_index", "--quarter", "2026-Q3", "--target", "50")
        for (metric, value, date) in [("retention", "44%", "2026-08-31"), ("retention", "45%", "2026-09-30"), ("nps", "34", "2026-09-30"),
                                      ("new_users", "5,000", "2026-08-31"), ("new_users", "7,000", "2026-09-30"),
                                      ("mau", "70,000", "2026-08-31"), ("mau", "90,000", "2026-09-30")] {
            XCTAssertEqual(try s.kpi("record", "alice", metric, value, "--date", date).stderr, "")
        }
        // 0.4 × 45 + 0.3 × (34 + 100) / 2 + 0.3 × min(100, 100 × 12,000 / 80,000)
        // = 18 + 20.1 + 4.5 = 42.6; against a target of 50: 0.852.
        XCTAssertEqual(try csvLine(s, "health_index"), "2026-Q3,alice,Alice Chen,85.2,B,health_index,user_value,,50,42.6,100,85.2,ratio,score,person,,,,,B")
        // A flood of new users counts at most 100 on its scale: 0.4 × 45 + 20.1 + 0.3 × 100 = 68.1.
        try s.kpi("record", "alice", "new_users", "1000000", "--date", "2026-09-30")
        XCTAssertEqual(try csvLine(s, "health_index"), "2026-Q3,alice,Alice Chen,120,S,health_index,user_value,,50,68.1,100,120,ratio,score,person,,,,,S")
    }

    func testTheExampleLedgerChecksClean() throws {
        let s = try Sandbox()
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("ledger-example").path
        let r = try s.run(Sandbox.kpiBinary.path, ["check"], cwd: example)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertFalse(r.stdout.contains("on_time_delivery is computed"), r.stdout)
    }
}
