import XCTest

final class CrossFileTests: XCTestCase {
    /// A change that breaks another file (deleting a manager someone still names) is refused,
    /// with the broken file's location; errors that were already there do not block a commit.
    func testADeletionThatBreaksAnotherFileIsRefused() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.git("rm", "-q", "people/bob.yaml")
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("commit", "-m", "bob left", status: 1)
        XCTAssertTrue(r.stderr.contains("people/alice.yaml:4:10: error: unknown manager 'bob'"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        try s.git("checkout", "-q", "HEAD", "--", "people/bob.yaml")
        // Removing a person who still has goals points at where the sheet names them.
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "30")
        try s.git("rm", "-q", "people/alice.yaml")
        let gone = try s.kpi("commit", "-m", "alice left", status: 1)
        XCTAssertTrue(gone.stderr.contains("goals/2026-Q3/alice.yaml:2:10: error: unknown subject 'alice'"), gone.stderr)
        try s.git("checkout", "-q", "HEAD", "--", "people/alice.yaml")
        // An error committed by plain git earlier does not block an unrelated, valid change.
        try s.write("people/zed.yaml", "name: Zed\nteam: nowhere\n")
        _ = try s.run("/usr/bin/git", ["-C", s.ledger, "add", "people/zed.yaml"])
        _ = try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-qm", "zed"])
        try s.kpi("record", "alice", "nps", "30", "--date", "2026-07-31", "--allow-future")
    }
}
