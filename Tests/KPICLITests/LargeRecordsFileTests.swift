import Foundation
import XCTest

/// Writes to a large records file check only what they add, against the summary kept in
/// `.git/kpi/records/` (docs/architecture.md, "The caches"); these tests show they refuse
/// exactly what reading the whole file refuses, at the same place (speed is measured by
/// BENCHMARKS.md, not here).
final class LargeRecordsFileTests: XCTestCase {
    static let path = "records/2026-Q3/alice.yaml"
    static let count = 1500

    /// Record i: nps, revenue ($i) or retention by turns; 4 lines each from line 4, so record i
    /// starts on line 4 + 4i (column 5 for its keys).
    /// The ledger with the large file committed by plain git (no kpi write has touched it).
    static func ledgerCommittedByGit() throws -> Sandbox {
        let s = try Sandbox()
        s.env["GIT_AUTHOR_DATE"] = "2026-10-01T10:00:00+08:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-10-01T10:00:00+08:00"
        try s.makeLedger()
        try s.write(path, bulk())
        try s.git("add", path)
        try s.git("commit", "-q", "-m", "bulk load by git")
        return s
    }

    static func bulk() -> String {
        var text = "subject: alice\nquarter: 2026-Q3\nrecords:\n"
        for i in 0..<count {
            let metric = ["nps", "revenue", "retention"][i % 3]
            let value = metric == "revenue" ? "$\(i)" : metric == "retention" ? "\(i % 100)%" : "\(i)"
            text += "  - date: 2026-\(String(format: "%02d", 7 + (i / 28) % 3))-\(String(format: "%02d", i % 28 + 1))\n"
            text += "    metric: \(metric)\n    value: \(value)\n    source: bulk \(i)\n"
        }
        return text
    }

    func makeLargeLedger() throws -> Sandbox {
        let s = try Sandbox()
        // Recorded after the quarter, so no date is in the future.
        s.env["GIT_AUTHOR_DATE"] = "2026-10-01T10:00:00+08:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-10-01T10:00:00+08:00"
        try s.makeLedger()
        try s.write(Self.path, Self.bulk())
        try s.kpi("commit", "-m", "bulk load")
        XCTAssertNotNil(try summary(s), "kpi commit of a large records file keeps its summary")
        return s
    }

    /// The summary kept for the committed file, nil when there is none.
    func summary(_ s: Sandbox) throws -> Data? {
        let blob = try s.git("rev-parse", "HEAD:" + Self.path).trimmingCharacters(in: .whitespacesAndNewlines)
        return FileManager.default.contents(atPath: s.ledger + "/.git/kpi/records/" + blob)
    }

    func testRefusalsAgainstOldRecordsAreTheWholeFilesOwn() throws {
        let s = try makeLargeLedger()
        let head = try s.git("rev-parse", "HEAD")
        // Record 9 (nps 9 on 2026-07-10) is on line 40, far above the end of the file.
        var r = try s.kpi("record", "alice", "nps", "9", "--date", "2026-07-10", status: 1)
        XCTAssertTrue(r.stderr.contains("alice nps 9 on 2026-07-10 is already recorded at records/2026-Q3/alice.yaml:40;"), r.stderr)
        // The first revenue record (record 1, line 8) is in dollars; the new one would be line 6004.
        r = try s.kpi("record", "alice", "revenue", "¥5", "--date", "2026-09-30", status: 1)
        XCTAssertTrue(r.stderr.hasPrefix("records/2026-Q3/alice.yaml:6004:5: error: revenue value ¥5 is in ¥, but the revenue record at records/2026-Q3/alice.yaml:8:5 ($1) is in $;"), r.stderr)
        // No nps record is dated 2026-07-11 (records 10 + 28k on that day are never nps).
        r = try s.kpi("record", "alice", "nps", "3", "--date", "2026-09-01", "--corrects", "2026-07-11", "--note", "typo", status: 1)
        XCTAssertTrue(r.stderr.contains("records/2026-Q3/alice.yaml has no nps record dated 2026-07-11 to correct"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")

        // Accepted writes append and keep the summary going; each later one checks against it.
        try s.kpi("record", "alice", "nps", "3", "--date", "2026-09-01", "--corrects", "2026-07-10", "--note", "typo")
        try s.kpi("record", "alice", "revenue", "$7.5", "--date", "2026-09-30")
        XCTAssertNotNil(try summary(s))
        r = try s.kpi("record", "alice", "revenue", "$7.50", "--date", "2026-09-30", status: 1)
        XCTAssertTrue(r.stderr.contains("alice revenue $7.50 on 2026-09-30 is already recorded at records/2026-Q3/alice.yaml:6009;"), r.stderr)
        let committed = try s.git("show", "HEAD:" + Self.path)
        XCTAssertEqual(committed, Self.bulk() + """
              - date: 2026-09-01
                corrects: 2026-07-10
                metric: nps
                value: 3
                note: typo
              - date: 2026-09-30
                metric: revenue
                value: $7.5

            """)
        try s.kpi("check")

        // A damaged summary is ignored: the same refusal, from reading the whole file.
        let blob = try s.git("rev-parse", "HEAD:" + Self.path).trimmingCharacters(in: .whitespacesAndNewlines)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: s.ledger + "/.git/kpi/records/" + blob))
        r = try s.kpi("record", "alice", "nps", "9", "--date", "2026-07-10", status: 1)
        XCTAssertTrue(r.stderr.contains("is already recorded at records/2026-Q3/alice.yaml:40;"), r.stderr)
    }

