import Foundation
import XCTest

/// git's other conventions (docs/repositories.md): GIT_DIR and GIT_WORK_TREE, a command given
/// outside any ledger, an unknown command, plain `kpi`.
final class GitConventionsTests: XCTestCase {
    func testGitDirAndGitWorkTreeNameTheRepositoryAndItsWorkTree() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%", "--weight", "100")
        // A work tree apart from its git directory, as `git --git-dir --work-tree` uses them.
        let gitDir = s.dir.appendingPathComponent("store.git").path
        try FileManager.default.moveItem(atPath: s.ledger + "/.git", toPath: gitDir)
        let elsewhere = s.dir.appendingPathComponent("elsewhere").path
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let env = ["GIT_DIR": gitDir, "GIT_WORK_TREE": s.ledger]

        // Reads: the repository's history, from a folder that is no repository at all.
        let log = try s.kpi("log", env: env, cwd: elsewhere)
        XCTAssertTrue(log.stdout.contains("alice retention added (target 45%, weight 100)"), log.stdout)
        try s.kpi("check", env: env, cwd: s.ledger)

        // Writes: the commit lands in GIT_DIR and the file in GIT_WORK_TREE, as git sees them.
        try s.kpi("record", "alice", "retention", "44%", "--date", "2026-07-31", env: env.merging(["GIT_AUTHOR_DATE": "2026-08-01T10:00:00+08:00"]) { $1 }, cwd: s.ledger)
        let show = try s.run("/usr/bin/git", ["--git-dir", gitDir, "--work-tree", s.ledger, "show", "--name-only", "--format=%s", "HEAD"])
        XCTAssertEqual(show.stdout, "record: alice retention 44% on 2026-07-31\n\nrecords/2026-Q3/alice.yaml\n")
        XCTAssertTrue(try s.read("records/2026-Q3/alice.yaml").contains("value: 44%"))
        let status = try s.run("/usr/bin/git", ["--git-dir", gitDir, "--work-tree", s.ledger, "status", "--porcelain"])
        XCTAssertEqual(status.stdout, "")

        // GIT_DIR alone: the work tree is the folder kpi runs in (git's rule).
        let history = try s.kpi("history", "alice", env: ["GIT_DIR": gitDir], cwd: s.ledger)
        XCTAssertTrue(history.stdout.contains("∅ → 45%"), history.stdout)

        // Without GIT_DIR, the folder is no repository: the message says how to find or make a ledger.
        let outside = try s.kpi("log", status: 1, cwd: elsewhere)
        XCTAssertEqual(outside.stderr, "kpi: error: no ledger found at \(elsewhere) or any folder above it (run `kpi init` to start one; or run kpi inside a ledger's folder, the one holding ledger.yaml, or name it with `kpi -C FOLDER`)\n")
        // An empty repository is no ledger either: a write says so, not "unknown subject".
        _ = try s.run("/usr/bin/git", ["init", "-q", elsewhere])
        for args in [["log"], ["audit"], ["history", "alice"], ["record", "alice", "nps", "3"]] {
            let r = try s.kpi(args, status: 1, cwd: elsewhere)
            XCTAssertTrue(r.stderr.hasPrefix("kpi: error: no ledger found at \(elsewhere)"), r.stderr)
        }
    }

    /// git runs hooks in a linked worktree with GIT_DIR set to the worktree's git directory: a
    /// kpi started in a ledger's subfolder there still finds the worktree and the ledger in it.
    func testALinkedWorktreesGitDirKeepsItsWorkTreeForASubfolderLedger() throws {
        let s = try Sandbox()
        let mono = s.ledger
        try FileManager.default.createDirectory(atPath: mono, withIntermediateDirectories: true)
        _ = try s.git("init", "-q", "-b", "main")
        try s.write("README.md", "Monorepo\n")
        _ = try s.git("add", "README.md")
        _ = try s.git("commit", "-q", "-m", "readme")
        try s.kpi("init", "hr/ledger", "--name", "HR")
        try s.kpi("person", "add", "alice", "--name", "Alice Chen", cwd: mono + "/hr/ledger")
        let linked = s.dir.appendingPathComponent("linked").path
        _ = try s.git("worktree", "add", "-q", "-b", "side", linked)
        let env = ["GIT_DIR": mono + "/.git/worktrees/linked"]
        let log = try s.kpi("log", env: env, cwd: linked + "/hr/ledger")
        XCTAssertEqual(log.stdout, try s.kpi("log", cwd: mono + "/hr/ledger").stdout)
        try s.kpi("person", "add", "bob", "--name", "Bob Manager", env: env, cwd: linked + "/hr/ledger")
        XCTAssertEqual(try s.git("show", "--name-only", "--format=", "side"), "hr/ledger/people/bob.yaml\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: linked + "/hr/ledger/people/bob.yaml"))
        XCTAssertEqual(try s.git("status", "--porcelain", in: linked), "")
    }

    func testAnUnknownCommandSuggestsTheNearestOneAndPlainKpiPrintsTheShortHelp() throws {
        let s = try Sandbox()
        let typo = try s.kpi("scroe", status: 1)
        XCTAssertEqual(typo.stdout, "")
        XCTAssertEqual(typo.stderr, "kpi: error: 'scroe' is not a kpi command; did you mean `kpi score`? (see `kpi --help`)\n")
        let sub = try s.kpi("goal", "sett", "alice", status: 1)
        XCTAssertEqual(sub.stderr, "kpi: error: 'sett' is not a kpi goal command; did you mean `kpi goal set`? (see `kpi goal --help`)\n")
        let far = try s.kpi("frobnicate", status: 1)
        XCTAssertEqual(far.stderr, "kpi: error: 'frobnicate' is not a kpi command (see `kpi --help`)\n")
        // Options and known commands pass through to the parser as before.
        XCTAssertTrue(try s.kpi("--help").stdout.contains("SUBCOMMANDS:"))
        XCTAssertTrue(try s.kpi("help", "score").stdout.contains("USAGE: kpi score"))

        // Plain `kpi`: the short help, on standard error, exit status 1 (as git does).
        let plain = try s.kpi(status: 1)
        XCTAssertEqual(plain.stdout, "")
        XCTAssertTrue(plain.stderr.hasPrefix("OVERVIEW: "), plain.stderr)
        XCTAssertTrue(plain.stderr.contains("USAGE: kpi <subcommand>"), plain.stderr)
        XCTAssertTrue(plain.stderr.contains("  score "), plain.stderr)
    }
}
