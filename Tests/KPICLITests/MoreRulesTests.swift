import XCTest

final class MoreRulesTests: XCTestCase {
    func testGoalRemoveIsOneEventPerFieldAndLeavesTheRestOfTheSheet() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--baseline", "20", "--target", "30", "--weight", "50")
        try s.kpi("goal", "set", "alice", "csat", "--quarter", "2026-Q3", "--target", "80%", "--weight", "50")
        try s.kpi("goal", "rm", "alice", "nps", "--quarter", "2026-Q3")
        XCTAssertEqual(try s.git("log", "-1", "--format=%s"), "goal: alice nps 2026-Q3 removed\n")
        let sheet = try s.read("goals/2026-Q3/alice.yaml")
        XCTAssertFalse(sheet.contains("nps"))
        XCTAssertTrue(sheet.contains("  - metric: csat\n    target: 80%\n    weight: 50\n"), sheet)
        let json = try s.kpi("history", "alice", "nps", "--format", "json").stdout
        let events = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["events"] as! [[String: Any]]
        XCTAssertEqual(events.map { "\($0["field"]!) \($0["old"]!) \($0["new"]!)" },
                       ["baseline <null> 20", "target <null> 30", "weight <null> 50",
                        "baseline 20 <null>", "target 30 <null>", "weight 50 <null>"])
        let r = try s.kpi("goal", "rm", "alice", "nps", "--quarter", "2026-Q3", status: 1)
        XCTAssertTrue(r.stderr.contains("alice has no nps goal in 2026-Q3"), r.stderr)
    }

    func testCheckWorksOnAPlainFolderWithoutGit() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try FileManager.default.removeItem(atPath: s.ledger + "/.git")
        try s.kpi("check")
        try s.write("people/zed.yaml", "name: Zed\nteam: nowhere\n")
        let r = try s.kpi("check", status: 1)
        XCTAssertTrue(r.stdout.contains("people/zed.yaml:2:7: error: unknown team 'nowhere'"), r.stdout)
    }

    func testWeightShiftAndRecordDeletionAreFound() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "30", "--weight", "50")
        try s.kpi("goal", "set", "alice", "csat", "--quarter", "2026-Q3", "--target", "80%", "--weight", "50")
        try s.kpi("record", "alice", "nps", "35", "--date", "2026-07-31", env: ["GIT_AUTHOR_DATE": "2026-07-31T12:00:00+08:00"])
        try s.kpi("record", "alice", "csat", "60%", "--date", "2026-07-31", env: ["GIT_AUTHOR_DATE": "2026-07-31T12:00:00+08:00"])
        // nps is on target (35 ≥ 30): moving weight onto it flatters the score.
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--weight", "80", env: ["GIT_AUTHOR_DATE": "2026-08-02T12:00:00+08:00"])
        try s.kpi("goal", "set", "alice", "csat", "--quarter", "2026-Q3", "--weight", "20", env: ["GIT_AUTHOR_DATE": "2026-08-02T12:00:00+08:00"])
        let path = "records/2026-Q3/alice.yaml"
        try s.write(path, try s.read(path).replacingOccurrences(of: "  - date: 2026-07-31\n    metric: csat\n    value: 60%\n", with: ""))
        try s.kpi("commit", "-m", "drop a bad csat figure", env: ["GIT_AUTHOR_DATE": "2026-08-03T12:00:00+08:00"])
        let r = try s.kpi("audit", "--format", "json", status: 1)
        let findings = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any])["findings"] as! [[String: Any]]
        let rules = findings.map { "\($0["rule"]!) \($0["metric"]!)" }
        XCTAssertTrue(rules.contains("weight_shift nps"), "\(rules)")
        XCTAssertFalse(rules.contains("weight_shift csat"), "\(rules)")
        XCTAssertTrue(rules.contains("record_deleted csat"), "\(rules)")
        XCTAssertEqual(findings.first { $0["rule"] as? String == "weight_shift" }?["severity"] as? String, "warning")
        // Removing the goal that is behind (csat 60% of 80%) after actuals is easing it away.
        try s.kpi("record", "alice", "csat", "60%", "--date", "2026-08-10", env: ["GIT_AUTHOR_DATE": "2026-08-10T12:00:00+08:00"])
        try s.kpi("goal", "rm", "alice", "csat", "--quarter", "2026-Q3", env: ["GIT_AUTHOR_DATE": "2026-08-11T12:00:00+08:00"])
        let again = try s.kpi("audit", "--format", "json", status: 1).stdout
        XCTAssertTrue(again.contains("removed the csat goal (target 80%) of alice in 2026-Q3"), again)
        XCTAssertFalse(again.contains("removed the nps goal"), again)
    }

    func testTeamsRollUpTheirMembers() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40")
        try s.kpi("goal", "set", "bob", "nps", "--quarter", "2026-Q3", "--target", "40")
        try s.kpi("record", "alice", "nps", "44", "--date", "2026-08-01", "--allow-future")
        try s.kpi("record", "bob", "nps", "30", "--date", "2026-08-01", "--allow-future")
        try s.kpi("person", "add", "carl", "--name", "Carl", "--manager", "bob", "--team", "product")
        // alice 44/40 = 1.1 → 110 S; bob (not in the team) 75; carl has no goals.
        let json = try s.kpi("score", "product", "--quarter", "2026-Q3", "--format", "json").stdout
        let team = ((try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["subjects"] as! [[String: Any]])[0]
        let rollup = team["rollup"] as! [String: Any]
        XCTAssertEqual(rollup["members"] as? [String], ["alice", "carl"])
        XCTAssertEqual(rollup["mean_score"] as? Int, 110)
        XCTAssertEqual(rollup["ratings"] as? [String: Int], ["S": 1])
    }

    func testSheetChecksWarnButDoNotFail() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.write("goals/2026-Q3/alice.yaml", """
        subject: alice
        quarter: 2026-Q3
        goals:
          - metric: retention
            baseline: 40%
            target: 38%
            weight: 70
            core: true
          - metric: ltv_cac
            target: "2.5"
            weight: 20
          - metric: revenue
            baseline: 100万
            target: 300万
            weight: 20
        """)
        let r = try s.kpi("check")
        let out = r.stdout
        XCTAssertTrue(out.contains("goals/2026-Q3/alice.yaml:4:5: warning: alice 2026-Q3: the retention target 38% does not improve on its baseline 40%"), out)
        XCTAssertTrue(out.contains("goals/2026-Q3/alice.yaml:9:5: warning: alice 2026-Q3: an LTV/CAC target of 2.5 is below 3"), out)
        XCTAssertTrue(out.contains("goals/2026-Q3/alice.yaml:12:5: warning: alice 2026-Q3: the revenue target 300万 is 200% away from its baseline 100万, more than the 100% the ledger's policy allows"), out)
        XCTAssertTrue(out.contains("warning: the goal weights of alice for 2026-Q3 add up to 110, not 100"), out)
        XCTAssertTrue(out.contains("has 1 core KPIs; scorecard pm_mid allows 2–4"), out)
        XCTAssertTrue(out.contains("dimension user_value has 63.6% of the weight; scorecard pm_mid asks for 35–45%"), out)
    }
}

