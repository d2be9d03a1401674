import XCTest
@testable import LedgerCore

/// Checks that span files (LedgerChecks), in process: each points at the value that names the
/// missing or contradicting thing, marked with a caret `‸`.
final class CrossFileChecksTests: XCTestCase {
    func testAPersonInATeamThatDoesNotExist() {
        expectDiagnostic("people/zed.yaml", "name: Zed\nteam: ‸nowhere\n", "unknown team 'nowhere' (teams/ has no such file)")
    }

    func testAMisspelledTeamGetsASuggestion() {
        expectDiagnostic("people/zed.yaml", "name: Zed\nteam: ‸prodcut\n", "unknown team 'prodcut'; did you mean 'product'?")
    }

    func testATeamLedByNobody() {
        expectDiagnostic("teams/ops.yaml", "name: Ops\nlead: ‸zed\n", "unknown person 'zed' (people/ has no such file)")
    }

    func testAManagementChainThatComesBack() {
        expectDiagnostic("people/bob.yaml", "name: Bob\nmanager: ‸alice\n", "bob's management chain comes back to bob")
    }

    func testAGoalSheetForNobody() {
        expectDiagnostic("goals/2026-Q3/zed.yaml", "subject: ‸zed\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 40\n",
                         "unknown subject 'zed'")
    }

    func testARecordOutsideItsQuarterNamesWhereItBelongs() {
        expectDiagnostic("records/2026-Q3/alice.yaml",
                         "subject: alice\nquarter: 2026-Q3\nrecords:\n  - ‸date: 2026-10-01\n    metric: nps\n    value: 30\n",
                         "the record dated 2026-10-01 lies outside 2026-Q3 (2026-07-01 to 2026-09-30); it belongs in records/2026-Q4/")
    }

    func testAFormulaNamingNoMetric() {
        expectDiagnostic("metrics/health.yaml",
                         "‸name: Health\ndimension: customer\nunit: score\ndirection: higher\nformula: 0.5 * nps + 0.5 * happiness\n",
                         "metric health, formula: unknown metric 'happiness' (metrics/ has no such file)")
    }

    func testARecordOfAComputedMetric() {
        let health = "name: Health\ndimension: customer\nunit: score\ndirection: higher\nformula: 0.5 * nps + 0.5 * retention\n"
        expectDiagnostic("records/2026-Q3/alice.yaml",
                         "subject: alice\nquarter: 2026-Q3\nrecords:\n  - ‸date: 2026-07-31\n    metric: health\n    value: 30\n",
                         "metric health is computed by its formula (0.5 * nps + 0.5 * retention); record its inputs instead",
                         others: ["metrics/health.yaml": health])
    }

    func testWeightsNotAddingUpAreAWarningOnTheList() {
        expectDiagnostic("goals/2026-Q3/alice.yaml",
                         "subject: alice\nquarter: 2026-Q3\ngoals:\n  ‸- metric: nps\n    target: 40\n    weight: 30\n  - metric: retention\n    target: 45%\n    weight: 30\n",
                         "the goal weights of alice for 2026-Q3 add up to 60, not 100", severity: .warning)
    }
}
