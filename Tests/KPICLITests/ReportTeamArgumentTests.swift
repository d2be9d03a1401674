import Foundation
import XCTest

/// `kpi tree TEAM` and `kpi calibrate TEAM` refuse a team the ledger does not define in the
/// same words, before reporting anything.
final class ReportTeamArgumentTests: XCTestCase {
    func testAnUnknownTeamIsRefusedAlike() throws {
        let s = try Sandbox()
        try s.makeLedger()
        for command in ["tree", "calibrate"] {
            let r = try s.kpi(command, "prodcut", "--quarter", "2026-Q3", status: 1)
            XCTAssertEqual(r.stderr, "kpi: error: unknown team 'prodcut'; did you mean 'product'? (teams/ has no such file)\n", command)
            XCTAssertEqual(r.stdout, "", command)
            XCTAssertEqual(try s.kpi(command, "product", "--quarter", "2026-Q3").status, 0, command)
        }
    }
}
