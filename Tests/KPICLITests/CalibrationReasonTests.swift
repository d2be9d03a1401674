import Foundation
import XCTest

/// A calibrated rating's `reason` is required: missing, empty or blank, it is one problem with
/// one code, `calibration-without-reason` (docs/review-cycle.md, "Calibration"; docs/diagnostics.md).
final class CalibrationReasonTests: XCTestCase {
    func testAMissingEmptyOrBlankReasonIsOneCalibrationWithoutReason() throws {
        let s = try Sandbox()
        try s.makeLedger()
        for id in ["carol", "dave", "erin"] {
            try s.kpi("person", "add", id, "--name", id.capitalized, "--manager", "bob", "--team", "product")
        }
        try s.write("calibration/2026-Q3/product.yaml", """
            attendees:
              - bob
            ratings:
              - subject: alice
                rating: B
              - subject: carol
                rating: B
                reason: ""
              - subject: dave
                rating: C
                reason:
              - subject: erin
                rating: A
                reason: "   "
            """ + "\n")
        let r = try s.kpi("check", status: 1)
        XCTAssertEqual(r.stdout, """
            calibration/2026-Q3/product.yaml:4:5: error: a calibrated rating needs a reason: say why the meeting settled on it
            calibration/2026-Q3/product.yaml:8:13: error: a calibrated rating needs a reason: say why the meeting settled on it
            calibration/2026-Q3/product.yaml:11:12: error: a calibrated rating needs a reason: say why the meeting settled on it
            calibration/2026-Q3/product.yaml:14:13: error: a calibrated rating needs a reason: say why the meeting settled on it

            """)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try s.kpi("check", "--format", "json", status: 1).stdout.utf8)) as? [String: Any])
        let diagnostics = try XCTUnwrap(json["diagnostics"] as? [[String: Any]])
        XCTAssertEqual(diagnostics.map { $0["code"] as? String }, Array(repeating: "calibration-without-reason", count: 4))
        XCTAssertEqual(diagnostics.map { $0["line"] as? Int }, [4, 8, 11, 14])
        XCTAssertFalse(r.stdout.contains("missing-key") || r.stderr.contains("needs 'reason'"))
        // kpi commit refuses the file likewise, and nothing is committed.
        let head = try s.git("rev-parse", "HEAD")
        XCTAssertTrue(try s.kpi("commit", "-m", "calibration", status: 1).stderr.contains("calibration/2026-Q3/product.yaml:4:5: error: a calibrated rating needs a reason"))
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
    }

    /// The schema says the same: `reason` is required.
    func testTheSchemaRequiresAReason() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let schema = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try s.read(".kpi/schemas/calibration.schema.json").utf8)) as? [String: Any])
        let items = try XCTUnwrap(((schema["properties"] as? [String: Any])?["ratings"] as? [String: Any])?["items"] as? [String: Any])
        XCTAssertEqual(items["required"] as? [String], ["subject", "rating", "reason"])
    }
}
