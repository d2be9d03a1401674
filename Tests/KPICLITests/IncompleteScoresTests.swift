import Foundation
import XCTest

/// A score that depends on a file that does not load is incomplete: no score, no rating, the
/// errors listed, exit status 1 — never a silent 0 (docs/scoring.md, "Incomplete scores").
///
/// Hand-computed: alice's retention (42 − 40) / (45 − 40) = 0.4 × 60 plus revenue
/// (30万 + 50万) / 100万 = 0.8 × 40 → 56 D; carol's retention 45 / 50 = 0.9 → 90 B; the product
/// team's mean (56 + 90) / 2 = 73. Without the broken 50万 record alice would be 24 + 12 = 36 D.
final class IncompleteScoresTests: XCTestCase {
    static let brokenError = "records/2026-Q3/alice.yaml:13:12: value of revenue is not a valid value: '50万万x' is not a number"

    func scenario() throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        // Recorded after the quarter (actuals cannot be dated after today), so 2026-Q3 is finished.
        s.env["GIT_AUTHOR_DATE"] = "2026-10-05T10:00:00+08:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-10-05T10:00:00+08:00"
        try s.kpi("person", "add", "carol", "--name", "Carol Wu", "--email", "carol@example.com", "--manager", "bob", "--team", "product")
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--baseline", "40%", "--target", "45%", "--weight", "60")
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "100万", "--weight", "40")
        try s.kpi("goal", "set", "carol", "retention", "--quarter", "2026-Q3", "--target", "50%", "--weight", "100")
        try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31")
        try s.kpi("record", "alice", "revenue", "30万", "--date", "2026-07-31")
        try s.kpi("record", "alice", "revenue", "50万", "--date", "2026-08-31")
        try s.kpi("record", "carol", "retention", "45%", "--date", "2026-07-31")
        return s
    }

    /// One broken line in alice's records, as a hand edit would leave it.
    func breakAlicesRecords(_ s: Sandbox) throws {
        let text = try s.read("records/2026-Q3/alice.yaml")
        XCTAssertTrue(text.hasSuffix("    value: 50万\n"), text)
        try s.write("records/2026-Q3/alice.yaml", text.replacingOccurrences(of: "value: 50万\n", with: "value: 50万万x\n"))
    }

    func subjects(_ json: String) throws -> [String: [String: Any]] {
        let obj = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        var out: [String: [String: Any]] = [:]
        for s in obj["subjects"] as! [[String: Any]] { out[s["id"] as! String] = s }
        return out
    }

    func testCompleteScoresSayComplete() throws {
        let s = try scenario()
        let r = try s.kpi("score", "--quarter", "2026-Q3", "--format", "json")
        let subjects = try subjects(r.stdout)
        XCTAssertEqual(subjects["alice"]?["complete"] as? Bool, true)
        XCTAssertEqual(subjects["alice"]?["score"] as? Int, 56)
        XCTAssertEqual(subjects["alice"]?["errors"] as? [String], [])
        XCTAssertEqual(subjects["carol"]?["score"] as? Int, 90)
        let rollup = subjects["product"]?["rollup"] as? [String: Any]
        XCTAssertEqual(rollup?["mean_score"] as? Int, 73)
        XCTAssertEqual(rollup?["complete"] as? Bool, true)
        XCTAssertEqual(r.stderr, "")
    }

    func testABrokenRecordLineMakesItsSubjectAndTeamIncompleteInEveryFormat() throws {
        let s = try scenario()
        try breakAlicesRecords(s)
        XCTAssertTrue(try s.kpi("check", status: 1).stdout.contains("records/2026-Q3/alice.yaml:13:12: error: value of revenue is not a valid value: '50万万x' is not a number"))

        // Table: still printed, exit 1, the errors under it.
        let table = try s.kpi("score", "--quarter", "2026-Q3", status: 1)
        XCTAssertEqual(table.stdout, """
        Scores 2026-Q3 at \(try s.git("rev-parse", "--short=7", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)) with 1 uncommitted file
        Subject  Name             Score  Rating  Goals  Missing
        alice    Alice Chen  incomplete  –           2        0
        carol    Carol Wu            90  B           1        0
        product  Product     incomplete  –           0        0

        alice 2026-Q3 is incomplete (no score, no rating) until these errors are fixed:
          \(Self.brokenError)
        product 2026-Q3 is incomplete (no score, no rating) until these errors are fixed:
          \(Self.brokenError)


        """)
        XCTAssertFalse(table.stdout.contains("36"), "the score without the broken record is never shown")
        XCTAssertEqual(table.stderr, "kpi: error: 2 scores are incomplete (alice 2026-Q3, product 2026-Q3): a file they depend on did not load; fix the error `kpi check` lists\n")

        // JSON: the contract's keys.
        let json = try s.kpi("score", "--quarter", "2026-Q3", "--format", "json", status: 1).stdout
        let subjects = try subjects(json)
        let alice = try XCTUnwrap(subjects["alice"])
        XCTAssertEqual(alice["complete"] as? Bool, false)
        XCTAssertTrue(alice["score"] is NSNull)
        XCTAssertTrue(alice["rating"] is NSNull)
        XCTAssertEqual(alice["errors"] as? [String], [Self.brokenError])
        XCTAssertTrue(json.contains("\"score\": null,\n      \"rating\": null,"), json)
        XCTAssertEqual(subjects["carol"]?["complete"] as? Bool, true)
        XCTAssertEqual(subjects["carol"]?["score"] as? Int, 90)
        XCTAssertEqual(subjects["carol"]?["rating"] as? String, "B")
        let product = try XCTUnwrap(subjects["product"])
        XCTAssertEqual(product["complete"] as? Bool, false)
        XCTAssertEqual(product["errors"] as? [String], [Self.brokenError])
        let rollup = product["rollup"] as? [String: Any]
        XCTAssertTrue(rollup?["mean_score"] is NSNull, "never a mean over fewer members (90 alone)")
        XCTAssertEqual(rollup?["complete"] as? Bool, false)
        XCTAssertEqual(rollup?["incomplete_members"] as? [String], ["alice"])

        // CSV and markdown.
        let csv = try s.kpi("score", "--quarter", "2026-Q3", "--format", "csv", status: 1).stdout
        XCTAssertTrue(csv.contains("2026-Q3,alice,Alice Chen,incomplete,,retention,"), csv)
        XCTAssertTrue(csv.contains("2026-Q3,carol,Carol Wu,90,B,retention,"), csv)
        XCTAssertFalse(csv.contains("alice,Alice Chen,0"), csv)
        let md = try s.kpi("score", "--quarter", "2026-Q3", "--format", "markdown", status: 1).stdout
        XCTAssertTrue(md.contains("| alice | Alice Chen | incomplete | – |"), md)
        XCTAssertTrue(md.contains("| carol | Carol Wu | 90 | B |"), md)
        XCTAssertTrue(md.contains("> alice 2026-Q3 is incomplete"), md)

        // One subject that does not depend on the broken file: complete, exit 0, a warning.
        let carol = try s.kpi("score", "carol", "--quarter", "2026-Q3")
        XCTAssertTrue(carol.stdout.contains("carol    Carol Wu     90  B"), carol.stdout)
        XCTAssertEqual(carol.stderr, "kpi: warning: the ledger has 1 error (run `kpi check`); no score shown depends on it\n")
        let explained = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--explain", status: 1).stdout
        XCTAssertTrue(explained.contains("Alice Chen (alice) 2026-Q3: incomplete, no score"), explained)

        // The year's scoreboard.
        let year = try s.kpi("score", "--year", "2026", status: 1).stdout
        XCTAssertTrue(year.contains("alice    Alice Chen          incomplete\n"), year)
        XCTAssertTrue(year.contains("carol    Carol Wu                  90 B\n"), year)
        XCTAssertTrue(year.contains(Self.brokenError), year)
    }

    func testTheHTMLReportShowsABannerAndFails() throws {
        let s = try scenario()
        try breakAlicesRecords(s)
        let r = try s.kpi("report", "--html", "report.html", "--quarter", "2026-Q3", status: 1)
        XCTAssertTrue(r.stderr.contains("kpi: error: 2 scores are incomplete"), r.stderr)
        let page = try s.read("report.html")
        let banner = try XCTUnwrap(page.range(of: "<div class=\"banner incomplete\" role=\"alert\">"))
        XCTAssertLessThan(banner.lowerBound, try XCTUnwrap(page.range(of: "<header>")).lowerBound, "the banner is at the top")
        XCTAssertTrue(page.contains("<strong>2 scores are incomplete</strong>: Alice Chen (alice) 2026-Q3, Product (product) 2026-Q3."), page)
        XCTAssertTrue(page.contains("<li><code>records/2026-Q3/alice.yaml:13:12: value of revenue is not a valid value: &#39;50万万x&#39; is not a number</code></li>"), page)
        XCTAssertTrue(page.contains("<td class=\"r num score warn\">incomplete</td>"), page)
        XCTAssertTrue(page.contains("<td class=\"r num score\">90</td>"), page)
        XCTAssertFalse(page.contains("<td class=\"r num score\">0</td>"), page)
        XCTAssertTrue(page.contains("Members (2): mean incomplete (alice)"), page)
        // Standard output too: the page is printed and the status still says incomplete.
        let out = try s.kpi("report", "--html", "-", "--quarter", "2026-Q3", status: 1)
        XCTAssertTrue(out.stdout.hasPrefix("<!DOCTYPE html>"))
    }

    func testDiffFailsForAnIncompleteScoreColumn() throws {
        let s = try scenario()
        try breakAlicesRecords(s)
        try s.git("commit", "-qam", "hand edit")
        let r = try s.kpi("diff", status: 1)
        XCTAssertTrue(r.stdout.contains("Scores:\n  alice 2026-Q3: 56 → incomplete\n    alice 2026-Q3 incomplete: \(Self.brokenError)\n"), r.stdout)
        let json = try s.kpi("diff", "--format", "json", status: 1).stdout
        let obj = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let score = (obj["scores"] as! [[String: Any]])[0]
        XCTAssertEqual(score["before"] as? Int, 56)
        XCTAssertTrue(score["after"] is NSNull)
        XCTAssertEqual(score["before_complete"] as? Bool, true)
        XCTAssertEqual(score["after_complete"] as? Bool, false)
        XCTAssertEqual(score["errors"] as? [String], [Self.brokenError])
        // The fix: a complete diff exits 0 again.
        try s.write("records/2026-Q3/alice.yaml", try s.read("records/2026-Q3/alice.yaml").replacingOccurrences(of: "50万万x", with: "50万"))
        try s.git("commit", "-qam", "fix")
        XCTAssertTrue(try s.kpi("diff", status: 1).stdout.contains("alice 2026-Q3: incomplete → 56"), "the before column is still incomplete")
        XCTAssertTrue(try s.kpi("diff", "HEAD~2", "HEAD").stdout.contains("No ledger changes."))
    }

    /// A metric file that does not parse drops the goals that name it without an error in the
    /// goal sheet itself; the subject must still be incomplete, not scored on the rest.
    func testAnUnreadableMetricOrFormulaInputOrGoalSheetMakesItsUsersIncomplete() throws {
        let s = try scenario()
        try s.write("metrics/widgets.yaml", "name: Widgets\ndimension: business\nunit: count\ndirection: higher\naggregate: sum\n")
        try s.write("metrics/gadgets.yaml", "name: Gadgets\ndimension: business\nunit: count\ndirection: higher\naggregate: sum\n")
        try s.write("metrics/widget_share.yaml", "name: Widget share\ndimension: business\nunit: ratio\ndirection: higher\nformula: widgets / gadgets\n")
        try s.kpi("commit", "-m", "metrics")
        try s.kpi("goal", "set", "carol", "widget_share", "--quarter", "2026-Q3", "--target", "2", "--weight", "0")
        try s.kpi("record", "carol", "widgets", "10", "--date", "2026-07-31")
        try s.kpi("record", "carol", "gadgets", "4", "--date", "2026-07-31")
        // carol: retention 0.9 × 100 + widget_share (10 / 4) / 2 = 1.25 × 0 → 90, complete.
        XCTAssertEqual(try subjects(try s.kpi("score", "--quarter", "2026-Q3", "--format", "json").stdout)["carol"]?["score"] as? Int, 90)

        // A formula input that does not parse: carol is incomplete, alice is not.
        try s.write("metrics/gadgets.yaml", "name: [Gadgets\n")
        var subjects = try subjects(try s.kpi("score", "--quarter", "2026-Q3", "--format", "json", status: 1).stdout)
        XCTAssertEqual(subjects["carol"]?["complete"] as? Bool, false)
        XCTAssertEqual(subjects["carol"]?["errors"] as? [String], [
            "metrics/widget_share.yaml:1:1: metric widget_share, formula: metric 'gadgets' cannot be used: its file has an error at metrics/gadgets.yaml:1:7",
            "metrics/gadgets.yaml:1:7: lists in brackets are not allowed here; write one `- item` per line",
        ])
        XCTAssertEqual(subjects["alice"]?["complete"] as? Bool, true)
        XCTAssertEqual(subjects["alice"]?["score"] as? Int, 56)

        // The goal's own metric does not parse: the goal is gone from the sheet, carol incomplete.
        try s.write("metrics/gadgets.yaml", "name: Gadgets\ndimension: business\nunit: count\ndirection: higher\naggregate: sum\n")
        try s.write("metrics/widget_share.yaml", "name: Widget share\nformula: [widgets\n")
        subjects = try self.subjects(try s.kpi("score", "--quarter", "2026-Q3", "--format", "json", status: 1).stdout)
        XCTAssertEqual(subjects["carol"]?["complete"] as? Bool, false)
        XCTAssertTrue((subjects["carol"]?["errors"] as? [String])?.first?.hasPrefix("metrics/widget_share.yaml:2:10: ") ?? false, "\(subjects["carol"] ?? [:])")
        XCTAssertEqual(subjects["alice"]?["score"] as? Int, 56)

        // A goal sheet that does not parse: its subject is still listed, as incomplete.
        try s.write("metrics/widget_share.yaml", "name: Widget share\ndimension: business\nunit: ratio\ndirection: higher\nformula: widgets / gadgets\n")
        try s.write("goals/2026-Q3/carol.yaml", "subject: carol\nquarter: 2026-Q3\ngoals: [retention]\n")
        let table = try s.kpi("score", "--quarter", "2026-Q3", status: 1).stdout
        XCTAssertTrue(table.contains("carol    Carol Wu    incomplete  –           0        0"), table)
        XCTAssertTrue(table.contains("alice    Alice Chen          56  D"), table)
        XCTAssertTrue(table.contains("  goals/2026-Q3/carol.yaml:3:8: "), table)
    }

    /// A person file that does not load leaves team membership unknown: no team mean.
    func testAnUnreadablePersonFileLeavesTeamRollupsIncomplete() throws {
        let s = try scenario()
        try s.write("people/dave.yaml", "name: [Dave\n")
        let json = try s.kpi("score", "--quarter", "2026-Q3", "--format", "json", status: 1).stdout
        let subjects = try subjects(json)
        XCTAssertEqual(subjects["alice"]?["score"] as? Int, 56)
        XCTAssertEqual(subjects["carol"]?["score"] as? Int, 90)
        let product = try XCTUnwrap(subjects["product"])
        XCTAssertEqual(product["complete"] as? Bool, false)
        XCTAssertTrue((product["errors"] as? [String])?.first?.hasPrefix("people/dave.yaml:1:7: ") ?? false, "\(product)")
        XCTAssertTrue((product["rollup"] as? [String: Any])?["mean_score"] is NSNull)
        let table = try s.kpi("score", "product", "--quarter", "2026-Q3", status: 1).stdout
        XCTAssertTrue(table.contains("Members (2): mean incomplete (team membership unknown)"), table)
    }
}
