import XCTest

/// Recording commands print on standard error the warnings their own change causes, and only
/// those; `kpi check` lists every warning of the ledger.
final class WriteWarningsTests: XCTestCase {
    func sandbox() throws -> Sandbox {
        let s = try Sandbox()
        s.env["GIT_AUTHOR_DATE"] = "2026-09-30T10:00:00+08:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-09-30T10:00:00+08:00"
        try s.makeLedger()
        // Carol has no scorecard: only the weight rules apply to her sheet.
        try s.kpi("person", "add", "carol", "--name", "Carol Wu", "--email", "carol@example.com", "--manager", "bob")
        return s
    }

    func testGoalChangesWarnAboutWeightsTheyBreak() throws {
        let s = try sandbox()
        let sum30 = "goals/2026-Q3/carol.yaml:5:3: warning: the goal weights of carol for 2026-Q3 add up to 30, not 100 (scores are normalised)\n"
        // `--weight 30%` means 30, and is written as typed.
        var r = try s.kpi("goal", "set", "carol", "retention", "--quarter", "2026-Q3", "--target", "45%", "--weight", "30%")
        XCTAssertEqual(r.stderr, sum30)
        XCTAssertTrue(try s.read("goals/2026-Q3/carol.yaml").contains("    weight: 30%\n"))
        r = try s.kpi("goal", "set", "carol", "nps", "--quarter", "2026-Q3", "--target", "40", "--weight", "70")
        XCTAssertEqual(r.stderr, "")
        // 30% + 70 = 100: a score of 100 × (0.3 × 45/45 + 0.7 × 20/40) / 1 = 65.
        try s.kpi("record", "carol", "retention", "45%", "--date", "2026-08-31")
        try s.kpi("record", "carol", "nps", "20", "--date", "2026-08-31")
        XCTAssertTrue(try s.kpi("score", "carol", "--quarter", "2026-Q3", "--format", "csv").stdout.contains("2026-Q3,carol,Carol Wu,65,D,retention"))
        r = try s.kpi("goal", "set", "carol", "csat", "--quarter", "2026-Q3", "--target", "80%")
        XCTAssertEqual(r.stderr, "goals/2026-Q3/carol.yaml:11:5: warning: the csat goal of carol for 2026-Q3 has no weight and the other goals' weights already add up to 100, so it is left with weight 0 and counts nothing in the score; give it a weight\n")
        // A change that causes nothing new prints nothing, though the sheet still has that warning.
        r = try s.kpi("goal", "set", "carol", "csat", "--quarter", "2026-Q3", "--target", "85%")
        XCTAssertEqual(r.stderr, "")
        XCTAssertTrue(try s.kpi("check").stdout.contains("the csat goal of carol for 2026-Q3 has no weight"))
        r = try s.kpi("goal", "set", "carol", "csat", "--quarter", "2026-Q3", "--weight", "0")
        XCTAssertEqual(r.stderr, "goals/2026-Q3/carol.yaml:11:5: warning: the csat goal of carol for 2026-Q3 has weight 0, so it counts nothing in the score\n")
        r = try s.kpi("goal", "rm", "carol", "csat", "--quarter", "2026-Q3")
        XCTAssertEqual(r.stderr, "")
        r = try s.kpi("goal", "rm", "carol", "nps", "--quarter", "2026-Q3")
        XCTAssertEqual(r.stderr, sum30)
        // A bad weight is still refused, with nothing committed.
        let head = try s.git("rev-parse", "HEAD")
        let bad = try s.kpi("goal", "set", "carol", "retention", "--quarter", "2026-Q3", "--weight", "30%%", status: 1)
        XCTAssertTrue(bad.stderr.contains("--weight '30%%' is not a valid value for a weight"), bad.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
    }

    func testScorecardRangesAndCoreKPIsWarnWhenTheChangeMovesThem() throws {
        let s = try sandbox()
        var r = try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%", "--weight", "40", "--core")
        XCTAssertEqual(r.stderr, """
        goals/2026-Q3/alice.yaml:5:3: warning: alice 2026-Q3 has 1 core KPIs; scorecard pm_mid allows 2–4
        goals/2026-Q3/alice.yaml:5:3: warning: alice 2026-Q3: dimension business has 0% of the weight; scorecard pm_mid asks for 20–30%
        goals/2026-Q3/alice.yaml:5:3: warning: alice 2026-Q3: dimension collaboration has 0% of the weight; scorecard pm_mid asks for 5–10%
        goals/2026-Q3/alice.yaml:5:3: warning: alice 2026-Q3: dimension process has 0% of the weight; scorecard pm_mid asks for 15–25%
        goals/2026-Q3/alice.yaml:5:3: warning: alice 2026-Q3: dimension user_value has 100% of the weight; scorecard pm_mid asks for 35–45%
        goals/2026-Q3/alice.yaml:5:3: warning: the goal weights of alice for 2026-Q3 add up to 40, not 100 (scores are normalised)

        """)
        // Two core KPIs, weights at 100, user value still all of it: only nothing new.
        r = try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40", "--weight", "60", "--core")
        XCTAssertEqual(r.stderr, "")
        // Revenue moves the shares: 40 / 120 and 80 / 120 of the weight.
        r = try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "100万", "--weight", "20")
        XCTAssertEqual(r.stderr, """
        goals/2026-Q3/alice.yaml:5:3: warning: alice 2026-Q3: dimension business has 16.7% of the weight; scorecard pm_mid asks for 20–30%
        goals/2026-Q3/alice.yaml:5:3: warning: alice 2026-Q3: dimension user_value has 83.3% of the weight; scorecard pm_mid asks for 35–45%
        goals/2026-Q3/alice.yaml:5:3: warning: the goal weights of alice for 2026-Q3 add up to 120, not 100 (scores are normalised)

        """)
    }

