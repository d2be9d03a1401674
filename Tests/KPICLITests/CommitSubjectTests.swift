import Foundation
import XCTest

/// Commit messages as `git log` shows them: subjects of at most 72 characters with the details
/// in the body, file names instead of machine paths, and the reopen reason as a git trailer that
/// git itself parses (docs/format.md, "Commit messages").
final class CommitSubjectTests: XCTestCase {
    func subjects(_ s: Sandbox) throws -> [String] {
        try s.git("log", "--format=%s").split(separator: "\n").map(String.init)
    }

    func testALongGoalChangeNamesItsFieldsInTheSubjectAndEachChangeInTheBody() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "1,200,000", "--baseline", "800,000",
                  "--weight", "30%", "--method", "progress")
        XCTAssertEqual(try s.git("log", "-1", "--format=%B"),
                       "goal: alice revenue 2026-Q3 added (baseline, target, weight, method)\n\n"
                       + "baseline 800,000\ntarget 1,200,000\nweight 30%\nmethod progress\n\n")
        let r = try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "1,300,000", "--baseline", "900,000", "--weight", "35%")
        XCTAssertTrue(r.stdout.hasSuffix("] goal: alice revenue 2026-Q3 changed (baseline, target, weight)\n"), r.stdout)
        XCTAssertEqual(try s.git("log", "-1", "--format=%B"),
                       "goal: alice revenue 2026-Q3 changed (baseline, target, weight)\n\n"
                       + "baseline 800,000 → 900,000\ntarget 1,200,000 → 1,300,000\nweight 30% → 35%\n\n")
        // A change that fits stays on one line, as before.
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--weight", "40%")
        XCTAssertEqual(try s.git("log", "-1", "--format=%B"), "goal: alice revenue 2026-Q3 weight 35% → 40%\n\n")
        for subject in try subjects(s) { XCTAssertLessThanOrEqual(subject.count, 72, subject) }
    }

    func testASubjectTooLongIsCutAtAWordAndGivenWholeInTheBody() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let name = "Maximilian Alexander Wolfgang von Hohenstein-Ebersberg zu Lichtenfels"
        try s.kpi("person", "add", "max", "--name", name, "--email", "max@example.com")
        let whole = "person: add max (\(name))"
        XCTAssertEqual(whole.count, 87)
        XCTAssertEqual(try s.git("log", "-1", "--format=%B"),
                       "person: add max (Maximilian Alexander Wolfgang von Hohenstein-Ebersberg…\n\n\(whole)\n\n")
        XCTAssertEqual(try subjects(s).first?.count, 72)
    }

    func testAnImportNamesTheFileNotWhereItSat() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let folder = s.dir.appendingPathComponent("Users/li.na/Downloads/exports from finance")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let csv = folder.appendingPathComponent("q3-july.csv")
        try Data("subject,metric,date,value\nalice,retention,2026-07-31,42%\nalice,nps,2026-07-31,31\n".utf8).write(to: csv)
        let dry = try s.kpi("import", "--dry-run", csv.path)
        XCTAssertTrue(dry.stdout.hasPrefix("Dry run, nothing committed: import: 2 records from q3-july.csv\n"), dry.stdout)
        try s.kpi("import", csv.path)
        XCTAssertEqual(try s.git("log", "-1", "--format=%B"), "import: 2 records from q3-july.csv\n\n")
        XCTAssertFalse(try s.git("log", "--format=%B").contains(s.dir.path))
    }

    func testTheReopenReasonIsATrailerGitParsesAndTheAuditReadsOldAndNewStyle() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", "--allow-future")
        try s.kpi("close", "2026-Q3", "-m", "Q3 final", env: ["GIT_AUTHOR_DATE": "2026-10-05T10:00:00+08:00"])
        let after = ["GIT_AUTHOR_DATE": "2026-10-06T10:00:00+08:00"]
        try s.kpi("record", "alice", "retention", "43%", "--date", "2026-08-31", "--allow-future", "--reopen",
                  "--reason", "late export\nfrom analytics", env: after)
        let message = try s.git("log", "-1", "--format=%B")
        XCTAssertEqual(message, "record: alice retention 43% on 2026-08-31\n\nReopen-Reason: late export from analytics\n\n")
        let parsed = try s.run("/usr/bin/git", ["interpret-trailers", "--parse"], stdin: message)
        XCTAssertEqual(parsed.stdout, "Reopen-Reason: late export from analytics\n")

        // Someone's own message with trailers of its own: the reason joins their block.
        try s.kpi("record", "alice", "nps", "30", "--date", "2026-09-30", "--allow-future", "--reopen", "--reason", "survey came late",
                  "-m", "Late NPS\n\nSigned-off-by: Bob Manager <bob@example.com>", env: after)
        let own = try s.git("log", "-1", "--format=%B")
        XCTAssertEqual(own, "Late NPS\n\nSigned-off-by: Bob Manager <bob@example.com>\nReopen-Reason: survey came late\n\n")
        XCTAssertEqual(try s.run("/usr/bin/git", ["interpret-trailers", "--parse"], stdin: own).stdout,
                       "Signed-off-by: Bob Manager <bob@example.com>\nReopen-Reason: survey came late\n")

        // A commit written before the trailer existed says `Reopened: why`.
        try s.write("records/2026-Q3/bob.yaml", "subject: bob\nquarter: 2026-Q3\nrecords:\n  - date: 2026-09-01\n    metric: nps\n    value: 20\n")
        try s.git("add", "records/2026-Q3/bob.yaml")
        try s.git("commit", "-q", "-m", "record: bob nps 20 on 2026-09-01\n\nReopened: finance restated September")

        let audit = try s.kpi("audit", status: 1).stdout
        let lines = audit.split(separator: "\n").filter { $0.contains("[closed_quarter_changed]") }
        XCTAssertEqual(lines.count, 3, audit)
        XCTAssertTrue(lines[0].hasSuffix("after 2026-Q3 was closed; reopen reason: late export from analytics"), audit)
        XCTAssertTrue(lines[1].hasSuffix("after 2026-Q3 was closed; reopen reason: survey came late"), audit)
        XCTAssertTrue(lines[2].hasSuffix("after 2026-Q3 was closed; reopen reason: finance restated September"), audit)
    }
}
