import Foundation
import XCTest
@testable import GitStore

final class TransactionTests: XCTestCase {
    func testCommitFilesKeepsUnrelatedChanges() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        try writeFile(dir + "/notes.txt", "v1\n")
        try writeFile(dir + "/goals/2026-Q3/alice.yaml", "subject: alice\n")
        try writeFile(dir + "/records/old.yaml", "old\n")
        try git(["add", "."], in: dir)
        try git(["commit", "-q", "-m", "base"], in: dir)

        // Unrelated staged + unstaged + untracked changes.
        try writeFile(dir + "/staged.txt", "staged\n")
        try git(["add", "staged.txt"], in: dir)
        try writeFile(dir + "/notes.txt", "v2 unstaged\n")
        try writeFile(dir + "/scratch.txt", "untracked\n")
        let before = try git(["status", "--porcelain"], in: dir).out

        let id = try repo.commitFiles([
            "goals/2026-Q3/alice.yaml": bytes("subject: alice\ntarget: 45%\n"),
            "records/2026-Q3/alice.yaml": bytes("records: []\n"),
            "records/old.yaml": nil,
        ], message: "Record alice", author: TestEnv.alice, committer: TestEnv.bob)

        XCTAssertEqual(try repo.headCommit(), id)
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, before)
        XCTAssertEqual(readFile(dir + "/notes.txt"), "v2 unstaged\n")
        XCTAssertEqual(readFile(dir + "/goals/2026-Q3/alice.yaml"), "subject: alice\ntarget: 45%\n")
        XCTAssertEqual(readFile(dir + "/records/2026-Q3/alice.yaml"), "records: []\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/records/old.yaml"))
        XCTAssertEqual(try git(["diff", "--cached", "--name-only"], in: dir).out, "staged.txt\n")
        XCTAssertEqual(try git(["ls-tree", "-r", "--name-only", "HEAD"], in: dir).out,
                       "goals/2026-Q3/alice.yaml\nnotes.txt\nrecords/2026-Q3/alice.yaml\n")
        XCTAssertEqual(try git(["show", "-s", "--format=%an|%ae|%cn|%s", "HEAD"], in: dir).out,
                       "Alice Chen|alice@example.com|Bob Li|Record alice\n")
        // The index entries written carry real stat data: git sees them clean without refresh.
        XCTAssertEqual(try git(["diff-files", "--name-only"], in: dir).out, "notes.txt\n")
        XCTAssertEqual(try repo.status(under: ["goals", "records/"]), [])
        XCTAssertEqual(try repo.status(), [
            FileStatus(path: "notes.txt", index: nil, worktree: .modified),
            FileStatus(path: "scratch.txt", index: nil, worktree: .untracked),
            FileStatus(path: "staged.txt", index: .added, worktree: nil),
        ])
        XCTAssertEqual(try repo.workdirFile("records/2026-Q3/alice.yaml"), bytes("records: []\n"))
        XCTAssertNil(try repo.workdirFile("records/missing.yaml"))
        try git(["fsck", "--strict"], in: dir)

        XCTAssertThrowsError(try repo.commitFiles(["notes.txt": bytes("v1\n")], message: "same",
                                                  author: TestEnv.alice, committer: TestEnv.alice)) {
            XCTAssertEqual(($0 as? GitError)?.code, .nothingToCommit)
        }
        XCTAssertThrowsError(try repo.commitFiles(["../x": bytes("x")], message: "bad",
                                                  author: TestEnv.alice, committer: TestEnv.alice)) {
            XCTAssertEqual(($0 as? GitError)?.code, .invalidArgument)
        }
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, before)
    }

    func testFirstCommitOnUnbornBranchAndReflog() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        let id = try repo.commitFiles(["ledger.yaml": bytes("name: Example Co\n")], message: "kpi init",
                                      author: TestEnv.alice, committer: TestEnv.alice)
        XCTAssertEqual(try repo.commit(id).parents, [])
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "")
        XCTAssertEqual(try git(["log", "--format=%s"], in: dir).out, "kpi init\n")
        XCTAssertTrue(try git(["reflog", "--format=%gs"], in: dir).out.contains("commit (initial): kpi init"))
        // Creating again over an existing repository keeps its history (like `git init`).
        let again = try Repository.create(at: dir, initialBranch: "other")
        XCTAssertEqual(try again.headCommit(), id)
        XCTAssertEqual(again.headBranch, "refs/heads/main")
    }

    func testBareRepositoryCommitFiles() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir, bare: true)
        try repo.commitFiles(["a/b/c.yaml": bytes("c\n")], message: "one", author: TestEnv.alice, committer: TestEnv.alice)
        let id = try repo.commitFiles(["a/b/c.yaml": nil, "d.yaml": bytes("d\n")], message: "two",
                                      author: TestEnv.alice, committer: TestEnv.alice)
        XCTAssertEqual(try git(["ls-tree", "-r", "--name-only", "main"], in: dir).out, "d.yaml\n")
        XCTAssertEqual(try git(["rev-list", "--count", id.hex], in: dir).out, "2\n")
        try git(["fsck", "--strict"], in: dir)
        let other = try repo.commitFiles(["x": bytes("x")], message: "branch", author: TestEnv.bob,
                                         committer: TestEnv.bob, options: CommitOptions(branch: "review"))
        XCTAssertEqual(try git(["rev-parse", "review"], in: dir).out, other.hex + "\n")
        XCTAssertThrowsError(try repo.status()) { XCTAssertEqual(($0 as? GitError)?.code, .bareRepository) }
    }

    func testOtherBranchLeavesWorkingTreeAlone() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        try repo.commitFiles(["a": bytes("1\n")], message: "one", author: TestEnv.alice, committer: TestEnv.alice)
        try repo.commitFiles(["b": bytes("2\n")], message: "side", author: TestEnv.alice, committer: TestEnv.alice,
                             options: CommitOptions(branch: "side"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/b"))
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "")
        // A branch that does not exist yet starts as a root commit.
        XCTAssertEqual(try git(["ls-tree", "--name-only", "side"], in: dir).out, "b\n")
    }

    func testMergeCommitTree() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir, bare: true)
        let base = try repo.commitFiles(["a": bytes("1\n")], message: "base", author: TestEnv.alice, committer: TestEnv.alice)
        let theirs = try repo.commitFiles(["b": bytes("2\n")], message: "theirs", author: TestEnv.bob, committer: TestEnv.bob, options: CommitOptions(branch: "other"))
        let ours = try repo.commitFiles(["c": bytes("3\n")], message: "ours", author: TestEnv.alice, committer: TestEnv.alice)
        let tree = try repo.updateTree(base: try repo.commit(ours).tree, [.upsert("b", try repo.writeBlob(bytes("2\n")))])
        XCTAssertThrowsError(try repo.commitTree(tree, parents: [base, theirs], message: "stale", author: TestEnv.alice,
                                                 committer: TestEnv.alice)) {
            XCTAssertEqual(($0 as? GitError)?.code, .refMoved)
        }
        let merge = try repo.commitTree(tree, parents: [ours, theirs], message: "Merge other", author: TestEnv.alice,
                                        committer: TestEnv.alice)
        XCTAssertEqual(try repo.commit(merge).parents, [ours, theirs])
        XCTAssertEqual(try git(["rev-list", "--count", "main"], in: dir).out, "4\n")
        XCTAssertEqual(try repo.walk(from: merge, firstParentOnly: true).count, 3)
        try git(["fsck", "--strict"], in: dir)
    }

    func testMergeThroughCommitFilesUpdatesTheWorkingTree() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        let base = try repo.commitFiles(["a": bytes("1\n")], message: "base", author: TestEnv.alice, committer: TestEnv.alice)
        try repo.updateReference("refs/heads/theirs", to: base, expected: nil, logMessage: "branch")
        let theirs = try repo.commitFiles(["b": bytes("2\n")], message: "theirs", author: TestEnv.bob, committer: TestEnv.bob,
                                          options: CommitOptions(branch: "theirs"))
        let ours = try repo.commitFiles(["c": bytes("3\n")], message: "ours", author: TestEnv.alice, committer: TestEnv.alice)
        let mergedTree = try repo.updateTree(base: try repo.commit(ours).tree, [.upsert("b", try repo.writeBlob(bytes("2\n")))])
        let delta = try repo.changes(from: try repo.commit(ours).tree, to: mergedTree)
        var files: [String: [UInt8]?] = [:]
        for change in delta { files[change.path] = try change.newBlob.map { try repo.blob($0) } }
        let merge = try repo.commitFiles(files, message: "Merge theirs", author: TestEnv.alice, committer: TestEnv.alice,
                                         options: CommitOptions(mergeParents: [theirs]))
        XCTAssertEqual(try repo.commit(merge).parents, [ours, theirs])
        XCTAssertEqual(try repo.commit(merge).tree, mergedTree)
        XCTAssertEqual(readFile(dir + "/b"), "2\n")
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "")
        XCTAssertEqual(try git(["rev-parse", "HEAD^2"], in: dir).out, theirs.hex + "\n")
        XCTAssertTrue(try git(["reflog", "-1", "--format=%gs"], in: dir).out.hasPrefix("commit (merge): Merge theirs"))
        try git(["fsck", "--strict"], in: dir)
    }

    func testRollbackWhenTheReferenceCannotMove() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        try writeFile(dir + "/goals/a.yaml", "old\n")
        try git(["add", "."], in: dir)
        try git(["commit", "-q", "-m", "base"], in: dir)
        try writeFile(dir + "/goals/a.yaml", "user edit\n")
        let before = try git(["status", "--porcelain"], in: dir).out
        // A stale packed/loose ref lock makes the reference update fail after the files were written.
        let lockPath = dir + "/.git/refs/heads/main.lock"
        _ = FileManager.default.createFile(atPath: lockPath, contents: Data())
        XCTAssertThrowsError(try repo.commitFiles(["goals/a.yaml": bytes("new\n"), "goals/b.yaml": bytes("b\n")],
                                                  message: "x", author: TestEnv.alice, committer: TestEnv.alice,
                                                  options: CommitOptions(overwriteUncommitted: true))) { e in
            XCTAssertEqual((e as? GitError)?.code, .locked, "\(e)")
        }
        try FileManager.default.removeItem(atPath: lockPath)
        XCTAssertEqual(readFile(dir + "/goals/a.yaml"), "user edit\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/goals/b.yaml"))
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, before)
        XCTAssertEqual(try git(["rev-list", "--count", "HEAD"], in: dir).out, "1\n")
    }

    func testUncommittedEditIsNeverOverwritten() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        try repo.commitFiles(["goals/a.yaml": bytes("v1\n"), "goals/b.yaml": bytes("b1\n")], message: "base",
                             author: TestEnv.alice, committer: TestEnv.alice)
        try writeFile(dir + "/goals/a.yaml", "hand edit\n")
        let before = try git(["status", "--porcelain"], in: dir).out
        XCTAssertThrowsError(try repo.commitFiles(["goals/a.yaml": bytes("tool edit\n"), "goals/b.yaml": bytes("b2\n")],
                                                  message: "x", author: TestEnv.alice, committer: TestEnv.alice)) { e in
            XCTAssertEqual((e as? GitError)?.code, .conflict)
            XCTAssertTrue("\(e)".contains("goals/a.yaml has uncommitted changes"), "\(e)")
        }
        XCTAssertThrowsError(try repo.commitFiles(["goals/a.yaml": nil], message: "x", author: TestEnv.alice,
                                                  committer: TestEnv.alice))
        XCTAssertEqual(readFile(dir + "/goals/a.yaml"), "hand edit\n")
        XCTAssertEqual(readFile(dir + "/goals/b.yaml"), "b1\n")
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, before)
        // Committing the edited file's own content (what `kpi commit` does) is fine.
        try repo.commitFiles(["goals/a.yaml": bytes("hand edit\n")], message: "commit the hand edit",
                             author: TestEnv.alice, committer: TestEnv.alice)
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "")
    }

    func testReadModifyWriteRetriesOnAMovedTip() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        try repo.commitFiles(["records/a.yaml": bytes("- 1\n")], message: "base", author: TestEnv.alice, committer: TestEnv.alice)
        var calls = 0
        let id = try repo.commit(author: TestEnv.alice, committer: TestEnv.alice) { tip in
            calls += 1
            if calls == 1 {
                // A writer that ignores the ledger lock moves the branch meanwhile.
                try git(["commit", "-q", "--allow-empty", "-m", "plain git"], in: dir)
                let current = try repo.entry(at: "records/a.yaml", in: try repo.commit(XCTUnwrap(tip)).tree)!
                return CommitPlan(files: ["records/a.yaml": try repo.blob(current.id) + bytes("- 2\n")], message: "append 2")
            }
            let current = try repo.entry(at: "records/a.yaml", in: try repo.commit(XCTUnwrap(tip)).tree)!
            return CommitPlan(files: ["records/a.yaml": try repo.blob(current.id) + bytes("- 3\n")], message: "append 3")
        }
        XCTAssertEqual(calls, 2)
        XCTAssertEqual(try git(["log", "--format=%s"], in: dir).out, "append 3\nplain git\nbase\n")
        XCTAssertEqual(try repo.commit(id).parents.count, 1)
        XCTAssertEqual(readFile(dir + "/records/a.yaml"), "- 1\n- 3\n")
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "")
    }

    func testDetachedHeadAndExecutableBit() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        try writeFile(dir + "/tool.sh", "echo 1\n")
        chmod(dir + "/tool.sh", 0o755)
        try git(["add", "."], in: dir)
        try git(["commit", "-q", "-m", "base"], in: dir)
        let base = try XCTUnwrap(repo.headCommit())
        try git(["checkout", "-q", "--detach"], in: dir)
        XCTAssertNil(repo.headBranch)
        let id = try repo.commitFiles(["tool.sh": bytes("echo 2\n")], message: "detached", author: TestEnv.alice,
                                      committer: TestEnv.alice)
        XCTAssertEqual(try git(["rev-parse", "HEAD"], in: dir).out, id.hex + "\n")
        XCTAssertEqual(try git(["rev-parse", "main"], in: dir).out, base.hex + "\n", "main did not move")
        XCTAssertEqual(try git(["ls-tree", "HEAD", "tool.sh"], in: dir).out.prefix(6), "100755")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: dir + "/tool.sh")[.posixPermissions] as? Int, 0o755)
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "")
    }

    func testLedgerLockTimesOut() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        let held = try LedgerLock(gitDir: repo.gitDir)
        XCTAssertThrowsError(try repo.commitFiles(["a": bytes("1")], message: "x", author: TestEnv.alice,
                                                  committer: TestEnv.alice, options: CommitOptions(lockTimeout: 0.2))) { e in
            XCTAssertEqual((e as? GitError)?.code, .locked)
            XCTAssertTrue("\(e)".contains("kpi.lock"))
        }
        held.unlock()
        XCTAssertNoThrow(try repo.commitFiles(["a": bytes("1")], message: "x", author: TestEnv.alice, committer: TestEnv.alice))
    }

    func testEightConcurrentWritersAllLand() throws {
        let dir = TestEnv.tempDir()
        let setup = try Repository.create(at: dir)
        try setup.commitFiles(["ledger.yaml": bytes("name: X\n")], message: "init", author: TestEnv.alice, committer: TestEnv.alice)
        let errors = ErrorBox()
        let group = DispatchGroup()
        for i in 0..<8 {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do {
                    let repo = try Repository(path: dir)   // one Repository per thread
                    try repo.commitFiles(["records/2026-Q3/p\(i).yaml": Array("value: \(i)\n".utf8)],
                                         message: "record p\(i)", author: TestEnv.alice, committer: TestEnv.alice)
                } catch {
                    errors.add("\(error)")
                }
            }
            thread.start()
        }
        group.wait()
        XCTAssertEqual(errors.all, [])
        XCTAssertEqual(try git(["rev-list", "--count", "HEAD"], in: dir).out, "9\n")
        let files = try git(["ls-tree", "-r", "--name-only", "HEAD", "records"], in: dir).out
        XCTAssertEqual(files, (0..<8).map { "records/2026-Q3/p\($0).yaml\n" }.joined())
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "")
        try git(["fsck", "--strict"], in: dir)
    }

    /// git commits between each attempt's read of the tip and its compare-and-swap: after the last
    /// attempt the write gives up, says so, and nothing of it is written.
    func testABranchThatKeepsMovingIsReportedAfterTheLastAttempt() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        try repo.commitFiles(["a": bytes("1\n")], message: "base", author: TestEnv.alice, committer: TestEnv.alice)
        var plans = 0
        XCTAssertThrowsError(try repo.commit(author: TestEnv.alice, committer: TestEnv.alice, options: CommitOptions(maxAttempts: 3)) { _ in
            plans += 1
            try git(["-c", "user.name=Gitty", "-c", "user.email=gitty@example.com", "commit", "-q", "--allow-empty", "-m", "git \(plans)"], in: dir)
            return CommitPlan(files: ["b": bytes("\(plans)\n")], message: "kpi")
        }) {
            XCTAssertEqual(($0 as? GitError)?.code, .refMoved)
            XCTAssertEqual(($0 as? GitError)?.message, "refs/heads/main kept moving while this command wrote: another program committed first each of 3 times, and nothing was written. Try again")
        }
        XCTAssertEqual(plans, 3)
        XCTAssertEqual(try git(["log", "--format=%s"], in: dir).out, "git 3\ngit 2\ngit 1\nbase\n")
        XCTAssertEqual(try git(["status", "--porcelain", "--untracked-files=all"], in: dir).out, "")
    }
}

final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
