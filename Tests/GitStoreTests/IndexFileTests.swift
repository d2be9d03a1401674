import Foundation
import XCTest
@testable import GitStore

/// The index edited as bytes (`IndexFile`) against libgit2's editing of the same index: the
/// same edits give the same bytes, and git reads the result (its cache tree included) as it
/// would have written it itself.
final class IndexFileTests: XCTestCase {
    var dirs: [String] = []

    override func tearDown() {
        for d in dirs { try? FileManager.default.removeItem(atPath: d) }
        super.tearDown()
    }

    /// A repository whose index git wrote with its cache tree (`git commit`).
    func makeRepository() throws -> String {
        let dir = TestEnv.tempDir("indexfile")
        dirs.append(dir)
        try git(["init", "-q", "-b", "main"], in: dir)
        for (path, text) in [("ledger.yaml", "name: x\n"), ("goals/2026-Q3/alice.yaml", "a\n"), ("goals/2026-Q3/bob.yaml", "b\n"),
                             ("goals/2026-Q4/alice.yaml", "c\n"), ("records/2026-Q3/alice.yaml", "d\n"), ("people/alice.yaml", "e\n"),
                             ("people/zoë with space.yaml", "f\n"), ("notes", "g\n")] {
            try write(dir, path, text)
        }
        try git(["add", "-A"], in: dir)
        try git(["commit", "-q", "-m", "init"], in: dir)
        return dir
    }

