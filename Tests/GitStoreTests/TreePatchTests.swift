import Foundation
import XCTest
@testable import GitStore

/// The commit transaction's trees patched as bytes (`patchedTree`) against libgit2's tree
/// builder (`updateTree`) on the same base and changes: the same tree ids, in git's order
/// (names that sort differently as files and as folders), and a commit git checks clean; the
/// cases left to libgit2 (a new folder, a tree git would not write) say so.
final class TreePatchTests: XCTestCase {
    var dirs: [String] = []

    override func tearDown() {
        for d in dirs { try? FileManager.default.removeItem(atPath: d) }
        super.tearDown()
    }

    /// A repository whose tip git committed, with names around folders' sort points
    /// (`a` a folder sorts as `a/`, after `a-b` and `a.txt`, before `a0`).
    func makeRepository() throws -> (String, Repository, ObjectID) {
        let dir = TestEnv.tempDir("treepatch")
        dirs.append(dir)
        try git(["init", "-q", "-b", "main"], in: dir)
        for (path, text) in [("ledger.yaml", "x\n"), ("a-b", "1\n"), ("a/inner.yaml", "2\n"), ("a0", "3\n"),
                             ("records/2026-Q3/alice.yaml", "4\n"), ("records/2026-Q3/carol.yaml", "5\n"),
                             ("records/2026-Q4/alice.yaml", "6\n"), ("goals/2026-Q3/alice.yaml", "7\n")] {
            let url = URL(fileURLWithPath: dir + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try git(["add", "-A"], in: dir)
        try git(["commit", "-q", "-m", "init"], in: dir)
        let repo = try Repository(path: dir)
        return (dir, repo, try repo.commitTree(try repo.headCommit()!))
    }

    func same(_ repo: Repository, _ base: ObjectID, _ changes: [(String, String, UInt32)], file: StaticString = #filePath, line: UInt = #line) throws -> ObjectID {
        var upserts: [(path: String, blob: ObjectID, mode: UInt32)] = []
        for (path, text, mode) in changes { upserts.append((path, try repo.writeBlob(Array(text.utf8)), mode)) }
        let patched = try XCTUnwrap(try repo.patchedTree(base: base, upserts), "patched", file: file, line: line)
        let built = try repo.updateTree(base: base, upserts.map { .upsert($0.path, $0.blob, filemode: $0.mode) })
        XCTAssertEqual(patched, built, file: file, line: line)
        return patched
    }

    func testFilesReplacedAndAddedGiveLibgit2sTrees() throws {
        let (dir, repo, base) = try makeRepository()
        _ = try same(repo, base, [("records/2026-Q3/alice.yaml", "4\n5\n", 0o100644)])
        // New files sorting before, between and after the folder `a` and the files around it.
        _ = try same(repo, base, [("a.txt", "n\n", 0o100644)])
        _ = try same(repo, base, [("a-a", "n\n", 0o100644), ("a1", "n\n", 0o100755), ("0", "n\n", 0o100644), ("zz", "n\n", 0o100644)])
        _ = try same(repo, base, [("a/inner.yaml", "9\n", 0o100755), ("a/b", "n\n", 0o100644)])
        // Several folders at once, a new file beside a changed one.
        let tree = try same(repo, base, [("records/2026-Q3/bob.yaml", "b\n", 0o100644), ("records/2026-Q3/alice.yaml", "a\n", 0o100644),
                                         ("records/2026-Q4/alice.yaml", "c\n", 0o100644), ("goals/2026-Q3/alice.yaml", "g\n", 0o100644)])
        // Unchanged content: the base itself.
        XCTAssertEqual(try same(repo, base, [("ledger.yaml", "x\n", 0o100644)]), base)
        // Git reads the tree it as a commit and finds it sound; its listing is the kept one.
        let head = try repo.headCommit()!
        let c = try repo.createCommit(tree: tree, parents: [head], author: TestEnv.alice, committer: TestEnv.alice, message: "m\n", treeWritten: true)
        try git(["update-ref", "refs/heads/main", c.hex], in: dir)
        try git(["fsck", "--strict", "--no-dangling"], in: dir)
        let listed = try git(["ls-tree", "-r", "--name-only", "HEAD"], in: dir).out
        XCTAssertEqual(listed, "a-b\na/inner.yaml\na0\ngoals/2026-Q3/alice.yaml\nledger.yaml\nrecords/2026-Q3/alice.yaml\nrecords/2026-Q3/bob.yaml\nrecords/2026-Q3/carol.yaml\nrecords/2026-Q4/alice.yaml\n")
        let fresh = try Repository(path: dir)
        XCTAssertEqual(try repo.treeEntries(tree), try fresh.treeEntries(tree))
        XCTAssertEqual(try repo.commitTree(c), tree)
    }

    func testNewFoldersAndFilesOverFoldersAreLeftToLibgit2() throws {
        let (_, repo, base) = try makeRepository()
        let blob = try repo.writeBlob(Array("n\n".utf8))
        XCTAssertNil(try repo.patchedTree(base: base, [("records/2027-Q1/alice.yaml", blob, 0o100644)]))
        XCTAssertNil(try repo.patchedTree(base: base, [("a", blob, 0o100644)]))
        XCTAssertNil(try repo.patchedTree(base: base, [("a-b/x", blob, 0o100644)]))
    }

    func testATreeGitWouldNotWriteIsLeftToLibgit2() throws {
        let (_, repo, _) = try makeRepository()
        let blob = try repo.writeBlob(Array("n\n".utf8))
        // A zero-padded mode (git fsck: zeroPaddedFilemode) and names out of order.
        for raw in [Array("040000 d\0".utf8) + blob.bytes, Array("100644 b\0".utf8) + blob.bytes + Array("100644 a\0".utf8) + blob.bytes] {
            XCTAssertNil(TreeBytes(raw))
        }
        XCTAssertNotNil(TreeBytes(Array("100644 a\0".utf8) + blob.bytes + Array("40000 a\0".utf8) + blob.bytes))
    }

    func testACommitThroughTheTransactionIsWhatGitCommits() throws {
        let (dir, repo, _) = try makeRepository()
        for i in 0..<3 {
            try repo.commitFiles(["records/2026-Q3/alice.yaml": Array("4\n\(i)\n".utf8), "records/2026-Q3/dave.yaml": Array("\(i)\n".utf8)],
                                 message: "r\(i)", author: TestEnv.alice, committer: TestEnv.alice)
        }
        try git(["fsck", "--strict", "--no-dangling"], in: dir)
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "")
        XCTAssertEqual(try git(["show", "HEAD:records/2026-Q3/dave.yaml"], in: dir).out, "2\n")
        // git's own tree of the same files.
        try git(["read-tree", "HEAD"], in: dir)
        XCTAssertEqual(try git(["write-tree"], in: dir).out, try repo.commitTree(try repo.headCommit()!).hex + "\n")
    }
}
