import XCTest
@testable import LedgerCore

/// A record keeps its value's text as a style byte when writing the value again in that style
/// gives back the exact bytes, and as a `String` otherwise: either way the text reads back as
/// written, byte for byte.
final class RecordValueTextTests: XCTestCase {
    private func record(_ text: String, unit: MetricUnit) throws -> Record {
        let value = try ValueParser.parse(text, unit: unit).get()
        return Record(date: try XCTUnwrap(Day("2026-01-31")), metric: "m", value: value, valueText: text, source: nil,
                      note: nil, ref: SourceRef(file: 0, line: 1, column: 3))
    }

    func testTheUsualTextsAreWrittenAgainFromTheValue() throws {
        for (text, unit) in [("16910", MetricUnit.count), ("42.50", .count), ("45.3%", .percent), ("45%", .percent),
                             ("1.5万", .currency), ("12万", .currency), ("1.2K", .currency), ("3M", .currency),
                             ("1.2B", .currency), ("0", .count), ("0.0", .count), ("0.05", .count), ("1200", .count),
                             ("1200.000", .count), ("100", .percent), ("2.5亿", .currency), ("7千", .currency),
                             ("0.5", .score), ("999999999999999999", .count), ("0.0000001", .count), ("1,200", .count),
                             ("1,234,567.5", .count), ("-3", .count), ("-2.5%", .percent), ("-1,000", .count),
                             ("¥800", .currency), ("$5", .currency), ("-$5", .currency), ("€1,200.00", .currency),
                             ("£3", .currency), ("100元", .currency), ("50万元", .currency), ("$1.5K", .currency)] {
            let r = try record(text, unit: unit)
            XCTAssertTrue(r.valueText.utf8.elementsEqual(text.utf8), "\(text) read back as \(r.valueText)")
            XCTAssertFalse(r.keepsValueText, "\(text) should be written again from its value, not kept")
            XCTAssertEqual(r.value, try ValueParser.parse(text, unit: unit).get())
        }
    }

    /// `valueTextForm` 0 (known from the style, the text unwritten) exactly for the texts that
    /// are plain numbers (`LedgerChecks.isPlainNumber`: what the currency check skips); nil for
    /// a text kept as written.
    func testThePlainFormIsThePlainNumbers() throws {
        for (text, unit) in [("16910", MetricUnit.count), ("42.50", .count), ("0", .count), ("0.05", .count), ("1,200", .count),
                             ("1,234,567.5", .count), ("-3", .count), ("-1,000", .count), ("999999999999999999", .count),
                             ("45.3%", .percent), ("-2.5%", .percent), ("1.5万", .currency), ("1.2K", .currency), ("3M", .currency),
                             ("2.5亿", .currency), ("7千", .currency), ("¥800", .currency), ("-$5", .currency), ("€1,200.00", .currency),
                             ("£3", .currency), ("100元", .currency), ("50万元", .currency), ("$1.5K", .currency), ("1.2B", .currency),
                             ("007", .count), ("USD 300", .currency), ("00.5", .count)] {
            let r = try record(text, unit: unit)
            if r.keepsValueText {
                XCTAssertNil(r.valueTextForm, text)
            } else {
                XCTAssertEqual(r.valueTextForm == 0, LedgerChecks.isPlainNumber(text), text)
            }
        }
        XCTAssertEqual(try record("16910", unit: .count).valueTextForm, 0)
        XCTAssertEqual(try record("1,200.5", unit: .currency).valueTextForm, 0)
        XCTAssertNotEqual(try record("¥800", unit: .currency).valueTextForm, 0)
        XCTAssertNil(try record("007", unit: .count).valueTextForm)
    }

    func testOtherTextsAreKeptAsWritten() throws {
        for (text, unit) in [("007", MetricUnit.count), ("−3", .count), ("+7", .count), (" 4 ", .count), ("45 %", .percent),
                             ("45％", .percent), ("5 万", .currency), ("1.5 万元", .currency), ("USD 300", .currency),
                             ("$-5", .currency), ("3d", .days), ("2.0x", .ratio), ("00.5", .count),
                             ("0.00000001", .count), ("12,000.123456789", .count)] {
            let r = try record(text, unit: unit)
            XCTAssertTrue(r.valueText.utf8.elementsEqual(text.utf8), "\(text) read back as \(r.valueText)")
            XCTAssertTrue(r.keepsValueText, "\(text) has no style that writes it again")
        }
    }

