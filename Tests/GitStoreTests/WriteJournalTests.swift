import Foundation
import XCTest
@testable import GitStore

/// The write journal written in place (`.git/kpi/write-journal`, docs/reliability.md): a journal
/// cut short — its kpi killed while writing it, before anything it names was touched — is
/// cleared as nothing; a whole one is finished or undone; the whole-or-absent `.git/kpi/journal`
/// an earlier kpi left is still recovered. And a commit leaves in `.git/objects` nothing but
/// objects (no temporary file), and the journal empty.
final class WriteJournalTests: XCTestCase {
    /// A repository whose `a.txt` is "v1" at HEAD, and a journal of a write (by a process that
    /// is not this one) that would commit "v2" — a commit written but never on the branch.
    private func interruptedWrite() throws -> (dir: String, repo: Repository, journal: WriteJournal) {
        let dir = TestEnv.tempDir("journal")
        let repo = try Repository.create(at: dir)
        try writeFile(dir + "/a.txt", "v1\n")
        try git(["add", "a.txt"], in: dir)
        try git(["commit", "-q", "-m", "base"], in: dir)
        // The commit "v2" made on a side branch, which is then deleted: a commit no branch holds.
        try git(["checkout", "-q", "-b", "side"], in: dir)
        try writeFile(dir + "/a.txt", "v2\n")
        try git(["commit", "-q", "-am", "v2"], in: dir)
        let commit = try git(["rev-parse", "HEAD"], in: dir).out.trimmingCharacters(in: .whitespacesAndNewlines)
        try git(["checkout", "-q", "main"], in: dir)
        try git(["branch", "-q", "-D", "side"], in: dir)
        let v1 = try repo.hash(bytes("v1\n")), v2 = try repo.hash(bytes("v2\n"))
        let owner = ProcessOwner(pid: 999_999, startTime: "1", bootID: ProcessOwner.bootID, host: ProcessOwner.hostName)
        let journal = WriteJournal(owner: owner, ref: "refs/heads/main", old: try repo.headCommit(), new: ObjectID(hex: commit)!,
                                   summary: "record: alice nps 45", files: [.init(path: "a.txt", before: v1, beforePermissions: 0o644, after: v2, afterMode: 0o100644)])
        return (dir, repo, journal)
    }

    private func journalSize(_ dir: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: dir + "/.git/kpi/write-journal"))?[.size] as? Int
    }

    func testAJournalCutShortIsClearedAsNothingAndAWholeOneIsUndone() throws {
        let (dir, repo, journal) = try interruptedWrite()
        let head = try repo.headCommit()
        let whole = Array(journal.text.utf8)
        XCTAssertTrue(journal.text.hasPrefix("kpi-journal 2\n") && journal.text.hasSuffix("\nend\n"))
        XCTAssertEqual(WriteJournal(text: journal.text), journal)
        try FileManager.default.createDirectory(atPath: dir + "/.git/kpi", withIntermediateDirectories: true)
        // Every length short of the whole: the write had touched nothing, so nothing is done or said.
        for length in 1..<whole.count {
            try Data(whole[..<length]).write(to: URL(fileURLWithPath: dir + "/.git/kpi/write-journal"))
            XCTAssertTrue(repo.hasLeftovers)
            XCTAssertEqual(try repo.recoverInterruptedWrite(), [], "cut at \(length)")
            XCTAssertEqual(journalSize(dir), 0, "cut at \(length)")
            XCTAssertFalse(repo.hasLeftovers)
            XCTAssertEqual(readFile(dir + "/a.txt"), "v1\n")
            XCTAssertEqual(try repo.headCommit(), head)
        }
        // The whole journal, its new file in place: undone (the branch never held the commit).
        try writeFile(dir + "/a.txt", "v2\n")
        try journal.save(repo.gitDir)
        let notes = try repo.recoverInterruptedWrite()
        XCTAssertEqual(notes.count, 1)
        XCTAssertTrue(notes[0].contains("kpi process 999999 (record: alice nps 45): it had not been committed"), notes[0])
        XCTAssertEqual(readFile(dir + "/a.txt"), "v1\n")
        XCTAssertEqual(journalSize(dir), 0)
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "")
        // Damaged (whole, but not a journal): said, and left for the user.
        try Data("kpi-journal 2\nowner x\nend\n".utf8).write(to: URL(fileURLWithPath: dir + "/.git/kpi/write-journal"))
        XCTAssertTrue(try repo.recoverInterruptedWrite().contains { $0.contains("write-journal is damaged") })
    }

    func testAJournalAnEarlierKpiLeftIsStillFinished() throws {
        let (dir, repo, journal) = try interruptedWrite()
        // Version 1: no `end` line, whole by its rename into `.git/kpi/journal`.
        let v1 = journal.text.replacingOccurrences(of: "kpi-journal 2\n", with: "kpi-journal 1\n").replacingOccurrences(of: "end\n", with: "")
        try FileManager.default.createDirectory(atPath: dir + "/.git/kpi", withIntermediateDirectories: true)
        try Data(v1.utf8).write(to: URL(fileURLWithPath: dir + "/.git/kpi/journal"))
        // The branch holds the commit (killed after the move): the file and index are brought to it.
        try git(["update-ref", "refs/heads/main", journal.new.hex], in: dir)
        let notes = try repo.recoverInterruptedWrite()
        XCTAssertTrue(notes.first?.contains("it had been committed as \(journal.new.short)") == true, "\(notes)")
        XCTAssertEqual(readFile(dir + "/a.txt"), "v2\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/.git/kpi/journal"))
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "")
    }

    func testACommitLeavesOnlyObjectsAndAnEmptyJournal() throws {
        let dir = TestEnv.tempDir("journal")
        let repo = try Repository.create(at: dir)
        // A small file and one past the small objects' zlib stream (64 KiB).
        let big = String(repeating: "  - date: 2026-07-01\n    metric: nps\n    value: 42\n", count: 2_000)
        for i in 0..<3 {
            try repo.commitFiles(["records/2026-Q3/alice.yaml": bytes("records:\n  - value: \(i)\n"), "records/2026-Q3/big.yaml": bytes(big + "# \(i)\n")],
                                 message: "write \(i)", author: TestEnv.alice, committer: TestEnv.alice)
            XCTAssertEqual(journalSize(dir), 0)
            XCTAssertFalse(repo.hasLeftovers)
            let objects = try FileManager.default.contentsOfDirectory(atPath: dir + "/.git/objects")
            XCTAssertEqual(objects.filter { !($0.count == 2 && $0.allSatisfy(\.isHexDigit)) && $0 != "info" && $0 != "pack" }, [])
        }
        XCTAssertEqual(try git(["cat-file", "-p", "HEAD:records/2026-Q3/big.yaml"], in: dir).out, big + "# 2\n")
        XCTAssertEqual(try git(["cat-file", "-p", "HEAD:records/2026-Q3/alice.yaml"], in: dir).out, "records:\n  - value: 2\n")
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "")
        try git(["fsck", "--strict"], in: dir)
        // Each commit: two blobs, three trees (root, records, records/2026-Q3) and the commit.
        XCTAssertTrue(try git(["count-objects"], in: dir).out.hasPrefix("18 objects, "))
    }
}
