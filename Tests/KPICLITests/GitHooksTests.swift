import Foundation
import XCTest

/// `kpi hooks install` puts its hooks where git runs them (linked worktrees, core.hooksPath),
/// keeps a hook already there, and makes a plain `git commit` follow `kpi commit`'s rules,
/// closed quarters included (docs/hooks.md). The git CLI makes every commit.
final class GitHooksTests: XCTestCase {
    static let badGoal = "subject: alice\nquarter: 2026-Q3\ngoals:\n  - metric: retention\n    target: many\n"
    static let goodGoal = "subject: alice\nquarter: 2026-Q3\ngoals:\n  - metric: retention\n    target: 45%\n"

    func gitCommit(_ s: Sandbox, _ args: String..., in dir: String? = nil) throws -> Sandbox.Run {
        try s.run("/usr/bin/git", ["-C", dir ?? s.ledger, "commit"] + args)
    }

    func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func testALinkedWorktreeGetsHooksGitRunsAndABadPlainCommitIsRefused() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let wt = s.dir.appendingPathComponent("side").path
        try s.git("worktree", "add", "-q", "-b", "side", wt)
        let out = try s.kpi("hooks", "install", cwd: wt).stdout
        // Git runs a linked worktree's hooks from the common git directory.
        XCTAssertTrue(out.contains("hooks in \(s.ledger)/.git/hooks:"), out)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: s.ledger + "/.git/hooks/pre-commit"))
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: s.ledger + "/.git/hooks/commit-msg"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/.git/worktrees/side/hooks/pre-commit"))
        try write(Self.badGoal, to: wt + "/goals/2026-Q3/alice.yaml")
        try s.git("add", "goals/2026-Q3/alice.yaml", in: wt)
        let head = try s.git("rev-parse", "side")
        let bad = try gitCommit(s, "-m", "goals", in: wt)
        XCTAssertNotEqual(bad.status, 0)
        // Git shows a hook's output on its standard error.
        XCTAssertTrue(bad.stderr.contains("goals/2026-Q3/alice.yaml:5:13: error: target of retention is not a valid value"), bad.stderr)
        XCTAssertTrue(bad.stderr.contains("kpi: the staged ledger files have errors (above); nothing was committed"), bad.stderr)
        XCTAssertEqual(try s.git("rev-parse", "side"), head)
        try write(Self.goodGoal, to: wt + "/goals/2026-Q3/alice.yaml")
        try s.git("add", "goals/2026-Q3/alice.yaml", in: wt)
        XCTAssertEqual(try gitCommit(s, "-q", "-m", "goals", in: wt).status, 0)
        XCTAssertNotEqual(try s.git("rev-parse", "side"), head)
    }

    func testCoreHooksPathIsWhereTheHooksGoAndABadPlainCommitIsRefused() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.git("config", "core.hooksPath", ".githooks")
        let out = try s.kpi("hooks", "install").stdout
        XCTAssertTrue(out.contains("hooks in \(s.ledger)/.githooks (core.hooksPath .githooks):"), out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/.git/hooks/pre-commit"))
        try s.write("goals/2026-Q3/alice.yaml", Self.badGoal)
        try s.git("add", "goals/2026-Q3/alice.yaml")
        let head = try s.git("rev-parse", "HEAD")
        let bad = try gitCommit(s, "-m", "goals")
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("goals/2026-Q3/alice.yaml:5:13: error:"), bad.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        // `git commit -a` commits what git stages into its own temporary index (GIT_INDEX_FILE).
        try s.write("goals/2026-Q3/alice.yaml", Self.goodGoal)
        try s.git("add", "goals/2026-Q3/alice.yaml")
        try s.write("goals/2026-Q3/alice.yaml", Self.badGoal)
        XCTAssertNotEqual(try gitCommit(s, "-a", "-m", "goals").status, 0)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        // The staged version is what counts, not the working file.
        XCTAssertEqual(try gitCommit(s, "-q", "-m", "goals").status, 0)
        XCTAssertEqual(try s.git("show", "HEAD:goals/2026-Q3/alice.yaml"), Self.goodGoal)
    }

    func testAHooksFolderAnotherToolManagesOrNobodyCanWriteIsRefusedWithTheLinesToAdd() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.git("config", "core.hooksPath", ".husky/_")
        let husky = try s.kpi("hooks", "install", status: 1).stderr
        XCTAssertEqual(husky, "kpi: error: git's hooks folder \(s.ledger)/.husky/_ (core.hooksPath .husky/_) is managed by husky; nothing was changed. Add the line `kpi check --staged` to \(s.ledger)/.husky/pre-commit and the line `kpi check --staged --commit-msg \"$1\"` to \(s.ledger)/.husky/commit-msg (see `kpi help hooks`)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/.husky"))

        // A hooks folder that cannot be made: its path runs through a file.
        try s.write("notes.txt", "not a folder\n")
        try s.git("config", "core.hooksPath", "notes.txt/hooks")
        let blocked = try s.kpi("hooks", "install", status: 1).stderr
        XCTAssertEqual(blocked, "kpi: error: core.hooksPath is notes.txt/hooks, and git's hooks folder \(s.ledger)/notes.txt/hooks cannot be written by you; nothing was changed. Ask its owner to add the line `kpi check --staged` to its pre-commit hook and `kpi check --staged --commit-msg \"$1\"` to its commit-msg hook, or unset core.hooksPath (`git config --unset core.hooksPath`) and run `kpi hooks install` again\n")

        // The pre-commit framework's own hook: kpi's hooks belong in its configuration.
        try s.git("config", "--unset", "core.hooksPath")
        let framework = "#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nexit 0\n"
        try write(framework, to: s.ledger + "/.git/hooks/pre-commit")
        let managed = try s.kpi("hooks", "install", status: 1).stderr
        XCTAssertTrue(managed.hasPrefix("kpi: error: \(s.ledger)/.git/hooks/pre-commit is managed by the pre-commit framework; nothing was changed. Add kpi's hooks to .pre-commit-config.yaml"), managed)
        XCTAssertTrue(managed.contains("      - id: kpi-check\n        name: kpi check (staged ledger files)\n        entry: kpi check --staged\n"), managed)
        XCTAssertEqual(try String(contentsOfFile: s.ledger + "/.git/hooks/pre-commit", encoding: .utf8), framework)
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/.git/hooks/commit-msg"))
    }

    func testAnExistingHookIsKeptAndStillRunsFirst() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let mark = s.dir.appendingPathComponent("ran").path
        let own = "#!/bin/sh\necho \"$(basename \"$0\") $*\" >> '\(mark)'\n[ -f STOP ] && { echo 'team hook says no' >&2; exit 3; }\nexit 0\n"
        for name in ["pre-commit", "commit-msg"] {
            try write(own, to: s.ledger + "/.git/hooks/" + name)
            chmod(s.ledger + "/.git/hooks/" + name, 0o755)
        }
        let out = try s.kpi("hooks", "install").stdout
        XCTAssertTrue(out.contains("Kept the pre-commit hook that was there as pre-commit.before-kpi; it runs first.\n"), out)
        XCTAssertTrue(out.contains("Kept the commit-msg hook that was there as commit-msg.before-kpi; it runs first.\n"), out)
        XCTAssertEqual(try String(contentsOfFile: s.ledger + "/.git/hooks/pre-commit.before-kpi", encoding: .utf8), own)
        // Installing again keeps the chain as it is.
        XCTAssertFalse(try s.kpi("hooks", "install").stdout.contains("Kept"))
        try s.write("goals/2026-Q3/alice.yaml", Self.goodGoal)
        try s.git("add", "goals/2026-Q3/alice.yaml")
        XCTAssertEqual(try gitCommit(s, "-q", "-m", "goals").status, 0)
        XCTAssertEqual(try String(contentsOfFile: mark, encoding: .utf8), "pre-commit.before-kpi \ncommit-msg.before-kpi .git/COMMIT_EDITMSG\n")
        // The kept hook still decides too.
        try s.write("STOP", "")
        try s.write("goals/2026-Q3/alice.yaml", Self.goodGoal.replacingOccurrences(of: "45%", with: "50%"))
        try s.git("add", "goals/2026-Q3/alice.yaml")
        let head = try s.git("rev-parse", "HEAD")
        let refused = try gitCommit(s, "-m", "goals")
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("team hook says no"), refused.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
    }

    func testAClosedQuarterChangedThroughPlainGitNeedsTheTrailerAndTheAuditShowsTheReason() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q1", "--target", "45%")
        try s.kpi("record", "alice", "retention", "40%", "--date", "2026-02-27")
        try s.kpi("close", "2026-Q1")
        try s.kpi("hooks", "install")
        let head = try s.git("rev-parse", "HEAD")
        try s.write("records/2026-Q1/alice.yaml", try s.read("records/2026-Q1/alice.yaml").replacingOccurrences(of: "40%", with: "41%"))
        let refused = try gitCommit(s, "-a", "-m", "fix the February figure")
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stderr, "records/2026-Q1/alice.yaml:1:1: error: 2026-Q1 is closed (tag closed/2026-Q1); to commit this change anyway, end the commit message with a line `Reopen-Reason: why` (the audit reports the change with that reason)\n1 error, 0 warnings\nkpi: this commit changes a closed quarter (above); nothing was committed\n")
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        let accepted = try gitCommit(s, "-q", "-a", "-m", "fix the February figure", "-m", "Reopen-Reason: finance restated February")
        XCTAssertEqual(accepted.status, 0, accepted.stdout + accepted.stderr)
        let plain = try s.git("rev-parse", "--short", "HEAD").trimmingCharacters(in: .newlines)
        // The same through kpi, with --reopen --reason.
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q1", "--target", "40%", "--reopen", "--reason", "target agreed lower in January")
        let viaKpi = try s.git("rev-parse", "--short", "HEAD").trimmingCharacters(in: .newlines)
        let audit = try s.kpi("audit", status: 1).stdout
        let closed = audit.split(separator: "\n").filter { $0.contains("[closed_quarter_changed]") }
        XCTAssertEqual(closed, [
            "\(plain) error [closed_quarter_changed] Bob Manager <bob@example.com> changed records/2026-Q1/alice.yaml (retention: 2026-02-27 retention 40% → 2026-02-27 retention 41%) on 2026-06-20T10:00:00+08:00, after 2026-Q1 was closed; reopen reason: finance restated February",
            "\(viaKpi) error [closed_quarter_changed] Bob Manager <bob@example.com> changed goals/2026-Q1/alice.yaml (retention target: 45% → 40%) on 2026-06-20T10:00:00+08:00, after 2026-Q1 was closed; reopen reason: target agreed lower in January",
        ], audit)
    }

    /// `git merge` runs the commit-msg hook too: what the merged branch brings was judged when
    /// it was committed there, so its reopened change needs no second reason on the merge.
    func testAMergeOfABranchThatReopenedAQuarterNeedsNoReasonOfItsOwn() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q1", "--target", "45%")
        try s.kpi("close", "2026-Q1")
        try s.kpi("hooks", "install")
        try s.git("checkout", "-q", "-b", "fix")
        try s.write("goals/2026-Q1/alice.yaml", try s.read("goals/2026-Q1/alice.yaml").replacingOccurrences(of: "45%", with: "40%"))
        XCTAssertEqual(try gitCommit(s, "-q", "-a", "-m", "lower Q1", "-m", "Reopen-Reason: agreed in January").status, 0)
        try s.git("checkout", "-q", "main")
        try s.write("goals/2026-Q3/alice.yaml", Self.goodGoal)
        try s.git("add", "goals/2026-Q3/alice.yaml")
        XCTAssertEqual(try gitCommit(s, "-q", "-m", "Q3 goals").status, 0)
        let merge = try s.run("/usr/bin/git", ["-C", s.ledger, "merge", "-q", "--no-edit", "fix"])
        XCTAssertEqual(merge.status, 0, merge.stderr)
        XCTAssertEqual(try s.git("rev-list", "--count", "--merges", "HEAD"), "1\n")
        XCTAssertEqual(try s.git("show", "HEAD:goals/2026-Q1/alice.yaml"), try s.read("goals/2026-Q1/alice.yaml"))
    }

    func testStagedCheckPrintsOnlyTheStagedFilesProblems() throws {
        let s = try Sandbox()
        try s.makeLedger()
        // A warning the ledger already has (weights of another sheet not adding up to 100).
        try s.kpi("goal", "set", "bob", "retention", "--quarter", "2026-Q3", "--target", "45%", "--weight", "30")
        XCTAssertTrue(try s.kpi("check").stdout.contains("goals/2026-Q3/bob.yaml"))
        try s.write("goals/2026-Q3/alice.yaml", Self.goodGoal)
        try s.git("add", "goals/2026-Q3/alice.yaml")
        let clean = try s.kpi("check", "--staged")
        XCTAssertEqual(clean.stdout + clean.stderr, "")
        try s.write("goals/2026-Q3/alice.yaml", Self.badGoal)
        try s.git("add", "goals/2026-Q3/alice.yaml")
        let bad = try s.kpi("check", "--staged", status: 1)
        XCTAssertEqual(bad.stdout, "goals/2026-Q3/alice.yaml:5:13: error: target of retention is not a valid value: 'many' is not a number\n")
        let json = try s.kpi("check", "--staged", "--format", "json", status: 1).stdout
        XCTAssertTrue(json.contains("\"path\":\"goals/2026-Q3/alice.yaml\"") || json.contains("\"path\": \"goals/2026-Q3/alice.yaml\""), json)
        XCTAssertEqual(try s.kpi("check", "--staged", "goals/2026-Q3/alice.yaml", status: 64).stderr.contains("give no files with it"), true)
    }

    /// The ledger's first commit through plain git: judged by its own files, like the audit
    /// judges it, so nobody is warned about changing goals they do not manage.
    func testTheFirstCommitOfALedgerIsCheckedButNotJudgedForAuthority() throws {
        let s = try Sandbox()
        let repo = s.dir.appendingPathComponent("fresh").path
        try FileManager.default.createDirectory(atPath: repo + "/goals/2026-Q3", withIntermediateDirectories: true)
        try s.git("init", "-q", "-b", "main", in: repo)
        try Data("name: Fresh\n".utf8).write(to: URL(fileURLWithPath: repo + "/ledger.yaml"))
        try FileManager.default.createDirectory(atPath: repo + "/people", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: repo + "/metrics", withIntermediateDirectories: true)
        try Data("name: Alice\nemail: alice@example.com\n".utf8).write(to: URL(fileURLWithPath: repo + "/people/alice.yaml"))
        try Data("name: NPS\nunit: count\ndirection: higher\naggregate: last\ndimension: customer\n".utf8)
            .write(to: URL(fileURLWithPath: repo + "/metrics/nps.yaml"))
        try Data("subject: alice\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 40\n".utf8)
            .write(to: URL(fileURLWithPath: repo + "/goals/2026-Q3/alice.yaml"))
        try s.git("add", ".", in: repo)
        let first = try s.kpi("check", "--staged", cwd: repo)
        XCTAssertEqual(first.stdout + first.stderr, "")
        try Data("subject: alice\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: lots\n".utf8)
            .write(to: URL(fileURLWithPath: repo + "/goals/2026-Q3/alice.yaml"))
        try s.git("add", ".", in: repo)
        XCTAssertEqual(try s.kpi("check", "--staged", status: 1, cwd: repo).stdout,
                       "goals/2026-Q3/alice.yaml:5:13: error: target of nps is not a valid value: 'lots' is not a number\n")
    }
}

