import XCTest

final class CurrencyTests: XCTestCase {
    func testOneGoalOneCurrency() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "¥1,000")
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("record", "alice", "revenue", "$600", "--date", "2026-07-31", "--allow-future", status: 1)
        XCTAssertTrue(r.stderr.contains("revenue value $600 is in $, but the goal's target ¥1,000 at goals/2026-Q3/alice.yaml:5:5 is in ¥; kpi does not convert currencies"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        try s.kpi("record", "alice", "revenue", "600元", "--date", "2026-07-31", "--allow-future")
        try s.kpi("record", "alice", "revenue", "600元", "--date", "2026-08-31", "--allow-future")
        let csv = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "csv").stdout
        XCTAssertTrue(csv.contains(",revenue,business,,1000,1200,"), csv)
        // Changing the target's currency under existing records is refused the same way.
        let head2 = try s.git("rev-parse", "HEAD")
        let t = try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "$1,500", status: 1)
        XCTAssertTrue(t.stderr.contains("records/2026-Q3/alice.yaml:5:5: error: revenue value 600元 is in ¥, but the goal's target $1,500 at goals/2026-Q3/alice.yaml:5:5 is in $"), t.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head2)
    }
}
