import LedgerFormat
import XCTest
@testable import LedgerCore

/// Records read in file order with one `RecordDecoder.Cursor` (a line found from the last one, a
/// `source` text shared with the record before when its bytes are the same) are the records the
/// general reader makes, over many generated files of every shape: values of each unit and
/// form, comments, quotes, odd spacing, CRLF line ends, blank and comment lines between items,
/// sources that repeat, change, are empty or quoted, multi-byte text before a value, dates that
/// repeat and ones a byte away from them that are no date.
final class RecordDecoderCursorTests: XCTestCase {
    struct Rng {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        mutating func pick<T>(_ a: [T]) -> T { a[next(a.count)] }
    }

    static let values = ["45", "45%", "37.5%", "0", "0%", "1,200", "12.25", "-3", "+4", "0.5", "100 %", "3 apples", "1.2K",
                         "'9'", "\"7\"", "45 # a comment", "5％", "", "1..2", "50%  ", "1e3"]
    static let sources = ["daily export", "daily export", "daily export", "monthly BI", "", "'quoted'", "\"dq\"",
                          "export # comment", "naïve café", "日本"]
    static let metrics = ["nps", "retention", "nps", "retention", "churn", "\"nps\""]
    /// Dates that repeat (the cursor keeps the last one read), and ones alike but for a byte or
    /// two that are no date at all.
    static let dates = ["2026-01-31", "2026-01-31", "2026-01-31", "2026-01-30", "2026-02-28", "2026-01-32", "2026-02-30",
                        "2026-01-3", "2026-01-310", "2026-01-3x", "2026/01/31", "'2026-01-31'", "2025-12-31", "2026-01-31 "]

    func generated(_ rng: inout Rng) -> String {
        let eol = rng.next(4) == 0 ? "\r\n" : "\n"
        var lines = ["subject: alice", "quarter: 2026-Q1", "records:"]
        let indent = rng.next(5) == 0 ? "    " : "  "
        for _ in 0..<(1 + rng.next(25)) {
            if rng.next(6) == 0 { lines.append(rng.pick(["", "  # between", "    # deeper", "#top"])) }
            let day = 1 + rng.next(31)
            let date = rng.next(4) != 0 ? "2026-01-\(day < 10 ? "0" : "")\(day)" : rng.pick(Self.dates)
            var fields = ["date: \(date)", "metric: \(rng.pick(Self.metrics))",
                          "value: \(rng.pick(Self.values))"]
            if rng.next(3) != 0 { fields.append("source: \(rng.pick(Self.sources))") }
            if rng.next(12) == 0 { fields.append("note: late") }
            if rng.next(20) == 0 { fields.removeFirst() }
            if rng.next(5) == 0 { fields.swapAt(0, rng.next(fields.count)) }
            let colon = rng.next(8) == 0 ? ":   " : ": "
            let fieldLines = fields.map { $0.replacingOccurrences(of: ": ", with: colon) }
            lines.append(indent + "- " + fieldLines[0])
            for f in fieldLines.dropFirst() { lines.append(indent + "  " + f) }
        }
        return lines.joined(separator: eol) + eol
    }

    func testRecordsReadInOrderAreTheGeneralReadersRecords() throws {
        var rng = Rng(state: 0x5eed)
        var decodedAtAll = 0
        for round in 0..<400 {
            let text = generated(&rng)
            let path = "records/2026-Q1/alice.yaml"
            let ledger = loadKeepingDocuments([path: text])
            guard let doc = ledger.document(at: path), let root = doc.root,
                  let list = doc.value(forKey: "records", in: root) else { continue }
            let file = Int32(try XCTUnwrap(ledger.paths.firstIndex(of: path)))
            var general: [Record] = []
            for item in doc.items(list) {
                var reader = FileReader(doc: doc, file: file)
                if let r = LedgerLoader.readRecord(item, &reader, ledger) { general.append(r) }
            }
            let decoder = RecordDecoder(catalog: ledger.metrics)
            var cursor = RecordDecoder.Cursor()
            decodedAtAll += doc.bytes.withUnsafeBufferPointer { b in
                doc.items(list).filter { decoder.decode($0, in: doc, bytes: b, file: file, cursor: &cursor) != nil }.count
            }
            let loaded = ledger.recordSheets[SheetKey(subject: "alice", quarter: Quarter("2026-Q1")!)]?.records ?? []
            XCTAssertEqual(loaded.count, general.count, "round \(round):\n\(text)")
            for (a, b) in zip(loaded, general) {
                XCTAssertEqual(a.date, b.date, "round \(round)")
                XCTAssertEqual(a.metric, b.metric, "round \(round)")
                XCTAssertEqual(a.value, b.value, "round \(round)")
                XCTAssertEqual(a.valueText, b.valueText, "round \(round)")
                XCTAssertEqual(a.source, b.source, "round \(round):\n\(text)")
                XCTAssertEqual(a.note, b.note, "round \(round)")
                XCTAssertEqual(a.ref, b.ref, "round \(round):\n\(text)")
            }
        }
        // The fast path was taken, not only the general one.
        XCTAssertGreaterThan(decodedAtAll, 1_000)
    }
}
