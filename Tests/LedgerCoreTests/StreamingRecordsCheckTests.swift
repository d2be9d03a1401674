import GitStore
import LedgerFormat
import XCTest
@testable import LedgerCore

/// A records file checked part by part (`StreamingRecordsCheck`) reports exactly what reading
/// the whole file reports, and summarises it exactly as the whole model does; small parts put
/// the problems on both sides of the parts' boundaries.
final class StreamingRecordsCheckTests: XCTestCase {
    static let path = "records/2026-Q3/alice.yaml"
    static let key = SheetKey(subject: "alice", quarter: Quarter("2026-Q3")!)
    /// `organisation` with a currency metric and alice's goals for the quarter (revenue in $).
    static let context: [String: String] = organisation.merging([
        "metrics/revenue.yaml": "name: Revenue\ndimension: finance\nunit: currency\ndirection: higher\naggregate: sum\n",
        "goals/2026-Q3/alice.yaml": "subject: alice\nquarter: 2026-Q3\ngoals:\n  - metric: revenue\n    target: $100\n  - metric: nps\n    target: 50\n",
    ]) { _, new in new }

    /// Record i as kpi writes it (4 lines): nps, revenue ($i) or retention by turns.
    static func item(_ i: Int, metric: String? = nil, value: String? = nil, date: String? = nil, extra: String = "") -> String {
        let m = metric ?? ["nps", "revenue", "retention"][i % 3]
        let v = value ?? (m == "revenue" ? "$\(i)" : m == "retention" ? "\(i % 100)%" : "\(i)")
        let d = date ?? "2026-\(String(format: "%02d", 7 + (i / 28) % 3))-\(String(format: "%02d", i % 28 + 1))"
        return "  - date: \(d)\n    metric: \(m)\n\(extra)    value: \(v)\n    source: bulk \(i)\n"
    }

    static func file(_ items: [String]) -> [UInt8] {
        Array(("subject: alice\nquarter: 2026-Q3\nrecords:\n" + items.joined()).utf8)
    }

    /// The whole file's diagnostics, read with the ledger as `kpi check` reads it.
    func whole(_ bytes: [UInt8]) -> [Diagnostic] {
        var files = Self.context.map { ($0.key, Array($0.value.utf8)) }
        files.append((Self.path, bytes))
        return LedgerLoader.load(files: files).diagnostics.filter { $0.path == Self.path }
    }

    func check(_ bytes: [UInt8], partBytes: Int) -> StreamingRecordsCheck {
        let base = LedgerLoader.load(files: Self.context.map { ($0.key, Array($0.value.utf8)) }, checks: false)
        var c = StreamingRecordsCheck(path: Self.path, key: Self.key, bytes: bytes, base: base)
        c.partBytes = partBytes
        return c
    }

    func sorted(_ d: [Diagnostic]) -> [String] {
        d.sorted { ($0.line, $0.column, $0.message) < ($1.line, $1.column, $1.message) }.map { "\($0.description) [\($0.code)]" }
    }

    /// Parts of ~1 KB (about 12 records each) over 300 records.
    func testProblemsAcrossPartsAreTheWholeFilesOwn() throws {
        var items = (0..<300).map { Self.item($0) }
        items[0] = Self.item(0, metric: "npz")                                       // the first item: unknown metric
        items[1] = Self.item(1, value: "¥1")                                          // against the goal's $
        // Around the first boundaries: both sides of each.
        for i in [11, 12, 13, 14, 24, 25, 26] { items[i] = Self.item(i, date: "2026-10-0\(i % 9 + 1)") }
        items[40] = Self.item(40, extra: "    corrects: 2026-07-05\n    note: typo\n")  // revenue: corrects record 4 (an earlier part)
        items[41] = Self.item(41, extra: "    corrects: 2026-07-07\n    note: typo\n")  // no retention record on 2026-07-07: unmatched
        items[43] = Self.item(43, extra: "    corrects: 2026-07-05\n")                    // needs a note; matches record 4
        items[150] = Self.item(150, value: "150 USD")                                  // USD is $: fine
        items[151] = Self.item(151, metric: "revenue", value: "151")                   // names no currency: the first $ revenue record (4) does
        items[298] = Self.item(298, value: "not a number")
        items[299] = Self.item(299, date: "2026-06-30")                              // the last item: outside the quarter
        let bytes = Self.file(items)
        let full = whole(bytes)
        XCTAssertGreaterThan(full.count, 10)
        let c = check(bytes, partBytes: 1000)
        XCTAssertGreaterThan(c.parts()!.starts.count, 20)
        let streamed = try XCTUnwrap(c.run(context: nil))
        XCTAssertEqual(sorted(streamed.diagnostics), sorted(full))
        XCTAssertNil(streamed.summary)
        // The ones that need what earlier parts hold.
        XCTAssertEqual(full.filter { $0.code == .unmatchedCorrection }.map(\.place), ["records/2026-Q3/alice.yaml:172:5"])
        XCTAssertTrue(full.contains { $0.code == .mixedCurrencies && $0.message.contains("the revenue record at records/2026-Q3/alice.yaml:") })
        // One part holding everything reports the same.
        XCTAssertEqual(sorted(try XCTUnwrap(check(bytes, partBytes: 1 << 30).run(context: nil)).diagnostics), sorted(full))
    }

