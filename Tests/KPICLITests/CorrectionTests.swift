import Foundation
import XCTest

/// Corrections (docs/scoring.md, "Corrections"): a record with `corrects: D` replaces the earlier
/// records of its metric dated D in every computation, and history and audit say so.
final class CorrectionTests: XCTestCase {
    /// alice: task_completion (mean, percent) target 80% weight 50; revenue (sum) target 100万 weight 50.
    func makeSheet(_ s: Sandbox) throws {
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "task_completion", "--quarter", "2026-Q3", "--target", "80%", "--weight", "50")
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "100万", "--weight", "50")
        s.recordAt("2026-09-05T10:00:00+08:00")  // after the dates recorded
        try s.kpi("record", "alice", "task_completion", "70%", "--date", "2026-07-31")
        try s.kpi("record", "alice", "revenue", "30万", "--date", "2026-07-31")
        try s.kpi("record", "alice", "revenue", "40万", "--date", "2026-08-31")
    }

    func goals(_ s: Sandbox) throws -> (score: Double, actuals: [String: Double]) {
        let json = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "json").stdout
        let subject = ((try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["subjects"] as! [[String: Any]])[0]
        var actuals: [String: Double] = [:]
        for g in subject["goals"] as! [[String: Any]] { actuals[g["metric"] as! String] = (g["actual"] as! NSNumber).doubleValue }
        return ((subject["score"] as! NSNumber).doubleValue, actuals)
    }

    func testACorrectionReplacesTheRecordInAMeanAndInASum() throws {
        let s = try Sandbox()
        try makeSheet(s)
        // Before: mean 70% → 70/80 = 0.875; sum 30万 + 40万 = 70万 → 0.7. Score 50 × 0.875 + 50 × 0.7 = 78.75.
        var g = try goals(s)
        XCTAssertEqual(g.actuals["task_completion"], 70)
        XCTAssertEqual(g.actuals["revenue"], 700_000)
        XCTAssertEqual(g.score, 78.75)

        let r = try s.kpi("record", "alice", "task_completion", "85%", "--date", "2026-07-31", "--corrects", "2026-07-31",
                          "--note", "typo in the export")
        XCTAssertTrue(r.stdout.hasSuffix("record: alice task_completion 2026-07-31 corrected to 85%\n"), r.stdout)
        try s.kpi("record", "alice", "revenue", "35万", "--date", "2026-07-31", "--corrects", "2026-07-31", "--note", "late invoices")
        // After: the mean is 85% (not 77.5%) → 85/80 = 1.0625; the sum is 35万 + 40万 = 75万 (not 105万) → 0.75.
        // Score 50 × 1.0625 + 50 × 0.75 = 90.625.
        g = try goals(s)
        XCTAssertEqual(g.actuals["task_completion"], 85)
        XCTAssertEqual(g.actuals["revenue"], 750_000)
        XCTAssertEqual(g.score, 90.63)

        XCTAssertEqual(try s.read("records/2026-Q3/alice.yaml"), """
        # yaml-language-server: $schema=../../.kpi/schemas/records.schema.json
        subject: alice
        quarter: 2026-Q3
        records:
          - date: 2026-07-31
            metric: task_completion
            value: 70%
          - date: 2026-07-31
            metric: revenue
            value: 30万
          - date: 2026-08-31
            metric: revenue
            value: 40万
          - date: 2026-07-31
            corrects: 2026-07-31
            metric: task_completion
            value: 85%
            note: typo in the export
          - date: 2026-07-31
            corrects: 2026-07-31
            metric: revenue
            value: 35万
            note: late invoices

        """)
        let explain = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--explain").stdout
        XCTAssertTrue(explain.contains("""
          task_completion: actual task_completion = 85: the mean of 1 record
            records: 2026-07-31 85%
            correction: 2026-07-31 85% replaces 2026-07-31 70% (records/2026-Q3/alice.yaml:5): typo in the export
        """), explain)
        XCTAssertTrue(explain.contains("""
          revenue: actual revenue = 750000: the sum of 2 records
            records: 2026-07-31 35万, 2026-08-31 40万
            correction: 2026-07-31 35万 replaces 2026-07-31 30万 (records/2026-Q3/alice.yaml:8): late invoices
        """), explain)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
    }

    /// File order decides: a correction of a correction replaces both; a record written after a
    /// correction counts again; a correction dated another day counts on its own date.
    func testHandWrittenCorrectionsFollowFileOrder() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "task_completion", "--quarter", "2026-Q3", "--target", "80%")
        s.recordAt("2026-09-05T10:00:00+08:00")  // after the dates recorded
        try s.write("records/2026-Q3/alice.yaml", """
        subject: alice
        quarter: 2026-Q3
        records:
          - date: 2026-07-31
            metric: task_completion
            value: 70%
          - date: 2026-08-31
            metric: task_completion
            value: 60%
          - date: 2026-07-31
            metric: task_completion
            corrects: 2026-07-31
            value: 85%
            note: typo
          - date: 2026-07-31
            metric: task_completion
            corrects: 2026-07-31
            value: 80%
            note: the typo's fix was wrong too
          - date: 2026-09-01
            metric: task_completion
            corrects: 2026-08-31
            value: 66%
            note: August was measured on the first of September

        """)
        try s.kpi("check")
        try s.kpi("commit", "-m", "July and August corrected by hand")
        // Counted: 80% (07-31, the second correction) and 66% (09-01); mean 73% → 73/80 = 0.9125.
        let g = try goals(s)
        XCTAssertEqual(g.actuals["task_completion"], 73)
        XCTAssertEqual(g.score, 91.25)
        let audit = try s.kpi("audit", "--format", "json").stdout
        let findings = (try JSONSerialization.jsonObject(with: Data(audit.utf8)) as! [String: Any])["findings"] as! [[String: Any]]
        XCTAssertEqual(findings.map { $0["rule"] as! String }, ["record_corrected", "record_corrected", "record_corrected"])
        XCTAssertEqual(findings.map { $0["message"] as! String }, [
            "Bob Manager <bob@example.com> corrected a record of alice in 2026-Q3 on 2026-09-05T10:00:00+08:00: 2026-07-31 task_completion 70% → 2026-07-31 task_completion 85%, because: typo",
            "Bob Manager <bob@example.com> corrected a record of alice in 2026-Q3 on 2026-09-05T10:00:00+08:00: 2026-07-31 task_completion 85% → 2026-07-31 task_completion 80%, because: the typo's fix was wrong too",
            "Bob Manager <bob@example.com> corrected a record of alice in 2026-Q3 on 2026-09-05T10:00:00+08:00: 2026-08-31 task_completion 60% → 2026-09-01 task_completion 66%, because: August was measured on the first of September",
        ])
    }

    func testACorrectionWithoutItsRecordOrReasonIsALocatedError() throws {
        let s = try Sandbox()
        try makeSheet(s)
        let head = try s.git("rev-parse", "HEAD")
        let before = try s.read("records/2026-Q3/alice.yaml")
        try s.write("records/2026-Q3/alice.yaml", before + """
          - date: 2026-08-31
            metric: task_completion
            corrects: 2026-08-30
            value: 90%
            note: wrong day
          - date: 2026-08-31
            metric: revenue
            corrects: 2026-08-31
            value: 41万

        """)
        let check = try s.kpi("check", status: 1)
        XCTAssertEqual(check.stdout.split(separator: "\n").filter { $0.contains(": error: ") }, [
            "records/2026-Q3/alice.yaml:16:5: error: corrects 2026-08-30, but no earlier task_completion record in this file is dated 2026-08-30; a correction goes after the record it replaces",
            "records/2026-Q3/alice.yaml:21:5: error: a correction needs a note saying why (add `note: ...` to this record)",
        ])
        let commit = try s.kpi("commit", "-m", "corrections", status: 1)
        XCTAssertTrue(commit.stderr.contains("records/2026-Q3/alice.yaml:16:5: error: corrects 2026-08-30"), commit.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.git("diff", "--cached", "--name-only"), "")
        try s.write("records/2026-Q3/alice.yaml", before)

        // The command names the file.
        var r = try s.kpi("record", "alice", "revenue", "35万", "--date", "2026-07-31", "--corrects", "2026-07-30", "--note", "x", status: 1)
        XCTAssertEqual(r.stderr, "kpi: error: records/2026-Q3/alice.yaml has no revenue record dated 2026-07-30 to correct (a correction goes in the file of its own date's quarter, after the record it replaces)\n")
        r = try s.kpi("record", "alice", "revenue", "35万", "--date", "2026-07-31", "--corrects", "2026-07-31", status: 1)
        XCTAssertEqual(r.stderr, "kpi: error: --corrects needs --note \"why\": a correction says why it replaces the record\n")
        r = try s.kpi("record", "bob", "revenue", "35万", "--date", "2026-07-31", "--corrects", "2026-07-31", "--note", "x", status: 1)
        XCTAssertEqual(r.stderr, "kpi: error: records/2026-Q3/bob.yaml has no revenue record dated 2026-07-31 to correct (a correction goes in the file of its own date's quarter, after the record it replaces)\n")
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        XCTAssertEqual(try s.read("records/2026-Q3/alice.yaml"), before)
    }

    func testHistoryLogDiffAndAuditShowTheCorrection() throws {
        let s = try Sandbox()
        try makeSheet(s)
        try s.kpi("record", "alice", "task_completion", "85%", "--date", "2026-07-31", "--corrects", "2026-07-31",
                  "--note", "typo in the export", env: ["GIT_AUTHOR_DATE": "2026-09-12T09:00:00+08:00"])
        let id = String(try s.git("rev-parse", "--short=7", "HEAD").dropLast())

        let audit = try s.kpi("audit").stdout
        XCTAssertEqual(audit, "\(id) warning [record_corrected] Bob Manager <bob@example.com> corrected a record of alice in 2026-Q3 on 2026-09-12T09:00:00+08:00: 2026-07-31 task_completion 70% → 2026-07-31 task_completion 85%, because: typo in the export\n")
        try s.kpi("audit", "--fail-on", "warning", status: 1)

        let log = try s.kpi("log", "alice").stdout
        XCTAssertTrue(log.hasPrefix("\(id) 2026-09-12T09:00:00+08:00 Bob Manager: alice record corrected 2026-07-31 task_completion 70% → 2026-07-31 task_completion 85% (typo in the export)\n"), log)

        let diff = try s.kpi("diff", "HEAD~1").stdout
        // Today (GIT_AUTHOR_DATE, set by recordAt) is 5 September, day 31 + 31 + 5 = 67 of 2026-Q3's 92. Score before: 50 × 70/80 + 50 × 0.7 = 78.75; after: 50 × 85/80 + 50 × 0.7 = 88.125.
        XCTAssertTrue(diff.hasSuffix("""
          2026-Q3 alice record corrected 2026-07-31 task_completion 70% → 2026-07-31 task_completion 85% (typo in the export)
        Scores:
          alice 2026-Q3 (day 67/92): 78.8 → 88.1

        """), diff)
        let json = try s.kpi("diff", "HEAD~1", "--format", "json").stdout
        let change = ((try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["changes"] as! [[String: Any]])[0]
        XCTAssertEqual(change["change"] as? String, "corrected")
        XCTAssertEqual(change["old"] as? String, "2026-07-31 task_completion 70%")
        XCTAssertEqual(change["new"] as? String, "2026-07-31 task_completion 85%")
        XCTAssertEqual(change["reason"] as? String, "typo in the export")

        let history = try s.kpi("history", "alice", "task_completion", "--format", "json").stdout
        let events = (try JSONSerialization.jsonObject(with: Data(history.utf8)) as! [String: Any])["events"] as! [[String: Any]]
        XCTAssertEqual(events.last?["field"] as? String, "record")
        XCTAssertEqual(events.last?["change"] as? String, "corrected")
        XCTAssertEqual(events.last?["old"] as? String, "2026-07-31 task_completion 70%")
        XCTAssertEqual(events.last?["reason"] as? String, "typo in the export")
        let table = try s.kpi("history", "alice", "task_completion").stdout
        XCTAssertTrue(table.contains("2026-07-31 task_completion 70% → 2026-07-31 task_completion 85% (typo in the export)"), table)

        // An edit in place is still an edit (an error), with the way to do it right.
        let text = try s.read("records/2026-Q3/alice.yaml").replacingOccurrences(of: "value: 40万", with: "value: 45万")
        try s.write("records/2026-Q3/alice.yaml", text)
        try s.kpi("commit", "-m", "fix August")
        let edited = try s.kpi("audit", status: 1).stdout
        XCTAssertTrue(edited.contains("error [record_edited] Bob Manager <bob@example.com> edited a record of alice in 2026-Q3: 2026-08-31 revenue 40万 → 2026-08-31 revenue 45万; records are append-only, correct one with a new record instead (kpi record ... --corrects DATE --note WHY)"), edited)
        XCTAssertFalse(edited.contains("record_edited] Bob Manager <bob@example.com> edited a record of alice in 2026-Q3: 2026-07-31"), edited)
    }

    func testACorrectionInAClosedQuarterNeedsReopen() throws {
        let s = try Sandbox()
        try makeSheet(s)
        try s.kpi("close", "2026-Q3", env: ["GIT_AUTHOR_DATE": "2026-10-05T10:00:00+08:00"])
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("record", "alice", "revenue", "35万", "--date", "2026-07-31", "--corrects", "2026-07-31", "--note", "late invoices",
                          status: 1)
        XCTAssertEqual(r.stderr, "kpi: error: 2026-Q3 is closed (tag closed/2026-Q3); to change it anyway give --reopen --reason \"why\", which is recorded in the commit\n")
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        try s.kpi("record", "alice", "revenue", "35万", "--date", "2026-07-31", "--corrects", "2026-07-31", "--note", "late invoices",
                  "--reopen", "--reason", "finance restated July", env: ["GIT_AUTHOR_DATE": "2026-10-09T10:00:00+08:00"])
        XCTAssertEqual(try s.git("log", "-1", "--format=%B"), "record: alice revenue 2026-07-31 corrected to 35万\n\nReopen-Reason: finance restated July\n\n")
        let rules = try s.kpi("audit", status: 1).stdout.split(separator: "\n").map { $0.split(separator: " ")[2] }
        XCTAssertEqual(rules, ["[closed_quarter_changed]", "[record_corrected]"])
        XCTAssertEqual(try goals(s).actuals["revenue"], 750_000)
    }

    func testTheHTMLReportShowsTheCorrection() throws {
        let s = try Sandbox()
        try makeSheet(s)
        try s.kpi("record", "alice", "revenue", "35万", "--date", "2026-07-31", "--corrects", "2026-07-31", "--note", "late invoices")
        try s.kpi("report", "--html", "r.html", "--quarter", "2026-Q3")
        let html = try s.read("r.html")
        XCTAssertTrue(html.contains("<p class=\"note correction\" data-metric=\"revenue\">Corrected revenue: 2026-07-31 35万 replaces 2026-07-31 30万 (records/2026-Q3/alice.yaml:8): late invoices</p>"), html)
        XCTAssertTrue(html.contains("data-rule=\"record_corrected\""), html)
    }
}

extension Sandbox {
    /// Every following command acts at this time (author and committer).
    func recordAt(_ date: String) {
        env["GIT_AUTHOR_DATE"] = date
        env["GIT_COMMITTER_DATE"] = date
    }
}
