import LedgerFormat
import XCTest
@testable import LedgerCore

/// Records read straight from the bytes (`RecordDecoder`) are the records the general reader
/// makes, and every item it declines is read the general way, with the same messages.
final class RecordDecoderTests: XCTestCase {
    let items = """
    subject: alice
    quarter: 2026-Q1
    records:
      - date: 2026-01-31
        metric: retention
        value: 37.5%
        source: monthly BI export
      - metric: nps
        value: 1,200
        date: 2026-02-28
      - date: 2026-03-31
        metric: nps
        value: 0
        source:
      - date: 2026-01-05
        metric: retention
        value: 45
      - date: 2026-01-06
        metric: "nps"
        value: 7
      - date: 2026-01-07
        metric: nps
        value: 8
        note: late export
      - date: 2026-01-08
        metric: nps
        value: '9'
      - date: 2026-01-09
        metric: retention
        value: 0.5
      - date: 2026-01-10
        metric: churn
        value: 3
      - date: 2026-02-30
        metric: nps
        value: 3
      - date: 2026-01-11
        metric: nps
        value: 3 apples
      - date: 2026-01-12
        metric: nps
        value: 4
        confidence: 7
      - date: 2026-01-13
        metric: nps
      - date: 2026-01-14
        metric: nps
        value: 5
        source:
          - a

    """

    func testDecodedRecordsAreTheGeneralReadersRecords() throws {
        let ledger = loadKeepingDocuments(["records/2026-Q1/alice.yaml": items])
        let doc = try XCTUnwrap(ledger.document(at: "records/2026-Q1/alice.yaml"))
        let file = Int32(try XCTUnwrap(ledger.paths.firstIndex(of: doc.path)))
        let list = doc.items(doc.value(forKey: "records", in: doc.root!)!)
        XCTAssertEqual(list.count, 14)
        let decoder = RecordDecoder(catalog: ledger.metrics)
        let decoded = doc.bytes.withUnsafeBufferPointer { b in list.map { decoder.decode($0, in: doc, bytes: b, file: file) } }
        // The first four are the usual shape (keys in any order, an empty source); the others
        // (quoted, a note, a fraction without %, an unknown metric, a bad date or value, a
        // check-in, a missing value, a list as source) are left to the general reader.
        XCTAssertEqual(decoded.map { $0 != nil }, [true, true, true, true] + Array(repeating: false, count: 10))
        for (item, record) in zip(list, decoded) {
            guard let record else { continue }
            var reader = FileReader(doc: doc, file: file)
            let general = try XCTUnwrap(LedgerLoader.readRecord(item, &reader, ledger))
            XCTAssertTrue(reader.diagnostics.isEmpty)
            XCTAssertEqual(record.date, general.date)
            XCTAssertEqual(record.metric, general.metric)
            XCTAssertEqual(record.value, general.value)
            XCTAssertEqual(record.valueText, general.valueText)
            XCTAssertEqual(record.source, general.source)
            XCTAssertEqual(record.note, general.note)
            XCTAssertEqual(record.ref, general.ref)
            XCTAssertEqual(record.corrects, general.corrects)
            XCTAssertEqual(record.confidence, general.confidence)
        }
        XCTAssertEqual(decoded[0]?.value.description, "37.5")
        XCTAssertEqual(decoded[0]?.source, "monthly BI export")
        XCTAssertEqual(decoded[1]?.value.description, "1200")
        XCTAssertEqual(decoded[1]?.date.description, "2026-02-28")
        XCTAssertNil(decoded[2]?.source)
    }

