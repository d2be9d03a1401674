import Foundation
import XCTest

/// The HTML report's and `kpi serve`'s scoreboards, and a subject's page, show the reviewer's,
/// the calibrated and the final rating beside the computed one (docs/review-cycle.md,
/// "Calibration"; docs/serve.md).
final class ScoreboardRatingsTests: XCTestCase {
    static let oct5 = ["GIT_AUTHOR_DATE": "2026-10-05T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-10-05T10:00:00+08:00"]

    /// alice's one nps goal (target 100, weight 100) at 75: 75 points, computed C; reviewed A;
    /// calibrated B. carol at 90: B, nothing else.
    func scenario() throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("person", "add", "carol", "--name", "Carol", "--manager", "bob", "--team", "product", env: Self.oct5)
        for (id, value) in [("alice", "75"), ("carol", "90")] {
            try s.write("goals/2026-Q3/\(id).yaml", "subject: \(id)\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 100\n    weight: 100\n")
            try s.write("records/2026-Q3/\(id).yaml", "subject: \(id)\nquarter: 2026-Q3\nrecords:\n  - date: 2026-09-30\n    metric: nps\n    value: \(value)\n")
        }
        try s.write("reviews/2026-Q3/alice.yaml", "subject: alice\nquarter: 2026-Q3\nreviewer: bob\nrating: A\n")
        try s.write("calibration/2026-Q3/product.yaml", "attendees:\n  - bob\nratings:\n  - subject: alice\n    rating: B\n    reason: Carried <the> launch\n")
        try s.kpi("commit", "-m", "Q3 goals, actuals, review and calibration", env: Self.oct5)
        return s
    }

    func testScoreboardsAndTheSubjectPageShowAllRatings() throws {
        let s = try scenario()
        let alice = "<td class=\"c\"><span class=\"rating r-A\">A</span></td><td class=\"c calibrated\" title=\"calibrated because Carried &lt;the&gt; launch\"><span class=\"rating r-B\">B</span></td><td class=\"c final\"><span class=\"rating r-B\">B</span></td>"
        let carol = "<td class=\"c\"><span class=\"muted\">–</span></td><td class=\"c calibrated\"><span class=\"muted\">–</span></td><td class=\"c final\"><span class=\"rating r-B\">B</span></td>"
        let header = "<th class=\"c\">Review</th><th class=\"c\">Calibrated</th><th class=\"c\">Final</th>"

        let report = try s.kpi("report", "--html", "-", "--quarter", "2026-Q3", env: Self.oct5).stdout
        for part in [header, alice, carol] { XCTAssertTrue(report.contains(part), part) }

        let server = try ServeProcess(s, env: Self.oct5)
        let board = try server.get(s, "/?quarter=2026-Q3").body
        for part in [header, alice, carol] { XCTAssertTrue(board.contains(part), part) }
        let page = try server.get(s, "/subjects/alice?quarter=2026-Q3").body
        XCTAssertTrue(page.contains("Score <strong class=\"subject-score\">75</strong> <span class=\"rating r-C\">C</span> · final <strong class=\"subject-final\"><span class=\"rating r-B\">B</span></strong> (reviewer: <span class=\"rating r-A\">A</span>) (calibrated: <span class=\"rating r-B\">B</span>, because Carried &lt;the&gt; launch)"), page)
        // Nobody reviewed or calibrated carol: her page has no final rating line.
        XCTAssertFalse(try server.get(s, "/subjects/carol?quarter=2026-Q3").body.contains("subject-final"))

        // A quarter where no one has more than the computed rating has no such columns.
        try s.kpi("goal", "set", "carol", "nps", "--quarter", "2026-Q2", "--target", "100", "--weight", "100", env: Self.oct5)
        XCTAssertFalse(try server.get(s, "/?quarter=2026-Q2").body.contains("Calibrated"))
    }
}
