import Foundation
import XCTest

/// `kpi close` names the commit it closes at, the id `git log` shows, not the tag object's.
final class CloseOutputTests: XCTestCase {
    func testCloseNamesTheTaggedCommit() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let r = try s.kpi("close", "2026-Q1")
        let head = try s.git("rev-parse", "--short=7", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(try s.git("rev-parse", "--short=7", "closed/2026-Q1^{commit}").trimmingCharacters(in: .whitespacesAndNewlines), head)
        XCTAssertEqual(r.stdout, "Closed 2026-Q1 at \(head) (tag closed/2026-Q1).\n")
    }
}