    func testDeclinedItemsKeepTheirMessages() {
        let ledger = load(["records/2026-Q1/alice.yaml": items])
        let messages = ledger.diagnostics.filter { $0.path == "records/2026-Q1/alice.yaml" }.map { "\($0.line): \($0.message)" }
        XCTAssertEqual(messages.count, 6, "\(messages)")
        XCTAssertTrue(messages[0].hasPrefix("30: ") && messages[0].contains("'0.5' would mean 0.5%"), messages[0])
        XCTAssertTrue(messages[1].hasPrefix("32: ") && messages[1].contains("churn"), messages[1])
        XCTAssertTrue(messages[2].hasPrefix("34: ") && messages[2].contains("'2026-02-30' is not a date"), messages[2])
        XCTAssertTrue(messages[3].hasPrefix("39: ") && messages[3].contains("3 apples"), messages[3])
        XCTAssertTrue(messages[4].hasPrefix("44: ") && messages[4].contains("needs 'value'"), messages[4])
        XCTAssertTrue(messages[5].hasPrefix("50: ") && messages[5].contains("'source' should be a single value"), messages[5])
        // Every well-formed record is read, by either reader, in file order.
        let sheet = ledger.recordSheets[SheetKey(subject: "alice", quarter: Quarter("2026-Q1")!)]!
        XCTAssertEqual(sheet.records.map(\.valueText), ["37.5%", "1,200", "0", "45", "7", "8", "9", "4", "5"])
        XCTAssertEqual(sheet.records[5].note, "late export")
        XCTAssertEqual(sheet.records[7].confidence, 7)
    }

    /// A metric is found by its bytes' length and first and last eight bytes (all of them up to
    /// 16, the rest compared past that): ids of 1 to 30 bytes, sharing heads and tails, against
    /// every id, every prefix and suffix of one, and one of a different middle.
    func testMetricsAreFoundByTheirBytesAlone() {
        let ids = ["a", "ab", "nps", "cac", "ltv", "retention", "new_users", "revenue", "rev_enu", "abcdefgh", "abcdefghi",
                   "abcdefghabcdefgh", "abcdefgh_abcdefgh", "abcdefgh__abcdefgh", "abcdefghxabcdefgh", "on_time_delivery",
                   "on_time_delivery_rate", "on_time_delivery_rate_q", "a_very_long_metric_id_of_thirty"]
        var catalog: [String: Metric] = [:]
        for id in ids {
            catalog[id] = Metric(id: id, name: id, names: [:], dimension: "business", unit: .count, direction: .higher, aggregate: .last,
                                 formula: nil, formulaText: nil, description: nil, ref: SourceRef(file: 0, line: 1, column: 1))
        }
        let decoder = RecordDecoder(catalog: catalog)
        func find(_ text: String) -> String? {
            Array(text.utf8).withUnsafeBufferPointer { decoder.lookup($0)?.id }
        }
        for id in ids { XCTAssertEqual(find(id), id) }
        var others = ["", "b", "abcdefgz", "abcdefgh_", "abcdefgh_abcdefgz", "abcdefgh__abcdefgi", "abcdefghyabcdefgh", "NPS", "nps ",
                      "on_time_deliverx", "xn_time_delivery", "on_time_delivery_ratf", "a_very_long_metric_id_of_thirtz",
                      "a_very_lonG_metric_id_of_thirty"]
        for id in ids where id.count > 1 {
            others.append(String(id.dropFirst()))
            others.append(String(id.dropLast()))
        }
        for text in others where !ids.contains(text) { XCTAssertNil(find(text), text) }
    }

    /// Keys are matched by their bytes: one letter off anywhere, or one short or long, is not the
    /// key, and the item is left to the general reader (which reports it).
    func testKeysOneByteOffAreNotKeys() throws {
        let text = """
        subject: alice
        quarter: 2026-Q1
        records:
          - date: 2026-01-31
            metric: nps
            value: 3
            source: a
          - datE: 2026-01-31
            metric: nps
            value: 3
          - date: 2026-01-31
            metriC: nps
            value: 3
          - date: 2026-01-31
            metric: nps
            valuee: 3
          - date: 2026-01-31
            metric: nps
            value: 3
            sourcf: a
          - date: 2026-01-31
            metric: nps
            value: 3
            zource: a

        """
        let ledger = loadKeepingDocuments(["records/2026-Q1/alice.yaml": text])
        let doc = try XCTUnwrap(ledger.document(at: "records/2026-Q1/alice.yaml"))
        let list = doc.items(doc.value(forKey: "records", in: doc.root!)!)
        let decoder = RecordDecoder(catalog: ledger.metrics)
        let decoded = doc.bytes.withUnsafeBufferPointer { b in list.map { decoder.decode($0, in: doc, bytes: b, file: 0) } }
        XCTAssertEqual(decoded.map { $0 != nil }, [true, false, false, false, false, false])
    }
}
