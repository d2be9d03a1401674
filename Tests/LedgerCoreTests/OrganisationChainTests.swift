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

    /// Chains that end, circles, and chains that lead into a circle or into one another, in
    /// random organisations of people (managers) and of teams (parents): those reported are
    /// exactly those whose own chain comes back to them, followed one link at a time (the check
    /// remembers which chains end).
    func testEveryoneOnACircleAndNoOneElseIsReported() {
        var g = SystemRandomNumberGenerator()
        for (folder, key, code) in [("people", "manager", DiagnosticCode.managementCycle), ("teams", "parent", .teamCycle)] {
            for round in 0..<40 {
                let n = Int.random(in: 2...40, using: &g)
                let ids = (0..<n).map { "p" + ($0 < 10 ? "0" : "") + String($0) }
                var up: [String: String] = [:]
                for id in ids where Int.random(in: 0..<8, using: &g) != 0 {
                    // Mostly one of the organisation, sometimes a name no file defines.
                    up[id] = Int.random(in: 0..<10, using: &g) == 0 ? "nobody" : ids.randomElement(using: &g)!
                }
                var files: [String: String] = [:]
                for id in ids { files["\(folder)/\(id).yaml"] = "name: \(id)\n" + (up[id].map { "\(key): \($0)\n" } ?? "") }
                let onACircle = ids.filter { id in
                    var current = up[id], steps = 0
                    while let c = current, steps <= n {
                        if c == id { return true }
                        current = up[c]
                        steps += 1
                    }
                    return false
                }
                let reported = load(files).diagnostics.filter { $0.code == code }.map(\.path)
                XCTAssertEqual(reported, onACircle.map { "\(folder)/\($0).yaml" }, "\(folder) round \(round): \(up.sorted { $0.key < $1.key })")
            }
        }
    }

    func testAManagerChainThatEndsIsNoCycle() {
        let ledger = load(["people/carol.yaml": "name: Carol\nmanager: alice\n"])
        XCTAssertFalse(ledger.diagnostics.contains { $0.code == .managementCycle }, ledger.diagnostics.map(\.description).joined(separator: "\n"))
        let circle = load(["people/bob.yaml": "name: Bob\nmanager: carol\n", "people/carol.yaml": "name: Carol\nmanager: alice\n"])
        XCTAssertEqual(circle.diagnostics.filter { $0.code == .managementCycle }.map(\.path).sorted(),
                       ["people/alice.yaml", "people/bob.yaml", "people/carol.yaml"])
    }
}
