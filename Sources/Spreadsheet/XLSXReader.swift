import Foundation

/// Reads the first sheet of an .xlsx workbook as rows of typed values: what `kpi import`
/// needs, from files written by Excel, LibreOffice, WPS, Google Sheets or openpyxl. Shared and
/// inline strings, formula results, the 1900 and 1904 date systems (docs/spreadsheets.md).
/// Hostile workbooks fail with a message, never a crash or a hang: sizes are capped before and
/// while a part is inflated (a zip bomb stops at the cap), missing parts and bad XML are named.
/// This file reads the XML parts; XLSXPackage.swift opens the zip container around them.
public enum XLSXReader {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ message: String) { description = message }
    }

    /// A value as the sheet holds it.
    public enum Value: Sendable, Equatable {
        case text(String)
        /// A number with how it is formatted; `text` is the number as the file writes it.
        case number(Double, text: String, format: NumberFormat)
        case bool(Bool)
        /// A date (or date and time) cell, as its day: days since 1970-01-01.
        case date(daysSinceEpoch: Int)
        /// An error value such as `#N/A`.
        case error(String)
    }

    public enum NumberFormat: Sendable, Equatable { case general, percent, date }

    public struct Row: Sendable {
        /// The row's number in the sheet (1-based), for messages.
        public let number: Int
        /// Cells by column, nil where empty.
        public let cells: [Value?]
    }

    public struct Limits: Sendable {
        /// Largest .xlsx file read.
        public var fileBytes = 64 << 20
        /// Largest uncompressed part (a sheet's XML is ~10× its cells' text).
        public var partBytes = 256 << 20
        public init() {}
    }

    static func scan(_ bytes: [UInt8], part: String, _ body: (XMLScanner.Event) throws(Failure) -> Void) throws(Failure) {
        var scanner = XMLScanner(bytes)
        while true {
            let event: XMLScanner.Event?
            do { event = try scanner.next() } catch { throw Failure("\(part) is not valid XML: \(error.message)") }
            guard let event else { return }
            try body(event)
        }
    }

    struct Relationship { let id: String; let type: String; let target: String }

    /// A part's relationships, targets resolved against `base` (the part's folder).
    static func relationships(_ bytes: [UInt8], base: String) throws(Failure) -> [Relationship] {
        var out: [Relationship] = []
        try scan(bytes, part: "a relationships part") { event throws(Failure) in
            guard case .start("Relationship", let a, _) = event, let id = a["Id"], let target = a["Target"] else { return }
            out.append(Relationship(id: id, type: a["Type"] ?? "", target: resolve(target, base: base)))
        }
        return out
    }

    static func resolve(_ target: String, base: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = base.split(separator: "/").map(String.init)
        for p in target.split(separator: "/") {
            if p == ".." { _ = parts.popLast() } else if p != "." { parts.append(String(p)) }
        }
        return parts.joined(separator: "/")
    }

    /// The relationship id of the first sheet, and whether dates count from 1904.
    static func sheetInfo(_ bytes: [UInt8]) throws(Failure) -> (String, Bool) {
        var first: String?
        var date1904 = false
        try scan(bytes, part: "the workbook part") { event throws(Failure) in
            guard case .start(let name, let a, _) = event else { return }
            if name == "sheet", first == nil { first = a["id"] }
            if name == "workbookPr", let v = a["date1904"] { date1904 = v == "1" || v == "true" }
        }
        guard let first else { throw Failure("the workbook has no sheet") }
        return (first, date1904)
    }

    /// The shared strings: each `<si>`'s text, rich-text runs joined, phonetic guides left out.
    static func sharedStrings(_ bytes: [UInt8]) throws(Failure) -> [String] {
        var out: [String] = []
        var current = ""
        var inT = false, inPhonetic = false
        try scan(bytes, part: "the shared strings") { event in
            switch event {
            case .start("si", _, let closed): current = ""; if closed { out.append("") }
            case .end("si"): out.append(current)
            case .start("rPh", _, let closed): inPhonetic = !closed
            case .end("rPh"): inPhonetic = false
            case .start("t", _, let closed): inT = !closed
            case .end("t"): inT = false
            case .text(let t) where inT && !inPhonetic: current += t
            default: break
            }
        }
        return out.map(unescapeExcel)
    }

    /// For each cell style (cellXfs index), whether its number format shows a date or a percentage.
    static func styleFormats(_ bytes: [UInt8]) throws(Failure) -> [NumberFormat] {
        var custom: [Int: String] = [:]
        var out: [NumberFormat] = []
        var inCellXfs = false
        try scan(bytes, part: "the styles") { event in
            switch event {
            case .start("numFmt", let a, _):
                if let id = a["numFmtId"].flatMap({ Int($0) }) { custom[id] = a["formatCode"] ?? "" }
            case .start("cellXfs", _, let closed): inCellXfs = !closed
            case .end("cellXfs"): inCellXfs = false
            case .start("xf", let a, _) where inCellXfs:
                let id = a["numFmtId"].flatMap { Int($0) } ?? 0
                out.append(format(id: id, code: custom[id]))
            default: break
            }
        }
        return out
    }

    /// Built-in ids 9–10 are percentages and 14–22, 27–36, 45–47, 50–58 dates (the last ones for
    /// Chinese, Japanese and Korean locales); a custom code is a date when it has date letters
    /// outside quotes and brackets, a percentage when it has `%`.
    static func format(id: Int, code: String?) -> NumberFormat {
        if let code {
            var plain = ""
            var quoted = false, bracket = false, escaped = false
            for ch in code {
                if escaped { escaped = false; continue }
                switch ch {
                case "\\": escaped = true
                case "\"": quoted.toggle()
                case "[": if !quoted { bracket = true }
                case "]": if !quoted { bracket = false }
                default: if !quoted && !bracket { plain.append(ch) }
                }
            }
            let lower = plain.lowercased()
            if lower == "general" { return .general }
            if lower.contains(where: { "ymdhs".contains($0) }) { return .date }
            if lower.contains("%") { return .percent }
            return .general
        }
        switch id {
        case 9, 10: return .percent
        case 14...22, 27...36, 45...47, 50...58: return .date
        default: return .general
        }
    }

    /// The sheet's rows: cell references place values in their columns.
    static func rows(_ bytes: [UInt8], strings: [String], formats: [NumberFormat], date1904: Bool) throws(Failure) -> [Row] {
        var rows: [Row] = []
        var cells: [Value?] = []
        var rowNumber = 0
        var cellColumn = 0, cellType = "n", cellStyle = 0
        var value: String?, inline = ""
        var inV = false, inT = false, inInline = false, inRow = false, inCell = false
        var nextColumn = 0
        var problem: Failure?
        func finishCell() {
            let v: Value?
            switch cellType {
            case "s":
                if let i = value.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), i >= 0, i < strings.count { v = .text(strings[i]) }
                else { problem = problem ?? Failure("the cell \(ColumnName.letters(cellColumn))\(rowNumber) refers to a shared string that is not there"); v = nil }
            case "inlineStr": v = .text(unescapeExcel(inline))
            case "str": v = value.map { .text(unescapeExcel($0)) }
            case "b": v = value.map { .bool($0 == "1" || $0 == "true") }
            case "e": v = value.map { .error($0) }
            case "d": v = value.flatMap(isoDay).map { Value.date(daysSinceEpoch: $0) } ?? value.map(Value.text)
            default:
                guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { v = nil; break }
                guard let d = Double(text), d.isFinite else {
                    problem = problem ?? Failure("the cell \(ColumnName.letters(cellColumn))\(rowNumber) holds '\(text)', which is not a number")
                    v = nil
                    break
                }
                let format = cellStyle < formats.count ? formats[cellStyle] : .general
                if format == .date, let day = DateSerial.daysSinceEpoch(serial: Int(d.rounded(.down)), date1904: date1904) { v = .date(daysSinceEpoch: day) }
                else { v = .number(d, text: text, format: format) }
            }
            if let v, v != .text("") {
                if cells.count <= cellColumn { cells += Array(repeating: nil, count: cellColumn - cells.count + 1) }
                cells[cellColumn] = v
            }
        }
        try scan(bytes, part: "the first sheet") { event throws(Failure) in
            switch event {
            case .start("row", let a, let closed):
                rowNumber = a["r"].flatMap { Int($0) } ?? rowNumber + 1
                guard rowNumber >= 1, rowNumber <= 1_048_576 else { throw Failure("a row number \(a["r"] ?? "") is out of range") }
                cells = []
                nextColumn = 0
                inRow = !closed
            case .end("row") where inRow:
                if cells.contains(where: { $0 != nil }) { rows.append(Row(number: rowNumber, cells: cells)) }
                inRow = false
                inCell = false
            case .start("c", let a, let closed) where inRow:
                cellColumn = a["r"].flatMap(columnIndex) ?? nextColumn
                guard cellColumn < 16_384 else { throw Failure("a cell reference \(a["r"] ?? "") is out of range") }
                nextColumn = cellColumn + 1
                cellType = a["t"] ?? "n"
                cellStyle = a["s"].flatMap { Int($0) } ?? 0
                value = nil
                inline = ""
                inCell = !closed
                if closed { finishCell() }
            case .end("c") where inCell:
                finishCell()
                inCell = false
            case .start("v", _, let closed) where inCell: inV = !closed; if closed { value = "" }
            case .end("v"): inV = false
            case .start("is", _, _): inInline = true
            case .end("is"): inInline = false
            case .start("t", _, let closed): inT = !closed
            case .end("t"): inT = false
            case .text(let t):
                if inV { value = (value ?? "") + t } else if inInline && inT { inline += t }
            default: break
            }
        }
        if let problem { throw problem }
        return rows
    }

    /// `B12` → 1.
    static func columnIndex(_ ref: String) -> Int? {
        var n = 0
        var letters = 0
        for u in ref.utf8 {
            if (65...90).contains(u) { n = n * 26 + Int(u - 64); letters += 1 }
            else if (97...122).contains(u) { n = n * 26 + Int(u - 96); letters += 1 }
            else { break }
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : n - 1
    }

    /// A `t="d"` cell's ISO 8601 text (`2026-07-31T00:00:00`), as days since 1970-01-01.
    static func isoDay(_ s: String) -> Int? {
        let parts = s.prefix(10).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...9999).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
        var comps = DateComponents()
        (comps.year, comps.month, comps.day) = (y, m, d)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: comps), calendar.component(.day, from: date) == d else { return nil }
        return Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// Excel's `_xHHHH_` escapes (characters XML cannot carry) back to the characters.
    static func unescapeExcel(_ s: String) -> String {
        guard s.contains("_x") else { return s }
        var out = ""
        var rest = Substring(s)
        while let r = rest.range(of: "_x") {
            out += rest[..<r.lowerBound]
            let after = rest[r.upperBound...]
            let hex = after.prefix(4)
            if hex.count == 4, after.dropFirst(4).first == "_", let v = UInt32(hex, radix: 16), let u = Unicode.Scalar(v) {
                out.unicodeScalars.append(u)
                rest = after.dropFirst(5)
            } else {
                out += "_x"
                rest = after
            }
        }
        return out + rest
    }
}
