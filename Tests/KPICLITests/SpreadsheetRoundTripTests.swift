import Foundation
@testable import Spreadsheet
import XCTest

/// What `XLSXWriter` writes, `XLSXReader` reads back cell for cell (the import side of a
/// workbook kpi itself exported), including text XML cannot carry as is.
final class SpreadsheetRoundTripTests: XCTestCase {
    func testCellsSurviveAWorkbook() throws {
        let text = ["李娜 Li Na", "=HYPERLINK(\"x\")", "bell \u{7} and _x0041_ literally", " padded ", "a & b < c > \"d\""]
        let sheet = Sheet(name: "Scores", header: ["text", "number", "percent", "date"],
                          rows: text.enumerated().map { n, t in [.text(t), .number("1200.5"), .percent("0.42"), .date(daysSinceEpoch: 20665 + n)] })
        let data = try XLSXWriter.workbook([sheet])
        XCTAssertEqual(try XLSXWriter.workbook([sheet]), data, "the same sheet gives the same bytes")
        let rows = try XLSXReader.firstSheet(data)
        XCTAssertEqual(rows.count, text.count + 1)
        XCTAssertEqual(rows[0].cells, ["text", "number", "percent", "date"].map { .text($0) })
        for (n, t) in text.enumerated() {
            let cells = rows[n + 1].cells
            XCTAssertEqual(rows[n + 1].number, n + 2)
            XCTAssertEqual(cells[0], .text(t))
            XCTAssertEqual(cells[1], .number(1200.5, text: "1200.5", format: .general))
            XCTAssertEqual(cells[2], .number(0.42, text: "0.42", format: .percent))
            XCTAssertEqual(cells[3], .date(daysSinceEpoch: 20665 + n))
        }
    }

    func testAPartUnpackingPastTheCapIsRefused() throws {
        // 100 texts of 32,000 characters (3 MB of shared strings), read with a 1 MB cap for parts.
        let sheet = Sheet(name: "S", header: ["t"], rows: (0..<100).map { [.text(String(repeating: "a", count: 32_000) + "\($0)")] })
        let data = try XLSXWriter.workbook([sheet])
        var limits = XLSXReader.Limits()
        limits.partBytes = 1 << 20
        XCTAssertThrowsError(try XLSXReader.firstSheet(data, limits: limits)) { error in
            XCTAssertTrue("\(error)".contains("xl/sharedStrings.xml would unpack to 3 MB; kpi reads parts up to 1 MB"), "\(error)")
        }
    }

    /// A zip bomb that lies: its headers say the sheet is 1,000 bytes, it inflates to 3 MB. The
    /// bytes really inflated are counted, so it stops at the cap all the same.
    func testAZipBombWhoseHeadersLieStopsAtTheCap() throws {
        let s = try Sandbox()
        let path = s.dir.appendingPathComponent("lie.xlsx").path
        let good = try XLSXWriter.workbook([Sheet(name: "S", header: ["subject", "metric", "date", "value"])])
        try good.write(to: URL(fileURLWithPath: s.dir.appendingPathComponent("good.xlsx").path))
        try SpreadsheetClients.python(s, """
            import sys, zipfile, struct
            src = zipfile.ZipFile(sys.argv[1]); parts = {n: src.read(n) for n in src.namelist()}
            name = "xl/worksheets/sheet1.xml"
            with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
                for n, b in parts.items():
                    z.writestr(n, b"\\0" * (3 << 20) if n == name else b)
            data = bytearray(open(sys.argv[2], "rb").read())
            for sig, size_at, name_len_at, name_at in ((b"PK\\x03\\x04", 22, 26, 30), (b"PK\\x01\\x02", 24, 28, 46)):
                i = data.find(sig)
                while i >= 0:
                    n = struct.unpack_from("<H", data, i + name_len_at)[0]
                    if data[i + name_at:i + name_at + n] == name.encode(): struct.pack_into("<I", data, i + size_at, 1000)
                    i = data.find(sig, i + 4)
            open(sys.argv[2], "wb").write(bytes(data))
            """, [s.dir.appendingPathComponent("good.xlsx").path, path])
        var limits = XLSXReader.Limits()
        limits.partBytes = 1 << 20
        XCTAssertThrowsError(try XLSXReader.firstSheet(try Data(contentsOf: URL(fileURLWithPath: path)), limits: limits)) { error in
            XCTAssertEqual("\(error)", "its part xl/worksheets/sheet1.xml unpacks to more than 1 MB (a zip bomb?)")
        }
    }

    /// Found by the fuzzer (Fuzz/FuzzSpreadsheetXML.swift): a cell and a `</row>` with no `<row>`
    /// before them made a row numbered 0; cells count only inside a row, values only inside a cell.
    func testCellsOutsideARowAreNoRow() throws {
        let xml = #"><c r="B1" t="s" s="0"><v>0</v></c><c t="inlineStr"><is><t>x&amp;y</t></is></c></row></sheetData>"#
        XCTAssertEqual(try XLSXReader.rows(Array(xml.utf8), strings: ["a"], formats: [.general], date1904: false).count, 0)
        let ok = #"<row r="3"><c r="B3" t="s"><v>0</v></c></row>"#
        let rows = try XLSXReader.rows(Array(ok.utf8), strings: ["a"], formats: [.general], date1904: false)
        XCTAssertEqual(rows.map(\.number), [3])
        XCTAssertEqual(rows[0].cells, [nil, .text("a")])
    }
}
