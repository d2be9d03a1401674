import Foundation
import XCTest

/// `kpi report --html`: the page's structure and numbers, its self-containment and escaping,
/// and (with chromium) what a browser shows, plus a screenshot for people to look at.
final class ReportTests: XCTestCase {
    /// Two quarters of goals and actuals, a person with a Chinese name, one whose name needs
    /// escaping, and a target eased after actuals (an audit error).
    ///
    /// Hand-computed scores:
    /// - chen 2026-Q2: retention progress (45−40)/(50−40) = 0.5 × 60; nps ratio 33/30 = 1.1 × 40
    ///   → 30 + 44 = 74 → C
    /// - chen 2026-Q3: retention target eased 45% → 44%, actual 44%: progress (44−40)/(44−40) = 1 × 60;
    ///   nps 36/30 = 1.2 (the cap) × 40 → 60 + 48 = 108 → A
    /// - alice 2026-Q3: retention ratio 36/45 = 0.8 × 100 → 80 → C (B starts at 85)
    /// - zed 2026-Q3: revenue ratio 60万/50万 = 1.2 × 100 → 120 → S
    func makeScenario(_ s: Sandbox) throws {
        // Commits in date order (an earlier date than the commit before is a backdated_change).
        s.env["GIT_AUTHOR_DATE"] = "2026-03-20T10:00:00+08:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-03-20T10:00:00+08:00"
        try s.makeLedger()
        func at(_ date: String) -> [String: String] { ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date] }
        try s.kpi("person", "add", "chen", "--name", "陈爱丽", "--email", "chen@example.com", "--manager", "bob", "--team", "product")
        try s.kpi("person", "add", "zed", "--name", "Zoë <Q&A> \"Zed\" 'Z'", "--email", "zed@example.com", "--manager", "bob")
        try s.kpi("goal", "set", "chen", "retention", "--quarter", "2026-Q2", "--baseline", "40%", "--target", "50%", "--weight", "60",
                  env: at("2026-03-25T09:00:00+08:00"))
        try s.kpi("goal", "set", "chen", "nps", "--quarter", "2026-Q2", "--target", "30", "--weight", "40", env: at("2026-03-25T09:05:00+08:00"))
        try s.kpi("record", "chen", "retention", "45%", "--date", "2026-05-31", env: at("2026-06-01T10:00:00+08:00"))
        try s.kpi("record", "chen", "nps", "33", "--date", "2026-06-15", env: at("2026-06-16T10:00:00+08:00"))
        try s.kpi("goal", "set", "chen", "retention", "--quarter", "2026-Q3", "--baseline", "40%", "--target", "45%", "--weight", "60",
                  env: at("2026-06-25T09:00:00+08:00"))
        try s.kpi("goal", "set", "chen", "nps", "--quarter", "2026-Q3", "--target", "30", "--weight", "40", env: at("2026-06-25T09:05:00+08:00"))
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%", "--weight", "100", env: at("2026-06-25T09:10:00+08:00"))
        try s.kpi("goal", "set", "zed", "revenue", "--quarter", "2026-Q3", "--target", "50万", "--weight", "100", env: at("2026-06-25T09:15:00+08:00"))
        try s.kpi("record", "chen", "retention", "42%", "--date", "2026-07-31", env: at("2026-08-01T10:00:00+08:00"))
        try s.kpi("goal", "set", "chen", "retention", "--quarter", "2026-Q3", "--target", "44%", "-m", "Agreed lower target after the reorg <R&D>",
                  env: at("2026-08-10T11:00:00+08:00"))
        try s.kpi("record", "chen", "retention", "44%", "--date", "2026-09-30", env: at("2026-09-30T18:00:00+08:00"))
        try s.kpi("record", "chen", "nps", "36", "--date", "2026-09-15", env: at("2026-09-30T18:10:00+08:00"))
        try s.kpi("record", "alice", "retention", "36%", "--date", "2026-09-20", env: at("2026-09-30T18:20:00+08:00"))
        try s.kpi("record", "zed", "revenue", "60万", "--date", "2026-09-25", env: at("2026-09-30T18:30:00+08:00"))
    }

    /// The `<tr>` (up to its `</tr>`) holding `marker`.
    func row(_ html: String, _ marker: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        guard let r = html.range(of: marker) else {
            XCTFail("no \(marker) in the page", file: file, line: line)
            return ""
        }
        let start = html[..<r.lowerBound].range(of: "<tr", options: .backwards)?.lowerBound ?? r.lowerBound
        let end = html[r.upperBound...].range(of: "</tr>")?.upperBound ?? html.endIndex
        return String(html[start..<end])
    }

    /// A section's HTML, from its opening tag to its end.
    func section(_ html: String, _ id: String) -> String {
        guard let r = html.range(of: "<section id=\"\(id)\">"), let end = html[r.upperBound...].range(of: "</section>") else { return "" }
        return String(html[r.lowerBound..<end.upperBound])
    }

    /// One subject's trend `<figure>`.
    func figure(_ html: String, _ subject: String) -> String {
        guard let r = html.range(of: "<figure class=\"trend\" data-subject=\"\(subject)\""),
              let end = html[r.upperBound...].range(of: "</figure>") else { return "" }
        return String(html[r.lowerBound..<end.upperBound])
    }

    func testHTMLReportStructureNumbersTimelineAuditAndSelfContainment() throws {
        let s = try Sandbox()
        try makeScenario(s)
        let out = s.dir.appendingPathComponent("out.html").path
        try s.kpi("report", "--html", out)
        let html = try String(contentsOfFile: out, encoding: .utf8)

        // A complete, self-contained page.
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<meta charset=\"utf-8\">"))
        XCTAssertTrue(html.contains("<style>"))
        XCTAssertTrue(html.contains("\"WenQuanYi Micro Hei\", \"Noto Sans CJK SC\""))
        XCTAssertTrue(html.contains("@media print"))
        XCTAssertTrue(html.contains("page-break-inside: avoid"))
        XCTAssertFalse(html.lowercased().contains("<script"), "no scripts at all")
        XCTAssertFalse(html.lowercased().contains("<link"))
        XCTAssertFalse(html.lowercased().contains("<img"))
        XCTAssertFalse(html.contains("@import"))
        XCTAssertFalse(html.contains("url("))
        let external = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        XCTAssertFalse(external.contains("http://"), "external reference in the page")
        XCTAssertFalse(external.contains("https://"), "external reference in the page")
        for id in ["scoreboard", "trends", "attainment", "changes", "audit"] {
            XCTAssertTrue(html.contains("<section id=\"\(id)\">"), "section \(id)")
        }
        // Default period: the fiscal year of the latest quarter with goals.
        XCTAssertTrue(html.contains("Period <strong>FY2026</strong>"), String(html.prefix(3000)))
        XCTAssertTrue(html.contains("No goals in 2026-Q1, 2026-Q4."))

        // Scoreboard: exact scores and ratings per quarter.
        let board = section(html, "scoreboard")
        let chenQ2 = row(board, "data-subject=\"chen\" data-quarter=\"2026-Q2\"")
        XCTAssertTrue(chenQ2.contains("<td class=\"name\">陈爱丽</td>"), chenQ2)
        XCTAssertTrue(chenQ2.contains("<td class=\"r num score\">74</td>"), chenQ2)
        XCTAssertTrue(chenQ2.contains("<span class=\"rating r-C\">C</span>"), chenQ2)
        let chenQ3 = row(board, "data-subject=\"chen\" data-quarter=\"2026-Q3\"")
        XCTAssertTrue(chenQ3.contains("<td class=\"r num score\">108</td>"), chenQ3)
        XCTAssertTrue(chenQ3.contains(">A</span>"), chenQ3)
        let aliceQ3 = row(board, "data-subject=\"alice\" data-quarter=\"2026-Q3\"")
        XCTAssertTrue(aliceQ3.contains("<td class=\"name\">Alice Chen</td>"), aliceQ3)
        XCTAssertTrue(aliceQ3.contains("<td class=\"r num score\">80</td>"), aliceQ3)
        XCTAssertTrue(aliceQ3.contains(">C</span>"), aliceQ3) // B starts at 85
        let zedQ3 = row(board, "data-subject=\"zed\" data-quarter=\"2026-Q3\"")
        XCTAssertTrue(zedQ3.contains("<td class=\"r num score\">120</td>"), zedQ3)
        XCTAssertTrue(zedQ3.contains(">S</span>"), zedQ3)
        XCTAssertFalse(board.contains("data-subject=\"alice\" data-quarter=\"2026-Q2\""), "alice has no Q2 goals")

        // Escaping: the name with < & " ' never appears raw.
        XCTAssertTrue(html.contains("Zoë &lt;Q&amp;A&gt; &quot;Zed&quot; &#39;Z&#39;"))
        XCTAssertFalse(html.contains("<Q&A>"))
        XCTAssertFalse(html.contains("\"Zed\""))

        // Trends: one SVG chart per person, with each quarter's score as text.
        let trends = section(html, "trends")
        XCTAssertEqual(trends.components(separatedBy: "<figure class=\"trend\"").count - 1, 3)
        let chenFigure = figure(trends, "chen")
        XCTAssertTrue(chenFigure.contains("<svg class=\"chart\""), chenFigure)
        XCTAssertTrue(chenFigure.contains(">74</text>") && chenFigure.contains(">108</text>"), chenFigure)
        XCTAssertTrue(chenFigure.contains("<polyline class=\"line\""), chenFigure)
        XCTAssertTrue(chenFigure.contains(">2026-Q2</text>") && chenFigure.contains(">2026-Q3</text>"), chenFigure)
        let aliceFigure = figure(trends, "alice")
        XCTAssertTrue(aliceFigure.contains(">no goals</text>") && aliceFigure.contains(">80</text>"), aliceFigure)

        // Attainment per goal: the number as text beside the bar, Chinese metric names shown.
        let att = section(html, "attainment")
        let chenQ3Goals = String(att[att.range(of: "data-subject=\"chen\" data-quarter=\"2026-Q3\"")!.lowerBound...])
        let retention = row(chenQ3Goals, "data-metric=\"retention\"")
        XCTAssertTrue(retention.contains("用户留存率"), retention)
        XCTAssertTrue(retention.contains("<td class=\"r num\">44%</td>"), retention) // target and actual
        XCTAssertTrue(retention.contains("<td class=\"r num att\">100%</td>"), retention)
        XCTAssertTrue(retention.contains("aria-label=\"attainment 100%\""), retention)
        let nps = row(chenQ3Goals, "data-metric=\"nps\"")
        XCTAssertTrue(nps.contains("净推荐值"), nps)
        XCTAssertTrue(nps.contains("<td class=\"r num att\">120%</td>"), nps)
        let chenQ2Goals = String(att[att.range(of: "data-subject=\"chen\" data-quarter=\"2026-Q2\"")!.lowerBound...])
        XCTAssertTrue(row(chenQ2Goals, "data-metric=\"retention\"").contains("<td class=\"r num att\">50%</td>"))
        XCTAssertTrue(row(chenQ2Goals, "data-metric=\"nps\"").contains("<td class=\"r num att\">110%</td>"))

        // The change timeline: the eased target with its author, date and reason (escaped).
        let changes = section(html, "changes")
        let eased = row(changes, "Agreed lower target after the reorg &lt;R&amp;D&gt;")
        XCTAssertTrue(eased.contains("Bob Manager"), eased)
        XCTAssertTrue(eased.contains("bob@example.com"), eased)
        XCTAssertTrue(eased.contains("<time datetime=\"2026-08-10T11:00:00+08:00\">2026-08-10"), eased)
        XCTAssertTrue(eased.contains("target <span class=\"old\">45%</span> → <strong>44%</strong>"), eased)
        XCTAssertTrue(eased.contains("陈爱丽"), eased)
        XCTAssertTrue(eased.contains("<td>2026-Q3</td>"), eased)
        // Creations are one row per goal, with every field it was created with.
        let created = row(changes, "baseline <strong>40%</strong>, target <strong>50%</strong>")
        XCTAssertTrue(created.contains("2026-03-25"), created)
        XCTAssertEqual(changes.components(separatedBy: "<tr class=").count - 1, 7) // 6 goals created, 1 changed

        // The audit: the eased target is an error, the change after the start a warning.
        let audit = section(html, "audit")
        let finding = row(audit, "data-rule=\"eased_after_actuals\"")
        XCTAssertTrue(finding.contains("<span class=\"sev error\">error</span>"), finding)
        XCTAssertTrue(finding.contains("Bob Manager"), finding)
        XCTAssertTrue(finding.contains("2026-08-10"), finding)
        XCTAssertTrue(finding.contains("eased the retention target from 45% to 44%"), finding)
        XCTAssertTrue(row(audit, "data-rule=\"changed_after_start\"").contains("<span class=\"sev warning\">warning</span>"))

        // Deterministic: the same history gives the same bytes; the revision is HEAD's.
        let again = s.dir.appendingPathComponent("again.html").path
        try s.kpi("report", "--html", again, "--year", "2026")
        XCTAssertEqual(try String(contentsOfFile: again, encoding: .utf8), html)
        let head = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(html.contains(head))

        try browserChecks(s, page: out)
    }

    func testQuarterLimitsEverySectionAndBadArgumentsAreRefused() throws {
        let s = try Sandbox()
        try makeScenario(s)
        let r = try s.kpi("report", "--html", "-", "--quarter", "2026-Q2")
        let html = r.stdout
        XCTAssertTrue(html.contains("Period <strong>2026-Q2</strong>"))
        XCTAssertTrue(html.contains("data-quarter=\"2026-Q2\""))
        XCTAssertFalse(html.contains("data-quarter=\"2026-Q3\""))
        XCTAssertFalse(html.contains("<td>2026-Q3</td>"), "Q3 goal changes left out")
        XCTAssertFalse(html.contains("eased_after_actuals"), "Q3 findings left out")
        XCTAssertTrue(section(html, "audit").contains("No findings."))
        let both = try s.kpi("report", "--html", "x.html", "--quarter", "2026-Q2", "--year", "2026", status: 64)
        XCTAssertTrue(both.stderr.contains("not both"), both.stderr)
        let empty = try s.kpi("report", "--html", "-", "--year", "2030")
        XCTAssertTrue(empty.stdout.contains("No goals in FY2030."), empty.stdout)
    }

    // MARK: - The browser

    static func chromium() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/bin"]
        for d in dirs {
            for name in ["chromium", "chromium-browser"] where FileManager.default.isExecutableFile(atPath: d + "/" + name) {
                return d + "/" + name
            }
        }
        return nil
    }

    /// Renders the page headless: the DOM the browser built must show the names and numbers,
    /// and a screenshot is kept for review (the test's temp dir and `.build/report-screenshot.png`).
    func browserChecks(_ s: Sandbox, page: String) throws {
        guard let chromium = ReportTests.chromium() else {
            if ProcessInfo.processInfo.environment["CI"] != nil {
                XCTFail("chromium is not installed, and CI is set: CI must install chromium and fonts-wqy-microhei (see .ci/run)")
                return
            }
            throw XCTSkip("chromium not found on PATH or in /usr/bin; install it (apt-get install -y chromium fonts-wqy-microhei) to render the report")
        }
        let profile = s.dir.appendingPathComponent("chromium-profile").path
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                      "--user-data-dir=\(profile)", "--hide-scrollbars"]
        func browser(_ args: [String]) throws -> Sandbox.Run {
            // timeout(1) keeps a wedged browser from hanging the test run.
            let timeout = FileManager.default.isExecutableFile(atPath: "/usr/bin/timeout") ? "/usr/bin/timeout" : nil
            return try timeout.map { try s.run($0, ["120", chromium] + common + args) } ?? s.run(chromium, common + args)
        }
        let url = URL(fileURLWithPath: page).absoluteString
        let dom = try browser(["--dump-dom", url])
        XCTAssertEqual(dom.status, 0, dom.stderr)
        let text = dom.stdout
        for expected in ["陈爱丽", "Alice Chen", "Zoë &lt;Q&amp;A&gt;", ">108<", ">74<", ">80<", ">120<", "用户留存率",
                         "Agreed lower target after the reorg", "eased_after_actuals", "Bob Manager"] {
            XCTAssertTrue(text.contains(expected), "the browser's DOM lacks \(expected)")
        }
        XCTAssertTrue(text.contains("<svg class=\"chart\""), "the browser parsed the SVG charts")

        let shot = s.dir.appendingPathComponent("report.png").path
        let r = try browser(["--screenshot=\(shot)", "--window-size=1280,2000", url])
        XCTAssertEqual(r.status, 0, r.stderr)
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        XCTAssertGreaterThan(png.count, 20_000, "a screenshot with content")
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "a PNG")
        // Kept where a reviewer finds it (never committed: .build is ignored).
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let build = package.appendingPathComponent(".build")
        if FileManager.default.fileExists(atPath: build.path) {
            let kept = build.appendingPathComponent("report-screenshot.png")
            try? FileManager.default.removeItem(at: kept)
            try FileManager.default.copyItem(atPath: shot, toPath: kept.path)
            try? FileManager.default.removeItem(at: build.appendingPathComponent("report-screenshot.html"))
            try? FileManager.default.copyItem(atPath: page, toPath: build.appendingPathComponent("report-screenshot.html").path)
        }
    }
}
