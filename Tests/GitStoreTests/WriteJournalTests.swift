import Foundation
import XCTest
@testable import GitStore

/// The write journal written in place (`.git/kpi/journal-v3`, docs/reliability.md): a journal
/// cut short — its kpi killed while writing it, before anything it names was touched — is
/// nothing, whatever an earlier, longer journal left after it; a whole one is finished or
/// undone, then marked done (its `end` line rewritten as `done`); the journals earlier kpi left
/// (`.git/kpi/write-journal`, emptied when done, and the whole-or-absent `.git/kpi/journal`) are
/// still recovered. And a commit leaves in `.git/objects` nothing but objects (no temporary
/// file), and the journal marked done, never emptied or shrunk (no block freed per write).
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

    private func journalBytes(_ dir: String, _ name: String = "journal-v3") -> [UInt8]? {
        FileManager.default.contents(atPath: dir + "/.git/kpi/" + name).map { Array($0) }
    }

    private func put(_ bytes: [UInt8], _ dir: String, _ name: String = "journal-v3") throws {
        try FileManager.default.createDirectory(atPath: dir + "/.git/kpi", withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/.git/kpi/" + name))
    }

    /// No line of the file starts with `end ` (a journal's last line until its write is over).
    private func isMarkedDone(_ dir: String) -> Bool {
        guard let text = journalBytes(dir).map({ String(decoding: $0, as: UTF8.self) }) else { return false }
        return !text.hasPrefix("end ") && !text.contains("\nend ")
    }

    func testAJournalCutShortIsClearedAsNothingAndAWholeOneIsUndone() throws {
        let (dir, repo, journal) = try interruptedWrite()
        let head = try repo.headCommit()
        let whole = journal.bytes
        let text = String(decoding: whole, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("kpi-journal 3\n") && text.contains("\nend "), text)
        // The end line: the SHA-1 of every byte before it (sha1sum as the oracle).
        let body = text[..<text.range(of: "end ")!.lowerBound]
        try writeFile(dir + "/body", String(body))
        let sum = try sha1sum(dir + "/body")
        XCTAssertTrue(text.hasSuffix("\nend \(sum)\n"), text)
        XCTAssertEqual(WriteJournal.read(whole), .journal(journal, at: whole.count - 45))
        // An earlier, longer journal of this file (another write's, over and marked done), whose
        // bytes a shorter one leaves after it.
        var longer = journal
        longer.summary = String(repeating: "an earlier write with a long summary ", count: 8)
        longer.files.append(.init(path: "b.txt", before: nil, beforePermissions: 0o644, after: journal.new, afterMode: 0o100644))
        var earlier = longer.bytes
        XCTAssertGreaterThan(earlier.count, whole.count)
        XCTAssertEqual(WriteJournal.read(earlier), .journal(longer, at: earlier.count - 45))
        earlier.replaceSubrange((earlier.count - 45)..<(earlier.count - 41), with: Array("done".utf8))
        XCTAssertEqual(WriteJournal.read(earlier), .none)
        // The reading stops at the first journal's end, whatever follows it.
        XCTAssertEqual(WriteJournal.read(earlier + Array("end 0123\nnot a journal\n".utf8)), .none)
        XCTAssertEqual(WriteJournal.read(whole + Array("end 0123\n".utf8)), .journal(journal, at: whole.count - 45))
        // Every length short of the whole, alone and over the earlier journal: the write had
        // touched nothing, so nothing is done or said, and the file is left marked done, its size kept.
        for length in 1..<whole.count {
            for file in [Array(whole[..<length]), Array(whole[..<length]) + earlier[length...]] {
                try put(file, dir)
                XCTAssertEqual(repo.hasLeftovers, length >= whole.count - 41, "cut at \(length): \"end \" and part of its checksum")
                XCTAssertEqual(try repo.recoverInterruptedWrite(), [], "cut at \(length)")
                XCTAssertTrue(isMarkedDone(dir), "cut at \(length)")
                XCTAssertEqual(journalBytes(dir)?.count, file.count, "cut at \(length): not emptied, only marked")
                XCTAssertFalse(repo.hasLeftovers)
                XCTAssertEqual(readFile(dir + "/a.txt"), "v1\n")
                XCTAssertEqual(try repo.headCommit(), head)
            }
        }
        // The whole journal over the earlier one, its new file in place: undone (the branch never held the commit).
        try put(earlier, dir)
        try writeFile(dir + "/a.txt", "v2\n")
        try journal.save(repo.gitDir)
        XCTAssertEqual(journalBytes(dir), whole + earlier[whole.count...])
        let notes = try repo.recoverInterruptedWrite()
        XCTAssertEqual(notes.count, 1)
        XCTAssertTrue(notes[0].contains("kpi process 999999 (record: alice nps 45): it had not been committed"), notes[0])
        XCTAssertEqual(readFile(dir + "/a.txt"), "v1\n")
        XCTAssertTrue(isMarkedDone(dir))
        XCTAssertEqual(journalBytes(dir), whole.dropLast(45) + Array("done".utf8) + whole.suffix(41) + earlier[whole.count...])
        XCTAssertEqual(try git(["status", "--porcelain", "--untracked-files=no"], in: dir).out, "")
        // Damaged (whole, its checksum right, but not a journal): said, and left for the user.
        var damaged = Array("kpi-journal 3\nowner x\n".utf8)
        damaged += Array("end \(try shellSHA1(of: damaged, in: dir))\n".utf8)
        try put(damaged, dir)
        XCTAssertTrue(try repo.recoverInterruptedWrite().contains { $0.contains("journal-v3 is damaged") })
    }

    private func shellSHA1(of bytes: [UInt8], in dir: String) throws -> String {
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/sum-input"))
        return try sha1sum(dir + "/sum-input")
    }

    /// Session 7's journal, `.git/kpi/write-journal` (version 2, a last line `end`, emptied when
    /// done): a whole one is still finished, one cut short cleared.
    func testAJournalSessionSevenLeftIsFinishedOrCleared() throws {
        let (dir, repo, journal) = try interruptedWrite()
        let v2 = Array(journal.emptiedFormText.utf8)
        XCTAssertTrue(journal.emptiedFormText.hasPrefix("kpi-journal 2\n") && journal.emptiedFormText.hasSuffix("\nend\n"))
        XCTAssertEqual(WriteJournal(text: journal.emptiedFormText), journal)
        try put(Array(v2.dropLast(3)), dir, "write-journal")
        XCTAssertTrue(repo.hasLeftovers)
        XCTAssertEqual(try repo.recoverInterruptedWrite(), [])
        XCTAssertEqual(journalBytes(dir, "write-journal"), [])
        try put(v2, dir, "write-journal")
        try writeFile(dir + "/a.txt", "v2\n")
        let notes = try repo.recoverInterruptedWrite()
        XCTAssertTrue(notes.first?.contains("it had not been committed") == true, "\(notes)")
        XCTAssertEqual(readFile(dir + "/a.txt"), "v1\n")
        XCTAssertEqual(journalBytes(dir, "write-journal"), [])
        XCTAssertFalse(repo.hasLeftovers)
        // Damaged (whole, but not a journal): said, and left for the user.
        try put(Array("kpi-journal 2\nowner x\nend\n".utf8), dir, "write-journal")
        XCTAssertTrue(try repo.recoverInterruptedWrite().contains { $0.contains("write-journal is damaged") })
    }

    func testAJournalAnEarlierKpiLeftIsStillFinished() throws {
        let (dir, repo, journal) = try interruptedWrite()
        // Version 1: no `end` line, whole by its rename into `.git/kpi/journal`.
        let v1 = journal.emptiedFormText.replacingOccurrences(of: "kpi-journal 2\n", with: "kpi-journal 1\n").replacingOccurrences(of: "end\n", with: "")
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

    func testACommitLeavesOnlyObjectsAndAJournalMarkedDoneNeverShrunk() throws {
        let dir = TestEnv.tempDir("journal")
        let repo = try Repository.create(at: dir)
        // A small file and one past the small objects' zlib stream (64 KiB).
        let big = String(repeating: "  - date: 2026-07-01\n    metric: nps\n    value: 42\n", count: 2_000)
        var size = 0, inode: UInt64 = 0
        for i in 0..<3 {
            // A longer summary first: the later, shorter journals are written over it in place.
            try repo.commitFiles(["records/2026-Q3/alice.yaml": bytes("records:\n  - value: \(i)\n"), "records/2026-Q3/big.yaml": bytes(big + "# \(i)\n")],
                                 message: i == 0 ? String(repeating: "a long first summary ", count: 20) : "write \(i)", author: TestEnv.alice, committer: TestEnv.alice)
            XCTAssertTrue(isMarkedDone(dir))
            XCTAssertFalse(repo.hasLeftovers)
            let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/.git/kpi/journal-v3")
            let now = attributes[.size] as! Int, node = (attributes[.systemFileNumber] as! NSNumber).uint64Value
            if i > 0 {
                XCTAssertEqual(now, size, "written in place over the longer journal, not emptied")
                XCTAssertEqual(node, inode, "the same file")
            }
            (size, inode) = (now, node)
            let objects = try FileManager.default.contentsOfDirectory(atPath: dir + "/.git/objects")
            XCTAssertEqual(objects.filter { !($0.count == 2 && $0.allSatisfy(\.isHexDigit)) && $0 != "info" && $0 != "pack" }, [])
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/.git/kpi/write-journal"))
        XCTAssertEqual(try git(["cat-file", "-p", "HEAD:records/2026-Q3/big.yaml"], in: dir).out, big + "# 2\n")
        XCTAssertEqual(try git(["cat-file", "-p", "HEAD:records/2026-Q3/alice.yaml"], in: dir).out, "records:\n  - value: 2\n")
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "")
        try git(["fsck", "--strict"], in: dir)
        // Each commit: two blobs, three trees (root, records, records/2026-Q3) and the commit.
        XCTAssertTrue(try git(["count-objects"], in: dir).out.hasPrefix("18 objects, "))
    }
}
