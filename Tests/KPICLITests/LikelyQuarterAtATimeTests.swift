import Foundation
import XCTest
@testable import KPICLI

/// `ScoreCommand.likelyQuarterAtATime` counts the entries of the index of the repository the
/// ledger is in, found as git finds it (docs/architecture.md, "Memory"): not only
/// `<ledger>/.git/index`, which a ledger in a sub-folder, a linked worktree (`.git` a file) or
/// `GIT_DIR` does not have. The git CLI makes each layout; each index's count is known by hand.
final class LikelyQuarterAtATimeTests: XCTestCase {
    func likely(_ start: String, _ atLeast: Int, _ environment: [String: String] = [:]) -> Bool {
        ScoreCommand.likelyQuarterAtATime(from: start, atLeast: atLeast, environment: environment)
    }

    /// `count` files, ledger.yaml among them, written under `folder` and staged in `repo`.
    func stage(_ s: Sandbox, repo: String, folder: String, count: Int) throws {
        for n in 0..<count {
            let path = folder + "/" + (n == 0 ? "ledger.yaml" : "people/p\(n).yaml")
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data((n == 0 ? "name: Test Co\n" : "name: P\(n)\n").utf8).write(to: URL(fileURLWithPath: path))
        }
        try s.git("add", "-A", in: repo)
    }

    func testTheLedgerAtTheRepositorysRoot() throws {
        let s = try Sandbox()
        let repo = s.dir.path + "/root"
        try s.git("init", "-q", repo, in: s.dir.path)
        try stage(s, repo: repo, folder: repo, count: 3)
        XCTAssertTrue(likely(repo, 3))
        XCTAssertFalse(likely(repo, 4))
        XCTAssertTrue(likely(repo + "/people", 3), "started below the ledger's folder")
    }

    func testALedgerInASubfolder() throws {
        let s = try Sandbox()
        let repo = s.dir.path + "/company", ledger = repo + "/hr/ledger"
        try s.git("init", "-q", repo, in: s.dir.path)
        try stage(s, repo: repo, folder: ledger, count: 4)
        try Data("other\n".utf8).write(to: URL(fileURLWithPath: repo + "/README"))
        try s.git("add", "README", in: repo)
        // The repository's whole index: the ledger's 4 files and the README.
        XCTAssertTrue(likely(ledger, 5))
        XCTAssertFalse(likely(ledger, 6))
        XCTAssertFalse(FileManager.default.fileExists(atPath: ledger + "/.git"), "no index beside the ledger")
    }

    func testALinkedWorktreeReadsItsOwnIndex() throws {
        let s = try Sandbox()
        let repo = s.dir.path + "/main", linked = s.dir.path + "/linked"
        try s.git("init", "-q", repo, in: s.dir.path)
        try stage(s, repo: repo, folder: repo, count: 3)
        try s.git("commit", "-q", "-m", "three files", in: repo)
        try s.git("worktree", "add", "-q", linked, in: repo)
        // The main work tree's index grows to 5 entries; the linked one's stays at 3.
        try stage(s, repo: repo, folder: repo, count: 5)
        var isFolder: ObjCBool = true
        XCTAssertTrue(FileManager.default.fileExists(atPath: linked + "/.git", isDirectory: &isFolder))
        XCTAssertFalse(isFolder.boolValue, "a linked worktree's .git is a file")
        XCTAssertTrue(likely(linked, 3))
        XCTAssertFalse(likely(linked, 4))
        XCTAssertTrue(likely(repo, 5))
    }

    func testGitDirAndGitIndexFile() throws {
        let s = try Sandbox()
        let repo = s.dir.path + "/elsewhere", ledger = s.dir.path + "/plain"
        try s.git("init", "-q", repo, in: s.dir.path)
        try stage(s, repo: repo, folder: repo, count: 4)
        try FileManager.default.createDirectory(atPath: ledger, withIntermediateDirectories: true)
        try Data("name: Plain\n".utf8).write(to: URL(fileURLWithPath: ledger + "/ledger.yaml"))
        XCTAssertFalse(likely(ledger, 1), "a folder in no repository")
        XCTAssertTrue(likely(ledger, 4, ["GIT_DIR": repo + "/.git"]))
        XCTAssertFalse(likely(ledger, 5, ["GIT_DIR": repo + "/.git"]))
        XCTAssertTrue(likely(ledger, 4, ["GIT_DIR": "../elsewhere/.git"]), "relative to the start folder")
        // Another index of 2 entries, named by GIT_INDEX_FILE.
        let other = s.dir.path + "/other-index"
        _ = try s.run("/usr/bin/git", ["-C", repo, "read-tree", "--empty"], env: ["GIT_INDEX_FILE": other])
        try Data("a\n".utf8).write(to: URL(fileURLWithPath: repo + "/a.txt"))
        try Data("b\n".utf8).write(to: URL(fileURLWithPath: repo + "/b.txt"))
        let added = try s.run("/usr/bin/git", ["-C", repo, "add", "a.txt", "b.txt"], env: ["GIT_INDEX_FILE": other])
        XCTAssertEqual(added.status, 0, added.stderr)
        XCTAssertTrue(likely(repo, 2, ["GIT_INDEX_FILE": other]))
        XCTAssertFalse(likely(repo, 3, ["GIT_INDEX_FILE": other]))
        XCTAssertTrue(likely(repo, 4))
    }
}
