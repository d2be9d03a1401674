import XCTest

/// A typo must not read as "nothing ever changed": `kpi history alice nosuch` and `kpi log
/// nobody` refuse a metric or subject that is neither in the ledger now nor in its history.
final class HistoryUnknownNamesTests: XCTestCase {
    func testTyposAreRefusedNotAnsweredEmpty() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40", "--weight", "100")

        let metric = try s.kpi("history", "alice", "npss", status: 1)
        XCTAssertEqual(metric.stderr, "kpi: error: unknown metric 'npss'; did you mean 'nps'? (metrics/ has no such file)\n")
        let subject = try s.kpi("log", "alicee", status: 1)
        XCTAssertEqual(subject.stderr, "kpi: error: unknown subject 'alicee'; did you mean 'alice'? (people/ or teams/ has no such file)\n")

        // Known names with nothing to show still answer plainly.
        XCTAssertEqual(try s.kpi("history", "alice", "csat").stdout, "No goal changes for alice.\n")
        XCTAssertEqual(try s.kpi("log", "bob", "--quarter", "2026-Q1").stdout, "")
        XCTAssertTrue(try s.kpi("history", "alice", "nps").stdout.contains("target"))
    }
}