final class ReviewEditorTests: XCTestCase {
    /// With no text given and a terminal attached, `kpi review` opens $VISUAL/$EDITOR like git.
    func testReviewOpensTheEditorOnATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("needs util-linux's script for a terminal") }
        let s = try Sandbox()
        try s.makeLedger()
        let editor = s.dir.appendingPathComponent("editor.sh").path
        try Data("#!/bin/sh\nprintf 'Shipped onboarding.\\nRetention up 4 points.\\n' >> \"$1\"\n".utf8).write(to: URL(fileURLWithPath: editor))
        chmod(editor, 0o755)
        let r = try s.run("/usr/bin/script", ["-qec", "\(Sandbox.kpiBinary.path) review alice --quarter 2026-Q3 --rating A", "/dev/null"],
                          cwd: s.ledger, env: ["VISUAL": editor])
        XCTAssertEqual(r.status, 0, r.stdout)
        // --rating given: no editor; now without any text the editor opens.
        let r2 = try s.run("/usr/bin/script", ["-qec", "\(Sandbox.kpiBinary.path) review alice --quarter 2026-Q3", "/dev/null"],
                           cwd: s.ledger, env: ["VISUAL": editor])
        XCTAssertEqual(r2.status, 0, r2.stdout)
        XCTAssertEqual(try s.read("reviews/2026-Q3/alice.yaml"), """
        # yaml-language-server: $schema=../../.kpi/schemas/review.schema.json
        subject: alice
        quarter: 2026-Q3
        rating: A
        notes: |-
          Shipped onboarding.
          Retention up 4 points.

        """)
        // Without a terminal it refuses instead of hanging on an editor.
        let r3 = try s.kpi("review", "alice", "--quarter", "2026-Q3", status: 1)
        XCTAssertTrue(r3.stderr.contains("no terminal"), r3.stderr)
    }
}