    func testRecordsNoGoalUsesWarn() throws {
        let s = try sandbox()
        try s.kpi("goal", "set", "alice", "ltv_cac", "--quarter", "2026-Q3", "--target", "3")
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%")
        // A goal's metric and its formula's inputs are fine.
        for (metric, value) in [("retention", "42%"), ("ltv", "¥900"), ("cac", "¥300")] {
            XCTAssertEqual(try s.kpi("record", "alice", metric, value, "--date", "2026-08-31").stderr, "")
        }
        var r = try s.kpi("record", "alice", "dau", "5,000", "--date", "2026-08-31")
        XCTAssertEqual(r.stderr, "records/2026-Q3/alice.yaml:14:5: warning: dau is neither a goal of alice in 2026-Q3 nor an input of one of their goals' formulas, so this record counts in no score; check the subject and the date\n")
        // The wrong quarter (a Q2 date for a Q3 goal) and the wrong subject.
        r = try s.kpi("record", "alice", "retention", "43%", "--date", "2026-06-30")
        XCTAssertEqual(r.stderr, "records/2026-Q2/alice.yaml:5:5: warning: retention is neither a goal of alice in 2026-Q2 nor an input of one of their goals' formulas, so this record counts in no score; check the subject and the date\n")
        r = try s.kpi("record", "carol", "retention", "43%", "--date", "2026-08-31")
        XCTAssertEqual(r.stderr, "records/2026-Q3/carol.yaml:5:5: warning: retention is neither a goal of carol in 2026-Q3 nor an input of one of their goals' formulas, so this record counts in no score; check the subject and the date\n")
        // An import warns once per metric, at the metric's first new record; old records are not the import's doing.
        try s.write("more.csv", "subject,metric,date,value\nalice,retention,2026-09-30,44%\nalice,mau,2026-09-01,9000\nalice,mau,2026-09-30,9500\nalice,dau,2026-09-30,5100\n")
        r = try s.kpi("import", "more.csv")
        XCTAssertEqual(r.stderr, """
        records/2026-Q3/alice.yaml:20:5: warning: mau is neither a goal of alice in 2026-Q3 nor an input of one of their goals' formulas, so this record counts in no score; check the subject and the date
        records/2026-Q3/alice.yaml:26:5: warning: dau is neither a goal of alice in 2026-Q3 nor an input of one of their goals' formulas, so this record counts in no score; check the subject and the date

        """)
    }

