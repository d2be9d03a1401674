import XCTest

final class RecordingTests: XCTestCase {
    func testEachCommandIsOneCommitWithTheRightAuthorDateAndMessage() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--baseline", "40%", "--target", "45%", "--weight", "60")
        try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", "--source", "analytics export",
                  env: ["GIT_AUTHOR_NAME": "Alice Chen", "GIT_AUTHOR_EMAIL": "alice@example.com", "GIT_AUTHOR_DATE": "@1785484800 +0800"])
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "44%", "-m", "Agreed lower target after the reorg",
                  env: ["GIT_AUTHOR_DATE": "2026-08-10T11:00:00+08:00"])
        try s.kpi("review", "alice", "--quarter", "2026-Q3", "--rating", "A", "--summary", "Strong quarter",
                  "--author", "Dana Director <dana@example.com>")
        let log = try s.git("log", "--reverse", "--format=%an <%ae> %ad %s", "--date=iso-strict")
        XCTAssertEqual(log, """
        Bob Manager <bob@example.com> 2026-06-20T10:00:00+08:00 init: ledger Test Co with the KPI catalog and scorecards
        Bob Manager <bob@example.com> 2026-06-20T10:00:00+08:00 person: add bob (Bob Manager)
        Bob Manager <bob@example.com> 2026-06-20T10:00:00+08:00 team: add product (Product)
        Bob Manager <bob@example.com> 2026-06-20T10:00:00+08:00 person: add alice (Alice Chen)
        Bob Manager <bob@example.com> 2026-06-20T10:00:00+08:00 goal: alice retention 2026-Q3 added (baseline, target, weight)
        Alice Chen <alice@example.com> 2026-07-31T16:00:00+08:00 record: alice retention 42% on 2026-07-31
        Bob Manager <bob@example.com> 2026-08-10T11:00:00+08:00 Agreed lower target after the reorg
        Dana Director <dana@example.com> 2026-06-20T10:00:00+08:00 review: alice 2026-Q3 rated A

        """)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        XCTAssertEqual(try s.git("fsck", "--strict").trimmingCharacters(in: .whitespacesAndNewlines), "")
        XCTAssertEqual(try s.read("records/2026-Q3/alice.yaml"), """
        # yaml-language-server: $schema=../../.kpi/schemas/records.schema.json
        subject: alice
        quarter: 2026-Q3
        records:
          - date: 2026-07-31
            metric: retention
            value: 42%
            source: analytics export

        """)
    }

    func testATargetChangeIsAOneLineDiffAndCommentsSurvive() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let sheet = """
        # Alice's goals, agreed in the June 1:1
        subject: alice
        quarter: 2026-Q3

        goals:
          # the big one
          - metric: retention   # 30-day
            baseline: 40%
            target: 45%     # stretch
            weight: 60

          - metric: nps
            target: "30"
            weight: 40
        """
        try s.write("goals/2026-Q3/alice.yaml", sheet)
        try s.kpi("commit", "-m", "Alice's Q3 goals")
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "42%")
        XCTAssertEqual(try s.read("goals/2026-Q3/alice.yaml"), sheet.replacingOccurrences(of: "target: 45%     # stretch", with: "target: 42%     # stretch"))
        XCTAssertEqual(try s.git("diff", "--numstat", "HEAD~1", "HEAD"), "1\t1\tgoals/2026-Q3/alice.yaml\n")
        // A new field goes in without touching the rest.
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--baseline", "20")
        XCTAssertEqual(try s.git("diff", "--numstat", "HEAD~1", "HEAD"), "1\t0\tgoals/2026-Q3/alice.yaml\n")
        try s.kpi("check")
    }

    func testRefusalsLeaveHeadIndexAndFilesUnchanged() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%")
        try s.write("notes.txt", "my own notes\n")
        try s.git("add", "notes.txt")
        try s.write("people/alice.yaml", try s.read("people/alice.yaml") + "level: mid\n")
        let head = try s.git("rev-parse", "HEAD"), status = try s.git("status", "--porcelain"), index = try s.git("ls-files", "-s")
        let cases: [([String], String)] = [
            (["record", "alice", "retentoin", "42%", "--date", "2026-07-31"], "did you mean 'retention'?"),
            (["record", "alice", "retention", "42 users", "--date", "2026-07-31"], "not a valid value"),
            (["record", "alice", "revenue", "45%", "--date", "2026-07-31"], "percentage"),
            (["record", "../x", "retention", "42%", "--date", "2026-07-31"], "lower_snake_case"),
            (["record", "zed", "retention", "42%", "--date", "2026-07-31"], "unknown subject"),
            (["goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "lots"], "not a valid value"),
            (["goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--method", "magic"], "not a scoring method"),
            (["record", "alice", "retention", "42%", "--date", "2026-02-30"], "not a date"),
        ]
        for (args, expected) in cases {
            let r = try s.run(Sandbox.kpiBinary.path, args, cwd: s.ledger)
            XCTAssertNotEqual(r.status, 0, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains(expected), "\(args): \(r.stderr)")
            XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
            XCTAssertEqual(try s.git("status", "--porcelain"), status)
            XCTAssertEqual(try s.git("ls-files", "-s"), index)
        }
        // The staged notes and the unstaged edit survive a successful command too.
        try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", "--allow-future")
        XCTAssertEqual(try s.git("status", "--porcelain"), status)
        XCTAssertEqual(try s.git("show", "--name-only", "--format=", "HEAD"), "records/2026-Q3/alice.yaml\n")
    }

    func testAnUncommittedHandEditIsNeverOverwritten() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%")
        let edited = try s.read("goals/2026-Q3/alice.yaml") + "# thinking about nps\n"
        try s.write("goals/2026-Q3/alice.yaml", edited)
        let r = try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "40%", status: 1)
        XCTAssertTrue(r.stderr.contains("goals/2026-Q3/alice.yaml has uncommitted changes"), r.stderr)
        XCTAssertEqual(try s.read("goals/2026-Q3/alice.yaml"), edited)
    }

    func testKpiCommitValidatesAndCommitsOnlyLedgerFiles() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.write("scratch.md", "draft\n")
        try s.write("goals/2026-Q3/alice.yaml", "subject: alice\nquarter: 2026-Q3\ngoals:\n  - metric: retention\n    target: 45 apples\n")
        let head = try s.git("rev-parse", "HEAD")
        let bad = try s.kpi("commit", "-m", "goals", status: 1)
        XCTAssertTrue(bad.stderr.contains("goals/2026-Q3/alice.yaml:5:13: error:"), bad.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        try s.write("goals/2026-Q3/alice.yaml", "subject: alice\nquarter: 2026-Q3\ngoals:\n  - metric: retention\n    target: 45%\n")
        // Deleting a metric that scorecards still list breaks them: refused, with their locations.
        try FileManager.default.removeItem(atPath: s.ledger + "/metrics/innovation.yaml")
        let broken = try s.kpi("commit", "-m", "drop innovation", status: 1)
        XCTAssertTrue(broken.stderr.contains("scorecards/pm_mid.yaml:40:5: error: scorecard pm_mid, dimension strategy: unknown metric 'innovation'"), broken.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        try s.git("checkout", "-q", "HEAD", "--", "metrics/innovation.yaml")
        try s.write("records/2026-Q3/alice.yaml", "subject: alice\nquarter: 2026-Q3\nrecords:\n  - date: 2026-07-01\n    metric: nps\n    value: 30\n")
        try s.kpi("commit", "-m", "Alice's goals")
        XCTAssertEqual(try s.git("show", "--name-status", "--format=", "HEAD"), "A\tgoals/2026-Q3/alice.yaml\nA\trecords/2026-Q3/alice.yaml\n")
        try FileManager.default.removeItem(atPath: s.ledger + "/records/2026-Q3/alice.yaml")
        try s.kpi("commit", "-m", "that record was a test")
        XCTAssertEqual(try s.git("show", "--name-status", "--format=", "HEAD"), "D\trecords/2026-Q3/alice.yaml\n")
        XCTAssertEqual(try s.git("status", "--porcelain"), "?? scratch.md\n")
    }

    func testClosedQuarterRefusesWritesUnlessReopenedWithAReason() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", "--allow-future")
        let early = try s.kpi("close", "2026-Q3", status: 1)
        XCTAssertTrue(early.stderr.contains("2026-Q3 has not started yet"), early.stderr)
        try s.kpi("close", "2026-Q3", "-m", "Q3 final", env: ["GIT_AUTHOR_DATE": "2026-10-05T10:00:00+08:00"])
        XCTAssertEqual(try s.git("tag", "-l", "-n1"), "closed/2026-Q3  Q3 final\n")
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("record", "alice", "retention", "43%", "--date", "2026-08-31", "--allow-future", status: 1)
        XCTAssertTrue(r.stderr.contains("2026-Q3 is closed"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        try s.kpi("record", "alice", "retention", "43%", "--date", "2026-10-02", "--allow-future")
        try s.kpi("record", "alice", "retention", "43%", "--date", "2026-08-31", "--allow-future", "--reopen", "--reason", "late export from analytics")
        XCTAssertTrue(try s.git("log", "-1", "--format=%B").contains("\n\nReopen-Reason: late export from analytics\n"))
    }

    func testImportAddsAllRowsInOneCommitOrRefusesTheFileWithTheRowNumber() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try Data("subject,metric,date,value,note\nalice,retention,2026-07-31,42%,July\nalice,nps,2026-08-31,31,\"with, comma\"\nbob,revenue,2026-10-15,50万,\n".utf8)
            .write(to: s.dir.appendingPathComponent("good.csv"))
        try Data("subject,metric,date,value\nalice,retention,2026-07-31,42%\nalice,retention,2026-07-31,lots\n".utf8)
            .write(to: s.dir.appendingPathComponent("bad.csv"))
        let head = try s.git("rev-parse", "HEAD")
        let bad = try s.kpi("import", s.dir.path + "/bad.csv", status: 1)
        XCTAssertTrue(bad.stderr.contains(":3:1: error: row 3:"), bad.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        try s.kpi("import", s.dir.path + "/good.csv")
        XCTAssertEqual(try s.git("rev-list", "--count", "\(head.trimmingCharacters(in: .whitespacesAndNewlines))..HEAD"), "1\n")
        XCTAssertEqual(try s.git("show", "--name-only", "--format=%s", "HEAD"),
                       "import: 3 records from good.csv\n\nrecords/2026-Q3/alice.yaml\nrecords/2026-Q4/bob.yaml\n")
        XCTAssertTrue(try s.read("records/2026-Q3/alice.yaml").contains("note: with, comma"))
    }

    func testEightConcurrentWritersAllLand() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let base = Int(try s.git("rev-list", "--count", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines))!
        let group = DispatchGroup()
        let failures = LockedCounter()
        for i in 1...8 {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                let r = try? s.run(Sandbox.kpiBinary.path, ["record", "alice", "retention", "\(40 + i)%", "--date", "2026-07-\(10 + i)", "--allow-future"], cwd: s.ledger)
                if r?.status != 0 { failures.add() }
            }
        }
        group.wait()
        XCTAssertEqual(failures.value, 0)
        XCTAssertEqual(Int(try s.git("rev-list", "--count", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)), base + 8)
        let records = try s.git("show", "HEAD:records/2026-Q3/alice.yaml")
        for i in 1...8 { XCTAssertTrue(records.contains("value: \(40 + i)%"), records) }
        XCTAssertEqual(try s.git("fsck", "--strict").trimmingCharacters(in: .whitespacesAndNewlines), "")
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
