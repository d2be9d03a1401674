import Foundation
import XCTest

/// `ledger.yaml` and scorecards need no `name` (docs/format.md, "Required keys"): a hand-made
/// ledger without them checks clean and scores complete.
final class OptionalNameTests: XCTestCase {
    func testLedgerAndScorecardWithoutNames() throws {
        let s = try Sandbox()
        try FileManager.default.createDirectory(atPath: s.ledger, withIntermediateDirectories: true)
        try s.git("init", "-q", "-b", "main")
        try s.write("ledger.yaml", "fiscal_year_start: 1\n")
        try s.write("scorecards/ic.yaml", "dimensions:\n  - id: business\n    min: 50%\n    max: 100%\n")
        try s.write("metrics/nps.yaml", "name: NPS\ndimension: business\nunit: score\ndirection: higher\naggregate: last\n")
        try s.write("people/ann.yaml", "name: Ann\nscorecard: ic\n")
        try s.write("goals/2026-Q2/ann.yaml", "subject: ann\nquarter: 2026-Q2\ngoals:\n  - metric: nps\n    target: 40\n    weight: 100\n")
        try s.write("records/2026-Q2/ann.yaml", "subject: ann\nquarter: 2026-Q2\nrecords:\n  - date: 2026-05-01\n    metric: nps\n    value: 30\n")
        let check = try s.kpi("check")
        XCTAssertFalse(check.stdout.contains("error") || check.stderr.contains("error"), check.stdout + check.stderr)
        try s.kpi("commit", "-m", "Ann's Q2")

        // 100 × 30 / 40 = 75 (ratio: no baseline), with the scorecard's range checked by its id.
        let json = try s.kpi("score", "ann", "--quarter", "2026-Q2", "--format", "json").stdout
        let subject = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["subjects"] as? [[String: Any]]).first!
        XCTAssertEqual(subject["complete"] as? Bool, true)
        XCTAssertEqual((subject["score"] as? NSNumber)?.doubleValue, 75)
    }
}
