import Foundation
import KPICLI
@testable import LedgerCore
import XCTest

/// Explanations are written only when asked (`Scorer(ledger:explaining:)`: `kpi score --explain`,
/// a subject's page); every number is the same either way, and a goal's explanation names the
/// records its actual was made from, oldest first (docs/scoring.md).
final class ScoreExplanationTests: XCTestCase {
    func json(_ s: SubjectScore) -> String {
        var w = JSONWriter(level: 2)
        ScoreRenderer.subject(s, forecast: false, into: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// p0002's churn written newest first: its records are read oldest first all the same.
    static let unsorted = """
        subject: p0002
        quarter: 2026-Q1
        records:
          - date: 2026-03-31
            metric: churn
            value: 5%
          - date: 2026-01-31
            metric: churn
            value: 9%
          - date: 2026-02-28
            metric: revenue
            value: 200
          - date: 2026-03-31
            metric: churn
            value: 4.5%

        """

    func testExplanationsOnlyWhenAskedAndTheSameNumbersEitherWay() {
        let ledger = ScoreJSONStreamTests.ledger(people: 30, replacing: ["records/2026-Q1/p0002.yaml": Self.unsorted])
        XCTAssertTrue(ledger.diagnostics.filter { $0.severity == .error }.isEmpty, "\(ledger.diagnostics.prefix(3))")
        let q = Quarter("2026-Q1")!
        let plain = Scorer(ledger: ledger).report(quarters: [q], subjects: nil, revision: nil)
        let explained = Scorer(ledger: ledger, explaining: true).report(quarters: [q], subjects: nil, revision: nil)
        XCTAssertEqual(plain.subjects.count, 30 + 3 + 1)
        XCTAssertEqual(plain.subjects.map(json), explained.subjects.map(json))
        XCTAssertEqual(plain.subjects.flatMap(\.goals).count, 90)
        XCTAssertTrue(plain.subjects.flatMap(\.goals).allSatisfy { $0.explanation == nil })
        XCTAssertTrue(explained.subjects.flatMap(\.goals).allSatisfy { $0.explanation != nil })

        // p0001: revenue 337 + 438 + 539; no churn record (p % 5 == 1); nps the mean of 2, 3, 4,
        // baseline 1, target 8: (3 − 1) / (8 − 1) = 0.285714…
        let p1 = explained.subjects.first { $0.id == "p0001" }!.goals
        XCTAssertEqual(p1.map(\.metric), ["revenue", "churn", "nps"])
        XCTAssertEqual(p1[0].explanation?.actual, "revenue = 1314: the sum of 3 records")
        XCTAssertEqual(p1[0].explanation?.records.map { "\($0.date) \($0.valueText)" }, ["2026-01-31 337", "2026-02-28 438", "2026-03-31 539"])
        XCTAssertEqual(p1[1].explanation?.actual, "no churn records in the quarter")
        XCTAssertEqual(p1[1].explanation?.attainment, "no actual, so the goal counts 0")
        XCTAssertEqual(p1[1].explanation?.records.count, 0)
        XCTAssertEqual(p1[2].explanation?.actual, "nps = 3: the mean of 3 records")
        XCTAssertEqual(p1[2].explanation?.attainment, "progress: (3 − 1) / (8 − 1) ≈ 0.2857")
        // The warning is written without explanations too.
        XCTAssertEqual(plain.subjects.first { $0.id == "p0001" }!.warnings, ["churn: no actual yet (no churn records in the quarter); counts 0"])

        // p0002: churn's last by date is the later of the two records of 03-31 (file order), not the file's last line.
        let p2 = explained.subjects.first { $0.id == "p0002" }!.goals
        XCTAssertEqual(p2[1].actual, Number("4.5"))
        XCTAssertEqual(p2[1].explanation?.actual, "churn = 4.5: the last of 3 records (2026-03-31)")
        XCTAssertEqual(p2[1].explanation?.records.map { "\($0.date) \($0.valueText)" }, ["2026-01-31 9%", "2026-03-31 5%", "2026-03-31 4.5%"])
        XCTAssertEqual(p2[0].actual, Number("200"))
        XCTAssertEqual(plain.subjects.first { $0.id == "p0002" }!.goals[1].actual, Number("4.5"))
    }
}
