import Foundation
import XCTest

/// ledger.yaml's `admins` lists emails, because the audit knows who made a commit by email: an
/// entry that is a person's id would grant nothing, so `kpi check` says so where it is written.
final class AdminEmailsTests: XCTestCase {
    func testAnAdminThatIsNotAnEmailIsAWarningAtItsEntry() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let settings = try s.read("ledger.yaml")
        try s.write("ledger.yaml", settings.replacingOccurrences(of: "admins:\n", with: "admins:\n  - bob@example.com\n  - alice\n"))
        let r = try s.kpi("check")
        XCTAssertEqual(r.stdout, "ledger.yaml:7:5: warning: admins lists people by email (the audit knows who made a commit by email), and 'alice' is not one; write that person's email\n")
        let json = try s.kpi("check", "--format", "json").stdout
        XCTAssertTrue(json.contains("\"code\": \"admin-not-email\""), json)

        // The email form is what the audit honours: no warning.
        try s.write("ledger.yaml", settings.replacingOccurrences(of: "admins:\n", with: "admins:\n  - bob@example.com\n  - alice@example.com\n"))
        XCTAssertEqual(try s.kpi("check").stdout, "")
    }
}
