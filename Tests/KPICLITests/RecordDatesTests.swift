import XCTest

/// Dates that cannot be actuals: `kpi record` refuses a date after the author's today unless
/// `--allow-future`, and `kpi check` warns about records dated after the commit that added them
/// (or, not committed yet, after today).
final class RecordDatesTests: XCTestCase {
    let june20 = "2026-06-20T10:00:00+08:00"

    func testRecordRefusesADateAfterTheAuthorsToday() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%")
        let head = try s.git("rev-parse", "HEAD")
        // The Sandbox's author date is 2026-06-20 (+08:00): that is today for the author.
        let r = try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", status: 1)
        XCTAssertEqual(r.stderr, "kpi: error: the date 2026-07-31 is after today (2026-06-20): an actual cannot be measured yet; check the date, or give --allow-future\n")
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        // Today's own date is fine; the author's day, not UTC's: 2026-07-01T07:00+08:00 is still 06-30 in UTC.
        try s.kpi("record", "alice", "retention", "41%", "--date", "2026-07-01", env: ["GIT_AUTHOR_DATE": "2026-07-01T07:00:00+08:00"])
        try s.kpi("record", "alice", "retention", "42%", "--date", "2026-06-20")
        try s.kpi("record", "alice", "retention", "43%", "--date", "2026-07-31", "--allow-future")
        XCTAssertEqual(try s.git("rev-list", "--count", "HEAD"), "8\n")
    }

    func testCheckWarnsAboutRecordsDatedAfterTheirCommit() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%")
        try s.kpi("record", "alice", "retention", "41%", "--date", "2026-07-31", "--allow-future")
        let early = String(try s.git("rev-parse", "HEAD").prefix(7))
        try s.kpi("record", "alice", "retention", "42%", "--date", "2026-08-31", env: ["GIT_AUTHOR_DATE": "2026-08-31T18:00:00+08:00"])
        // A hand edit committed with plain git, dated before the figure it adds.
        try s.write("records/2026-Q3/alice.yaml", try s.read("records/2026-Q3/alice.yaml") + "  - date: 2026-09-30\n    metric: retention\n    value: 44%\n")
        try s.git("commit", "-qam", "September retention")
        let plain = String(try s.git("rev-parse", "HEAD").prefix(7))
        // Not committed: judged against today (the author's day, 2026-06-20).
        try s.write("records/2026-Q3/alice.yaml", try s.read("records/2026-Q3/alice.yaml") + "  - date: 2026-09-30\n    metric: retention\n    value: 45%\n")
        let check = try s.kpi("check")
        XCTAssertEqual(check.stdout, """
        records/2026-Q3/alice.yaml:5:5: warning: this record is dated 2026-07-31, after the commit that added it (\(early), 2026-06-20 by Bob Manager): an actual cannot be measured before its day; check the date
        records/2026-Q3/alice.yaml:11:5: warning: this record is dated 2026-09-30, after the commit that added it (\(plain), 2026-06-20 by Bob Manager): an actual cannot be measured before its day; check the date
        records/2026-Q3/alice.yaml:14:5: warning: this record is dated 2026-09-30, after today (2026-06-20): an actual cannot be measured before its day; check the date

        """)
        XCTAssertEqual(check.stderr, "0 errors, 3 warnings\n")
        // Recorded in time, nothing to say: the same ledger checked on 2026-10-01 warns only
        // about the commits, and a record of the commit's own day is fine.
        let later = try s.kpi("check", "--format", "json", env: ["GIT_AUTHOR_DATE": "2026-10-01T09:00:00+08:00"])
        XCTAssertEqual(later.stdout.components(separatedBy: "after the commit that added it").count - 1, 2, later.stdout)
        XCTAssertFalse(later.stdout.contains("after today"), later.stdout)
        XCTAssertFalse(later.stdout.contains("2026-08-31, after"), later.stdout)
    }

    /// A ledger in a subfolder of its repository: its files' paths in the repository carry the
    /// folder, and the check finds the same records as at a repository's root — the committed
    /// one dated after its commit, and the uncommitted ones after today, files in path order.
    func testCheckInASubfolderLedgerWarnsAsAtTheRoot() throws {
        let s = try Sandbox()
        let mono = s.dir.appendingPathComponent("mono").path
        try FileManager.default.createDirectory(atPath: mono, withIntermediateDirectories: true)
        _ = try s.git("init", "-q", "-b", "main", in: mono)
        try s.kpi("init", "hr/ledger", "--name", "HR", cwd: mono)
        let hr = mono + "/hr/ledger"
        try s.kpi("person", "add", "bob", "--name", "Bob Manager", "--email", "bob@example.com", cwd: hr)
        try s.kpi("person", "add", "alice", "--name", "Alice Chen", "--email", "alice@example.com", "--manager", "bob", cwd: hr)
        for who in ["alice", "bob"] {
            try s.kpi("goal", "set", who, "retention", "--quarter", "2026-Q3", "--target", "45%", cwd: hr)
        }
        try s.kpi("record", "alice", "retention", "41%", "--date", "2026-07-31", "--allow-future", cwd: hr)
        let early = String(try s.git("rev-parse", "HEAD", in: mono).prefix(7))
        // Not committed: a new file of bob's, and alice's file with a record added.
        let added = "  - date: 2026-09-30\n    metric: retention\n    value: 44%\n"
        let alice = hr + "/records/2026-Q3/alice.yaml"
        try (try String(contentsOfFile: alice, encoding: .utf8) + added).write(toFile: alice, atomically: true, encoding: .utf8)
        try ("subject: bob\nquarter: 2026-Q3\nrecords:\n" + added).write(toFile: hr + "/records/2026-Q3/bob.yaml", atomically: true, encoding: .utf8)
        let check = try s.kpi("check", cwd: hr)
        XCTAssertEqual(check.stdout, """
        records/2026-Q3/alice.yaml:5:5: warning: this record is dated 2026-07-31, after the commit that added it (\(early), 2026-06-20 by Bob Manager): an actual cannot be measured before its day; check the date
        records/2026-Q3/alice.yaml:8:5: warning: this record is dated 2026-09-30, after today (2026-06-20): an actual cannot be measured before its day; check the date
        records/2026-Q3/bob.yaml:4:5: warning: this record is dated 2026-09-30, after today (2026-06-20): an actual cannot be measured before its day; check the date

        """)
        XCTAssertEqual(check.stderr, "0 errors, 3 warnings\n")
    }

    /// A history of one commit (HEAD is the root, as a ledger imported in one commit is): its
    /// records files are the commit's changes, all added, read from HEAD's listing (the check
    /// reads it once, beside its load); a file edited since has its committed records put back
    /// to that commit, the new one judged against today, and a new file's against today too.
    func testCheckOfAHistoryOfOneCommit() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%")
        try s.write("records/2026-Q2/alice.yaml", "subject: alice\nquarter: 2026-Q2\nrecords:\n  - date: 2026-06-01\n    metric: retention\n    value: 40%\n")
        try s.write("records/2026-Q3/alice.yaml", "subject: alice\nquarter: 2026-Q3\nrecords:\n  - date: 2026-07-31\n    metric: retention\n    value: 41%\n")
        try s.git("checkout", "-q", "--orphan", "imported")
        try s.git("add", "-A")
        try s.git("commit", "-qm", "the ledger, imported")
        XCTAssertEqual(try s.git("rev-list", "--count", "HEAD"), "1\n")
        let root = String(try s.git("rev-parse", "HEAD").prefix(7))
        try s.write("records/2026-Q3/alice.yaml", try s.read("records/2026-Q3/alice.yaml") + "  - date: 2026-09-30\n    metric: retention\n    value: 44%\n")
        try s.write("records/2026-Q3/bob.yaml", "subject: bob\nquarter: 2026-Q3\nrecords:\n  - date: 2026-08-31\n    metric: retention\n    value: 44%\n")
        for format in ["text", "json"] {
            let check = try s.kpi("check", "--format", format)
            let lines = [
                ("records/2026-Q3/alice.yaml", 4, "this record is dated 2026-07-31, after the commit that added it (\(root), 2026-06-20 by Bob Manager): an actual cannot be measured before its day; check the date"),
                ("records/2026-Q3/alice.yaml", 7, "this record is dated 2026-09-30, after today (2026-06-20): an actual cannot be measured before its day; check the date"),
                ("records/2026-Q3/bob.yaml", 4, "this record is dated 2026-08-31, after today (2026-06-20): an actual cannot be measured before its day; check the date"),
            ]
            if format == "text" {
                XCTAssertEqual(check.stdout, lines.map { "\($0.0):\($0.1):5: warning: \($0.2)\n" }.joined())
                XCTAssertEqual(check.stderr, "0 errors, 3 warnings\n")
            } else {
                for (path, line, message) in lines {
                    XCTAssertTrue(check.stdout.contains("\"path\": \"\(path)\",\n      \"line\": \(line),"), check.stdout)
                    XCTAssertTrue(check.stdout.contains(message), message)
                }
                XCTAssertTrue(check.stdout.contains("\"warnings\": 3"), check.stdout)
            }
        }
    }
}
