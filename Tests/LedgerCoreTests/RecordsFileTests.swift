import LedgerFormat
import XCTest
@testable import LedgerCore

/// A records, goals or review file read straight from its bytes (`RecordDecoder.recordSheet(of:…)`,
/// `goalSheet(of:…)`, `review(of:…)`, no document) gives the sheet the general path (parse, then `readSheet`)
/// makes, and a load with it (`LedgerLoader.load(files:)`) every message a load keeping
/// documents gives (`extend`, which never takes that path): over many generated files of the
/// usual shape and their random edits (other keys, comments, blank lines, quotes, CR LF, a
/// subject or quarter other than the path's, values and dates that do not read, a metric's
/// second goal, a byte changed anywhere).
final class RecordsFileTests: XCTestCase {
    struct Rng: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
        mutating func next(_ n: Int) -> Int { Int((next() >> 33) % UInt64(n)) }
        mutating func pick<T>(_ a: [T]) -> T { a[next(a.count)] }
    }

    static let path = "records/2026-Q1/alice.yaml"
    static let values = ["45", "45", "72.2%", "58.7万", "1.5K", "0", "0%", "12.25", "7", "1,200", "-3", "0.5", "100 %",
                         "3 apples", "\"7\"", "45 # note", "5％", "1e3", "50%  ", "1.2亿", "00", "0.25%"]
    static let sources = ["monthly export", "monthly export", "monthly export", "BI", "naïve café", "日本", "x: y", "'q'", "-", "a:"]
    static let metrics = ["nps", "retention", "nps", "retention", "churn", "Nps"]
    static let dates = ["2026-01-31", "2026-01-31", "2026-02-28", "2026-03-31", "2026-01-32", "2026-1-31", "2025-12-31", "2026-04-01"]

    /// `lines` joined with `eol` and perhaps a byte changed, inserted or removed anywhere.
    static func edited(_ lines: [String], _ rng: inout Rng) -> String {
        let eol = rng.next(10) == 0 ? "\r\n" : "\n"
        var text = lines.joined(separator: eol) + (rng.next(10) == 0 ? "" : eol)
        if rng.next(8) == 0, !text.isEmpty {
            var bytes = Array(text.utf8)
            let at = rng.next(bytes.count)
            switch rng.next(3) {
            case 0: bytes[at] = rng.pick(Array(" \t:#\"-\r\n\u{7F}xZ9_".utf8) + [0xC3, 0x80, 0])
            case 1: bytes.insert(rng.pick(Array(" :#\n-\"".utf8)), at: at)
            default: bytes.remove(at: at)
            }
            text = String(decoding: bytes, as: UTF8.self)
        }
        return text
    }

    /// The three top-level lines of a sheet (now and then another subject, quarter or order).
    func header(_ list: String, _ rng: inout Rng) -> [String] {
        var lines = ["subject: \(rng.next(15) == 0 ? "bob" : "alice")", "quarter: \(rng.next(15) == 0 ? "2026-Q2" : "2026-Q1")",
                     "\(list):"]
        if rng.next(15) == 0 { lines.swapAt(0, 1) }
        if rng.next(30) == 0 { lines.insert(rng.pick(["scorecard: pm_mid", "# a sheet", ""]), at: rng.next(3)) }
        return lines
    }

    func generated(_ rng: inout Rng) -> String {
        var lines = header("records", &rng)
        for _ in 0..<(1 + rng.next(8)) {
            if rng.next(60) == 0 { lines.append(rng.pick(["", "# between", "  # indented"])) }
            var fields = ["date: \(rng.next(6) != 0 ? "2026-01-31" : rng.pick(Self.dates))",
                          "metric: \(rng.next(12) != 0 ? "nps" : rng.pick(Self.metrics))",
                          "value: \(rng.next(12) != 0 ? rng.pick(["45", "7", "12.25", "0", "8.5", "1200"]) : rng.pick(Self.values))"]
            if rng.next(4) != 0 { fields.append("source: \(rng.next(5) != 0 ? "monthly export" : rng.pick(Self.sources))") }
            if rng.next(60) == 0 { fields.append(rng.pick(["note: late", "corrects: 2026-01-31", "confidence: 7"])) }
            if rng.next(60) == 0 { fields.removeFirst() }
            if rng.next(8) == 0 { fields.swapAt(0, rng.next(fields.count)) }
            if rng.next(80) == 0 { fields.append(fields[0]) }
            lines.append("  - " + fields[0])
            for f in fields.dropFirst() { lines.append("    " + f) }
        }
        if rng.next(40) == 0 { lines.append("note: trailing") }
        return Self.edited(lines, &rng)
    }

    static let targets = ["45", "45%", "72.2%", "58.7万", "1,200", "8", "0.5", "0", "-3", "\"9\"", "1.5K", "x", "12.5 %"]
    static let weights = ["20", "20", "30%", "0", "-5", "0.5％", "25.5", "x", "50％"]

    func generatedGoals(_ rng: inout Rng) -> String {
        var lines = header("goals", &rng)
        var metrics = ["nps", "retention"].shuffled(using: &rng)
        if rng.next(8) == 0 { metrics.append(rng.pick(Self.metrics)) }
        if rng.next(10) == 0 { metrics.shuffle(using: &rng) }
        for metric in metrics {
            if rng.next(40) == 0 { lines.append(rng.pick(["", "# between", "  # indented"])) }
            let usual = metric == "retention" ? ["45%", "72.2%", "40%"] : ["8", "45", "7.5"]
            var fields = ["metric: \(metric)", "target: \(rng.next(8) != 0 ? rng.pick(usual) : rng.pick(Self.targets))"]
            if rng.next(3) == 0 { fields.append("baseline: \(rng.next(4) != 0 ? rng.pick(usual) : rng.pick(Self.targets))") }
            if rng.next(4) != 0 { fields.append("weight: \(rng.next(4) != 0 ? "20" : rng.pick(Self.weights))") }
            if rng.next(25) == 0 { fields.append(rng.pick(["method: ratio", "core: true", "aligns_to: product/nps", "note: x"])) }
            if rng.next(25) == 0 { fields.remove(at: 1) }
            if rng.next(6) == 0 { fields.swapAt(0, rng.next(fields.count)) }
            if rng.next(40) == 0 { fields.append(fields[rng.next(fields.count)]) }
            lines.append("  - " + fields[0])
            for f in fields.dropFirst() { lines.append("    " + f) }
        }
        if rng.next(25) == 0 { lines += ["bonus:", "  - points: 2", "    reason: early"] }
        return Self.edited(lines, &rng)
    }

    func generatedReview(_ rng: inout Rng) -> String {
        var lines = header("reviews", &rng)
        lines.removeLast()
        var fields = ["reviewer: \(rng.next(8) != 0 ? "bob" : rng.pick(["Bob", "b-o", "\"bob\"", "alice"]))",
                      "rating: \(rng.next(8) != 0 ? rng.pick(["A", "S", "B"]) : rng.pick(["Z", "a", "A+", "'A'"]))",
                      "summary: \(rng.next(6) != 0 ? "Strong quarter on retention." : rng.pick(["x: y", "naïve café", "\"q\"", "a # b"]))"]
        if rng.next(4) == 0 { fields.append("notes: \(rng.pick(["Free text.", "|\n  Block text.", "日本"]))") }
        if rng.next(20) == 0 { fields.append(rng.pick(["awards:\n  - innovation", "award_reason: shipped", "date: 2026-03-31", "team: x"])) }
        fields = fields.filter { _ in rng.next(8) != 0 }
        if rng.next(5) == 0 { fields.shuffle(using: &rng) }
        if rng.next(30) == 0, let f = fields.first { fields.append(f) }
        return Self.edited(lines + fields, &rng)
    }

    /// What a review is, as the parsed-file cache stores it, and its own places.
    func stored(_ review: Review?, file: Int32) -> [UInt8]? {
        guard let review else { return nil }
        return stored(.review(SheetKey(subject: review.subject, quarter: review.quarter), review), path: review.path, file: file,
                      own: "\(review.ref) \(review.subjectRef) \(review.reviewer as Any) \(review.rating as Any)"
                          + " \(review.summary as Any) \(review.notes as Any) \(review.awards.map(\.value)) \(review.awardReason as Any)")
    }

    func testTheReviewReadFromItsBytesIsTheGeneralPathsAndSoIsEveryMessage() throws {
        var rng = Rng(state: 0x2e_5eed)
        try compareBothWays(.review, rounds: 800, { generatedReview(&$0) }, &rng, sheet: { $0.reviews[$1] }, stored: stored) {
            $0.review(of: $1, $2, path: $3, file: $4, ratings: $5.settings.ratings)
        }
    }

    /// What a goal sheet is: every field of every goal, as the parsed-file cache stores it, and
    /// the sheet's own.
    func stored(_ sheet: GoalSheet?, file: Int32) -> [UInt8]? {
        guard let sheet else { return nil }
        return stored(.goals(SheetKey(subject: sheet.subject, quarter: sheet.quarter), sheet), path: sheet.path, file: file,
                      own: "\(sheet.ref) \(sheet.subjectRef) \(sheet.goals.map { ($0.metricNameID, $0.ref, $0.metric.ref) })"
                          + " \(sheet.scorecard as Any) \(sheet.bonus.count) \(sheet.incompleteBecause as Any) \(sheet.drafts.count) \(sheet.unreadMetrics)")
    }

    func testTheGoalSheetReadFromItsBytesIsTheGeneralPathsAndSoIsEveryMessage() throws {
        var rng = Rng(state: 0x60a1_5eed)
        // Now and then a metric whose file does not parse: goals naming it are the general path's.
        try compareBothWays(.goals, rounds: 800, { rng in generatedGoals(&rng) }, &rng,
                            others: { $0.next(10) == 0 ? ["metrics/churn.yaml": "name: [\n"] : [:] },
                            sheet: { $0.goalSheets[$1] }, stored: stored) { d, b, lp, p, f, _ in d.goalSheet(of: b, lp, path: p, file: f) }
    }

    /// What a sheet is, as the parsed-file cache stores it (every field of every record: its
    /// value's significand and text, its place), and the sheet's own places.
    func stored(_ sheet: RecordSheet?, file: Int32) -> [UInt8]? {
        guard let sheet else { return nil }
        return stored(.records(SheetKey(subject: sheet.subject, quarter: sheet.quarter), sheet), path: sheet.path, file: file,
                      own: "\(sheet.ref) \(sheet.subjectRef)")
    }

    /// `model` as the parsed-file cache stores it, its key and `own` (what the cache holds
    /// elsewhere: the sheet's places) after.
    func stored(_ model: LedgerLoader.Reading.Model, path: String, file: Int32, own: String) -> [UInt8]? {
        var o = LedgerLoader.Reading.Outcome()
        o.model = model
        let key: SheetKey
        switch model {
        case .goals(let k, _), .records(let k, _), .review(let k, _), .calibration(let k, _): key = k
        case .person, .team: return nil
        }
        return o.encoded(path: path, file: file) { Array($0) }.map { $0 + Array("\(key.subject) \(key.quarter) \(own)".utf8) }
    }

    func testTheSheetReadFromItsBytesIsTheGeneralPathsAndSoIsEveryMessage() throws {
        var rng = Rng(state: 0x16_5eed)
        try compareBothWays(.records, rounds: 800, { generated(&$0) }, &rng, sheet: { $0.recordSheets[$1] }, stored: stored) {
            d, b, lp, p, f, _ in d.recordSheet(of: b, lp, path: p, file: f)
        }
    }

    /// `rounds` files of `kind` made by `generate` (beside `others`' files), each loaded by
    /// `load(files:)` and by `extend` (which keeps documents, so never reads from bytes): the same
    /// messages and the same sheet, as `stored` writes it; and where `direct` reads the file from
    /// its bytes, the general path's sheet. Both ways are taken often (the comparison is not empty
    /// either way).
    func compareBothWays<S>(_ kind: LedgerFileKind, rounds: Int, _ generate: (inout Rng) -> String, _ rng: inout Rng,
                            others: (inout Rng) -> [String: String] = { _ in [:] },
                            sheet: (Ledger, SheetKey) -> S?, stored: (S?, Int32) -> [UInt8]?,
                            direct: (RecordDecoder, [UInt8], LedgerPath, String, Int32, Ledger) -> S?) throws {
        var readDirectly = 0, declined = 0
        let key = SheetKey(subject: "alice", quarter: Quarter("2026-Q1")!)
        let lp = LedgerPath(kind: kind, id: "alice", quarter: "2026-Q1")
        let path = LedgerLayout.path(kind, id: "alice", quarter: key.quarter)
        for round in 0..<rounds {
            let text = generate(&rng)
            let files = others(&rng).merging([path: text]) { _, new in new }
            let general = loadKeepingDocuments(files)
            let loaded = load(files)
            let file = Int32(try XCTUnwrap(general.paths.firstIndex(of: path)))
            XCTAssertEqual(loaded.paths, general.paths)
            XCTAssertEqual(loaded.diagnostics, general.diagnostics, "round \(round):\n\(text)")
            let expected = stored(sheet(general, key), file)
            XCTAssertEqual(stored(sheet(loaded, key), file), expected, "round \(round):\n\(text)")
            if let s = direct(RecordDecoder(catalog: general.metrics), Array(text.utf8), lp, path, file, general) {
                readDirectly += 1
                XCTAssertEqual(stored(s, file), expected, "round \(round):\n\(text)")
            } else {
                declined += 1
            }
        }
        XCTAssertGreaterThan(readDirectly, 150, "\(readDirectly) read from their bytes, \(declined) declined")
        XCTAssertGreaterThan(declined, 150, "\(readDirectly) read from their bytes, \(declined) declined")
    }

    /// Files of the usual order, item after item (each read whole by `RecordDecoder.quickRecord`
    /// or `quickGoal` when it can), with edits where those readers stop: a value or source that is
    /// not a simple one (`58.7万`, spaces, `: `), a source other than the last one's or a prefix of
    /// it, a line ending in CR LF or a space, a line continuing an item, a comment between items,
    /// a date that is no day, an unknown metric, a metric's second goal, the file's end without
    /// its LF.
    func generatedUsual(_ list: String, _ rng: inout Rng) -> String {
        var lines = ["subject: alice", "quarter: 2026-Q1", "\(list):"]
        let sources = ["monthly export", "monthly export", "monthly export", "monthly export", "BI", "monthly expor", "monthly export2",
                       "a: b", "x #y", "日本"]
        for _ in 0..<(1 + rng.next(4)) {
            var item: [String]
            if list == "records" {
                item = ["date: \(rng.next(30) != 0 ? rng.pick(["2026-01-31", "2026-02-28"]) : rng.pick(Self.dates))",
                        "metric: \(rng.next(30) != 0 ? rng.pick(["nps", "retention"]) : rng.pick(["churn", "Nps", "nps x", "nps:"]))",
                        "value: \(rng.next(10) != 0 ? rng.pick(["45", "7", "12.25", "72.2%", "58.7万"]) : rng.pick(Self.values))"]
                if rng.next(4) != 0 { item.append("source: \(rng.next(4) != 0 ? "monthly export" : rng.pick(sources))") }
            } else {
                item = ["metric: \(rng.next(30) != 0 ? rng.pick(["nps", "retention"]) : rng.pick(["churn", "Nps", "nps x"]))",
                        "target: \(rng.next(10) != 0 ? rng.pick(["45", "45%", "58.7万", "8"]) : rng.pick(Self.targets))"]
                if rng.next(4) == 0 { item.append("baseline: \(rng.next(4) != 0 ? "3" : rng.pick(["40%", "x", "1,200"]))") }
                if rng.next(3) != 0 { item.append("weight: \(rng.next(10) != 0 ? "20" : rng.pick(Self.weights))") }
            }
            if rng.next(60) == 0 { item.append(rng.pick(["note: late", "core: true", "method: ratio"])) }
            if rng.next(60) == 0 { item.swapAt(0, rng.next(item.count)) }
            var itemLines = ["  - " + item[0]] + item.dropFirst().map { "    " + $0 }
            if rng.next(60) == 0 { let i = rng.next(itemLines.count); itemLines[i] += rng.pick(["\r", " ", "  # x"]) }
            if rng.next(80) == 0 { itemLines.append(rng.pick(["# between", "", "  # indented"])) }
            lines += itemLines
        }
        return lines.joined(separator: "\n") + (rng.next(10) == 0 ? "" : "\n")
    }

    func testItemsOfTheUsualOrderAreReadWholeAsLineByLine() throws {
        var rng = Rng(state: 0x17_9e11)
        try compareBothWays(.records, rounds: 800, { generatedUsual("records", &$0) }, &rng, sheet: { $0.recordSheets[$1] },
                            stored: stored) { d, b, lp, p, f, _ in d.recordSheet(of: b, lp, path: p, file: f) }
        try compareBothWays(.goals, rounds: 800, { generatedUsual("goals", &$0) }, &rng, sheet: { $0.goalSheets[$1] },
                            stored: stored) { d, b, lp, p, f, _ in d.goalSheet(of: b, lp, path: p, file: f) }
    }

    /// `RecordDecoder.equal` (a record's source against the one before: words, the last one
    /// overlapping) says two spans are equal exactly when their bytes are: every length to 40,
    /// each byte in turn changed.
    func testSpansAreEqualExactlyWhenTheirBytesAre() {
        var rng = Rng(state: 0xe9_0a1)
        for n in 0...40 {
            let a = (0..<n).map { _ in UInt8(truncatingIfNeeded: 32 + rng.next(90)) }
            for change in -1..<n {
                var b = a
                if change >= 0 { b[change] ^= UInt8(1 << rng.next(8)) }
                let bytes = [0x7A] + a + [0x7A, 0x7A] + b + [0x7A]
                let x = 1..<(1 + n), y = (n + 3)..<(2 * n + 3)
                bytes.withUnsafeBufferPointer { p in
                    XCTAssertEqual(RecordDecoder.equal(p, x, y), a == b, "length \(n), byte \(change)")
                    XCTAssertFalse(n > 0 && RecordDecoder.equal(p, x, (n + 3)..<(2 * n + 2)), "length \(n)")
                }
            }
        }
    }

    func testAUsualFileIsReadFromItsBytesWithItsPlaces() throws {
        let text = "subject: alice\nquarter: 2026-Q1\nrecords:\n  - date: 2026-01-31\n    metric: nps\n    value: 45\n"
            + "    source: monthly export\n  - metric: retention\n    date: 2026-02-28\n    value: 72.2%\n"
        let ledger = load([Self.path: text])
        let lp = LedgerPath(kind: .records, id: "alice", quarter: "2026-Q1")
        let sheet = try XCTUnwrap(RecordDecoder(catalog: ledger.metrics).recordSheet(of: Array(text.utf8), lp, path: Self.path, file: 7))
        XCTAssertEqual(sheet.records.map(\.metric), ["nps", "retention"])
        XCTAssertEqual(sheet.records.map(\.valueText), ["45", "72.2%"])
        XCTAssertEqual(sheet.records.map(\.source), ["monthly export", nil])
        XCTAssertEqual(sheet.records.map(\.date.description), ["2026-01-31", "2026-02-28"])
        XCTAssertEqual(sheet.records.map(\.ref), [SourceRef(file: 7, line: 4, column: 5), SourceRef(file: 7, line: 8, column: 5)])
        XCTAssertEqual(sheet.subjectRef, SourceRef(file: 7, line: 1, column: 10))
        XCTAssertEqual(sheet.ref, SourceRef(file: 7, line: 1, column: 1))
        // A comment, a subject not the file's name, a note: the general path's.
        for other in [text + "# end\n", text.replacingOccurrences(of: "subject: alice", with: "subject: bob"),
                      text + "    note: late\n", text.replacingOccurrences(of: "value: 45", with: "value: \"45\"")] {
            XCTAssertNil(RecordDecoder(catalog: ledger.metrics).recordSheet(of: Array(other.utf8), lp, path: Self.path, file: 7))
        }
    }
}
