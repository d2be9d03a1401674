import Foundation
import XCTest
@testable import LedgerCore

/// A `Record` holds its metric and source as ids in `NameTable`, its value as a fixed-point
/// significand and exponent, and what few records have in a box: every field reads back exactly
/// as given, whichever way it is stored.
final class CompactRecordTests: XCTestCase {
    func testARecordIsFortyBytes() {
        XCTAssertEqual(MemoryLayout<Record>.stride, 40)
    }

    func testEveryFieldReadsBackAsGiven() throws {
        let day = try XCTUnwrap(Day("2026-01-31"))
        let r = Record(date: day, metric: "retention", value: try XCTUnwrap(Number("0.375")), valueText: "37.5%",
                       source: "monthly BI export", note: nil, ref: SourceRef(file: 3, line: 12, column: 5))
        XCTAssertEqual(r.date, day)
        XCTAssertEqual(r.metric, "retention")
        XCTAssertEqual(r.value, try XCTUnwrap(Number("0.375")))
        XCTAssertEqual(r.valueText, "37.5%")
        XCTAssertEqual(r.source, "monthly BI export")
        XCTAssertNil(r.note)
        XCTAssertNil(r.corrects)
        XCTAssertNil(r.confidence)
        XCTAssertEqual(r.ref, SourceRef(file: 3, line: 12, column: 5))
    }

    func testWhatIsBoxedReadsBackToo() throws {
        let third = try XCTUnwrap(Number(1).divided(by: Number(3)))
        guard case .wide = third.storage else { return XCTFail("1/3 should have no fixed form") }
        let long = String(repeating: "é", count: 40) + " source past the 15 bytes a String holds inline"
        let corrected = try XCTUnwrap(Day("2026-02-01"))
        let r = Record(date: try XCTUnwrap(Day("2026-02-28")), metric: "a_metric_id_longer_than_fifteen_bytes", value: third,
                       valueText: "0.333…", source: long, note: "a note", ref: SourceRef(file: 0, line: 70_000, column: 90_000),
                       corrects: corrected, confidence: 7)
        XCTAssertEqual(r.value, third)
        XCTAssertEqual(r.metric, "a_metric_id_longer_than_fifteen_bytes")
        XCTAssertEqual(r.source, long)
        XCTAssertEqual(r.note, "a note")
        XCTAssertEqual(r.corrects, corrected)
        XCTAssertEqual(r.confidence, 7)
        XCTAssertEqual(r.ref, SourceRef(file: 0, line: 70_000, column: 90_000))
        XCTAssertEqual(r.ref.column, 90_000)
    }

    func testSettersChangeOneFieldOnly() throws {
        let third = try XCTUnwrap(Number(2).divided(by: Number(3)))
        var r = Record(date: try XCTUnwrap(Day("2026-03-31")), metric: "nps", value: third, valueText: "2/3", source: nil,
                       note: "kept", ref: SourceRef(file: 1, line: 2, column: 70_000), confidence: 3)
        r.note = nil
        XCTAssertNil(r.note)
        XCTAssertEqual(r.value, third, "the boxed value stays when the note goes")
        XCTAssertEqual(r.ref.column, 70_000, "the boxed column stays when the note goes")
        XCTAssertEqual(r.confidence, 3)
        r.value = Number(8)
        XCTAssertEqual(r.value, Number(8))
        XCTAssertEqual(r.confidence, 3)
        r.ref = SourceRef(file: 2, line: 9, column: 4)
        XCTAssertEqual(r.ref, SourceRef(file: 2, line: 9, column: 4))
        r.corrects = try XCTUnwrap(Day("2026-03-01"))
        r.confidence = nil
        XCTAssertEqual(r.corrects, try XCTUnwrap(Day("2026-03-01")))
        XCTAssertNil(r.confidence)
        r.source = "crm"
        r.metric = "retention"
        XCTAssertEqual(r.source, "crm")
        XCTAssertEqual(r.metric, "retention")
        r.source = nil
        XCTAssertNil(r.source)
        XCTAssertEqual(r.value, Number(8))
        XCTAssertEqual(r.date, try XCTUnwrap(Day("2026-03-31")))
    }

    func testNamesAreKeptByTheirExactBytes() {
        // "é" precomposed and decomposed are equal Strings, but a source reads back as written.
        let composed = "caf\u{e9}", decomposed = "cafe\u{301}"
        XCTAssertEqual(composed, decomposed)
        let a = NameTable.sources.id(composed), b = NameTable.sources.id(decomposed)
        XCTAssertNotEqual(a, b)
        XCTAssertTrue(NameTable.sources.name(a).utf8.elementsEqual(composed.utf8))
        XCTAssertTrue(NameTable.sources.name(b).utf8.elementsEqual(decomposed.utf8))
        XCTAssertEqual(NameTable.sources.id(composed), a, "the same bytes, the same id")
        let bytes = Array("from bytes \(UUID())".utf8)
        let c = bytes.withUnsafeBufferPointer { NameTable.sources.id(utf8: $0) }
        XCTAssertEqual(NameTable.sources.id(String(decoding: bytes, as: UTF8.self)), c)
        XCTAssertNil(NameTable.metrics.existingID("never_a_metric_\(UUID().uuidString.lowercased())"))
    }

    func testManyNamesFromManyThreadsEachGetOneID() {
        // More names than one chunk holds, added from two threads at once: every name gets one
        // id, and every id reads back its name.
        let names = (0..<10_000).map { "source \($0) \(UUID())" }
        final class IDs: @unchecked Sendable {
            let lock = NSLock()
            var ids: [[UInt32]] = [[], []]
        }
        let out = IDs()
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            let mine = names.map { NameTable.sources.id($0) }
            out.lock.lock()
            out.ids[half] = mine
            out.lock.unlock()
        }
        let ids = out.ids[0] + out.ids[1]
        for i in names.indices {
            XCTAssertEqual(ids[i], ids[names.count + i])
            XCTAssertEqual(NameTable.sources.name(ids[i]), names[i])
        }
        XCTAssertEqual(Set(ids[0..<names.count]).count, names.count)
    }

    func testAMemoAnswersAsTheTableDoes() {
        var memo = NameTable.Memo()
        let names = (0..<20).map { "memo \($0 % 11) \($0 % 3 == 0 ? "x" : "y")" }
        for name in names + names.reversed() {
            XCTAssertEqual(memo.id(name, in: .sources), NameTable.sources.id(name))
        }
        XCTAssertNotEqual(memo.id("caf\u{e9}", in: .sources), memo.id("cafe\u{301}", in: .sources))
    }
}
