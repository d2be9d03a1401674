import XCTest

final class InitCheckTests: XCTestCase {
    func testInitWritesTheCatalogInOneFirstCommitAndChecksClean() throws {
        let s = try Sandbox()
        let r = try s.kpi("init", s.ledger, cwd: s.dir.path)
        XCTAssertTrue(r.stdout.contains("Created ledger"))
        try s.kpi("-C", s.ledger, "check", cwd: s.dir.path)
        let log = try s.git("log", "--format=%an <%ae>|%s", "--name-only")
        XCTAssertTrue(log.hasPrefix("Bob Manager <bob@example.com>|init: ledger"), log)
        let ids = ["revenue", "profit", "conversion_rate", "ltv", "cac", "ltv_cac", "dau", "mau", "retention", "growth_rate",
                   "nps", "csat", "core_feature_usage", "task_completion", "on_time_delivery", "delivered_on_time", "deliveries_planned", "launch_quality",
                   "ab_test_success", "collaboration", "strategic_goals", "new_opportunities", "market_share", "innovation",
                   "complaint_rate", "arpu", "rd_roi", "requirement_change_rate", "sales_attainment", "new_users",
                   "lead_conversion", "brand_search_index", "media_exposure", "reputation", "channel_roi",
                   "repurchase_rate", "campaign_roi"]
        for id in ids { XCTAssertTrue(log.contains("metrics/\(id).yaml\n"), "missing metric \(id)") }
        for card in ["pm_junior", "pm_mid", "pm_senior", "product_department", "marketing_department"] {
            XCTAssertTrue(log.contains("scorecards/\(card).yaml\n"), "missing scorecard \(card)")
        }
        XCTAssertEqual(try s.git("rev-list", "--count", "HEAD"), "1\n")
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        let metric = try s.read("metrics/ltv_cac.yaml")
        XCTAssertTrue(metric.hasPrefix("# yaml-language-server: $schema=../.kpi/schemas/metric.schema.json\n"), metric)
        XCTAssertTrue(metric.contains("formula: ltv / cac"))
        XCTAssertTrue(metric.contains("zh: 用户生命周期价值/获客成本"))
        let settings = try s.read("ledger.yaml")
        XCTAssertTrue(settings.hasPrefix("# yaml-language-server: $schema=.kpi/schemas/settings.schema.json\n"))
        for expected in ["fiscal_year_start: 1", "cap: 120%", "bonus_cap: 5", "grade: S", "grade: D"] {
            XCTAssertTrue(settings.contains(expected), "ledger.yaml lacks \(expected)")
        }
    }

    func testInitRefusesAnExistingLedgerAndChangesNothing() throws {
        let s = try Sandbox()
        try s.kpi("init", s.ledger, cwd: s.dir.path)
        let before = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("init", s.ledger, status: 1, cwd: s.dir.path)
        XCTAssertTrue(r.stderr.contains("already holds a ledger"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), before)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
    }

    func testInitWithoutIdentityIsAClearErrorAndLeavesNoFolder() throws {
        let s = try Sandbox()
        for k in ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"] { s.env[k] = nil }
        let r = try s.kpi("init", s.ledger, status: 1, cwd: s.dir.path)
        XCTAssertTrue(r.stderr.contains("no author identity"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger))
    }

    func testABrokenFileIsReportedWithItsLocationAndTheOthersStillChecked() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.write("goals/2026-Q3/alice.yaml", """
        subject: alice
        quarter: 2026-Q3
        goals:
          - metric: retention
            tagret: 45%
        """)
        try s.write("people/carol.yaml", "name: Carol\nmanager: nobody\n")
        try s.write("metrics/broken.yaml", "name: [a, b]\n")
        let r = try s.kpi("check", status: 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("goals/2026-Q3/alice.yaml:4:5: error: a goal needs 'target'"), r.stdout)
        XCTAssertTrue(lines.contains("goals/2026-Q3/alice.yaml:5:5: error: unknown key 'tagret' in a goal; did you mean 'target'?"), r.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("metrics/broken.yaml:1:7: error:") }, r.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("people/carol.yaml:2:10: error: unknown manager 'nobody'") }, r.stdout)
        XCTAssertEqual(lines, lines.sorted { a, b in
            let pa = a.split(separator: ":"), pb = b.split(separator: ":")
            return (String(pa[0]), Int(pa[1])!) < (String(pb[0]), Int(pb[1])!)
        })
        let json = try s.kpi("check", "--format", "json", status: 1)
        let obj = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(obj["errors"] as? Int, lines.filter { $0.contains(": error: ") }.count)
    }

    func testCheckNamedFilesOutsideALedgerChecksTheFormatOnly() throws {
        let s = try Sandbox()
        try FileManager.default.createDirectory(atPath: s.dir.path + "/loose", withIntermediateDirectories: true)
        try Data("a: 1\nb: [x]\n".utf8).write(to: s.dir.appendingPathComponent("loose/bad.yaml"))
        try Data("a: 1\nb: text\n".utf8).write(to: s.dir.appendingPathComponent("loose/good.yaml"))
        let bad = try s.kpi("check", "loose/bad.yaml", "loose/good.yaml", status: 1, cwd: s.dir.path)
        XCTAssertTrue(bad.stdout.hasPrefix("loose/bad.yaml:2:4: error:"), bad.stdout)
        // A file outside a ledger's layout passes on its format alone, and is told so.
        let formatOnly = "loose/good.yaml:1:1: warning: not a ledger file (not at a place of a ledger's layout: people/, goals/QUARTER/ …), so only its YAML format was checked\n"
        XCTAssertEqual(bad.stdout.components(separatedBy: "good.yaml").count, 2, bad.stdout)
        XCTAssertTrue(bad.stdout.hasSuffix(formatOnly), bad.stdout)
        XCTAssertEqual(try s.kpi("check", "loose/good.yaml", cwd: s.dir.path).stdout, formatOnly)
    }
}
