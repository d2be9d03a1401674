import LedgerFormat
import XCTest
@testable import LedgerCore

/// The records of a currency metric name one currency or none, whatever the other metrics' texts
/// look like: the check asks a record's metric first (by its id) and only then reads its text, so
/// a percentage, a multiplier or a currency-looking text of another metric neither raises nor hides
/// a mix (docs/scoring.md; `LedgerChecks.checkCurrencies`).
final class RecordCurrencyCheckTests: XCTestCase {
    static let path = "records/2026-Q3/alice.yaml"
    static let metrics = [
        "metrics/revenue.yaml": "name: Revenue\ndimension: finance\nunit: currency\ndirection: higher\naggregate: sum\n",
        "metrics/cost.yaml": "name: Cost\ndimension: finance\nunit: currency\ndirection: lower\naggregate: sum\n",
        "metrics/visits.yaml": "name: Visits\ndimension: customer\nunit: count\ndirection: higher\naggregate: sum\n",
    ]

    func errors(_ records: [(metric: String, value: String)]) -> [String] {
        var text = "subject: alice\nquarter: 2026-Q3\nrecords:\n"
        for (i, r) in records.enumerated() {
            text += "  - date: 2026-07-\(String(format: "%02d", i + 1))\n    metric: \(r.metric)\n    value: \(r.value)\n"
        }
        let ledger = load(Self.metrics.merging([Self.path: text]) { _, new in new })
        return ledger.diagnostics.filter { $0.path == Self.path && $0.severity == .error }.map(\.description)
    }

    func testOnlyACurrencyMetricsRecordsAreCompared() {
        // Other metrics' texts name nothing, whatever they look like.
        XCTAssertEqual(errors([("retention", "45%"), ("visits", "1.2万"), ("revenue", "$5"), ("retention", "50%"), ("revenue", "$7")]), [])
        XCTAssertEqual(errors([("visits", "1.2万"), ("revenue", "300"), ("nps", "7"), ("revenue", "1,200")]), [])
        // A mix among revenue's records is found with other metrics' records around and between them.
        XCTAssertEqual(errors([("retention", "45%"), ("revenue", "$5"), ("visits", "3K"), ("revenue", "¥7")]), [
            "records/2026-Q3/alice.yaml:13:5: error: revenue value ¥7 is in ¥, but the revenue record at records/2026-Q3/alice.yaml:7:5 ($5) is in $; kpi does not convert currencies, so write every revenue record of alice for 2026-Q3 in one currency, or none in any",
        ])
        XCTAssertEqual(errors([("revenue", "500"), ("retention", "45%"), ("revenue", "$7")]), [
            "records/2026-Q3/alice.yaml:10:5: error: revenue value $7 is in $, but the revenue record at records/2026-Q3/alice.yaml:4:5 (500) names no currency; kpi does not convert currencies, so write every revenue record of alice for 2026-Q3 in one currency, or none in any",
        ])
        // Each currency metric on its own: revenue in $ and cost in ¥ do not disagree.
        XCTAssertEqual(errors([("revenue", "$5"), ("cost", "¥7"), ("revenue", "$6"), ("cost", "¥1")]), [])
        XCTAssertEqual(errors([("cost", "¥7"), ("revenue", "$6"), ("cost", "€1")]).count, 1)
    }
    /// `CurrencyMarks.of` answers from the last text's marks when they are the same bytes: in any
    /// order of texts, with marks alike before or after the digits, a plain number between the
    /// same marks, and no digit at all, each answer is `currency(text)`'s.
    func testTheMarksOfTheLastTextAnswerOnlyATextOfTheSameMarks() {
        let texts = ["70.9万", "58.7万", "5万元", "5 万", "$5", "$1,5", "5$", "US$3", "3US$", "5 USD", "USD 5", "¥5", "5元", "5 元",
                     "€1.5", "1.5€", "12", "1,200", "-3", "$-3", "", "-", "abc", "$", "万", "1.2K", "1.2k", "3 EUR", "EUR3", "£2", "2£"]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<200 {
            var marks = LedgerChecks.CurrencyMarks()
            var order = texts.shuffled(using: &generator)
            // Runs of texts with the same marks, as a file's values come.
            if round % 2 == 0 { order = order.flatMap { [$0, $0, $0.replacingOccurrences(of: "5", with: "7")] } }
            for text in order { XCTAssertEqual(marks.of(text), LedgerChecks.currency(text), "\(text) after \(order)") }
        }
    }
}