    func testTheSummaryAfterAnAppendIsTheOneTheWholeFileGives() throws {
        let s = try makeLargeLedger()
        let start = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        try s.kpi("record", "alice", "revenue", "$12", "--date", "2026-09-30", "--note", "appended")
        let appended = try XCTUnwrap(try summary(s))
        // The same write again from the same start, with no summary kept: the whole file is read.
        try s.git("reset", "-q", "--hard", start)
        try FileManager.default.removeItem(atPath: s.ledger + "/.git/kpi/records")
        try s.kpi("record", "alice", "revenue", "$12", "--date", "2026-09-30", "--note", "appended")
        XCTAssertEqual(try XCTUnwrap(try summary(s)), appended)
    }

    func testHandEditsAreRefusedWhereKpiCheckPointsAtThem() throws {
        let s = try makeLargeLedger()
        let head = try s.git("rev-parse", "HEAD")
        for (edit, expected) in [
            ("  - date: 2026-09-02\n    metric: nps\n    value: lots\n", "records/2026-Q3/alice.yaml:6006:12: error:"),
            ("  - date: 2026-09-02\n    metric: revenue\n    value: ¥3\n", "records/2026-Q3/alice.yaml:6004:5: error: revenue value ¥3 is in ¥, but the revenue record at records/2026-Q3/alice.yaml:8:5 ($1) is in $;"),
            ("  - date: 2026-09-02\n    metric: nps\n    value: 1\n    corrects: 2026-07-11\n    note: x\n", "records/2026-Q3/alice.yaml:6007:5: error: corrects 2026-07-11, but no earlier nps record"),
        ] {
            try s.write(Self.path, Self.bulk() + edit)
            let check = try s.kpi("check", status: 1)
            let commit = try s.kpi("commit", "-m", "by hand", status: 1)
            XCTAssertTrue(check.stdout.contains(expected) || check.stderr.contains(expected), check.stdout + check.stderr)
            XCTAssertEqual(commit.stderr.split(separator: "\n").filter { $0.contains(": error: ") },
                           (check.stdout + check.stderr).split(separator: "\n").filter { $0.contains(": error: ") })
            XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        }
        // A correct record appended by hand is committed as written.
        let edit = "  # added by hand\n  - date: 2026-09-02\n    metric: nps\n    value: 1\n    corrects: 2026-07-10\n    note: x\n"
        try s.write(Self.path, Self.bulk() + edit)
        try s.kpi("commit", "-m", "by hand")
        XCTAssertEqual(try s.git("show", "HEAD:" + Self.path), Self.bulk() + edit)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        XCTAssertNotNil(try summary(s))
    }

    func testAnImportIntoTheLargeFileLandsWholeAndInOrderOrNotAtAll() throws {
        let s = try makeLargeLedger()
        let head = try s.git("rev-parse", "HEAD")
        let csv = s.dir.appendingPathComponent("rows.csv")
        try Data("subject,metric,date,value,source\nalice,nps,2026-09-05,1001,a\nalice,nps,2026-07-10,9,b\n".utf8).write(to: csv)
        let r = try s.kpi("import", csv.path, status: 1)
        XCTAssertTrue(r.stderr.contains("rows.csv:3:1: error: row 3: alice nps 9 on 2026-07-10 is already recorded at records/2026-Q3/alice.yaml:40;"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)

        var text = "subject,metric,date,value,source\n"
        var expected = ""
        for i in 0..<2000 {
            text += "alice,nps,2026-09-\(String(format: "%02d", i % 28 + 1)),\(5000 + i),row \(i)\n"
            expected += "  - date: 2026-09-\(String(format: "%02d", i % 28 + 1))\n    metric: nps\n    value: \(5000 + i)\n    source: row \(i)\n"
        }
        try Data(text.utf8).write(to: csv)
        try s.kpi("import", csv.path)
        XCTAssertEqual(try s.git("show", "HEAD:" + Self.path), Self.bulk() + expected)
        XCTAssertEqual(try s.git("rev-list", "--count", "\(head.trimmingCharacters(in: .whitespacesAndNewlines))..HEAD"), "1\n")
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        try s.kpi("check")
    }
}
