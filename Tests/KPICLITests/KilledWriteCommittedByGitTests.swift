import Foundation
import XCTest

/// A kpi killed after its working files were written and before it moved the branch leaves its
/// `index.lock`, so git refuses to commit; git's message says to delete the lock by hand. After
/// that, `git commit -a` commits the dead write's working file under the user's name. The next
/// kpi command must not then put the file back to its content before the write: the branch holds
/// the new content now, and putting it back would undo the user's commit in the working tree
/// (docs/reliability.md, "After a crash").
final class KilledWriteCommittedByGitTests: XCTestCase {
    func testAKilledWriteThatGitCommittedAfterItsLockWasDeletedIsLeftAsCommitted() throws {
        let s = try FaultInjection.ledger()
        try s.kpi("record", "alice", "nps", "44", "--date", "2026-07-01")
        let path = "records/2026-Q3/alice.yaml"
        let lock = s.ledger + "/.git/refs/heads/main.lock"
        // Killed as it creates the branch's lock: files written, the new index in index.lock.
        let killed = try s.run(FaultInjection.strace, ["-f", "-qq", "-o", "/dev/null", "-P", lock, "-e", "trace=openat",
                                                      "-e", "inject=openat:signal=KILL", Sandbox.kpiBinary.path,
                                                      "record", "alice", "nps", "45", "--date", "2026-07-02"], cwd: s.ledger)
        XCTAssertNotEqual(killed.status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: lock))
        XCTAssertTrue(try s.read(path).contains("value: 45\n"))
        let refused = try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-q", "-a", "-m", "by hand"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("index.lock': File exists"), refused.stderr)

        try FileManager.default.removeItem(atPath: s.ledger + "/.git/index.lock")
        try s.git("commit", "-q", "-a", "-m", "by hand")
        let committed = try s.git("rev-parse", "--short", "HEAD").trimmingCharacters(in: .newlines)

        let r = try s.kpi("check")
        XCTAssertTrue(r.stderr.contains("kpi had not committed it, but \(committed), committed on refs/heads/main since, holds its content of \(path), which was left as it is"), r.stderr)
        XCTAssertEqual(try s.read(path), try s.git("show", "HEAD:" + path))
        XCTAssertTrue(try s.read(path).contains("value: 45\n"))
        XCTAssertEqual(try s.git("status", "--porcelain", "--untracked-files=all"), "")
        XCTAssertEqual(WriteJournalFile.left(inGitDir: s.ledger + "/.git"), [])
        // The next write goes on from there.
        try s.kpi("record", "alice", "nps", "46", "--date", "2026-07-03")
        XCTAssertEqual(try s.git("status", "--porcelain", "--untracked-files=all"), "")
    }

    /// The branch moved after the kill without the write's content (git committed something else):
    /// the file is put back, as before.
    func testAKilledWriteIsPutBackWhenTheBranchMovedWithoutIt() throws {
        let s = try FaultInjection.ledger()
        try s.kpi("record", "alice", "nps", "44", "--date", "2026-07-01")
        let path = "records/2026-Q3/alice.yaml"
        let before = try s.read(path)
        let lock = s.ledger + "/.git/refs/heads/main.lock"
        _ = try s.run(FaultInjection.strace, ["-f", "-qq", "-o", "/dev/null", "-P", lock, "-e", "trace=openat",
                                             "-e", "inject=openat:signal=KILL", Sandbox.kpiBinary.path,
                                             "record", "alice", "nps", "45", "--date", "2026-07-02"], cwd: s.ledger)
        try FileManager.default.removeItem(atPath: s.ledger + "/.git/index.lock")
        try s.write("notes.txt", "a note\n")
        try s.git("add", "notes.txt")
        try s.git("commit", "-q", "-m", "a note")

        let r = try s.kpi("check")
        XCTAssertTrue(r.stderr.contains("its working files were put back as they were"), r.stderr)
        XCTAssertEqual(try s.read(path), before)
        XCTAssertEqual(try s.git("status", "--porcelain", "--untracked-files=all"), "")
    }

    /// Killed after moving the branch, before its index took effect: git refuses on the lock;
    /// deleted by hand, a plain `git commit` commits the index kpi had not finished (alice's file
    /// as it was before the write, on top of kpi's commit). The next kpi command leaves the index
    /// as git wrote it, rather than staging kpi's version against git's commit, and says so.
    func testAKilledWriteWhoseBranchGitCommittedOnFromTheOldIndexLeavesGitsIndex() throws {
        let s = try FaultInjection.ledger()
        try s.kpi("record", "alice", "nps", "44", "--date", "2026-07-01")
        let path = "records/2026-Q3/alice.yaml"
        let before = try s.git("rev-parse", "HEAD:" + path)
        try s.write("notes.txt", "a note\n")
        try s.git("add", "notes.txt")
        let index = s.ledger + "/.git/index.lock"
        // Killed as it renames index.lock over the index: the branch holds the write.
        let killed = try s.run(FaultInjection.strace, ["-f", "-qq", "-o", "/dev/null", "-P", index, "-e", "trace=rename",
                                                      "-e", "inject=rename:signal=KILL", Sandbox.kpiBinary.path,
                                                      "record", "alice", "nps", "45", "--date", "2026-07-02"], cwd: s.ledger)
        XCTAssertNotEqual(killed.status, 0)
        let written = try s.git("rev-parse", "--short", "HEAD").trimmingCharacters(in: .newlines)
        XCTAssertTrue(try s.git("show", "HEAD:" + path).contains("value: 45\n"))
        let refused = try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-q", "-m", "a note"])
        XCTAssertTrue(refused.stderr.contains("index.lock': File exists"), refused.stderr)

        try FileManager.default.removeItem(atPath: index)
        try s.git("commit", "-q", "-m", "a note")
        let committed = try s.git("rev-parse", "--short", "HEAD").trimmingCharacters(in: .newlines)
        XCTAssertEqual(try s.git("rev-parse", "HEAD:" + path), before)   // git's commit, from the old index
        let staged = try s.git("ls-files", "-s", path)

        let r = try s.kpi("check")
        XCTAssertTrue(r.stderr.contains("it had been committed as \(written), but \(committed), committed on refs/heads/main since, holds \(path) otherwise, so the index was left as git wrote it and the working file as it is (see git status)"), r.stderr)
        XCTAssertEqual(try s.git("ls-files", "-s", path), staged)
        XCTAssertEqual(try s.git("status", "--porcelain", "--untracked-files=all"), " M \(path)\n")
        XCTAssertEqual(try s.read(path), try s.git("show", "\(written):" + path))
        XCTAssertEqual(WriteJournalFile.left(inGitDir: s.ledger + "/.git"), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: index))
    }
}
