import Foundation
import XCTest

/// Under `--format json` failures are JSON on standard output too, each diagnostic with its
/// path, line, column, severity, code and message (docs/diagnostics.md).
final class JSONErrorsTests: XCTestCase {
    func diagnostics(_ stdout: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
        let list = try XCTUnwrap(object?["diagnostics"] as? [[String: Any]], stdout, file: file, line: line)
        for d in list {
            // `caused_by` only on a follow-on problem (docs/diagnostics.md).
            XCTAssertEqual(Set(d.keys).subtracting(["caused_by"]), ["path", "line", "column", "severity", "code", "message"], file: file, line: line)
        }
        return list
    }

    func testCheckGivesEachDiagnosticItsCode() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.write("metrics/retention.yaml", "name: Retention\ndimension: user_value\nunit: percentage\ndirection: higher\naggregate: last\n")
        try s.write("teams/ops.yaml", "name: Ops\nlead: zed\n")
        let r = try s.kpi("check", "--format", "json", status: 1)
        let list = try diagnostics(r.stdout)
        let unit = try XCTUnwrap(list.first { $0["path"] as? String == "metrics/retention.yaml" })
        XCTAssertEqual(unit["line"] as? Int, 3)
        XCTAssertEqual(unit["column"] as? Int, 7)
        XCTAssertEqual(unit["severity"] as? String, "error")
        XCTAssertEqual(unit["code"] as? String, "invalid-value")
        let lead = try XCTUnwrap(list.first { $0["path"] as? String == "teams/ops.yaml" })
        XCTAssertEqual(lead["code"] as? String, "unknown-person")
        XCTAssertEqual(lead["message"] as? String, "unknown person 'zed' (people/ has no such file)")
    }

    func testARefusalOutsideALedgerIsJSONWithoutAPlace() throws {
        let s = try Sandbox()
        let r = try s.kpi("score", "--format", "json", status: 1)
        let list = try diagnostics(r.stdout)
        XCTAssertEqual(list.count, 1)
        XCTAssertTrue(list[0]["path"] is NSNull)
        XCTAssertTrue(list[0]["line"] is NSNull)
        XCTAssertEqual(list[0]["code"] as? String, "not-a-ledger")
        XCTAssertEqual(list[0]["severity"] as? String, "error")
        // The words for a person still go to standard error, as without --format json.
        XCTAssertEqual(r.stderr, "kpi: error: \(list[0]["message"] as! String)\n")
        // Without --format json, standard output stays empty.
        XCTAssertEqual(try s.kpi("score", status: 1).stdout, "")
    }

    func testARefusalOfAJSONCommandIsJSON() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let r = try s.kpi("score", "nobody", "--format=json", status: 1)
        let list = try diagnostics(r.stdout)
        XCTAssertEqual(list.count, 1)
        XCTAssertEqual(list[0]["message"] as? String, "unknown subject 'nobody' (people/ or teams/ has no such file)")
        XCTAssertEqual(list[0]["code"] as? String, "unknown-subject")
        XCTAssertEqual(r.stderr, "kpi: error: unknown subject 'nobody' (people/ or teams/ has no such file)\n")
    }

    func testAnUnknownOptionIsAUsageError() throws {
        let s = try Sandbox()
        let r = try s.kpi("score", "--format", "json", "--bogus", status: 64)
        let list = try diagnostics(r.stdout)
        XCTAssertEqual(list.first?["code"] as? String, "usage")
        // swift-argument-parser's words, with its did-you-mean when an option is close.
        XCTAssertTrue((list.first?["message"] as? String ?? "").hasPrefix("Unknown option '--bogus'"), r.stdout)
        // Help is not a failure: no JSON.
        XCTAssertEqual(try s.kpi("score", "--format", "json", "--help").stdout.prefix(9), "OVERVIEW:")
    }
}
