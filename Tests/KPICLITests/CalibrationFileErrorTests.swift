import Foundation
import XCTest

/// A calibration file with an error may hide a person's calibrated rating, which the final
/// rating and the bonus count first: the person is incomplete, never rated as if no meeting had
/// rated them (docs/scoring.md, "Incomplete scores").
final class CalibrationFileErrorTests: XCTestCase {
    /// The demo's Q3 product calibration rates alice B (her reviewer said A).
    func demo() throws -> Sandbox {
        let s = try Sandbox()
        try s.kpi("demo", s.ledger, cwd: s.dir.path)
        return s
    }

    /// Table columns' widths follow their contents: compare with runs of spaces as one.
    func spaced(_ text: String) -> String { text.replacingOccurrences(of: " +", with: " ", options: .regularExpression) }

    func testRatingWithoutReasonLeavesThatPersonIncomplete() throws {
        let s = try demo()
        XCTAssertTrue(spaced(try s.kpi("bonus", "--quarter", "2026-Q3").stdout).contains("alice 陈爱丽 Alice Chen B ×1\n"))
        let file = try s.read("calibration/2026-Q3/product.yaml")
        try s.write("calibration/2026-Q3/product.yaml", file.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("reason:") }.joined(separator: "\n"))
        let cause = "calibration/2026-Q3/product.yaml:7:5: a calibrated rating needs a reason: say why the meeting settled on it"

        let json = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "json", status: 1).stdout
        let subject = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["subjects"] as? [[String: Any]]).first!
        XCTAssertEqual(subject["complete"] as? Bool, false)
        XCTAssertTrue(subject["score"] is NSNull)
        XCTAssertEqual(subject["review_rating"] as? String, "A")
        XCTAssertTrue(subject["final_rating"] is NSNull, "the reviewer's A is not final while the meeting's rating is unknown")
        XCTAssertEqual(subject["errors"] as? [String], [cause])

        // Others in the quarter keep their scores; the bonus of alice is not computed.
        let bonus = try s.kpi("bonus", "--quarter", "2026-Q3", status: 1)
        XCTAssertTrue(spaced(bonus.stdout).contains("alice 陈爱丽 Alice Chen incomplete\n"), bonus.stdout)
        XCTAssertTrue(spaced(bonus.stdout).contains("li 李伟 Li Wei A ×1.2\n"), bonus.stdout)
        XCTAssertTrue(bonus.stderr.contains("alice 2026-Q3 has no bonus: its score is incomplete (\(cause))"), bonus.stderr)
        let table = try s.kpi("score", "--quarter", "2026-Q3", status: 1).stdout
        XCTAssertTrue(spaced(table).contains("dana Dana Wu 77.8 C – – C 5 0\n"), table)
    }

    func testUnreadableCalibrationFileLeavesTheQuarterIncomplete() throws {
        let s = try demo()
        try s.write("calibration/2026-Q3/product.yaml", "ratings:\n  - subject: [alice\n")
        let table = try s.kpi("score", "--quarter", "2026-Q3", status: 1).stdout
        // Any person may be rated in it: none has a final rating until it is fixed.
        for id in ["alice", "dana", "li", "marco", "mei", "tom"] {
            XCTAssertNotNil(table.range(of: "\n\(id) +\\S.*? incomplete ", options: .regularExpression), "\(id) in\n\(table)")
        }
        // Another quarter does not read it.
        try s.kpi("score", "--quarter", "2026-Q2")
    }
}
