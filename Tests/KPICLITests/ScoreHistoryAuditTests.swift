import XCTest

/// One scripted quarter, with every number computed by hand:
/// retention progress (42 − 40) / (45 − 40) = 0.4, weight 60;
/// revenue ratio (30万 + 50万) / 100万 = 0.8, weight 40;
/// score 100 × (60 × 0.4 + 40 × 0.8) / 100 = 56 → D.
/// After the target is eased to 42%: retention 1.0, score 60 + 32 = 92 → B.
final class ScoreHistoryAuditTests: XCTestCase {
    func scenario() throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--baseline", "40%", "--target", "45%", "--weight", "60")
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "100万", "--weight", "40")
        let alice = ["GIT_AUTHOR_NAME": "Alice Chen", "GIT_AUTHOR_EMAIL": "alice@example.com"]
        try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", env: alice.merging(["GIT_AUTHOR_DATE": "2026-07-31T18:00:00+08:00"]) { $1 })
        try s.kpi("record", "alice", "revenue", "30万", "--date", "2026-07-31", env: ["GIT_AUTHOR_DATE": "2026-07-31T19:00:00+08:00"])
        try s.kpi("record", "alice", "revenue", "50万", "--date", "2026-08-31", env: ["GIT_AUTHOR_DATE": "2026-08-31T19:00:00+08:00"])
        return s
    }

    func testScoresInEveryFormatAndAtARevision() throws {
        let s = try scenario()
        let json = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "json").stdout
        let obj = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        XCTAssertEqual(obj["quarter"] as? String, "2026-Q3")
        XCTAssertEqual(obj["revision"] as? String, try s.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines))
        let subject = (obj["subjects"] as! [[String: Any]])[0]
        XCTAssertEqual(subject["id"] as? String, "alice")
        XCTAssertEqual(subject["name"] as? String, "Alice Chen")
        XCTAssertEqual(subject["score"] as? Int, 56)
        XCTAssertEqual(subject["rating"] as? String, "D")
        let goals = subject["goals"] as! [[String: Any]]
        XCTAssertEqual(goals[0]["metric"] as? String, "retention")
        XCTAssertEqual(goals[0]["baseline"] as? Int, 40)
        XCTAssertEqual(goals[0]["target"] as? Int, 45)
        XCTAssertEqual(goals[0]["actual"] as? Int, 42)
        XCTAssertEqual(goals[0]["attainment"] as? Double, 0.4)
        XCTAssertEqual(goals[0]["method"] as? String, "progress")
        XCTAssertEqual(goals[0]["dimension"] as? String, "user_value")
        XCTAssertEqual(goals[1]["target"] as? Int, 1_000_000)
        XCTAssertEqual(goals[1]["actual"] as? Int, 800_000)
        XCTAssertEqual(goals[1]["attainment"] as? Double, 0.8)
        XCTAssertEqual(goals[1]["method"] as? String, "ratio")
        XCTAssertTrue(json.contains("\"attainment\": 0.4,"), "exact decimal text, no binary floating point: \(json)")
        let dims = subject["dimensions"] as! [[String: Any]]
        XCTAssertEqual(dims.map { $0["id"] as! String }, ["user_value", "business"])
        XCTAssertEqual(dims.map { $0["score"] as! Int }, [40, 80])

        XCTAssertEqual(try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "csv").stdout, """
        quarter,subject,name,score,rating,metric,dimension,baseline,target,actual,weight (%),attainment (%),method,unit,kind,members,members_mean,review_rating,calibrated_rating,final_rating
        2026-Q3,alice,Alice Chen,56,D,retention,user_value,40,45,42,60,40,progress,percent,person,,,,,D
        2026-Q3,alice,Alice Chen,56,D,revenue,business,,1000000,800000,40,80,ratio,currency,person,,,,,D

        """)
        let md = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "markdown").stdout
        XCTAssertTrue(md.contains("| alice | Alice Chen | 56 | D |"), md)
        XCTAssertTrue(md.contains("| retention | user_value | 40% | 45% | 42% | 60 | 40% |"), md)
        let table = try s.kpi("score", "--quarter", "2026-Q3").stdout
        XCTAssertTrue(table.contains("alice    Alice Chen     56  D"), table)
        XCTAssertFalse(table.contains("\u{1B}["), "no colour without a terminal")

        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "42%", "-m", "Ease retention: the launch slipped",
                  env: ["GIT_AUTHOR_DATE": "2026-09-05T10:00:00+08:00"])
        let after = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "csv").stdout
        XCTAssertTrue(after.contains("2026-Q3,alice,Alice Chen,92,B,retention,user_value,40,42,42,60,100,progress,percent"), after)
        let before = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "csv", "--at", "HEAD~1").stdout
        XCTAssertTrue(before.contains("2026-Q3,alice,Alice Chen,56,D,"), before)
        let asOf = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "csv", "--as-of", "2026-09-01").stdout
        XCTAssertTrue(asOf.contains("2026-Q3,alice,Alice Chen,56,D,"), asOf)
        let explain = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--explain").stdout
        XCTAssertTrue(explain.contains("progress: (42 − 40) / (42 − 40) = 1"), explain)
        XCTAssertTrue(explain.contains("records: 2026-07-31 30万, 2026-08-31 50万"), explain)
    }

    func testMissingActualsCountZeroWithAWarning() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40", "--weight", "50")
        try s.kpi("goal", "set", "alice", "csat", "--quarter", "2026-Q3", "--target", "80%", "--weight", "50")
        try s.kpi("record", "alice", "nps", "44", "--date", "2026-08-01", "--allow-future")
        let json = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "json").stdout
        // nps 44/40 = 1.1; csat missing counts 0 → 100 × (50 × 1.1 + 50 × 0) / 100 = 55.
        XCTAssertTrue(json.contains("\"score\": 55,"), json)
        XCTAssertTrue(json.contains("\"actual\": null"), json)
        XCTAssertTrue(json.contains("csat: no actual yet"), json)
    }

    func testHistoryShowsEveryTargetChangeWithAuthorDateAndReason() throws {
        let s = try scenario()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "42%", "-m", "Ease retention: the launch slipped",
                  env: ["GIT_AUTHOR_DATE": "2026-09-05T10:00:00+08:00"])
        let json = try s.kpi("history", "alice", "retention", "--format", "json").stdout
        let obj = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        XCTAssertEqual(obj["subject"] as? String, "alice")
        let events = obj["events"] as! [[String: Any]]
        XCTAssertEqual(events.map { "\($0["field"]!) \($0["old"]!) \($0["new"]!)" },
                       ["baseline <null> 40%", "target <null> 45%", "weight <null> 60", "target 45% 42%"])
        let last = events[3]
        XCTAssertEqual(last["author"] as? String, "Bob Manager")
        XCTAssertEqual(last["email"] as? String, "bob@example.com")
        XCTAssertEqual(last["date"] as? String, "2026-09-05T10:00:00+08:00")
        XCTAssertEqual(last["quarter"] as? String, "2026-Q3")
        XCTAssertEqual(last["message"] as? String, "Ease retention: the launch slipped")
        XCTAssertEqual(last["commit"] as? String, try s.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func testAuditFindsEasingEditsAndUnauthorizedChangesAndFailsCI() throws {
        let s = try scenario()
        let clean = try s.kpi("audit", "--format", "json")
        XCTAssertEqual(clean.stdout, "{\n  \"findings\": []\n}\n")
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "42%", "-m", "Ease retention",
                  env: ["GIT_AUTHOR_DATE": "2026-09-05T10:00:00+08:00"])
        // A hand edit committed with plain git: a record changed after the fact.
        let path = "records/2026-Q3/alice.yaml"
        try s.write(path, try s.read(path).replacingOccurrences(of: "value: 42%", with: "value: 43%"))
        _ = try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-qam", "fix typo"],
                      env: ["GIT_AUTHOR_NAME": "Carol Outsider", "GIT_AUTHOR_EMAIL": "carol@example.com", "GIT_AUTHOR_DATE": "2026-09-06T09:00:00+02:00"])
        let r = try s.kpi("audit", "--format", "json", status: 1)
        let findings = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any])["findings"] as! [[String: Any]]
        let summary = findings.map { "\($0["rule"]!) \($0["severity"]!) \($0["email"]!) \($0["metric"]!)" }
        XCTAssertEqual(summary, [
            "changed_after_start warning bob@example.com retention",
            "eased_after_actuals error bob@example.com retention",
            "record_edited error carol@example.com retention",
            "unauthorized_change error carol@example.com retention",
        ])
        XCTAssertEqual(findings[2]["date"] as? String, "2026-09-06T09:00:00+02:00")
        XCTAssertEqual(findings[1]["subject"] as? String, "alice")
        XCTAssertEqual(findings[1]["quarter"] as? String, "2026-Q3")
        XCTAssertTrue((findings[1]["message"] as! String).contains("eased the retention target from 45% to 42%"))
        try s.kpi("audit", "--quarter", "2026-Q2")
        let warn = try s.kpi("audit", "--quarter", "2026-Q2", "--fail-on", "warning")
        XCTAssertEqual(warn.stdout, "No findings.\n")
    }

    func testClosedQuarterChangesAreFindings() throws {
        let s = try scenario()
        try s.kpi("close", "2026-Q3", env: ["GIT_AUTHOR_DATE": "2026-10-05T10:00:00+08:00"])
        try s.kpi("record", "alice", "revenue", "10万", "--date", "2026-09-30", "--allow-future", "--reopen", "--reason", "late invoice")
        let r = try s.kpi("audit", "--format", "json", status: 1)
        XCTAssertTrue(r.stdout.contains("\"rule\": \"closed_quarter_changed\""), r.stdout)
    }

    func testDiffAndLogSpeakInLedgerTerms() throws {
        let s = try scenario()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "42%", "-m", "Ease retention")
        let diff = try s.kpi("diff").stdout
        XCTAssertTrue(diff.contains("2026-Q3 alice retention target 45% → 42%"), diff)
        XCTAssertTrue(diff.contains("alice 2026-Q3: 56 → 92"), diff)
        let log = try s.kpi("log", "alice").stdout
        XCTAssertTrue(log.split(separator: "\n").first!.hasSuffix("Bob Manager: alice retention target 45% → 42%"), log)
    }
}

