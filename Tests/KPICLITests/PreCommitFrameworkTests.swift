import Foundation
import XCTest

/// The shipped `.pre-commit-hooks.yaml`, run by the real pre-commit framework (from PyPI;
/// .ci/run installs it) in a ledger repository, as the README documents it.
final class PreCommitFrameworkTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// pre-commit with kpi on PATH and its cache inside the sandbox.
    func preCommit(_ s: Sandbox, _ args: String..., cwd: String? = nil) throws -> Sandbox.Run {
        let kpiFolder = Sandbox.kpiBinary.deletingLastPathComponent().path
        return try s.run("/usr/bin/env", ["pre-commit"] + args, cwd: cwd ?? s.ledger,
                         env: ["PATH": kpiFolder + ":" + (s.env["PATH"] ?? ""), "PRE_COMMIT_HOME": s.dir.appendingPathComponent("pre-commit-cache").path])
    }

    func requirePreCommit(_ s: Sandbox) throws {
        let r = try s.run("/usr/bin/env", ["pre-commit", "--version"])
        if r.status != 0 { XCTFail("pre-commit is not installed: `python3 -m pip install pre-commit` (.ci/run does)"); throw XCTSkip() }
    }

    func testTheShippedManifestIsValidAndItsHooksGuardPlainCommits() throws {
        let s = try Sandbox()
        try requirePreCommit(s)
        let manifest = Self.packageRoot.appendingPathComponent(".pre-commit-hooks.yaml").path
        let valid = try preCommit(s, "validate-manifest", manifest, cwd: s.dir.path)
        XCTAssertEqual(valid.status, 0, valid.stdout + valid.stderr)

        // A repository holding the shipped manifest, listed under `repos:` like this project's URL.
        let hooksRepo = s.dir.appendingPathComponent("kpi-hooks").path
        try FileManager.default.createDirectory(atPath: hooksRepo, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: manifest, toPath: hooksRepo + "/.pre-commit-hooks.yaml")
        try s.git("init", "-q", "-b", "main", in: hooksRepo)
        try s.git("add", ".", in: hooksRepo)
        try s.git("commit", "-q", "-m", "hooks", in: hooksRepo)
        let rev = try s.git("rev-parse", "HEAD", in: hooksRepo).trimmingCharacters(in: .newlines)

        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q1", "--target", "45%")
        try s.kpi("close", "2026-Q1")
        try s.write(".pre-commit-config.yaml", """
            default_install_hook_types: [pre-commit, commit-msg]
            repos:
              - repo: \(hooksRepo)
                rev: \(rev)
                hooks:
                  - id: kpi-check
                  - id: kpi-reopen-reason

            """)
        try s.git("add", ".pre-commit-config.yaml")
        try s.git("commit", "-q", "-m", "pre-commit configuration")
        XCTAssertEqual(try preCommit(s, "run", "--all-files").status, 0)

        // A bad staged goal: `pre-commit run` and a plain `git commit` both refuse it.
        try s.write("goals/2026-Q3/alice.yaml", GitHooksTests.badGoal)
        try s.git("add", "goals/2026-Q3/alice.yaml")
        let run = try preCommit(s, "run", "--all-files")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stdout.contains("kpi check (staged ledger files)"), run.stdout)
        XCTAssertTrue(run.stdout.contains("goals/2026-Q3/alice.yaml:5:13: error: target of retention is not a valid value: 'many' is not a number"), run.stdout)
        let install = try preCommit(s, "install")
        XCTAssertEqual(install.status, 0, install.stdout + install.stderr)
        let head = try s.git("rev-parse", "HEAD")
        XCTAssertNotEqual(try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-m", "goals"], env: ["PATH": Sandbox.kpiBinary.deletingLastPathComponent().path + ":" + (s.env["PATH"] ?? ""), "PRE_COMMIT_HOME": s.dir.appendingPathComponent("pre-commit-cache").path]).status, 0)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        try s.write("goals/2026-Q3/alice.yaml", GitHooksTests.goodGoal)
        try s.git("add", "goals/2026-Q3/alice.yaml")
        XCTAssertEqual(try preCommit(s, "run", "--all-files").status, 0)

        // The commit-msg hook: a closed quarter needs the trailer.
        try s.write("goals/2026-Q1/alice.yaml", try s.read("goals/2026-Q1/alice.yaml").replacingOccurrences(of: "45%", with: "40%"))
        try s.git("add", "goals/2026-Q1/alice.yaml")
        let env = ["PATH": Sandbox.kpiBinary.deletingLastPathComponent().path + ":" + (s.env["PATH"] ?? ""),
                   "PRE_COMMIT_HOME": s.dir.appendingPathComponent("pre-commit-cache").path]
        let refused = try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-m", "lower Q1"], env: env)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue((refused.stdout + refused.stderr).contains("goals/2026-Q1/alice.yaml:1:1: error: 2026-Q1 is closed (tag closed/2026-Q1)"), refused.stdout + refused.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        let accepted = try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-m", "lower Q1", "-m", "Reopen-Reason: agreed in January"], env: env)
        XCTAssertEqual(accepted.status, 0, accepted.stdout + accepted.stderr)
        XCTAssertEqual(try s.git("show", "HEAD:goals/2026-Q1/alice.yaml"), try s.read("goals/2026-Q1/alice.yaml"))
    }

    /// The README's `repo: local` variant is the one `kpi hooks install` prints, and works.
    func testTheLocalVariantInTheReadmeWorks() throws {
        let s = try Sandbox()
        try requirePreCommit(s)
        let readme = try String(contentsOf: Self.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "```yaml\nrepos:\n  - repo: local\n"), let end = readme[start.upperBound...].range(of: "```\n") else {
            return XCTFail("README.md has no `repo: local` .pre-commit-config.yaml block")
        }
        let config = String(readme[start.lowerBound..<end.lowerBound].dropFirst("```yaml\n".count))
        try s.makeLedger()
        try s.write(".pre-commit-config.yaml", config)
        try s.git("add", ".pre-commit-config.yaml")
        try s.git("commit", "-q", "-m", "pre-commit configuration")
        try s.write("goals/2026-Q3/alice.yaml", GitHooksTests.badGoal)
        try s.git("add", "goals/2026-Q3/alice.yaml")
        let run = try preCommit(s, "run", "--all-files")
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("goals/2026-Q3/alice.yaml:5:13: error:"), run.stdout)
        try s.write("goals/2026-Q3/alice.yaml", GitHooksTests.goodGoal)
        try s.git("add", "goals/2026-Q3/alice.yaml")
        let good = try preCommit(s, "run", "--all-files")
        XCTAssertEqual(good.status, 0, good.stdout + good.stderr)
    }
}
