import Foundation
import ZIPFoundation

/// A sheet kpi writes: a bold header row (frozen, so it stays in view) and rows of typed cells.
public struct Sheet: Sendable {
    public var name: String
    public var header: [String]
    public var rows: [[Cell]]

    public init(name: String, header: [String], rows: [[Cell]] = []) {
        self.name = name
        self.header = header
        self.rows = rows
    }
}

/// Writes an Office Open XML workbook (.xlsx): the parts Excel, LibreOffice and openpyxl need
/// and no more — content types, relationships, workbook, styles, shared strings and one
/// worksheet per sheet. The same sheets give the same bytes (entries carry a fixed date).
public enum XLSXWriter {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Style indexes in styles.xml's cellXfs, in order.
    enum Style: Int { case plain = 0, header, percent, date, dateTime }

    public static func workbook(_ sheets: [Sheet]) throws(Failure) -> Data {
        var strings = SharedStrings()
        var worksheets: [String] = []
        for sheet in sheets { worksheets.append(worksheet(sheet, strings: &strings)) }
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheets.count)),
            ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbookXML(sheets)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheets.count)),
            ("xl/styles.xml", styles),
            ("xl/sharedStrings.xml", strings.xml),
        ]
        for (n, xml) in worksheets.enumerated() { parts.append(("xl/worksheets/sheet\(n + 1).xml", xml)) }
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            // A fixed date: the same report gives the same file.
            let date = Date(timeIntervalSince1970: 1_262_304_000)
            for (path, xml) in parts {
                let data = Data(xml.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                                     compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
            guard let out = archive.data else { throw Failure(description: "the workbook could not be assembled") }
            return out
        } catch let f as Failure {
            throw f
        } catch {
            throw Failure(description: "the workbook could not be assembled: \(error)")
        }
    }

    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static func contentTypes(_ count: Int) -> String {
        let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        return head + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(ct).sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(ct).styles+xml\"/>"
            + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(ct).sharedStrings+xml\"/>"
            + (1...max(count, 1)).map { "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"\(ct).worksheet+xml\"/>" }.joined()
            + "</Types>"
    }

    static let rootRelationships = head + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relNS)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"

    static func workbookXML(_ sheets: [Sheet]) -> String {
        var used: Set<String> = []
        let names = sheets.enumerated().map { n, s in
            // Excel's rules: at most 31 characters, none of []:*?/\ and unique.
            var name = String(s.name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
            if name.isEmpty || used.contains(name.lowercased()) { name = "Sheet\(n + 1)" }
            used.insert(name.lowercased())
            return name
        }
        return head + "<workbook xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\"><sheets>"
            + names.enumerated().map { "<sheet name=\"\(escape($1))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
            + "</sheets></workbook>"
    }

    static func workbookRelationships(_ count: Int) -> String {
        head + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + (0..<count).map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined()
            + "<Relationship Id=\"rId\(count + 1)\" Type=\"\(relNS)/styles\" Target=\"styles.xml\"/>"
            + "<Relationship Id=\"rId\(count + 2)\" Type=\"\(relNS)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            + "</Relationships>"
    }

    /// Plain, bold header, percent (0.00%), date (yyyy-mm-dd), date and time.
    static let styles = head + "<styleSheet xmlns=\"\(mainNS)\">"
        + "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/><numFmt numFmtId=\"165\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/></numFmts>"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"5\">"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        + "<xf numFmtId=\"10\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"

    static func worksheet(_ sheet: Sheet, strings: inout SharedStrings) -> String {
        let width = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        var out = head + "<worksheet xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\">"
        if width > 0 { out += "<dimension ref=\"A1:\(ColumnName.letters(width - 1))\(sheet.rows.count + 1)\"/>" }
        out += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            + "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
            + "<sheetFormatPr defaultRowHeight=\"15\"/>"
        if width > 0 {
            out += "<cols>"
            for c in 0..<width {
                let cells = [c < sheet.header.count ? displayWidth(sheet.header[c]) : 0] + sheet.rows.map { c < $0.count ? displayWidth($0[c]) : 0 }
                out += "<col min=\"\(c + 1)\" max=\"\(c + 1)\" width=\"\(min(60, max(8, (cells.max() ?? 0) + 2)))\" customWidth=\"1\"/>"
            }
            out += "</cols>"
        }
        out += "<sheetData>"
        out += row(1, sheet.header.map(Cell.text), style: .header, strings: &strings)
        for (n, cells) in sheet.rows.enumerated() { out += row(n + 2, cells, style: nil, strings: &strings) }
        return out + "</sheetData></worksheet>"
    }

    static func row(_ r: Int, _ cells: [Cell], style: Style?, strings: inout SharedStrings) -> String {
        var out = "<row r=\"\(r)\">"
        for (c, cell) in cells.enumerated() {
            let ref = "\(ColumnName.letters(c))\(r)"
            let s = style.map { " s=\"\($0.rawValue)\"" } ?? ""
            switch cell {
            case .empty: continue
            case .text(let t): out += "<c r=\"\(ref)\" t=\"s\"\(s)><v>\(strings.index(t))</v></c>"
            case .number(let n):
                out += isDecimal(n) ? "<c r=\"\(ref)\"\(s)><v>\(n)</v></c>" : "<c r=\"\(ref)\" t=\"s\"\(s)><v>\(strings.index(n))</v></c>"
            case .percent(let n):
                out += isDecimal(n) ? "<c r=\"\(ref)\" s=\"\(Style.percent.rawValue)\"><v>\(n)</v></c>"
                    : "<c r=\"\(ref)\" t=\"s\"\(s)><v>\(strings.index(n))</v></c>"
            case .date(let d):
                out += "<c r=\"\(ref)\" s=\"\(Style.date.rawValue)\"><v>\(DateSerial.serial(daysSinceEpoch: d))</v></c>"
            case .dateTime(let t, _):
                let days = Int((Double(t) / 86_400).rounded(.down))
                let seconds = t - Int64(days) * 86_400
                let text = String(Double(DateSerial.serial(daysSinceEpoch: days)) + Double(seconds) / 86_400)
                out += "<c r=\"\(ref)\" s=\"\(Style.dateTime.rawValue)\"><v>\(text)</v></c>"
            }
        }
        return out + "</row>"
    }

    /// `-12.5`, `0`, `1200`: the only number text written into a `<v>`.
    static func isDecimal(_ s: String) -> Bool {
        var digits = 0, dots = 0
        for (n, b) in s.utf8.enumerated() {
            if b == UInt8(ascii: "-"), n == 0 { continue }
            if b == UInt8(ascii: ".") { dots += 1; continue }
            guard (48...57).contains(b) else { return false }
            digits += 1
        }
        return digits > 0 && dots <= 1
    }

    /// Roughly how many character widths a cell needs (CJK counts double).
    static func displayWidth(_ cell: Cell) -> Int {
        switch cell {
        case .empty: 0
        case .text(let t), .number(let t), .percent(let t): displayWidth(t)
        case .date: 10
        case .dateTime: 19
        }
    }

    static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.prefix(80).reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
    }

    /// Text for XML: the five specials as entities; characters XML 1.0 cannot carry (controls
    /// other than tab and line breaks) written as Excel's `_xHHHH_` escapes, so nothing is lost,
    /// and a `_` that would start such an escape written as one itself (`_x005F_`).
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let scalars = Array(s.unicodeScalars)
        for (i, u) in scalars.enumerated() {
            if u == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_",
               scalars[(i + 2)...(i + 5)].allSatisfy({ $0.properties.isASCIIHexDigit }) {
                out += "_x005F_"
                continue
            }
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF {
                    let hex = String(u.value, radix: 16, uppercase: true)
                    out += "_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    /// Each distinct text once, referred to by index (what Excel itself writes).
    struct SharedStrings {
        var order: [String] = []
        var indexes: [String: Int] = [:]
        var uses = 0

        mutating func index(_ s: String) -> Int {
            uses += 1
            // A cell holds at most 32,767 characters; longer text is cut with a visible mark.
            let text = s.count > 32_767 ? String(s.prefix(32_766)) + "…" : s
            if let i = indexes[text] { return i }
            indexes[text] = order.count
            order.append(text)
            return order.count - 1
        }

        var xml: String {
            var out = XLSXWriter.head + "<sst xmlns=\"\(XLSXWriter.mainNS)\" count=\"\(uses)\" uniqueCount=\"\(order.count)\">"
            for s in order {
                let space = s.first?.isWhitespace == true || s.last?.isWhitespace == true ? " xml:space=\"preserve\"" : ""
                out += "<si><t\(space)>\(XLSXWriter.escape(s))</t></si>"
            }
            return out + "</sst>"
        }
    }
}
