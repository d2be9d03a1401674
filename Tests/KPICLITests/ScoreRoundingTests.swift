import Foundation
import XCTest

/// A displayed score never lies in another band than the rating beside it (docs/scoring.md,
/// "Rounding"): scores round half-up to the places shown, unless that would carry them into
/// another band; then they are cut towards their own band.
final class ScoreRoundingTests: XCTestCase {
    /// alice has one goal, revenue (ratio, weight 100): the score is 100 × actual / target.
    func ledger(target: String, actual: String) throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        // Recorded after the quarter (actuals cannot be dated after today), so 2026-Q3 is finished.
        s.env["GIT_AUTHOR_DATE"] = "2026-10-05T10:00:00+08:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-10-05T10:00:00+08:00"
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", target, "--weight", "100")
        try s.kpi("record", "alice", "revenue", actual, "--date", "2026-07-31")
        return s
    }

    struct Shown: Equatable {
        var table, json, csv, markdown, html: String
    }

    /// The score and rating as every format shows them.
    func shown(_ s: Sandbox) throws -> Shown {
        let table = try s.kpi("score", "alice", "--quarter", "2026-Q3").stdout
        let row = table.split(separator: "\n")[2].split(separator: " ", omittingEmptySubsequences: true)
        let json = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "json").stdout
        let subject = ((try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["subjects"] as! [[String: Any]])[0]
        let scoreText = json.components(separatedBy: "\"score\": ")[1].components(separatedBy: ",")[0]
        let csv = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "csv").stdout.split(separator: "\n")[1].split(separator: ",")
        let md = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "markdown").stdout
        let mdRow = md.split(separator: "\n").first { $0.hasPrefix("| alice |") }!.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        let page = try s.kpi("report", "--html", "-", "--quarter", "2026-Q3").stdout
        let html = page.components(separatedBy: "<td class=\"r num score\">")[1].components(separatedBy: "</td>")[0]
        let badge = page.components(separatedBy: "<td class=\"r num score\">")[1].components(separatedBy: "<span class=\"rating r-")[1].components(separatedBy: "\"")[0]
        return Shown(table: "\(row[3]) \(row[4])", json: "\(scoreText) \(subject["rating"] as! String)",
                     csv: "\(csv[3]) \(csv[4])", markdown: "\(mdRow[2]) \(mdRow[3])", html: "\(html) \(badge)")
    }

    func testAScoreJustBelowABandIsNeverShownInIt() throws {
        // 9,996 of 10,000: 99.96 points, a B (A starts at 100). Half-up would print 100.0.
        let s = try ledger(target: "10000", actual: "9996")
        XCTAssertEqual(try shown(s), Shown(table: "99.9 B", json: "99.96 B", csv: "99.96 B", markdown: "99.9 B", html: "99.9 B"))
        let detail = try s.kpi("score", "alice", "--quarter", "2026-Q3").stdout
        XCTAssertTrue(detail.contains("Alice Chen (alice) 2026-Q3: 99.9 points, rating B\n"), detail)
        XCTAssertTrue(detail.contains("Dimensions: business 99.9 (weight 100)\n"), "a subtotal is not rounded into the next band either: \(detail)")
        // 99,996 of 100,000: 99.996 points; two places half-up would be 100.00, so JSON cuts to 99.99.
        let t = try ledger(target: "100000", actual: "99996")
        XCTAssertEqual(try shown(t), Shown(table: "99.9 B", json: "99.99 B", csv: "99.99 B", markdown: "99.9 B", html: "99.9 B"))
    }

    func testScoresInsideTheirBandStillRoundHalfUp() throws {
        // 9,875 of 10,000: 98.75 → 98.8 (still a B); 8,496 of 10,000: 84.96 → a C, shown 84.9 not 85.
        XCTAssertEqual(try shown(try ledger(target: "10000", actual: "9875")),
                       Shown(table: "98.8 B", json: "98.75 B", csv: "98.75 B", markdown: "98.8 B", html: "98.8 B"))
        XCTAssertEqual(try shown(try ledger(target: "10000", actual: "8496")),
                       Shown(table: "84.9 C", json: "84.96 C", csv: "84.96 C", markdown: "84.9 C", html: "84.9 C"))
    }

    func testABandMinimumWithMorePlacesIsShownWithThem() throws {
        // A starts at 99.94: 99.94 points is an A; one place would show 99.9 (a B's number), so
        // the table shows 99.94.
        let s = try ledger(target: "10000", actual: "9994")
        try s.write("ledger.yaml", try s.read("ledger.yaml").replacingOccurrences(of: "    - grade: A\n      min: 100\n", with: "    - grade: A\n      min: 99.94\n"))
        XCTAssertEqual(try shown(s), Shown(table: "99.94 A", json: "99.94 A", csv: "99.94 A", markdown: "99.94 A", html: "99.94 A"))
    }
}