    func testACurrencyAgainstAnEarlierPartNamesItsPlace() throws {
        var items = (0..<200).map { Self.item($0, metric: "retention") }
        items[0] = Self.item(0, metric: "revenue", value: "$5")
        items[150] = Self.item(150, metric: "revenue", value: "¥7")
        let bytes = Self.file(items)
        let full = whole(bytes)
        XCTAssertEqual(full.map(\.description), ["records/2026-Q3/alice.yaml:604:5: error: revenue value ¥7 is in ¥, but the goal's target $100 at goals/2026-Q3/alice.yaml:4:5 is in $; kpi does not convert currencies, so write it in $"])
        var items2 = items
        items2[150] = Self.item(150, metric: "revenue", value: "7")
        let full2 = whole(Self.file(items2))
        XCTAssertEqual(full2.map(\.description), ["records/2026-Q3/alice.yaml:604:5: error: revenue value 7 names no currency, but the revenue record at records/2026-Q3/alice.yaml:4:5 ($5) is in $; kpi does not convert currencies, so write every revenue record of alice for 2026-Q3 in one currency, or none in any"])
        for b in [bytes, Self.file(items2)] {
            XCTAssertEqual(sorted(try XCTUnwrap(check(b, partBytes: 500).run(context: nil)).diagnostics), sorted(whole(b)))
        }
    }

    /// The per-file cap on problems shown ("N more problems in this file not shown") counts
    /// across parts, and the corrections left unmatched come after the items' problems.
    func testTheCapOnProblemsShownSpansParts() throws {
        var items = (0..<400).map { Self.item($0) }
        for i in stride(from: 0, to: 400, by: 3) { items[i] = Self.item(i, metric: "nps", value: "many") }
        for i in stride(from: 1, to: 400, by: 50) { items[i] = Self.item(i, extra: "    corrects: 2026-09-28\n    note: x\n") }
        let bytes = Self.file(items)
        let full = whole(bytes)
        XCTAssertTrue(full.contains { $0.code == .tooManyProblems }, "\(full.count)")
        // Parts small enough that none reaches the cap alone.
        let c = check(bytes, partBytes: 2000)
        XCTAssertEqual(sorted(try XCTUnwrap(c.run(context: nil)).diagnostics), sorted(full))
        // A part that reaches the cap alone: the whole file must be read.
        XCTAssertNil(check(bytes, partBytes: 1 << 30).run(context: nil))
    }

    func testTheSummaryIsTheWholeModelsSummary() throws {
        for crlf in [false, true] {
            var items = (0..<1200).map { Self.item($0) }
            items[600] = Self.item(600, extra: "    corrects: 2026-07-01\n    note: typo\n")
            var text = String(decoding: Self.file(items), as: UTF8.self) + "# the end\n"
            if crlf { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
            let bytes = Array(text.utf8)
            XCTAssertGreaterThanOrEqual(bytes.count, RecordsSummary.minimumBytes)
            var files = Self.context.map { ($0.key, Array($0.value.utf8)) }
            files.append((Self.path, bytes))
            let ledger = LedgerLoader.extend(Ledger(), with: files)  // `extend` keeps the file's parse, which the summary reads
            XCTAssertEqual(ledger.diagnostics.filter { $0.path == Self.path }, [])
            let context = [ObjectID(hex: String(repeating: "ab", count: 20))!]
            let made = try XCTUnwrap(RecordsSummary.make(path: Self.path, key: Self.key, ledger: ledger, context: context))
            let c = check(bytes, partBytes: 3000)
            XCTAssertGreaterThan(c.parts()!.starts.count, 20)
            let streamed = try XCTUnwrap(c.run(context: context))
            XCTAssertEqual(streamed.diagnostics, [])
            XCTAssertEqual(streamed.summary, made)
            XCTAssertEqual(made.currency["revenue"]?.place, "records/2026-Q3/alice.yaml:8:5")
            // A record of the first part is known to the summary (duplicates), one of no part is not.
            XCTAssertTrue(made.mayHold("nps", Day("2026-07-01")!, Number(0)))
            XCTAssertFalse(made.mayHold("nps", Day("2026-07-01")!, Number(1)))
        }
    }

    /// Memory: only one part is modelled at a time, and a part holds about `partBytes` of items.
    func testEachPartModelsOnlyItsOwnRecords() throws {
        let bytes = Self.file((0..<2000).map { Self.item($0) })
        let c = check(bytes, partBytes: 4096)
        var sizes: [Int] = []
        XCTAssertTrue(c.forEachPart { part in
            sizes.append(part.sheet.records.count)
            XCTAssertLessThanOrEqual(part.doc.bytes.count, 4096 + 200)
            XCTAssertEqual(part.ledger.recordSheets.count, 1)
            return true
        })
        XCTAssertEqual(sizes.reduce(0, +), 2000)
        XCTAssertLessThanOrEqual(sizes.max()!, 4096 / 70 + 1)
        XCTAssertGreaterThan(sizes.count, 30)
    }

    /// A file not laid out as kpi writes it, or a part that does not parse alone: nil (the
    /// caller reads the whole file).
    func testOtherLayoutsAreReadWhole() {
        let items = (0..<50).map { Self.item($0) }
        let good = Self.file(items)
        XCTAssertNotNil(check(good, partBytes: 300).run(context: nil))
        XCTAssertNil(check(good + Array("note: after the list\n".utf8), partBytes: 300).run(context: nil))
        XCTAssertNil(check(Array("records:\n".utf8) + good.dropFirst("subject: alice\nquarter: 2026-Q3\nrecords:\n".utf8.count) + Array("subject: alice\nquarter: 2026-Q3\n".utf8), partBytes: 300).run(context: nil))
        var broken = items
        broken[30] = "  - date: [2026-07-01\n    metric: nps\n    value: 1\n"
        XCTAssertNil(check(Self.file(broken), partBytes: 300).run(context: nil))
        XCTAssertNil(check(Array("subject: alice\nquarter: 2026-Q3\nrecords: []\n".utf8), partBytes: 300).run(context: nil))
    }
}
