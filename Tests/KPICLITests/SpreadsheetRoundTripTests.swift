import Foundation
import Spreadsheet
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
}
