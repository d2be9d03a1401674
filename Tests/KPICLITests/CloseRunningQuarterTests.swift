import XCTest

/// Closing the quarter that is still running is allowed (a quarter may be settled early) but
/// rarely meant: `kpi close` says so, with the day, and what it implies for later records.
final class CloseRunningQuarterTests: XCTestCase {
    func testClosingARunningQuarterWarns() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let aug = ["GIT_AUTHOR_DATE": "2026-08-15T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-08-15T10:00:00+08:00"]
        let running = try s.kpi("close", "2026-Q3", env: aug)
        XCTAssertEqual(running.stderr, "kpi: warning: 2026-Q3 is still running (day 46 of 92): records of its remaining days now need --reopen --reason\n")
        let past = try s.kpi("close", "2026-Q2", env: aug)
        XCTAssertEqual(past.stderr, "")
        XCTAssertEqual(try s.git("tag", "--list").split(separator: "\n"), ["closed/2026-Q2", "closed/2026-Q3"])
    }
}