/// The hooks of a ledger in a subfolder of a larger repository (docs/repositories.md): git runs
/// them at the repository's root, and they judge the ledger's files only.
final class SubfolderLedgerHooksTests: XCTestCase {
    func testHooksJudgeTheSubfolderLedgerAndLeaveTheRestOfTheRepository() throws {
        let s = try Sandbox()
        let repo = s.dir.appendingPathComponent("company").path
        try FileManager.default.createDirectory(atPath: repo, withIntermediateDirectories: true)
        try s.git("init", "-q", "-b", "main", in: repo)
        try Data("# Company\n".utf8).write(to: URL(fileURLWithPath: repo + "/README.md"))
        try s.git("add", "README.md", in: repo)
        try s.git("commit", "-q", "-m", "start", in: repo)
        try s.kpi("init", "hr/ledger", "--name", "HR", cwd: repo)
        let ledger = repo + "/hr/ledger"
        try s.kpi("person", "add", "alice", "--name", "Alice", "--email", "alice@example.com", cwd: ledger)
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q1", "--target", "30", cwd: ledger)
        try s.kpi("close", "2026-Q1", cwd: ledger)
        try s.kpi("hooks", "install", cwd: ledger)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: repo + "/.git/hooks/pre-commit"))
        let head = try s.git("rev-parse", "HEAD", in: repo)

        // A bad goal in the ledger: refused, named from the repository's root.
        try Data(GitHooksTests.badGoal.replacingOccurrences(of: "retention", with: "nps").utf8)
            .write(to: URL(fileURLWithPath: ledger + "/goals/2026-Q3-alice.tmp"))
        try FileManager.default.createDirectory(atPath: ledger + "/goals/2026-Q3", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: ledger + "/goals/2026-Q3-alice.tmp", toPath: ledger + "/goals/2026-Q3/alice.yaml")
        try s.git("add", "hr/ledger/goals/2026-Q3/alice.yaml", in: repo)
        let bad = try s.run("/usr/bin/git", ["-C", repo, "commit", "-m", "goals"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("hr/ledger/goals/2026-Q3/alice.yaml:5:13: error: target of nps is not a valid value"), bad.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD", in: repo), head)
        try s.git("reset", "-q", "hr/ledger/goals/2026-Q3/alice.yaml", in: repo)

        // Files outside the ledger are none of kpi's business (a goals/ folder elsewhere too).
        try FileManager.default.createDirectory(atPath: repo + "/web/goals/2026-Q3", withIntermediateDirectories: true)
        try Data("target: whatever\n".utf8).write(to: URL(fileURLWithPath: repo + "/web/goals/2026-Q3/alice.yaml"))
        try s.git("add", "web", in: repo)
        let other = try s.run("/usr/bin/git", ["-C", repo, "commit", "-q", "-m", "web"])
        XCTAssertEqual(other.status, 0, other.stderr)
        XCTAssertEqual(other.stderr, "")

        // The ledger's closed quarter (its tag carries the folder): the trailer is needed.
        let sheet = ledger + "/goals/2026-Q1/alice.yaml"
        let text = try String(contentsOfFile: sheet, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "target: 30", with: "target: 25").utf8).write(to: URL(fileURLWithPath: sheet))
        let refused = try s.run("/usr/bin/git", ["-C", repo, "commit", "-a", "-m", "ease"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("hr/ledger/goals/2026-Q1/alice.yaml:1:1: error: 2026-Q1 is closed (tag closed/hr/ledger/2026-Q1)"), refused.stderr)
        let accepted = try s.run("/usr/bin/git", ["-C", repo, "commit", "-q", "-a", "-m", "ease", "-m", "Reopen-Reason: budget cut"])
        XCTAssertEqual(accepted.status, 0, accepted.stderr)
        let audit = try s.kpi("audit", status: 1, cwd: ledger).stdout
        XCTAssertTrue(audit.contains("after 2026-Q1 was closed; reopen reason: budget cut"), audit)
    }
}

/// `kpi help hooks` documents what the hooks run, and `kpi check --staged` exists as documented.
final class HooksHelpTests: XCTestCase {
    func testHelpNamesTheCommandsTheHooksRun() throws {
        let s = try Sandbox()
        let help = try s.kpi("help", "hooks").stdout
        XCTAssertTrue(help.contains("pre-commit   kpi check --staged\n"), help)
        XCTAssertTrue(help.contains("commit-msg   kpi check --staged --commit-msg \"$1\"\n"), help)
        XCTAssertTrue(try s.kpi("help", "check").stdout.contains("--commit-msg <commit-msg>"))
    }
}
