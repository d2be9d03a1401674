import Foundation
@testable import KPICLI
@testable import LedgerCore
import SyntheticLedger
import XCTest

/// What a score a quarter at a time rests on (docs/architecture.md, "Memory"): a quarter is
/// scored from the organisation, every message and that quarter's sheets alone. Each quarter of
/// the year scored from a ledger holding only its own sheets, the subjects handed on one quarter
/// after the other, gives the year's report byte for byte: JSON (with and without forecasts),
/// the table with `--explain`, Markdown and CSV; on the example ledger (alignments, a
/// calibration, reviews, scorecards) and on a generated one with errors that leave scores
/// incomplete.
final class QuarterAtATimeScoreTests: XCTestCase {
    static let today = Day("2026-06-20")!

    /// A generated ledger of two quarters with errors: a records file naming no metric (its
    /// subject's score incomplete), a person's file that does not load (membership unknown), a
    /// goal sheet of an unknown subject, and a calibration with an unknown attendee.
    static func generated() -> Ledger {
        var files: [(path: String, bytes: [UInt8])] = []
        func add(_ path: String, _ text: String) { files.append((path, Array(text.utf8))) }
        add("ledger.yaml", SyntheticFiles.settings(name: "Generated Co"))
        for m in GeneratedLedger.metrics {
            add("metrics/\(m.id).yaml", SyntheticFiles.metric(name: m.id.capitalized, dimension: "business", unit: m.unit,
                                                           direction: "higher", aggregate: m.aggregate))
        }
        add("teams/d0.yaml", SyntheticFiles.team(name: "Department 0", lead: "p00"))
        for t in 0..<2 { add("teams/t\(t).yaml", SyntheticFiles.team(name: "Team \(t)", lead: GeneratedLedger.id(t * 6), parent: "d0")) }
        for p in 0..<12 {
            let id = GeneratedLedger.id(p), lead = p / 6 * 6
            add("people/\(id).yaml", p == 9 ? "name: [broken\n" : SyntheticFiles.person(id, name: "Person \(p)", team: "t\(p / 6)",
                                                                                       manager: p != lead ? GeneratedLedger.id(lead) : p != 0 ? "p00" : nil))
            for (q, months) in [("2026-Q1", ["2026-01-31", "2026-02-28", "2026-03-31"]), ("2026-Q2", ["2026-04-30", "2026-05-31"])] {
                add("goals/\(q)/\(id).yaml", GeneratedLedger.goals(p, q, seed: q.hasSuffix("1") ? 1 : 2))
                add("records/\(q)/\(id).yaml", GeneratedLedger.records(p, q, months: months, seed: q.hasSuffix("1") ? 1 : 2))
                add("reviews/\(q)/\(id).yaml", SyntheticFiles.review(subject: id, quarter: q, reviewer: GeneratedLedger.id(p == lead ? 0 : lead),
                                                                   rating: ["S", "A", "B", "C"][(p + q.count) % 4], summary: "Quarter review."))
            }
        }
        add("records/2026-Q2/p04.yaml", "subject: p04\nquarter: 2026-Q2\nrecords:\n  - date: 2026-04-30\n    metric: revenu\n    value: 5\n")
        add("goals/2026-Q1/nobody.yaml", GeneratedLedger.goals(1, "2026-Q1", seed: 3).replacingOccurrences(of: "subject: p01", with: "subject: nobody"))
        add("calibration/2026-Q1/t0.yaml", "attendees:\n  - nemo\nratings:\n  - subject: p01\n    rating: A\n")
        add("goals/2025-Q4/p01.yaml", GeneratedLedger.goals(1, "2025-Q4", seed: 0))
        return LedgerLoader.load(files: files)
    }

    static func example() throws -> Ledger {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("ledger-example").path
        return try LedgerLoader.load(from: DirectorySource(root: root))
    }

    func testEachQuarterScoredFromItsOwnSheetsGivesTheYearsReport() throws {
        let generated = Self.generated()
        XCTAssertTrue(generated.diagnostics.contains { $0.path == "people/p09.yaml" && $0.severity == .error }, "\(generated.diagnostics)")
        for (name, ledger) in [("example", try Self.example()), ("generated", generated)] {
            let year = Quarter.quarters(ofYear: 2026)
            XCTAssertGreaterThan(Set(ledger.goalSheets.keys.map(\.quarter)).count, 1, name)
            for forecast in [false, true] {
                let whole = Scorer(ledger: ledger).stream(quarters: year, subjects: nil, revision: "abc1234", today: Self.today, forecast: forecast)
                let parts = year.map { q in
                    Scorer(ledger: ledger.holdingSheets(of: q)).stream(quarters: [q], subjects: nil, revision: "abc1234", today: Self.today, forecast: forecast)
                }
                var expected: [UInt8] = [], got: [UInt8] = []
                ScoreRenderer.writeJSON(whole.head, complete: whole.isComplete, emit: { expected += $0 }) { write in whole.forEachBatch(write) }
                ScoreRenderer.writeJSON(whole.head, complete: parts.allSatisfy(\.isComplete), emit: { got += $0 }) { write in
                    for part in parts { part.forEachBatch(write) }
                }
                XCTAssertGreaterThan(expected.count, 1_000, name)
                XCTAssertEqual(String(decoding: got, as: UTF8.self), String(decoding: expected, as: UTF8.self), "\(name), forecast \(forecast)")
            }
            if name == "generated" {
                let whole = Scorer(ledger: ledger).stream(quarters: year, subjects: nil, revision: nil, today: Self.today)
                XCTAssertFalse(whole.isComplete, "the generated ledger's errors leave a score incomplete")
            }
            // The table with --explain, Markdown and CSV, from the subjects collected.
            let whole = Scorer(ledger: ledger, explaining: true).stream(quarters: year, subjects: nil, revision: "abc1234", today: Self.today)
            var report = whole.head
            for q in year {
                Scorer(ledger: ledger.holdingSheets(of: q), explaining: true)
                    .stream(quarters: [q], subjects: nil, revision: "abc1234", today: Self.today).forEachBatch { report.subjects += $0 }
            }
            let all = whole.collected()
            XCTAssertEqual(ScoreRenderer.table(report, explain: true, style: .plain), ScoreRenderer.table(all, explain: true, style: .plain), name)
            XCTAssertEqual(ScoreRenderer.markdown(report), ScoreRenderer.markdown(all), name)
            XCTAssertEqual(CSVTable.render(ReportSheets.scores(report)), CSVTable.render(ReportSheets.scores(all)), name)
        }
    }
}

extension Ledger {
    /// This ledger with the goal, records, review and calibration sheets of `quarter` only:
    /// what a pass over one quarter holds beside the organisation and every message.
    func holdingSheets(of quarter: Quarter) -> Ledger {
        var out = self
        for key in goalSheets.keys where key.quarter != quarter { out.goalSheets[key] = nil }
        for key in recordSheets.keys where key.quarter != quarter { out.recordSheets[key] = nil }
        for key in reviews.keys where key.quarter != quarter { out.reviews[key] = nil }
        for key in calibrations.keys where key.quarter != quarter { out.calibrations[key] = nil }
        return out
    }
}
