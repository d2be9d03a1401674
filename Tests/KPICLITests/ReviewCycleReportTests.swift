import Foundation
import XCTest

/// The review cycle in `kpi report --html` and `kpi serve`'s subject page (docs/review-cycle.md):
/// a running quarter's forecasts, the final ratings and the goal tree.
final class ReviewCycleReportTests: XCTestCase {
    static let nov19 = ["GIT_AUTHOR_DATE": "2026-11-19T10:00:00+08:00"]

    func testReportShowsForecastRatingsAndTree() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.write("goals/2026-Q4/product.yaml", "subject: product\nquarter: 2026-Q4\ngoals:\n  - metric: revenue\n    target: 500万\n")
        try s.write("goals/2026-Q4/alice.yaml", "subject: alice\nquarter: 2026-Q4\ngoals:\n  - metric: revenue\n    target: 100万\n    aligns_to: product/revenue\n")
        // 50万 by day 50 of 92: 92万 at the pace so far, 92 points (B); 50 points (D) so far.
        try s.write("records/2026-Q4/alice.yaml", "subject: alice\nquarter: 2026-Q4\nrecords:\n  - date: 2026-11-01\n    metric: revenue\n    value: 50万\n")
        try s.write("records/2026-Q4/product.yaml", "subject: product\nquarter: 2026-Q4\nrecords:\n  - date: 2026-11-01\n    metric: revenue\n    value: 200万\n")
        try s.write("reviews/2026-Q4/alice.yaml", "subject: alice\nquarter: 2026-Q4\nreviewer: bob\nrating: B\n")
        try s.write("calibration/2026-Q4/product.yaml", "attendees:\n  - bob\nratings:\n  - subject: alice\n    rating: C\n    reason: Half the quarter still to go\n")
        try s.kpi("commit", "-m", "Q4", env: Self.nov19)
        let html = try s.kpi("report", "--html", "-", "--quarter", "2026-Q4", env: Self.nov19).stdout
        XCTAssertTrue(html.contains("<section id=\"review-cycle\">"), html)
        XCTAssertTrue(html.contains("<h3>Forecast 2026-Q4 (day 50 of 92)</h3>"), html)
        XCTAssertTrue(html.contains("<tr data-subject=\"alice\"><td class=\"name\">Alice Chen</td><td class=\"id\"><code>alice</code></td><td class=\"r num\">50</td><td class=\"r num\">92</td>"), html)
        XCTAssertTrue(html.contains("<td>Half the quarter still to go</td>"), html)
        XCTAssertTrue(html.contains("<h3>Goal tree 2026-Q4</h3>"), html)
        XCTAssertTrue(html.contains("<code>product</code>"), html)
        XCTAssertTrue(html.contains("<code>alice</code> Revenue: 50万 of 100万"), html)
        XCTAssertTrue(html.contains("<a href=\"#review-cycle\">Review cycle</a>"), html)
    }
}
