@testable import LedgerCore
import XCTest

/// `SheetRecords.positions(ofNameID:)` (and `positions(ofNameID:into:)`, which scoring writes
/// into memory on the stack): the places of one metric's records dated in the quarter, oldest
/// first, equal dates in file order; what a goal's actual is aggregated from.
final class SheetRecordsPositionsTests: XCTestCase {
    func testThePositionsAreTheMetricsRecordsOfTheQuarterByDate() throws {
        let quarter = try XCTUnwrap(Quarter("2026-Q3"))
        let range = quarter.days(fiscalYearStart: 1)
        let metrics = ["pos_a", "pos_b", "pos_c"]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<400 {
            let count = round % 40
            let counted = try (0..<count).map { i -> Record in
                // Dates from before the quarter to after it, often out of order, often equal.
                let day = Day(daysSinceEpoch: range.lowerBound.daysSinceEpoch - 5 + Int32.random(in: 0..<100, using: &generator))
                return Record(date: day, metric: metrics.randomElement(using: &generator)!, value: Number(i), valueText: "\(i)",
                              source: nil, note: nil, ref: SourceRef(file: 0, line: i + 1, column: 3))
            }
            let records = SheetRecords(counted: counted, corrections: [], quarter: range)
            for metric in metrics + ["pos_none"] {
                let plain = counted.indices.filter { counted[$0].metric == metric && range.contains(counted[$0].date) }
                    .sorted { (counted[$0].date, $0) < (counted[$1].date, $1) }
                let id = NameTable.metrics.existingID(metric)
                XCTAssertEqual(records.positions(ofNameID: id), plain, "round \(round), \(metric)")
                let written = withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { buffer in
                    Array(buffer[..<records.positions(ofNameID: id, into: buffer)])
                }
                XCTAssertEqual(written, plain)
                // The values aggregated as the positions' records' values, in their order.
                let last = withUnsafeBufferPointer(plain) { Aggregation.last.apply(RecordValues(counted: counted, positions: $0)) }
                XCTAssertEqual(last, plain.last.map { counted[$0].value })
            }
        }
    }
}

private func withUnsafeBufferPointer<R>(_ xs: [Int], _ body: (UnsafeBufferPointer<Int>) -> R) -> R {
    xs.withUnsafeBufferPointer(body)
}
