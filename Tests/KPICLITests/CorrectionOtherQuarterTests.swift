import XCTest

/// A correction of last quarter's record, dated today, looked for the record in this quarter's
/// file and said only that it was not there. It now says why and what to give instead.
final class CorrectionOtherQuarterTests: XCTestCase {
    func testACorrectionDatedInAnotherQuarterSaysWhichDateToGive() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q2", "--target", "40", "--weight", "100")
        try s.kpi("record", "alice", "nps", "31", "--date", "2026-06-10")
        let july = ["GIT_AUTHOR_DATE": "2026-07-02T10:00:00+08:00"]
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("record", "alice", "nps", "33", "--corrects", "2026-06-10", "--note", "export fixed", status: 1, env: july)
        XCTAssertEqual(r.stderr, "kpi: error: records/2026-Q3/alice.yaml has no nps record dated 2026-06-10 to correct: that day is in 2026-Q2, "
                       + "and a correction goes in the file of its own date's quarter; date it in 2026-Q2 too (--date 2026-06-10), "
                       + "with --reopen --reason \"…\" if 2026-Q2 is closed\n")
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        try s.kpi("record", "alice", "nps", "33", "--corrects", "2026-06-10", "--note", "export fixed", "--date", "2026-06-10", env: july)
        XCTAssertTrue(try s.read("records/2026-Q2/alice.yaml").contains("corrects: 2026-06-10"))
    }
}