    func testATextUnlikeItsValueIsKept() throws {
        // The text is what was written, whatever the value: a style is used only when it gives
        // the same bytes back.
        let r = Record(date: try XCTUnwrap(Day("2026-01-31")), metric: "m", value: Number(12), valueText: "13", source: nil,
                       note: nil, ref: SourceRef(file: 0, line: 1, column: 3))
        XCTAssertEqual(r.valueText, "13")
        XCTAssertEqual(r.value, Number(12))
        var s = r
        s.valueText = "12"
        XCTAssertEqual(s.valueText, "12")
        XCTAssertFalse(s.keepsValueText)
        s.value = Number(5)
        XCTAssertEqual(s.valueText, "12", "a new value keeps the text as written")
        XCTAssertTrue(s.keepsValueText)
        s.note = "a note"
        XCTAssertEqual(s.valueText, "12", "the text stays when the box is made again")
        // Texts whose digits are another number, or fewer after the point than the value has.
        for (value, text) in [(Number(15), "1.5"), (Number(150), "15"),
                              (Number(-3), "3"), (Number(3), "-3"), (Number(0), "0.5"), (Number(significand: 5, exponent: -1)!, "0")] {
            let t = Record(date: try XCTUnwrap(Day("2026-01-31")), metric: "m", value: value, valueText: text, source: nil,
                           note: nil, ref: SourceRef(file: 0, line: 1, column: 3))
            XCTAssertEqual(t.valueText, text)
            XCTAssertTrue(t.keepsValueText, "\(text) is not \(value) written again")
        }
    }

    func testGeneratedTextsReadBackByteForByte() throws {
        // Digits with and without a point, leading zeros, trailing zeros, each mark: what the
        // parser accepts reads back as written, and the plain forms are not kept.
        var random = SeededRandom(seed: 16)
        let marks = ["", "%", "万", "K", "k", "M", "千", "亿", "B", "元", "万元", " ", ",", "x"]
        let prefixes = ["", "", "", "$", "¥", "€", "£", "USD "]
        var derived = 0
        for _ in 0..<20_000 {
            var digits = ""
            let leadingZero = random.next(8) == 0
            if leadingZero { digits += "0" }
            let whole = random.next(10)
            for i in 0..<whole { digits += String(i == 0 ? 1 + random.next(9) : random.next(10)) }
            if whole == 0 { digits += "0" }
            let grouped = random.next(3) == 0 && !leadingZero
            if grouped {
                var g = ""
                for (i, c) in digits.reversed().enumerated() { g = (i > 0 && i % 3 == 0 ? "\(c)," : "\(c)") + g }
                digits = g
            }
            let fraction = random.next(2) == 0 ? 1 + random.next(9) : 0
            if fraction > 0 {
                digits += "."
                for _ in 0..<fraction { digits += String(random.next(10)) }
            }
            let mark = marks[random.next(marks.count)]
            let prefix = mark == "%" ? "" : prefixes[random.next(prefixes.count)]
            let negative = random.next(4) == 0
            let text = (negative ? "-" : "") + prefix + digits + mark
            let unit: MetricUnit = mark == "%" ? .percent : mark == "x" ? .ratio : .currency
            guard case .success(let value) = ValueParser.parse(text, unit: unit) else { continue }
            let r = Record(date: try XCTUnwrap(Day("2026-03-01")), metric: "m", value: value, valueText: text, source: nil,
                           note: nil, ref: SourceRef(file: 0, line: 1, column: 3))
            XCTAssertTrue(r.valueText.utf8.elementsEqual(text.utf8), "\(text) read back as \(r.valueText)")
            XCTAssertEqual(r.value, value)
            if !r.keepsValueText { derived += 1 }
            // One of the forms, its digits as the value has them: written again, not kept.
            let usual = RecordValueText.forms.contains {
                $0.prefix.description == prefix && $0.suffix.description == mark
            }
            let zeros = digits.hasPrefix("0") && !digits.hasPrefix("0.") || digits.hasPrefix("00")
            if usual, !zeros, fraction < 8, !(negative && value.isZero) {
                XCTAssertFalse(r.keepsValueText, "\(text) should be written again from its value")
            }
        }
        XCTAssertGreaterThan(derived, 5_000)
    }

