import XCTest

/// `kpi clone`, a remote whose default branch is not `main`, and clones git made incomplete.
final class CloneTests: XCTestCase {
    /// A bare remote whose only (and default) branch is `trunk`, holding the sandbox's ledger.
    func trunkRemote(_ s: Sandbox) throws -> String {
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "30")
        let bare = s.dir.appendingPathComponent("trunk.git").path
        _ = try s.git("init", "-q", "--bare", "-b", "trunk", bare, in: s.dir.path)
        _ = try s.git("push", "-q", bare, "main:trunk")
        return bare
    }

    func testCloneTakesTheDefaultBranchSetsUpHooksAndChecks() throws {
        let s = try Sandbox()
        let bare = try trunkRemote(s)
        let oracle = s.dir.appendingPathComponent("by-git").path
        _ = try s.git("clone", "-q", "file://" + bare, oracle, in: s.dir.path)
        let r = try s.kpi("clone", "file://" + bare, cwd: s.dir.path)
        let c = s.dir.appendingPathComponent("trunk").path
        XCTAssertTrue(r.stdout.contains("Cloned file://\(bare) into trunk."), r.stdout)
        XCTAssertTrue(r.stdout.contains("Registered the kpi merge driver"), r.stdout)
        XCTAssertEqual(try s.git("symbolic-ref", "HEAD", in: c), try s.git("symbolic-ref", "HEAD", in: oracle))
        XCTAssertEqual(try s.git("symbolic-ref", "HEAD", in: c), "refs/heads/trunk\n")
        XCTAssertEqual(try s.git("rev-parse", "origin/trunk", in: c), try s.git("rev-parse", "HEAD"))
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: c + "/.git/hooks/pre-commit"))
        XCTAssertTrue(try s.git("config", "merge.kpi.driver", in: c).contains("merge-driver"))
        XCTAssertEqual(try s.git("status", "--porcelain", in: c), "")
        // The clone syncs with its branch's upstream, trunk.
        try s.kpi("record", "alice", "nps", "31", "--date", "2026-07-31", "--allow-future", cwd: c)
        let synced = try s.kpi("sync", cwd: c)
        XCTAssertTrue(synced.stdout.contains("Pushed to origin/trunk"), synced.stdout)
        XCTAssertEqual(try s.git("rev-parse", "trunk", in: bare), try s.git("rev-parse", "HEAD", in: c))
        // A bad ledger clones, and the check says what is wrong (exit 1).
        try s.write("people/zed.yaml", "name: [broken\n")
        _ = try s.git("add", "-A")
        _ = try s.git("commit", "-q", "-m", "broken")
        _ = try s.git("push", "-q", bare, "main:trunk", "--force")
        let bad = try s.kpi("clone", bare, "bad", status: 1, cwd: s.dir.path)
        XCTAssertTrue(bad.stdout.contains("people/zed.yaml:1:"), bad.stdout + bad.stderr)
        // An existing folder is refused.
        let again = try s.kpi("clone", bare, "bad", status: 1, cwd: s.dir.path)
        XCTAssertTrue(again.stderr.contains("already exists"), again.stderr)
    }

    func testSyncFollowsTheRemoteDefaultBranchInsteadOfInventingMain() throws {
        let s = try Sandbox()
        let bare = try trunkRemote(s)
        // An empty repository on `main` syncing with it: it follows trunk.
        let c = s.dir.appendingPathComponent("c").path
        _ = try s.git("init", "-q", "-b", "main", c, in: s.dir.path)
        try s.kpi("remote", "add", "origin", bare, cwd: c)
        let r = try s.kpi("sync", cwd: c)
        XCTAssertTrue(r.stdout.contains("Fast-forwarded to origin/trunk"), r.stdout)
        XCTAssertEqual(try s.git("config", "branch.main.merge", in: c), "refs/heads/trunk\n")
        // The original ledger (on main) pushes its next change to trunk too.
        try s.kpi("remote", "add", "origin", bare)
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "32")
        let pushed = try s.kpi("sync")
        XCTAssertTrue(pushed.stdout.contains("Pushed to origin/trunk"), pushed.stdout)
        XCTAssertEqual(try s.git("for-each-ref", "--format=%(refname)", "refs/heads", in: bare), "refs/heads/trunk\n", "no second branch")
        XCTAssertEqual(try s.git("rev-parse", "trunk", in: bare), try s.git("rev-parse", "HEAD"))
        try s.kpi("sync", cwd: c)
        XCTAssertEqual(try s.git("rev-parse", "HEAD", in: c), try s.git("rev-parse", "HEAD"))
    }

    func testShallowAndPartialClonesNameTheGitCommandThatCompletesThem() throws {
        let s = try Sandbox()
        let bare = try trunkRemote(s)
        _ = try s.git("config", "uploadpack.allowFilter", "true", in: bare)
        let shallow = s.dir.appendingPathComponent("shallow").path
        _ = try s.git("clone", "-q", "--depth", "1", "file://" + bare, shallow, in: s.dir.path)
        for args in [["history", "alice"], ["audit"], ["sync"]] {
            let r = try s.run(Sandbox.kpiBinary.path, args, cwd: shallow)
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains("this clone is shallow"), "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("git fetch --unshallow"), r.stderr)
            XCTAssertFalse(r.stderr.contains("object not found"), r.stderr)
        }
        _ = try s.git("fetch", "-q", "--unshallow", in: shallow)
        try s.kpi("history", "alice", cwd: shallow)

        // A second version of the goal sheet, which the partial clone will lack.
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "33")
        _ = try s.git("push", "-q", bare, "main:trunk")
        let partial = s.dir.appendingPathComponent("partial").path
        _ = try s.git("clone", "-q", "--filter=blob:none", "file://" + bare, partial, in: s.dir.path)
        let r = try s.kpi("history", "alice", status: 1, cwd: partial)
        XCTAssertTrue(r.stderr.contains("this clone is partial") && r.stderr.contains("git fetch --refetch"), r.stderr)
    }
}
