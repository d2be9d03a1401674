import LedgerFormat
import XCTest
@testable import LedgerCore

/// The organisation's references and chains (LedgerChecks.checkPeople), in process: a name no
/// file defines is pointed at where it is written, a chain of managers or parent teams that
/// comes back is reported at each member's own reference, and nowhere else.
final class OrganisationChainTests: XCTestCase {
    func testATeamsParentAndScorecardThatNoFileDefines() {
        expectDiagnostic("teams/ops.yaml", "name: Ops\nparent: ‸platfrom\n", "unknown team 'platfrom'")
        expectDiagnostic("people/zed.yaml", "name: Zed\nscorecard: ‸pm_nobody\n", "unknown scorecard 'pm_nobody'")
    }

    func testATeamThatIsItsOwnParent() {
        expectDiagnostic("teams/ops.yaml", "name: Ops\nparent: ‸ops\n", "team ops is its own parent team")
    }

    func testAChainOfParentTeamsThatComesBackIsReportedAtEachMember() {
        let ledger = load(["teams/a.yaml": "name: A\nparent: b\n", "teams/b.yaml": "name: B\nparent: c\n",
                           "teams/c.yaml": "name: C\nparent: a\n", "teams/d.yaml": "name: D\nparent: a\n"])
        let cycles = ledger.diagnostics.filter { $0.code == .teamCycle }
        XCTAssertEqual(cycles.map { "\($0.path):\($0.line):\($0.column) \($0.message)" }, [
            "teams/a.yaml:2:9 team a's chain of parent teams comes back to a",
            "teams/b.yaml:2:9 team b's chain of parent teams comes back to b",
            "teams/c.yaml:2:9 team c's chain of parent teams comes back to c",
        ], "d leads into the circle but is not part of it")
    }

    func testAManagerChainThatEndsIsNoCycle() {
        let ledger = load(["people/carol.yaml": "name: Carol\nmanager: alice\n"])
        XCTAssertFalse(ledger.diagnostics.contains { $0.code == .managementCycle }, ledger.diagnostics.map(\.description).joined(separator: "\n"))
        let circle = load(["people/bob.yaml": "name: Bob\nmanager: carol\n", "people/carol.yaml": "name: Carol\nmanager: alice\n"])
        XCTAssertEqual(circle.diagnostics.filter { $0.code == .managementCycle }.map(\.path).sorted(),
                       ["people/alice.yaml", "people/bob.yaml", "people/carol.yaml"])
    }
}
