import XCTest
@testable import LedgerCore

/// Checks that span files (LedgerChecks), in process: each points at the value that names the
/// missing or contradicting thing, marked with a caret `‸`.
final class CrossFileChecksTests: XCTestCase {
    /// Reviews of no known subject or by no known reviewer, among reviews that are fine, are
    /// reported in the order of their quarters and subjects, whatever order they are read in.
    func testReviewsNamingNoOneAreReportedInQuarterAndSubjectOrder() {
        var files: [String: String] = [:]
        for q in ["2026-Q3", "2026-Q1", "2026-Q2"] {
            for s in ["zed", "alice", "amy", "bob"] {
                let reviewer = s == "bob" && q != "2026-Q2" ? "zoe" : "bob"
                files["reviews/\(q)/\(s).yaml"] = "subject: \(s)\nquarter: \(q)\nreviewer: \(reviewer)\nrating: A\n"
            }
        }
        let reported = load(files).diagnostics.filter { $0.code == .unknownSubject || $0.code == .unknownPerson }
            .map { "\($0.path):\($0.line) \($0.code)" }
        XCTAssertEqual(reported, [
            "reviews/2026-Q1/amy.yaml:1 unknownSubject", "reviews/2026-Q1/bob.yaml:1 unknownPerson",
            "reviews/2026-Q1/zed.yaml:1 unknownSubject", "reviews/2026-Q2/amy.yaml:1 unknownSubject",
            "reviews/2026-Q2/zed.yaml:1 unknownSubject", "reviews/2026-Q3/amy.yaml:1 unknownSubject",
            "reviews/2026-Q3/bob.yaml:1 unknownPerson", "reviews/2026-Q3/zed.yaml:1 unknownSubject",
        ])
    }

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

    /// Of a file's records, exactly those outside its quarter or of a computed metric are
    /// reported, in file order (the check reads each record's date in place and hands on only
    /// the records that may have a problem), with or without a computed metric in the catalog.
    func testOnlyTheRecordsWithAProblemAreReportedInOrder() {
        let health = "name: Health\ndimension: customer\nunit: score\ndirection: higher\nformula: 0.5 * nps + 0.5 * retention\n"
        let dates = ["2026-07-01", "2026-06-30", "2026-09-30", "2026-10-01", "2026-08-15", "2025-12-31"]
        for computed in [false, true] {
            var text = "subject: alice\nquarter: 2026-Q3\nrecords:\n"
            for (i, date) in dates.enumerated() {
                text += "  - date: \(date)\n    metric: \(computed && i % 2 == 0 ? "health" : "nps")\n    value: \(i)\n"
            }
            let ledger = load(["records/2026-Q3/alice.yaml": text].merging(computed ? ["metrics/health.yaml": health] : [:]) { a, _ in a })
            let messages = ledger.diagnostics.filter { $0.path == "records/2026-Q3/alice.yaml" }.map { "\($0.line): \($0.message)" }
            let range = "(2026-07-01 to 2026-09-30)"
            let computedMessage = "metric health is computed by its formula (0.5 * nps + 0.5 * retention); record its inputs instead"
            var expected = [
                "7: the record dated 2026-06-30 lies outside 2026-Q3 \(range); it belongs in records/2026-Q2/",
                "13: the record dated 2026-10-01 lies outside 2026-Q3 \(range); it belongs in records/2026-Q4/",
                "19: the record dated 2025-12-31 lies outside 2026-Q3 \(range); it belongs in records/2025-Q4/",
            ]
            if computed { expected = ["4: " + computedMessage, expected[0], "10: " + computedMessage, expected[1], "16: " + computedMessage, expected[2]] }
            XCTAssertEqual(messages, expected, "computed: \(computed)")
        }
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