final class ReviewFindingsTests: XCTestCase {
    func testRefusalsFoundInReview() throws {
        let s = try Sandbox()
        try s.makeLedger()
        // A bare fraction for a percentage almost always means a percentage.
        let frac = try s.kpi("record", "alice", "retention", "0.45", "--date", "2026-07-31", status: 1)
        XCTAssertTrue(frac.stderr.contains("'0.45' would mean 0.45%; write 45% for a fraction"), frac.stderr)
        try s.kpi("record", "alice", "retention", "0.45%", "--date", "2026-07-31", "--allow-future")
        // Ratings must be the ledger's own.
        let z = try s.kpi("review", "alice", "--quarter", "2026-Q3", "--rating", "Z", status: 1)
        XCTAssertTrue(z.stderr.contains("reviews/2026-Q3/alice.yaml:4:9: error: 'Z' is not a rating of this ledger; use one of S, A, B, C, D"), z.stderr)
        XCTAssertFalse(z.stderr.contains("kpi: error: reviews/"), "no doubled prefix: \(z.stderr)")
        // An option is refused by its name.
        let w = try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "30", "--weight", "abc", status: 1)
        XCTAssertEqual(w.stderr, "kpi: error: --weight 'abc' is not a valid value for a weight: 'abc' is not a number\n")
        // A new ledger inside another is refused.
        let inner = try s.kpi("init", s.ledger + "/people/sub", status: 1)
        XCTAssertTrue(inner.stderr.contains("lies inside the ledger at"), inner.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/people/sub"))
        // .yml is an error, not silently ignored; one unreadable file does not cascade.
        try s.write("people/carl.yml", "name: Carl\n")
        try s.write("people/bob.yaml", "name: [Bob]\n")
        let check = try s.kpi("check", status: 1)
        XCTAssertTrue(check.stdout.contains("people/carl.yml:1:1: error: ledger files end in .yaml"), check.stdout)
        XCTAssertTrue(check.stdout.contains("people/bob.yaml:1:7: error:"), check.stdout)
        XCTAssertFalse(check.stdout.contains("unknown manager 'bob'"), check.stdout)
        XCTAssertFalse(check.stdout.contains("unknown person 'bob'"), check.stdout)
    }

    func testCheckReadsABareRepository() throws {
        let s = try Sandbox()
        let bare = s.dir.appendingPathComponent("shared.git").path
        try s.kpi("init", "--bare", bare, cwd: s.dir.path)
        try s.kpi("-C", bare, "check", cwd: s.dir.path)
    }
}

final class CurrencyTests: XCTestCase {
    func testOneGoalOneCurrency() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "¥1,000")
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("record", "alice", "revenue", "$600", "--date", "2026-07-31", "--allow-future", status: 1)
        XCTAssertTrue(r.stderr.contains("revenue value $600 is in $, but the goal's target ¥1,000 at goals/2026-Q3/alice.yaml:5:5 is in ¥; kpi does not convert currencies"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        try s.kpi("record", "alice", "revenue", "600元", "--date", "2026-07-31", "--allow-future")
        try s.kpi("record", "alice", "revenue", "600元", "--date", "2026-08-31", "--allow-future")
        let csv = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "csv").stdout
        XCTAssertTrue(csv.contains(",revenue,business,,1000,1200,"), csv)
        // Changing the target's currency under existing records is refused the same way.
        let head2 = try s.git("rev-parse", "HEAD")
        let t = try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "$1,500", status: 1)
        XCTAssertTrue(t.stderr.contains("records/2026-Q3/alice.yaml:5:5: error: revenue value 600元 is in ¥, but the goal's target $1,500 at goals/2026-Q3/alice.yaml:5:5 is in $"), t.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head2)
    }

    /// `--as-of` is the newest commit made on or before the day, even when older work was
    /// recorded with earlier dates on top of a newer start.
    func testAsOfFindsBackdatedCommits() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40", env: ["GIT_AUTHOR_DATE": "2026-06-01T00:00:00Z"])
        try s.kpi("record", "alice", "nps", "20", "--date", "2026-07-10", env: ["GIT_AUTHOR_DATE": "2026-07-10T00:00:00Z"])
        let early = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--as-of", "2026-06-15", "--format", "csv").stdout
        XCTAssertTrue(early.contains("2026-Q3,alice,Alice Chen,0,D,nps,"), early)
        let later = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--as-of", "2026-07-15", "--format", "csv").stdout
        XCTAssertTrue(later.contains("2026-Q3,alice,Alice Chen,50,D,nps,"), later)
        let none = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--as-of", "2020-01-01", status: 1)
        XCTAssertTrue(none.stderr.contains("no commit on or before 2020-01-01"), none.stderr)
    }
}

final class CrossFileTests: XCTestCase {
    /// A change that breaks another file (deleting a manager someone still names) is refused,
    /// with the broken file's location; errors that were already there do not block a commit.
    func testADeletionThatBreaksAnotherFileIsRefused() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.git("rm", "-q", "people/bob.yaml")
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("commit", "-m", "bob left", status: 1)
        XCTAssertTrue(r.stderr.contains("people/alice.yaml:4:10: error: unknown manager 'bob'"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        try s.git("checkout", "-q", "HEAD", "--", "people/bob.yaml")
        // Removing a person who still has goals points at where the sheet names them.
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "30")
        try s.git("rm", "-q", "people/alice.yaml")
        let gone = try s.kpi("commit", "-m", "alice left", status: 1)
        XCTAssertTrue(gone.stderr.contains("goals/2026-Q3/alice.yaml:2:10: error: unknown subject 'alice'"), gone.stderr)
        try s.git("checkout", "-q", "HEAD", "--", "people/alice.yaml")
        // An error committed by plain git earlier does not block an unrelated, valid change.
        try s.write("people/zed.yaml", "name: Zed\nteam: nowhere\n")
        _ = try s.run("/usr/bin/git", ["-C", s.ledger, "add", "people/zed.yaml"])
        _ = try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-qm", "zed"])
        try s.kpi("record", "alice", "nps", "30", "--date", "2026-07-31", "--allow-future")
    }
}