/// A sheet and its records written by hand in an editor and committed with `kpi commit`:
/// campaign_roi = 200万 / 50万 = 4 against 5 → 0.8 (weight 50); revenue 1200 of 1000 → 1.2
/// (the cap; weight 30); on-time 90% of 100% → 0.9 (weight 20). 40 + 36 + 18 = 94, plus
/// bonus 4 + 3 = 7 capped at 5 → 99 → B. Dimensions: business (40 + 36) / 80 = 95, process 90.
final class HandWrittenScoreTests: XCTestCase {
    func testHandWrittenSheetScoresAsComputedByHand() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.write("goals/2026-Q3/bob.yaml", """
        # Bob's sheet, typed in an editor
        subject: bob
        quarter: 2026-Q3
        goals:
          - metric: campaign_roi   # derived: campaign_return / campaign_cost
            target: "5"
            weight: 50
          - metric: revenue
            target: ¥1,000
            weight: 30
          - metric: on_time_delivery
            target: 100%
            weight: 20
        bonus:
          - points: 4
            reason: Rescued the Q3 launch
          - points: 3
            reason: Mentored two new PMs
        """)
        try s.write("records/2026-Q3/bob.yaml", """
        subject: bob
        quarter: 2026-Q3
        records:
          - date: 2026-07-15
            metric: campaign_return
            value: 200万
          - date: 2026-07-15
            metric: campaign_cost
            value: ￥50万
          - date: 2026-08-31
            metric: revenue
            value: 1200
          # 9 of 10 releases on time over the quarter (3/3, 2/3, 4/4): 90%
          - date: 2026-07-31
            metric: delivered_on_time
            value: 3
          - date: 2026-07-31
            metric: deliveries_planned
            value: 3
          - date: 2026-08-31
            metric: delivered_on_time
            value: 2
          - date: 2026-08-31
            metric: deliveries_planned
            value: 3
          - date: 2026-09-30
            metric: delivered_on_time
            value: 4
          - date: 2026-09-30
            metric: deliveries_planned
            value: 4
        """)
        try s.kpi("commit", "-m", "Bob's Q3 sheet and actuals")
        let json = try s.kpi("score", "bob", "--quarter", "2026-Q3", "--format", "json").stdout
        let subject = ((try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["subjects"] as! [[String: Any]])[0]
        XCTAssertEqual(subject["score"] as? Int, 99)
        XCTAssertEqual(subject["rating"] as? String, "B")
        XCTAssertEqual(subject["bonus"] as? Int, 5)
        let goals = subject["goals"] as! [[String: Any]]
        XCTAssertEqual(goals.map { $0["actual"] as! Int }, [4, 1200, 90])
        XCTAssertEqual(goals.map { $0["attainment"] as! Double }, [0.8, 1.2, 0.9])
        let dims = subject["dimensions"] as! [[String: Any]]
        XCTAssertEqual(dims.map { "\($0["id"]!) \($0["weight"]!) \($0["score"]!)" }, ["business 80 95", "process 20 90"])
        XCTAssertTrue((subject["warnings"] as! [String]).contains("bonus of 7 points capped at 5"), "\(subject["warnings"]!)")
        let explain = try s.kpi("score", "bob", "--quarter", "2026-Q3", "--explain").stdout
        XCTAssertTrue(explain.contains("campaign_return / campaign_cost with campaign_cost = 500000, campaign_return = 2000000 = 4"), explain)
        XCTAssertTrue(explain.contains("Bonus: +5 points"), explain)
    }
}
