import Foundation
import XCTest

/// A ledger in a subfolder of a larger repository (docs/repositories.md): a monorepo holding two
/// ledgers and other teams' commits reads exactly like the same ledger alone in its own
/// repository; writes commit only the ledger's files; `kpi init` inside a work tree.
final class SubfolderLedgerTests: XCTestCase {
    /// One step of the HR ledger's story, at a fixed date (the same in both repositories).
    struct Step {
        var date: String
        var args: [String]
    }

    /// The story: a goal set, actuals recorded, then the target eased from 50% to 30% (the
    /// case from issue 17 the audit must flag), a record edited by hand.
    static let story: [Step] = [
        Step(date: "2026-06-20T10:00:00+08:00", args: ["person", "add", "bob", "--name", "Bob Manager", "--email", "bob@example.com"]),
        Step(date: "2026-06-20T10:05:00+08:00", args: ["person", "add", "alice", "--name", "Alice Chen", "--email", "alice@example.com", "--manager", "bob"]),
        Step(date: "2026-06-25T09:00:00+08:00", args: ["goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "50%", "--weight", "60"]),
        Step(date: "2026-06-25T09:10:00+08:00", args: ["goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40", "--weight", "40"]),
        Step(date: "2026-07-31T18:00:00+08:00", args: ["record", "alice", "retention", "20%", "--date", "2026-07-31"]),
        Step(date: "2026-08-31T18:00:00+08:00", args: ["record", "alice", "nps", "35", "--date", "2026-08-31"]),
        Step(date: "2026-09-02T11:00:00+08:00", args: ["goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "30%"]),
        Step(date: "2026-09-20T16:00:00+08:00", args: ["record", "alice", "retention", "28%", "--date", "2026-09-20"]),
    ]

    /// Read commands compared between the two repositories (run in the ledger's folder).
    static let reads: [[String]] = [
        ["check"], ["check", "--format", "json"],
        ["score", "--quarter", "2026-Q3"], ["score", "--quarter", "2026-Q3", "--format", "json"],
        ["score", "--quarter", "2026-Q3", "--at", "HEAD"], ["score", "--year", "2026", "--format", "json"],
        ["history", "alice"], ["history", "alice", "--format", "json"],
        ["diff"], ["diff", "--format", "json"],
        ["audit"], ["audit", "--format", "json"], ["audit", "--quarter", "2026-Q3"],
        ["log"], ["log", "alice"], ["verify"], ["verify", "--format", "json"],
        ["report", "--quarter", "2026-Q3", "--html", "-"],
    ]

    let end = "2026-09-30T12:00:00+08:00"

    func testAMonorepoLedgerReadsExactlyLikeTheSameLedgerAlone() throws {
        let s = try Sandbox()
        let solo = s.dir.appendingPathComponent("solo").path
        let mono = s.dir.appendingPathComponent("mono").path
        let hr = mono + "/hr/ledger", sales = mono + "/sales/ledger"

        // The ledger alone.
        try s.kpi("init", solo, "--name", "HR", env: date(Self.story[0].date), cwd: s.dir.path)
        for step in Self.story { try s.kpi(step.args, env: date(step.date), cwd: solo) }
        try write(solo + "/records/2026-Q3/alice.yaml", try read(solo + "/records/2026-Q3/alice.yaml").replacingOccurrences(of: "value: 35", with: "value: 36"))
        try s.kpi(["commit", "-m", "fix the August NPS"], env: date("2026-09-21T09:00:00+08:00"), cwd: solo)

        // The same story in a monorepo, with another team's commits, the sales ledger's own
        // writes and README edits between every step.
        try FileManager.default.createDirectory(atPath: mono, withIntermediateDirectories: true)
        try git(s, mono, ["init", "-q", "-b", "main"], at: "2026-06-01T10:00:00+08:00")
        try write(mono + "/README.md", "Company monorepo\n")
        try git(s, mono, ["add", "README.md"], at: "2026-06-01T10:00:00+08:00")
        try git(s, mono, ["commit", "-q", "-m", "readme"], at: "2026-06-01T10:00:00+08:00")
        try s.kpi("init", "sales/ledger", "--name", "Sales", env: date("2026-06-10T10:00:00+08:00"), cwd: mono)
        try s.kpi("person", "add", "carol", "--name", "Carol", "--email", "bob@example.com", env: date("2026-06-10T10:01:00+08:00"), cwd: sales)
        let created = try s.kpi("init", "hr/ledger", "--name", "HR", env: date(Self.story[0].date), cwd: mono)
        XCTAssertTrue(created.stdout.contains("inside the repository at \(canonical(mono))"), created.stdout)
        for (i, step) in Self.story.enumerated() {
            try s.kpi(step.args, env: date(step.date), cwd: hr)
            // Between steps, at a later time of the same day.
            let between = step.date.replacingOccurrences(of: ":00+08:00", with: ":30+08:00")
            try write(mono + "/README.md", "Company monorepo\n" + String(repeating: "edit\n", count: i + 1))
            try git(s, mono, ["commit", "-q", "-a", "-m", "readme \(i)"], at: between)
            try s.kpi("record", "carol", "revenue", "\(100 + i)", "--date", "2026-06-0\(i + 1)", env: date(between), cwd: sales)
        }
        try write(hr + "/records/2026-Q3/alice.yaml", try read(hr + "/records/2026-Q3/alice.yaml").replacingOccurrences(of: "value: 35", with: "value: 36"))
        try s.kpi(["commit", "-m", "fix the August NPS"], env: date("2026-09-21T09:00:00+08:00"), cwd: hr)
        // The last commit of the repository is another team's: the ledger's history ends before it.
        try write(mono + "/README.md", "Company monorepo, final\n")
        try git(s, mono, ["commit", "-q", "-a", "-m", "readme final"], at: "2026-09-22T09:00:00+08:00")

        // The ledger's commits, by git as the oracle: `git log -- hr/ledger` against the solo log.
        let soloIDs = try git(s, solo, ["log", "--format=%H"]).split(separator: "\n").map(String.init)
        let monoIDs = try git(s, mono, ["log", "--format=%H", "--", "hr/ledger"]).split(separator: "\n").map(String.init)
        XCTAssertEqual(soloIDs.count, Self.story.count + 2)
        XCTAssertEqual(monoIDs.count, soloIDs.count)
        // HEAD too (the revision `score` and `report` read): the ledger there is the last ledger commit's.
        let heads = (try git(s, mono, ["rev-parse", "HEAD"]).trimmingCharacters(in: .newlines), soloIDs[0])
        func rewritten(_ text: String) -> String {
            var t = text
            for (m, o) in zip(monoIDs, soloIDs) + [heads] {
                t = t.replacingOccurrences(of: m, with: o).replacingOccurrences(of: String(m.prefix(12)), with: String(o.prefix(12)))
                    .replacingOccurrences(of: String(m.prefix(7)), with: String(o.prefix(7)))
            }
            return t.replacingOccurrences(of: canonical(hr), with: canonical(solo))
        }
        // HEAD is the other team's commit: kpi diff's default still shows the ledger's last change.
        for args in Self.reads + [["diff", monoIDs[1]], ["diff", monoIDs[3], monoIDs[2]]] {
            let a = try s.run(Sandbox.kpiBinary.path, args.map { a in zip(monoIDs, soloIDs).first { $0.0 == a }?.1 ?? a }, cwd: solo, env: date(end))
            let b = try s.run(Sandbox.kpiBinary.path, args, cwd: hr, env: date(end))
            XCTAssertEqual(rewritten(b.stdout), a.stdout, "kpi \(args.joined(separator: " "))")
            XCTAssertEqual(rewritten(b.stderr), a.stderr, "kpi \(args.joined(separator: " ")) (stderr)")
            XCTAssertEqual(b.status, a.status, "kpi \(args.joined(separator: " ")) (status)")
        }

        // The eased target is flagged by audit, history and diff (not "No findings.").
        let audit = try s.kpi("audit", status: 1, env: date(end), cwd: hr)
        XCTAssertTrue(audit.stdout.contains("[eased_after_actuals]") && audit.stdout.contains("eased the retention target from 50% to 30% for alice in 2026-Q3"), audit.stdout)
        let history = try s.kpi("history", "alice", "retention", env: date(end), cwd: hr)
        XCTAssertTrue(history.stdout.contains("50% → 30%"), history.stdout)
        let easing = monoIDs[2]   // newest first: the NPS fix, the last record, then the easing
        let diff = try s.kpi("diff", easing + "~1", easing, env: date(end), cwd: hr)
        XCTAssertTrue(diff.stdout.contains("alice retention target 50% → 30%"), diff.stdout)

        // The other ledger of the repository is independent: its history holds its own commits.
        let salesLog = try s.kpi("log", env: date(end), cwd: sales)
        XCTAssertEqual(salesLog.stdout.split(separator: "\n").count,
                       try git(s, mono, ["log", "--format=%H", "--", "sales/ledger"]).split(separator: "\n").count)
        XCTAssertFalse(salesLog.stdout.contains("alice"), salesLog.stdout)
        try s.kpi("audit", env: date(end), cwd: sales)

        // Started at the monorepo's root: no ledger there, and the message names both.
        let outside = try s.kpi("score", status: 1, env: date(end), cwd: mono)
        XCTAssertTrue(outside.stderr.contains("this repository holds ledgers in hr/ledger/, sales/ledger/"), outside.stderr)
        XCTAssertTrue(outside.stderr.contains("kpi -C \(canonical(mono))/hr/ledger"), outside.stderr)
    }

    func testWritesInASubfolderLedgerCommitOnlyItsFiles() throws {
        let s = try Sandbox()
        let mono = s.dir.appendingPathComponent("mono").path
        let hr = mono + "/hr/ledger"
        try FileManager.default.createDirectory(atPath: mono + "/app", withIntermediateDirectories: true)
        try git(s, mono, ["init", "-q", "-b", "main"], at: end)
        try write(mono + "/app/main.c", "int main(void) { return 0; }\n")
        try git(s, mono, ["add", "app/main.c"], at: end)
        try git(s, mono, ["commit", "-q", "-m", "app"], at: end)
        // kpi init inside the work tree: one commit holding only the ledger's files, no nested repository.
        try s.kpi("init", "hr/ledger", "--name", "HR", cwd: mono)
        XCTAssertFalse(FileManager.default.fileExists(atPath: hr + "/.git"))
        let initFiles = try git(s, mono, ["show", "--name-only", "--format=", "HEAD"]).split(separator: "\n")
        XCTAssertFalse(initFiles.isEmpty)
        XCTAssertTrue(initFiles.allSatisfy { $0.hasPrefix("hr/ledger/") }, "\(initFiles)")
        XCTAssertTrue(initFiles.contains("hr/ledger/ledger.yaml"))
        XCTAssertEqual(try git(s, mono, ["rev-list", "--count", "HEAD"]), "2\n")

        // Uncommitted work elsewhere in the repository: staged and unstaged, never committed by kpi.
        try write(mono + "/app/main.c", "int main(void) { return 1; }\n")
        try git(s, mono, ["add", "app/main.c"], at: end)
        try write(mono + "/app/util.c", "void util(void) {}\n")
        try write(mono + "/people/stray.yaml", "name: Not in the ledger\n")
        let statusBefore = try git(s, mono, ["status", "--porcelain"])

        try s.kpi("person", "add", "alice", "--name", "Alice", cwd: hr)
        XCTAssertEqual(try git(s, mono, ["show", "--name-only", "--format=", "HEAD"]), "hr/ledger/people/alice.yaml\n")
        try write(hr + "/people/bob.yaml", "name: Bob\n")
        let committed = try s.kpi("commit", "-m", "bob by hand", cwd: hr + "/people")
        XCTAssertEqual(committed.stderr, "")
        XCTAssertEqual(try git(s, mono, ["show", "--name-only", "--format=", "HEAD"]), "hr/ledger/people/bob.yaml\n")
        XCTAssertEqual(try git(s, mono, ["status", "--porcelain"]), statusBefore, "the rest of the repository is as it was")
        XCTAssertEqual(try git(s, mono, ["show", "HEAD:app/main.c"]), "int main(void) { return 0; }\n")

        // A writer in the ledger sees its own subjects (not "unknown subject").
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%", "--weight", "100", cwd: hr)
        XCTAssertEqual(try git(s, mono, ["show", "--name-only", "--format=", "HEAD"]), "hr/ledger/goals/2026-Q3/alice.yaml\n")

        // Closing a quarter tags it with the ledger's folder, and refuses later writes into it.
        let closed = try s.kpi("close", "2026-Q3", env: date("2026-10-02T10:00:00+08:00"), cwd: hr)
        XCTAssertTrue(closed.stdout.contains("tag closed/hr/ledger/2026-Q3"), closed.stdout)
        XCTAssertEqual(try git(s, mono, ["tag", "--list"]), "closed/hr/ledger/2026-Q3\n")
        let refused = try s.kpi("record", "alice", "retention", "44%", "--date", "2026-09-01", status: 1,
                                env: date("2026-10-03T10:00:00+08:00"), cwd: hr)
        XCTAssertTrue(refused.stderr.contains("2026-Q3 is closed (tag closed/hr/ledger/2026-Q3)"), refused.stderr)

        // The merge driver's attributes go in the ledger's folder, anchored there, committed there.
        try s.kpi("hooks", "install", cwd: hr)
        let attributes = try read(hr + "/.gitattributes")
        XCTAssertTrue(attributes.contains("/ledger.yaml merge=kpi\n") && attributes.contains("goals/*/*.yaml merge=kpi\n"), attributes)
        XCTAssertFalse(FileManager.default.fileExists(atPath: mono + "/.gitattributes"))
        XCTAssertEqual(try git(s, mono, ["check-attr", "merge", "hr/ledger/goals/2026-Q3/alice.yaml"]), "hr/ledger/goals/2026-Q3/alice.yaml: merge: kpi\n")
        XCTAssertEqual(try git(s, mono, ["check-attr", "merge", "hr/ledger/ledger.yaml"]), "hr/ledger/ledger.yaml: merge: kpi\n")
        XCTAssertEqual(try git(s, mono, ["check-attr", "merge", "app/ledger.yaml"]), "app/ledger.yaml: merge: unspecified\n")
    }

    func testInitOutsideAWorkTreeCreatesARepositoryAndInsideAnotherLedgerRefuses() throws {
        let s = try Sandbox()
        let alone = s.dir.appendingPathComponent("alone").path
        let r = try s.kpi("init", alone, cwd: s.dir.path)
        XCTAssertTrue(r.stdout.hasPrefix("Created ledger 'alone' in \(alone) (commit "), r.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: alone + "/.git"))
        let nested = try s.kpi("init", "inner", status: 1, cwd: alone)
        XCTAssertTrue(nested.stderr.contains("lies inside the ledger at \(alone)"), nested.stderr)
    }

    /// A ledger at a repository's root with commits that touch no ledger file (a README): they
    /// are not its history — no log line, no verify entry, no audit finding.
    func testCommitsOutsideTheLedgerFilesOfAPlainRepositoryAreNotItsHistory() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%", "--weight", "100",
                  env: date("2026-07-01T09:00:00+08:00"))
        let before = try s.kpi("log", env: date(end)).stdout
        let verified = try s.kpi("verify", "--format", "json", env: date(end)).stdout
        // A README committed with a later date than the next ledger commit: had it been the
        // ledger commit's parent, that commit would read as back-dated.
        try s.write("README.md", "About this ledger\n")
        try git(s, s.ledger, ["add", "README.md"], at: "2026-09-10T09:00:00+08:00")
        try git(s, s.ledger, ["commit", "-q", "-m", "readme"], at: "2026-09-10T09:00:00+08:00")
        XCTAssertEqual(try s.kpi("log", env: date(end)).stdout, before)
        XCTAssertEqual(try s.kpi("verify", "--format", "json", env: date(end)).stdout, verified)
        try s.kpi("record", "alice", "retention", "44%", "--date", "2026-08-31", env: date("2026-09-05T09:00:00+08:00"))
        let audit = try s.kpi("audit", "--fail-on", "warning", env: date(end))
        XCTAssertEqual(audit.stdout, "No findings.\n")
        XCTAssertEqual(try s.kpi("log", env: date(end)).stdout.split(separator: "\n").count, before.split(separator: "\n").count + 1)
    }

    // MARK: Helpers

    func date(_ d: String) -> [String: String] { ["GIT_AUTHOR_DATE": d, "GIT_COMMITTER_DATE": d] }

    @discardableResult
    func git(_ s: Sandbox, _ path: String, _ args: [String], at when: String? = nil,
             file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = try s.run("/usr/bin/git", ["-C", path] + args, env: when.map(date) ?? [:])
        XCTAssertEqual(r.status, 0, "git \(args.joined(separator: " ")): \(r.stderr)", file: file, line: line)
        return r.stdout
    }

    func write(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func canonical(_ path: String) -> String { URL(fileURLWithPath: path).resolvingSymlinksInPath().path }
}

extension Sandbox {
    /// Runs kpi with an argument list.
    @discardableResult
    func kpi(_ args: [String], status: Int32 = 0, env extra: [String: String] = [:], cwd: String? = nil,
             file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        let r = try run(Sandbox.kpiBinary.path, args, cwd: cwd ?? ledgerIfExists, env: extra)
        XCTAssertEqual(r.status, status, "kpi \(args.joined(separator: " "))\nstdout: \(r.stdout)\nstderr: \(r.stderr)", file: file, line: line)
        return r
    }
}
