import XCTest
@testable import LedgerCore

/// One file read into the model: each problem is a located diagnostic, at the spot a caret `‸`
/// marks, and the other files still load.
final class LoaderDiagnosticsTests: XCTestCase {
    func testTheOrganisationAloneLoadsClean() {
        let ledger = load([:])
        XCTAssertEqual(ledger.diagnostics.map(\.description), [])
        XCTAssertEqual(ledger.people["alice"]?.team?.value, "product")
        XCTAssertEqual(ledger.metrics["retention"]?.unit, .percent)
    }

    func testAnUnknownKeyIsPointedAtWithItsLikelyName() {
        expectDiagnostic("people/carol.yaml", "name: Carol\n‸manger: bob\n", "unknown key 'manger' in a person; did you mean 'manager'?")
    }

    func testAMissingRequiredKeyPointsAtTheMapping() {
        expectDiagnostic("teams/ops.yaml", "‸lead: bob\n", "a team needs 'name'")
    }

    func testAChoiceOutsideItsOptionsNamesThem() {
        expectDiagnostic("metrics/csat.yaml", "name: CSAT\ndimension: customer\nunit: ‸furlongs\ndirection: higher\naggregate: mean\n",
                         "'furlongs' is not a valid unit")
    }

    func testASheetWhoseSubjectIsNotItsFileName() {
        expectDiagnostic("goals/2026-Q3/alice.yaml", "subject: ‸bob\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 40\n",
                         "subject 'bob' does not match the file name alice.yaml")
    }

    func testARecordDateThatIsNotADate() {
        expectDiagnostic("records/2026-Q3/alice.yaml",
                         "subject: alice\nquarter: 2026-Q3\nrecords:\n  - date: ‸July\n    metric: nps\n    value: 30\n",
                         "'July' is not a date; write dates as YYYY-MM-DD")
    }

    /// A correction that matches no earlier record is pointed at by its own item's `corrects`,
    /// also after items left out of the model (a record's item is then not the item at its place).
    func testAnUnmatchedCorrectionIsPointedAtAfterItemsLeftOut() {
        let bad = "  - date: July\n    metric: nps\n    value: 30\n"
        for before in ["", bad, bad + bad] {
            expectDiagnostic("records/2026-Q3/alice.yaml",
                             "subject: alice\nquarter: 2026-Q3\nrecords:\n" + before
                                 + "  - date: 2026-07-01\n    metric: nps\n    value: 30\n" + bad
                                 + "  - date: 2026-07-02\n    metric: nps\n    value: 31\n    ‸corrects: 2026-07-09\n    note: x\n",
                             "corrects 2026-07-09, but no earlier nps record")
        }
    }

    func testAValueNotInItsMetricsUnit() {
        expectDiagnostic("goals/2026-Q3/alice.yaml",
                         "subject: alice\nquarter: 2026-Q3\ngoals:\n  - metric: retention\n    target: ‸0.45\n",
                         "'0.45' would mean 0.45%")
    }

    func testAYmlFileIsAnErrorAtItsStart() {
        expectDiagnostic("people/carol.yml", "‸name: Carol\n", "ledger files end in .yaml: rename this file to carol.yaml")
    }

    func testOneBadFileDoesNotHideAnother() {
        let ledger = load(["people/carol.yaml": "name: Carol\nmanger: bob\n", "teams/ops.yaml": "lead: bob\n"])
        XCTAssertEqual(Set(ledger.diagnostics.filter { $0.severity == .error }.map(\.path)), ["people/carol.yaml", "teams/ops.yaml"])
        XCTAssertNotNil(ledger.people["alice"], "the good files are read")
    }
}