    /// `style(of:)` picks the forms to try by the text's first and last bytes: its answer is the
    /// first style, in the forms' order, whose text written again is the text's bytes (nil when
    /// none is), for texts of every form, sign and mark, with their own values and others'.
    func testTheStyleIsTheFirstThatWritesTheTextAgain() throws {
        func firstStyle(_ text: String, _ s: Int64, _ e: Int8) -> UInt8? {
            guard s != .min, !text.isEmpty, text.utf8.count <= RecordValueText.longest else { return nil }
            for f in RecordValueText.forms.indices {
                for grouped in [0, 8] {
                    for fraction in 0..<8 {
                        let style = UInt8(f << 4 | grouped | fraction)
                        if RecordValueText.text(significand: s, exponent: e, style: style).utf8.elementsEqual(text.utf8) { return style }
                    }
                }
            }
            return nil
        }
        var random = SeededRandom(seed: 13)
        let marks = ["", "", "%", "万", "K", "k", "M", "千", "亿", "B", "元", "万元", " ", "x", "5", "%5"]
        let prefixes = ["", "", "$", "¥", "€", "£", "USD ", "1", "-"]
        var values: [(Int64, Int8)] = [(0, 0), (5, 0), (-5, 0), (12, 3), (125, -1)]
        var styled = 0
        for _ in 0..<3_000 {
            var digits = random.next(6) == 0 ? "0" : ""
            for i in 0..<(1 + random.next(8)) { digits += String(i == 0 ? 1 + random.next(9) : random.next(10)) }
            if random.next(4) == 0 {
                var g = ""
                for (i, c) in digits.reversed().enumerated() { g = (i > 0 && i % 3 == 0 ? "\(c)," : "\(c)") + g }
                digits = g
            }
            if random.next(2) == 0 { digits += "." + (0..<(1 + random.next(9))).map { _ in String(random.next(10)) }.joined() }
            let text = (random.next(4) == 0 ? "-" : "") + prefixes[random.next(prefixes.count)] + digits + marks[random.next(marks.count)]
            if case .success(let value) = ValueParser.parse(text, unit: .currency), case let .fixed(s, e) = value.storage {
                values.append((s, e))
            }
            // The text's own value (when it has one), and one of another text.
            for (s, e) in [values[values.count - 1], values[random.next(values.count)]] {
                var bytes = text
                let got = bytes.withUTF8 { RecordValueText.style(of: $0, significand: s, exponent: e) }
                XCTAssertEqual(got, firstStyle(text, s, e), "\(text) as \(s)e\(e)")
                if got != nil { styled += 1 }
            }
        }
        XCTAssertGreaterThan(styled, 600)
    }

    func testALoadedLedgerKeepsNoTextOfTheUsualRecord() throws {
        // Read by `RecordDecoder` (the first two) and by the general reader (the quoted one, the
        // one with a note): the usual texts are written again, the others kept.
        let yaml = "subject: alice\nquarter: 2026-Q1\nrecords:\n"
            + "  - date: 2026-01-31\n    metric: retention\n    value: 37.5%\n"
            + "  - date: 2026-02-28\n    metric: nps\n    value: 0012\n"
            + "  - date: 2026-03-01\n    metric: nps\n    value: '8.50'\n"
            + "  - date: 2026-03-02\n    metric: nps\n    value: 9\n    note: late\n"
        let ledger = load(["records/2026-Q1/alice.yaml": yaml])
        XCTAssertTrue(ledger.diagnostics.isEmpty, "\(ledger.diagnostics.map(\.message))")
        let sheet = try XCTUnwrap(ledger.recordSheets[SheetKey(subject: "alice", quarter: try XCTUnwrap(Quarter("2026-Q1")))])
        XCTAssertEqual(sheet.records.map(\.valueText), ["37.5%", "0012", "8.50", "9"])
        XCTAssertEqual(sheet.records.map(\.keepsValueText), [false, true, false, false])
        XCTAssertEqual(sheet.records.map(\.value), [Number(significand: 375, exponent: -1)!, Number(12),
                                                     Number(significand: 85, exponent: -1)!, Number(9)])
    }
}
