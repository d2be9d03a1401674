import Foundation
import XCTest

/// `kpi import` of what spreadsheets save: .xlsx written by openpyxl and by LibreOffice (date
/// cells, serial numbers, text dates, percent cells, shared and inline strings), CSV in GBK, with
/// `;` or tab, `YYYY/M/D` dates, binary files given as CSV, and hostile workbooks.
///
/// Goals (by hand): alice nps target 40 (weight 50, last), csat target 80% (weight 50, mean).
/// Imported: nps 30 on 07-15 then 44 on 08-20 → last 44, 44 / 40 = 1.1; csat 70% on 07-31 and
/// 90% on 08-31 → mean 80, 80 / 80 = 1.0. Score 100 × (50 × 1.1 + 50 × 1.0) / 100 = 105 → A.
final class SpreadsheetImportTests: XCTestCase {
    static let at = ["GIT_AUTHOR_DATE": "2026-09-01T10:00:00+08:00"]

    func scenario() throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40", "--weight", "50")
        try s.kpi("goal", "set", "alice", "csat", "--quarter", "2026-Q3", "--target", "80%", "--weight", "50")
        return s
    }

    func assertScored(_ s: Sandbox, file: StaticString = #filePath, line: UInt = #line) throws {
        let json = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "json", file: file, line: line).stdout
        let subject = ((try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["subjects"] as! [[String: Any]])[0]
        XCTAssertEqual(subject["score"] as? Int, 105, json, file: file, line: line)
        XCTAssertEqual(subject["rating"] as? String, "A", file: file, line: line)
        let goals = subject["goals"] as! [[String: Any]]
        XCTAssertEqual(goals.map { $0["actual"] as? Int }, [44, 80], json, file: file, line: line)
        let records = try s.read("records/2026-Q3/alice.yaml")
        for date in ["2026-07-15", "2026-08-20", "2026-07-31", "2026-08-31"] {
            XCTAssertTrue(records.contains("date: \(date)"), records, file: file, line: line)
        }
    }

    func testAWorkbookWrittenByOpenpyxlWithDateCellsTextDatesAndPercentCells() throws {
        let s = try scenario()
        let book = s.dir.appendingPathComponent("july.xlsx").path
        try SpreadsheetClients.python(s, """
            import sys, datetime, openpyxl
            from openpyxl.utils.datetime import to_excel
            wb = openpyxl.Workbook(); ws = wb.active; ws.title = "记录"
            ws.append(["Subject", "Metric", "Date", "Value", "Source", "Note"])
            ws.append(["alice", "nps", datetime.date(2026, 7, 15), 30, "survey", "七月调查"])
            ws.append(["alice", "nps", "2026/8/20", 44, None, None])
            # A serial number in the date column, in the General format (a date whose format was lost).
            ws.append(["alice", "csat", int(to_excel(datetime.date(2026, 7, 31))), 0.7, None, None])
            ws.cell(row=4, column=4).number_format = "0%"
            ws.append(["alice", "csat", "2026-8-31", "90%", None, None])
            wb.save(sys.argv[1])
            """, [book])
        let r = try s.kpi("import", book, env: Self.at)
        XCTAssertTrue(r.stdout.contains("import: 4 records"), r.stdout)
        try assertScored(s)
        XCTAssertTrue(try s.read("records/2026-Q3/alice.yaml").contains("note: 七月调查"))
        XCTAssertTrue(try s.read("records/2026-Q3/alice.yaml").contains("value: 70%"), "a percent cell reads as the percentage")
    }

    /// LibreOffice turns a CSV into a workbook its own way (its styles, date cells for the ISO
    /// dates it recognises, shared strings); kpi reads that.
    func testAWorkbookWrittenByLibreOffice() throws {
        let s = try scenario()
        let csv = s.dir.appendingPathComponent("records.csv").path
        try Data("subject,metric,date,value\nalice,nps,2026-07-15,30\nalice,nps,2026-08-20,44\nalice,csat,2026-07-31,70%\nalice,csat,2026-08-31,90%\n".utf8)
            .write(to: URL(fileURLWithPath: csv))
        let book = try SpreadsheetClients.libreOffice(s, convert: csv, to: "xlsx")
        let types = try SpreadsheetClients.python(s, """
            import sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).active
            print(ws["C2"].is_date, type(ws["C2"].value).__name__)
            """, [book])
        XCTAssertEqual(types, "True datetime\n", "LibreOffice stored the dates as date cells")
        try s.kpi("import", book, env: Self.at)
        try assertScored(s)
    }

    /// Inline strings and the 1904 date system (old Mac Excel), in a workbook Python's zipfile
    /// writes part by part.
    func testInlineStringsAndThe1904DateSystem() throws {
        let s = try scenario()
        let book = s.dir.appendingPathComponent("mac.xlsx").path
        try SpreadsheetClients.python(s, Self.handWritten, [book, "1904"])
        try s.kpi("import", book, env: Self.at)
        try assertScored(s)
    }

    /// The XML of a small workbook: inline strings, date cells (serials counted from 1904 when
    /// argv[2] is 1904, else from 1900 with its leap-year bug) and a percent style.
    static let handWritten = """
        import sys, zipfile, datetime
        d1904 = len(sys.argv) > 2 and sys.argv[2] == "1904"
        def serial(d):
            return (d - datetime.date(1904, 1, 1)).days if d1904 else (d - datetime.date(1899, 12, 30)).days
        def s(ref, text): return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'
        def n(ref, v, style=0): return f'<c r="{ref}" s="{style}"><v>{v}</v></c>'
        rows = [[s("A1", "subject"), s("B1", "metric"), s("C1", "date"), s("D1", "value")]]
        data = [("nps", datetime.date(2026, 7, 15), "30", 0), ("nps", datetime.date(2026, 8, 20), "44", 0),
                ("csat", datetime.date(2026, 7, 31), "0.7", 2), ("csat", datetime.date(2026, 8, 31), "0.9", 2)]
        for i, (m, d, v, st) in enumerate(data, start=2):
            rows.append([s(f"A{i}", "alice"), s(f"B{i}", m), n(f"C{i}", serial(d), 1), n(f"D{i}", v, st)])
        sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                 + "".join(f'<row r="{i}">' + "".join(r) + "</row>" for i, r in enumerate(rows, start=1)) + "</sheetData></worksheet>")
        M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        P = "http://schemas.openxmlformats.org/package/2006/relationships"
        with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
            z.writestr("_rels/.rels", f'<Relationships xmlns="{P}"><Relationship Id="rId1" Type="{R}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
            z.writestr("xl/workbook.xml", f'<workbook xmlns="{M}" xmlns:r="{R}"><workbookPr date1904="{1 if d1904 else 0}"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
            z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{P}"><Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{R}/styles" Target="styles.xml"/></Relationships>')
            z.writestr("xl/styles.xml", f'<styleSheet xmlns="{M}"><numFmts count="1"><numFmt numFmtId="170" formatCode="yyyy\\\\-mm\\\\-dd;@"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="170"/><xf numFmtId="9"/></cellXfs></styleSheet>')
            z.writestr("xl/worksheets/sheet1.xml", sheet)
        """

    func testGBKCSVFromChineseExcelIsReadAndSaysSo() throws {
        let s = try scenario()
        let csv = s.dir.appendingPathComponent("gbk.csv").path
        try SpreadsheetClients.python(s, """
            import sys
            text = "subject,metric,date,value,note\\nalice,nps,2026/7/15,30,七月调查 李娜\\nalice,nps,2026/8/20,44,\\nalice,csat,2026/7/31,70%,\\nalice,csat,2026/8/31,90%,\\n"
            open(sys.argv[1], "wb").write(text.encode("gbk"))
            """, [csv])
        let r = try s.kpi("import", csv, env: Self.at)
        XCTAssertEqual(r.stderr, "kpi: note: \(csv) is not UTF-8; read it as GB18030 (GBK) text\n")
        try assertScored(s)
        XCTAssertTrue(try s.read("records/2026-Q3/alice.yaml").contains("note: 七月调查 李娜"))
    }

    func testSemicolonAndTabSeparatorsAndLooseDates() throws {
        for (sep, name) in [(";", "semi.csv"), ("\t", "tab.txt")] {
            let s = try scenario()
            let text = ["subject|metric|date|value|note", "alice|nps|2026-7-15|30|\"a; b, c\"", "alice|nps|2026/08/20|44|",
                        "alice|csat|2026/7/31 0:00|70%|", "alice|csat|2026-08-31|90%|"]
                .map { $0.replacingOccurrences(of: "|", with: sep) }.joined(separator: "\r\n") + "\r\n"
            try Data(("\u{FEFF}" + text).utf8).write(to: s.dir.appendingPathComponent(name))
            let r = try s.kpi("import", s.dir.appendingPathComponent(name).path, env: Self.at)
            XCTAssertEqual(r.stderr, "", name)
            try assertScored(s)
            XCTAssertTrue(try s.read("records/2026-Q3/alice.yaml").contains("a; b, c"), name)
        }
    }

    /// Excel's "Unicode Text": UTF-16 little-endian with a BOM, tab-separated (Python writes it).
    func testExcelUnicodeTextIsRead() throws {
        let s = try scenario()
        let path = s.dir.appendingPathComponent("unicode.txt").path
        try SpreadsheetClients.python(s, """
            import sys
            rows = ["subject\tmetric\tdate\tvalue\tnote", "alice\tnps\t2026/7/15\t30\t李娜", "alice\tnps\t2026/8/20\t44\t",
                    "alice\tcsat\t2026/7/31\t70%\t", "alice\tcsat\t2026/8/31\t90%\t"]
            open(sys.argv[1], "wb").write("\\r\\n".join(rows).encode("utf-16"))
            """, [path])
        let r = try s.kpi("import", path, env: Self.at)
        XCTAssertEqual(r.stderr, "kpi: note: \(path) is not UTF-8; read it as UTF-16 text\n")
        try assertScored(s)
        XCTAssertTrue(try s.read("records/2026-Q3/alice.yaml").contains("note: 李娜"))
    }

    func testDatesNobodyCanReadTheSameWayAreRefusedWithTheRow() throws {
        let s = try scenario()
        let head = try s.git("rev-parse", "HEAD")
        try Data("subject,metric,date,value\nalice,nps,15/7/2026,30\n".utf8).write(to: s.dir.appendingPathComponent("dmy.csv"))
        let r = try s.kpi("import", s.dir.appendingPathComponent("dmy.csv").path, status: 1, env: Self.at)
        XCTAssertTrue(r.stderr.contains("row 2: '15/7/2026' is not a date; write YYYY-MM-DD (or YYYY/M/D)"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
    }

    func testBinaryFilesGivenAsCSVAreExplainedInOneLine() throws {
        let s = try scenario()
        let head = try s.git("rev-parse", "HEAD")
        try s.kpi("score", "--quarter", "2026-Q3", "-o", s.dir.appendingPathComponent("book.xlsx").path)
        try FileManager.default.copyItem(atPath: s.dir.appendingPathComponent("book.xlsx").path, toPath: s.dir.appendingPathComponent("book.csv").path)
        var xls = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]); xls.append(Data(count: 600))
        try xls.write(to: s.dir.appendingPathComponent("old.csv"))
        try Data([0x80, 0xFF, 0x41, 0x0A]).write(to: s.dir.appendingPathComponent("latin.csv"))
        let cases = [("book.csv", "is a zip file (an Excel .xlsx workbook or another zip), not CSV text"),
                     ("old.csv", "is an old Excel workbook (.xls) or other Office file, not CSV text"),
                     ("latin.csv", "is neither UTF-8 nor GB18030 (GBK) text")]
        for (name, message) in cases {
            let path = s.dir.appendingPathComponent(name).path
            let r = try s.kpi("import", path, status: 1, env: Self.at)
            XCTAssertTrue(r.stderr.hasPrefix("kpi: error: \(path) \(message)"), r.stderr)
            XCTAssertEqual(r.stderr.filter { $0 == "\n" }.count, 1, "one line: \(r.stderr)")
        }
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.git("status", "--porcelain", "--untracked-files=no"), "")
    }

    /// Zip bombs, missing parts, bad XML, a document type, a file that is no zip: each refused
    /// with a message, nothing committed.
    func testHostileWorkbooksAreRefusedCleanly() throws {
        let s = try scenario()
        let head = try s.git("rev-parse", "HEAD")
        let dir = s.dir.path
        try SpreadsheetClients.python(s, Self.handWritten, [dir + "/good.xlsx"])
        try SpreadsheetClients.python(s, """
            import sys, zipfile
            dir = sys.argv[1]
            src = zipfile.ZipFile(dir + "/good.xlsx")
            parts = {n: src.read(n) for n in src.namelist()}
            def write(name, replace={}, drop=(), extra={}):
                with zipfile.ZipFile(dir + "/" + name, "w", zipfile.ZIP_DEFLATED) as z:
                    for n, b in parts.items():
                        if n not in drop: z.writestr(n, replace.get(n, b))
                    for n, b in extra.items(): z.writestr(n, b)
            # 300 MB of zeros in the sheet: a few hundred KB compressed.
            with zipfile.ZipFile(dir + "/bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
                for n, b in parts.items():
                    if n != "xl/worksheets/sheet1.xml": z.writestr(n, b)
                with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
                    chunk = b"\\0" * (1 << 20)
                    for _ in range(300): f.write(chunk)
            write("nosheet.xlsx", drop=("xl/worksheets/sheet1.xml",))
            write("noworkbook.xlsx", drop=("xl/workbook.xml",))
            write("badxml.xlsx", replace={"xl/worksheets/sheet1.xml": b'<worksheet><sheetData><row r="1"><c r=A1 t="inlineStr">'})
            write("doctype.xlsx", replace={"xl/worksheets/sheet1.xml": b'<!DOCTYPE lol [<!ENTITY a "aaaaaaaa">]><worksheet>&a;</worksheet>'})
            write("badstring.xlsx", replace={"xl/worksheets/sheet1.xml": b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData></worksheet>'})
            open(dir + "/notzip.xlsx", "wb").write(b"subject,metric,date,value\\n")
            """, [dir])
        let cases = [("bomb.xlsx", "its part xl/worksheets/sheet1.xml would unpack to 300 MB; kpi reads parts up to 256 MB"),
                     ("nosheet.xlsx", "the first sheet (xl/worksheets/sheet1.xml) is missing"),
                     ("noworkbook.xlsx", "the workbook part (xl/workbook.xml) is missing"),
                     ("badxml.xlsx", "the first sheet is not valid XML: the tag <c> has an attribute without quotes"),
                     ("doctype.xlsx", "the first sheet is not valid XML: it declares a document type"),
                     ("badstring.xlsx", "the cell A1 refers to a shared string that is not there"),
                     ("notzip.xlsx", "it is not a readable .xlsx workbook (not a zip container)")]
        for (name, message) in cases {
            let r = try s.kpi("import", dir + "/" + name, status: 1, env: Self.at)
            XCTAssertTrue(r.stderr.hasPrefix("kpi: error: \(dir)/\(name) cannot be read as a workbook: \(message)"), "\(name): \(r.stderr)")
        }
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        // The good one imports (1900 system this time).
        try s.kpi("import", dir + "/good.xlsx", env: Self.at)
        try assertScored(s)
    }
}
