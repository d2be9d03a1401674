import Foundation
import XCTest
@testable import GitStore

/// A branch moved as git's files backend moves it (`moveLooseBranch`): the ref and both reflogs
/// as libgit2 wrote them (its lines are the oracle, times aside), libgit2's rules for when to
/// log, and every other case (a packed ref, another branch than HEAD's) still right.
final class LooseBranchMoveTests: XCTestCase {
    private func repository(bare: Bool = false) throws -> (dir: String, repo: Repository) {
        let dir = TestEnv.tempDir("loosebranch")
        let repo = try Repository.create(at: dir, bare: bare)
        let config = bare ? dir + "/config" : dir + "/.git/config"
        try git(["config", "-f", config, "user.name", "Reflog Person"], in: dir)
        try git(["config", "-f", config, "user.email", "reflog@example.com"], in: dir)
        return (dir, repo)
    }

    private func write(_ repo: Repository, _ i: Int, branch: String? = nil) throws -> ObjectID {
        try repo.commitFiles(["records/2026-Q3/alice.yaml": bytes("records:\n  - value: \(i)\n")], message: "write \(i)\n\nbody",
                             author: TestEnv.alice, committer: TestEnv.alice, options: CommitOptions(branch: branch))
    }

    /// The fields of a reflog line but its time: old, new, who, zone, message.
    private func fields(_ line: Substring) -> [Substring] {
        let tab = line.firstIndex(of: "\t")!
        var head = line[..<tab].split(separator: " ")
        head.remove(at: head.count - 2)
        return head + [line[line.index(after: tab)...]]
    }

    private func lines(_ path: String) -> [Substring] {
        (readFile(path) ?? "").split(separator: "\n")
    }

    func testTheRefAndReflogsAreWhatLibgit2Writes() throws {
        let (dir, repo) = try repository()
        let first = try write(repo, 1)   // the branch is born through libgit2 (no loose ref yet)
        let second = try write(repo, 2)
        let third = try write(repo, 3)
        XCTAssertEqual(readFile(dir + "/.git/refs/heads/main"), third.hex + "\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/.git/refs/heads/main.lock"))
        for log in ["logs/refs/heads/main", "logs/HEAD"] {
            let l = lines(dir + "/.git/" + log)
            XCTAssertEqual(l.count, 3, log)
            XCTAssertEqual(fields(l[1]), [Substring(first.hex), Substring(second.hex), "Reflog", "Person", "<reflog@example.com>", fields(l[0])[5], "commit: write 2"], log)
            XCTAssertEqual(fields(l[2]), [Substring(second.hex), Substring(third.hex), "Reflog", "Person", "<reflog@example.com>", fields(l[0])[5], "commit: write 3"], log)
            let time = try XCTUnwrap(Int(l[2].split(separator: "\t")[0].split(separator: " ").dropLast().last!))
            XCTAssertLessThan(abs(time - Int(Date().timeIntervalSince1970)), 600)
        }
        // libgit2 moving the branch the same way writes the same fields.
        let fourth = try repo.createCommit(tree: try repo.commitTree(third), parents: [third], author: TestEnv.alice, committer: TestEnv.alice, message: "write 4")
        try repo.updateReference("refs/heads/main", to: fourth, expected: third, logMessage: "commit: write 4")
        let l = lines(dir + "/.git/logs/refs/heads/main")
        XCTAssertEqual(Array(fields(l[l.count - 1]).dropFirst(2)), Array(fields(l[2]).dropFirst(2).dropLast()) + ["commit: write 4"])
        XCTAssertEqual(try git(["reflog", "show", "--format=%H %gs", "main"], in: dir).out,
                       "\(fourth.hex) commit: write 4\n\(third.hex) commit: write 3\n\(second.hex) commit: write 2\n\(first.hex) commit (initial): write 1\n")
        try git(["fsck", "--strict"], in: dir)
    }

    func testNoReflogInABareRepositoryOrWhenTheConfigurationSaysNot() throws {
        let (bare, repo) = try repository(bare: true)
        _ = try write(repo, 1)
        _ = try write(repo, 2)
        XCTAssertEqual(try git(["rev-list", "--count", "main"], in: bare).out, "2\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: bare + "/logs/refs/heads/main"))

        let (dir, other) = try repository()
        _ = try write(other, 1)
        try git(["config", "core.logAllRefUpdates", "false"], in: dir)
        let reread = try Repository(path: dir)   // libgit2 keeps the setting per repository object
        _ = try write(reread, 2)
        XCTAssertEqual(lines(dir + "/.git/logs/refs/heads/main").count, 1)
        XCTAssertEqual(try git(["rev-list", "--count", "main"], in: dir).out, "2\n")
    }

    func testAPackedBranchAndABranchOtherThanHeadsMoveToo() throws {
        let (dir, repo) = try repository()
        _ = try write(repo, 1)
        _ = try write(repo, 2)
        try git(["pack-refs", "--all"], in: dir)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/.git/refs/heads/main"))
        let third = try write(repo, 3)   // libgit2's case
        XCTAssertEqual(try git(["rev-parse", "main"], in: dir).out, third.hex + "\n")
        let fourth = try write(repo, 4)   // loose again
        XCTAssertEqual(readFile(dir + "/.git/refs/heads/main"), fourth.hex + "\n")
        XCTAssertEqual(lines(dir + "/.git/logs/HEAD").count, 4)

        try git(["branch", "side"], in: dir)
        let side = try write(repo, 5, branch: "side")
        XCTAssertEqual(readFile(dir + "/.git/refs/heads/side"), side.hex + "\n")
        XCTAssertEqual(lines(dir + "/.git/logs/HEAD").count, 4, "HEAD names main, not side")
        XCTAssertEqual(fields(lines(dir + "/.git/logs/refs/heads/side").last!).last, "commit: write 5")
        XCTAssertEqual(try git(["rev-parse", "main"], in: dir).out, fourth.hex + "\n")
        try git(["fsck", "--strict"], in: dir)
    }
}
