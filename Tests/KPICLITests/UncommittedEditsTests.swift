import XCTest

/// What the user changed and did not ask kpi to commit stays theirs: a deleted file is not
/// brought back, a staged change is not undone, and `kpi commit` commits ledger files only.
final class UncommittedEditsTests: XCTestCase {
    let records = "records/2026-Q3/alice.yaml"

    func recordedLedger() throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("record", "alice", "nps", "40", "--date", "2026-07-03", "--allow-future")
        return s
    }

    /// HEAD, index and working tree exactly as before (git's own view).
    func assertUnchanged(_ s: Sandbox, head: String, status: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head, file: file, line: line)
        XCTAssertEqual(try s.git("status", "--porcelain"), status, file: file, line: line)
    }

    func testAFileDeletedByHandIsNotBroughtBack() throws {
        let s = try recordedLedger()
        let head = try s.git("rev-parse", "HEAD")
        try FileManager.default.removeItem(atPath: s.ledger + "/" + records)
        let r = try s.kpi("record", "alice", "nps", "41", "--date", "2026-07-04", "--allow-future", status: 1)
        XCTAssertTrue(r.stderr.contains("\(records) was deleted in the working tree"), r.stderr)
        try assertUnchanged(s, head: head, status: " D \(records)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/" + records))
        // Committing the deletion is what the user asked for; then the next record starts a new file.
        try s.kpi("commit", "-m", "drop alice's records")
        XCTAssertEqual(try s.git("ls-tree", "--name-only", "HEAD", "records/2026-Q3/"), "")
        try s.kpi("record", "alice", "nps", "41", "--date", "2026-07-04", "--allow-future")
        XCTAssertFalse(try s.read(records).contains("value: 40"))
    }

    func testAGitRmIsNotUndone() throws {
        let s = try recordedLedger()
        let head = try s.git("rev-parse", "HEAD")
        try s.git("rm", "-q", records)
        let r = try s.kpi("record", "alice", "nps", "41", "--date", "2026-07-04", "--allow-future", status: 1)
        XCTAssertTrue(r.stderr.contains(records), r.stderr)
        try assertUnchanged(s, head: head, status: "D  \(records)\n")

        try s.git("reset", "-q", "--hard")
        try s.git("rm", "-q", "--cached", records)
        let cached = try s.kpi("record", "alice", "nps", "41", "--date", "2026-07-04", "--allow-future", status: 1)
        XCTAssertTrue(cached.stderr.contains("\(records) has its deletion staged (git rm)"), cached.stderr)
        try assertUnchanged(s, head: head, status: "D  \(records)\n?? records/\n")
    }

    func testAStagedEditIsNotUndone() throws {
        let s = try recordedLedger()
        let head = try s.git("rev-parse", "HEAD")
        let committed = try s.read(records)
        try s.write(records, committed + "  - date: 2026-07-09\n    metric: nps\n    value: 49\n")
        try s.git("add", records)
        try s.write(records, committed)   // staged edit kept, working file back to HEAD's
        let r = try s.kpi("record", "alice", "nps", "41", "--date", "2026-07-04", "--allow-future", status: 1)
        XCTAssertTrue(r.stderr.contains("\(records) has a staged change (git add)"), r.stderr)
        try assertUnchanged(s, head: head, status: "MM \(records)\n")
    }

    func testCommitTakesOnlyLedgerFilesAndNamesTheRest() throws {
        let s = try recordedLedger()
        try s.write("people/notes.txt", "call alice\n")
        try s.write("people/tom.bak", "name: Tom\n")
        try s.write("records/2026-Q3/tom.yaml.orig", "subject: tom\n")
        try s.write("calibration/2026-Q3/product.yaml", "attendees:\n  - bob\n")
        try s.write("people/alice.yaml", try s.read("people/alice.yaml").replacingOccurrences(of: "Alice Chen", with: "Alice Wu"))
        let r = try s.kpi("commit", "-m", "rename alice")
        for p in ["people/notes.txt", "people/tom.bak", "records/2026-Q3/tom.yaml.orig"] {
            XCTAssertTrue(r.stderr.contains("\(p):1:1: warning: not a ledger file"), r.stderr)
        }
        XCTAssertEqual(try s.git("show", "--name-status", "--format=", "HEAD"),
                       "A\tcalibration/2026-Q3/product.yaml\nM\tpeople/alice.yaml\n")
        XCTAssertEqual(try s.git("status", "--porcelain"), "?? people/notes.txt\n?? people/tom.bak\n?? records/2026-Q3/tom.yaml.orig\n")
        XCTAssertEqual(try s.read("people/notes.txt"), "call alice\n")

        // Nothing but non-ledger files changed: nothing to commit, and they are named.
        let none = try s.kpi("commit", "-m", "again", status: 1)
        XCTAssertTrue(none.stderr.contains("nothing to commit (people/notes.txt, people/tom.bak, records/2026-Q3/tom.yaml.orig are not ledger files"), none.stderr)
    }

    /// A non-ledger file committed by plain git and then deleted stays the user's business.
    func testCommitLeavesAnotherFilesDeletionAlone() throws {
        let s = try recordedLedger()
        try s.write("people/README.md", "who is who\n")
        try s.git("add", "people/README.md")
        try s.git("commit", "-q", "-m", "readme")
        try FileManager.default.removeItem(atPath: s.ledger + "/people/README.md")
        try s.write("people/bob.yaml", try s.read("people/bob.yaml") + "level: senior\n")
        let r = try s.kpi("commit", "-m", "bob is senior")
        XCTAssertTrue(r.stderr.contains("people/README.md:1:1: warning: not a ledger file"), r.stderr)
        XCTAssertEqual(try s.git("show", "--name-status", "--format=", "HEAD"), "M\tpeople/bob.yaml\n")
        XCTAssertEqual(try s.git("status", "--porcelain"), " D people/README.md\n")
    }
}