    func write(_ dir: String, _ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: dir + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// The index after `edits`, made on the bytes and through libgit2.
    func bothWays(_ dir: String, expectBytes: Bool = true, _ edits: (IndexEditor, Repository) throws -> Void) throws -> (bytes: [UInt8], libgit2: [UInt8]) {
        let repo = try Repository(path: dir)
        let fast = try IndexEditor(repo)
        XCTAssertEqual(fast.editsBytes, expectBytes)
        try edits(fast, repo)
        let a = try fast.bytes()
        let lib = try IndexEditor(repo, throughLibgit2: true)
        XCTAssertFalse(lib.editsBytes)
        try edits(lib, repo)
        return (a, try lib.bytes())
    }

    func testEditsGiveLibgit2sBytesAndGitsTrees() throws {
        let dir = try makeRepository()
        let index = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/.git/index"))
        XCTAssertNotNil([UInt8](index).firstRange(of: Array("TREE".utf8)), "git commit writes the cache tree")
        try write(dir, "goals/2026-Q3/alice.yaml", "a changed\n")
        try write(dir, "goals/2026-Q3/carol.yaml", "new in an existing folder\n")
        try write(dir, "reviews/2026-Q3/alice.yaml", "new in a new folder\n")
        try write(dir, "zzz.yaml", "new at the top\n")
        try FileManager.default.removeItem(atPath: dir + "/people/alice.yaml")
        let (bytes, libgit2) = try bothWays(dir) { index, repo in
            for p in ["goals/2026-Q3/alice.yaml", "goals/2026-Q3/carol.yaml", "reviews/2026-Q3/alice.yaml", "zzz.yaml"] {
                let blob = try repo.writeBlob(Array(try String(contentsOfFile: dir + "/" + p, encoding: .utf8).utf8))
                try index.add(p, blob: blob, filemode: 0o100644, file: dir + "/" + p)
            }
            try index.remove("people/alice.yaml")
            try index.remove("people/nobody.yaml")
            try index.add("records/2026-Q3/alice.yaml", blob: try repo.writeBlob(Array("d\n".utf8)), filemode: 0o100755)
        }
        XCTAssertEqual(bytes, libgit2)
        // git reads it: the changes are staged, the rest is clean, and the cache tree it kept
        // gives the tree git computes from the entries themselves.
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/.git/index"))
        XCTAssertEqual(try git(["diff", "--cached", "--name-status"], in: dir).out,
                       "M\tgoals/2026-Q3/alice.yaml\nA\tgoals/2026-Q3/carol.yaml\nD\tpeople/alice.yaml\nM\trecords/2026-Q3/alice.yaml\nA\treviews/2026-Q3/alice.yaml\nA\tzzz.yaml\n")
        let fromCache = try git(["write-tree"], in: dir).out
        try git(["read-tree", "HEAD"], in: dir)
        try git(["add", "-A", "goals", "people", "reviews", "zzz.yaml"], in: dir)
        try git(["update-index", "--chmod=+x", "records/2026-Q3/alice.yaml"], in: dir)
        XCTAssertEqual(fromCache, try git(["write-tree"], in: dir).out)
    }

    func testAnUnchangedIndexIsWrittenAsItWas() throws {
        let dir = try makeRepository()
        let original = [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: dir + "/.git/index")))
        let (bytes, libgit2) = try bothWays(dir) { _, _ in }
        XCTAssertEqual(bytes, original)
        XCTAssertEqual(libgit2, original)
    }

    func testAResolvedConflictReplacesItsStages() throws {
        let dir = try makeRepository()
        try git(["checkout", "-q", "-b", "other"], in: dir)
        try write(dir, "goals/2026-Q3/bob.yaml", "theirs\n")
        try git(["commit", "-q", "-am", "theirs"], in: dir)
        try git(["checkout", "-q", "main"], in: dir)
        try write(dir, "goals/2026-Q3/bob.yaml", "ours\n")
        try git(["commit", "-q", "-am", "ours"], in: dir)
        XCTAssertNotEqual(try git(["merge", "-q", "other"], in: dir, check: false).status, 0)
        XCTAssertEqual(try git(["ls-files", "-u"], in: dir).out.split(separator: "\n").count, 3)
        try write(dir, "goals/2026-Q3/bob.yaml", "resolved\n")
        let (bytes, libgit2) = try bothWays(dir) { index, repo in
            try index.add("goals/2026-Q3/bob.yaml", blob: try repo.writeBlob(Array("resolved\n".utf8)), filemode: 0o100644,
                          file: dir + "/goals/2026-Q3/bob.yaml")
        }
        XCTAssertEqual(bytes, libgit2)
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/.git/index"))
        XCTAssertEqual(try git(["ls-files", "-u"], in: dir).out, "")
    }

    func testAFileWhereAFolderWasGoesThroughLibgit2() throws {
        let dir = try makeRepository()
        try FileManager.default.removeItem(atPath: dir + "/notes")
        try write(dir, "notes/a.yaml", "h\n")
        let repo = try Repository(path: dir)
        let (bytes, libgit2) = try bothWays(dir) { index, _ in
            try index.add("notes/a.yaml", blob: try repo.writeBlob(Array("h\n".utf8)), filemode: 0o100644, file: dir + "/notes/a.yaml")
            XCTAssertFalse(index.editsBytes)
        }
        XCTAssertEqual(bytes, libgit2)
    }

    func testOtherIndexFormsAreLeftToLibgit2() throws {
        let dir = try makeRepository()
        let repo = try Repository(path: dir)
        try git(["-c", "core.untrackedCache=true", "update-index", "--untracked-cache"], in: dir)
        try git(["-c", "core.untrackedCache=true", "status", "--porcelain"], in: dir)
        XCTAssertFalse(try IndexEditor(repo).editsBytes, "an untracked cache (UNTR)")
        try git(["update-index", "--no-untracked-cache"], in: dir)
        try git(["update-index", "--index-version", "4"], in: dir)
        XCTAssertFalse(try IndexEditor(repo).editsBytes, "version 4")
        try git(["update-index", "--index-version", "2"], in: dir)
        XCTAssertTrue(try IndexEditor(repo).editsBytes)
        var damaged = [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: dir + "/.git/index")))
        damaged[20] ^= 1
        try Data(damaged).write(to: URL(fileURLWithPath: dir + "/.git/index"))
        XCTAssertThrowsError(try IndexEditor(repo), "a damaged index is libgit2's to report")
    }
}
