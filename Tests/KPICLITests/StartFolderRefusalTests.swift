import Foundation
import XCTest

/// `kpi -C FOLDER` naming no folder is a refusal like any other: `kpi: error:`, exit 1, JSON
/// under `--format json` (docs/diagnostics.md).
final class StartFolderRefusalTests: XCTestCase {
    func testAMissingStartFolderIsAnOrdinaryRefusal() throws {
        let s = try Sandbox()
        let missing = s.dir.appendingPathComponent("nonexistent").path
        let r = try s.kpi("-C", missing, "check", status: 1, cwd: s.dir.path)
        XCTAssertEqual(r.stderr, "kpi: error: -C \(missing): cannot change to '\(missing)': no such folder\n")
        XCTAssertEqual(r.stdout, "")
        let json = try s.kpi("-C", missing, "score", "--format", "json", status: 1, cwd: s.dir.path)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], json.stdout)
        let diagnostic = try XCTUnwrap((object["diagnostics"] as? [[String: Any]])?.first, json.stdout)
        XCTAssertEqual(diagnostic["message"] as? String, "-C \(missing): cannot change to '\(missing)': no such folder")
        XCTAssertEqual(diagnostic["code"] as? String, "not-a-ledger")
        XCTAssertEqual(object["errors"] as? Int, 1)
    }
}
