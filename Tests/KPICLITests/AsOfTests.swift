import XCTest

final class AsOfTests: XCTestCase {
    /// `--as-of` is the newest commit made on or before the day, even when older work was
    /// recorded with earlier dates on top of a newer start.
    func testAsOfFindsBackdatedCommits() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40", env: ["GIT_AUTHOR_DATE": "2026-06-01T00:00:00Z"])
        try s.kpi("record", "alice", "nps", "20", "--date", "2026-07-10", env: ["GIT_AUTHOR_DATE": "2026-07-10T00:00:00Z"])
        let early = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--as-of", "2026-06-15", "--format", "csv").stdout
        XCTAssertTrue(early.contains("2026-Q3,alice,Alice Chen,0,D,nps,"), early)
        let later = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--as-of", "2026-07-15", "--format", "csv").stdout
        XCTAssertTrue(later.contains("2026-Q3,alice,Alice Chen,50,D,nps,"), later)
        let none = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--as-of", "2020-01-01", status: 1)
        XCTAssertTrue(none.stderr.contains("no commit on or before 2020-01-01"), none.stderr)
    }
}