    func testAHandWrittenRecordNoGoalUsesWarnsOnCommit() throws {
        let s = try sandbox()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%")
        // A typo of the quarter: a September figure filed under Q3 is fine, the same under a Q4 date is not.
        try s.write("records/2026-Q4/alice.yaml", "subject: alice\nquarter: 2026-Q4\nrecords:\n  - date: 2026-10-01\n    metric: retention\n    value: 44%\n")
        try s.write("records/2026-Q3/alice.yaml", "subject: alice\nquarter: 2026-Q3\nrecords:\n  - date: 2026-09-29\n    metric: retention\n    value: 44%\n")
        let r = try s.kpi("commit", "-m", "September retention")
        XCTAssertEqual(r.stderr, """
        records/2026-Q4/alice.yaml:4:5: warning: retention is neither a goal of alice in 2026-Q4 nor an input of one of their goals' formulas, so this record counts in no score; check the subject and the date
        records/2026-Q4/alice.yaml:4:5: warning: this record is dated 2026-10-01, after today (2026-09-30): an actual cannot be measured before its day; check the date

        """)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        // An import warns the same way; `kpi record --allow-future` says it means it.
        try s.write("late.csv", "subject,metric,date,value\nalice,retention,2026-09-30,45%\nalice,retention,2026-10-02,46%\n")
        let unrelated = "warning: retention is neither a goal of alice in 2026-Q4 nor an input of one of their goals' formulas, so this record counts in no score; check the subject and the date\n"
        XCTAssertEqual(try s.kpi("import", "late.csv").stderr, "records/2026-Q4/alice.yaml:7:5: " + unrelated
                       + "records/2026-Q4/alice.yaml:7:5: warning: this record is dated 2026-10-02, after today (2026-09-30): an actual cannot be measured before its day; check the date\n")
        XCTAssertEqual(try s.kpi("record", "alice", "retention", "47%", "--date", "2026-10-03", "--allow-future").stderr, "records/2026-Q4/alice.yaml:10:5: " + unrelated)
    }

    func testAChangeBySomeoneWhoIsNotTheManagerWarnsOfTheAudit() throws {
        let s = try sandbox()
        let dana = "Dana Director <dana@example.com>"
        var r = try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%", "--author", dana)
        XCTAssertEqual(r.stderr, "goals/2026-Q3/alice.yaml:1:1: warning: you are not alice's manager: `kpi audit` will report this change\n")
        r = try s.kpi("review", "alice", "--quarter", "2026-Q3", "--summary", "Fine", "--author", dana)
        XCTAssertEqual(r.stderr, "reviews/2026-Q3/alice.yaml:1:1: warning: you are not alice's manager: `kpi audit` will report this change\n")
        // Alice may record her own actuals; her manager may change anything of hers.
        r = try s.kpi("record", "alice", "retention", "42%", "--date", "2026-08-31", "--author", "Alice Chen <alice@example.com>")
        XCTAssertEqual(r.stderr, "")
        r = try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "46%")
        XCTAssertEqual(r.stderr, "")
        // The audit agrees: both of Dana's changes are reported.
        let audit = try s.kpi("audit", "--format", "json", status: 1).stdout
        XCTAssertEqual(audit.components(separatedBy: "\"unauthorized_change\"").count - 1, 2, audit)
        // A hand edit committed by someone else warns the same way, with the weights it breaks.
        try s.write("goals/2026-Q3/carol.yaml", "subject: carol\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 40\n    weight: 90\n")
        r = try s.kpi("commit", "-m", "Carol's goals", "--author", dana)
        XCTAssertEqual(r.stderr, """
        goals/2026-Q3/carol.yaml:1:1: warning: you are not carol's manager: `kpi audit` will report this change
        goals/2026-Q3/carol.yaml:4:3: warning: the goal weights of carol for 2026-Q3 add up to 90, not 100 (scores are normalised)

        """)
    }
}
