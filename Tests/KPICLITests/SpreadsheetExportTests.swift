import Foundation
import XCTest

/// `kpi score|history|audit -o FILE.csv|FILE.xlsx` read by real spreadsheet clients (openpyxl,
/// LibreOffice). Numbers computed by hand:
/// alice: retention progress (42 − 40) / (45 − 40) = 0.4 × 60, revenue (30万 + 50万) / 100万 = 0.8
/// × 40 → 56, D; carol: nps 44 / 40 = 1.1 → 110, S; mallory: nps missing → 0, D;
/// team product (alice, carol, mallory): mean (56 + 110 + 0) / 3 = 55.33.
final class SpreadsheetExportTests: XCTestCase {
    static func scenario() throws -> Sandbox {
        let s = try Sandbox()
        try s.kpi("init", s.ledger, "--name", "Test Co", cwd: s.dir.path)
        try s.kpi("person", "add", "bob", "--name", "Bob Manager", "--email", "bob@example.com")
        try s.kpi("team", "add", "product", "--name", "Product 产品部", "--lead", "bob")
        try s.kpi("person", "add", "alice", "--name", "Alice Chen", "--email", "alice@example.com", "--manager", "bob", "--team", "product")
        try s.kpi("person", "add", "carol", "--name", "李娜 Li Na", "--manager", "bob", "--team", "product")
        try s.kpi("person", "add", "mallory", "--name", "=HYPERLINK(\"http://x\",\"y\")", "--manager", "bob", "--team", "product")
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--baseline", "40%", "--target", "45%", "--weight", "60")
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "100万", "--weight", "40")
        try s.kpi("goal", "set", "carol", "nps", "--quarter", "2026-Q3", "--target", "40")
        try s.kpi("goal", "set", "mallory", "nps", "--quarter", "2026-Q3", "--target", "40")
        try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", env: ["GIT_AUTHOR_DATE": "2026-07-31T18:00:00+08:00"])
        try s.kpi("record", "alice", "revenue", "30万", "--date", "2026-07-31", env: ["GIT_AUTHOR_DATE": "2026-07-31T19:00:00+08:00"])
        try s.kpi("record", "alice", "revenue", "50万", "--date", "2026-08-31", env: ["GIT_AUTHOR_DATE": "2026-08-31T19:00:00+08:00"])
        try s.kpi("record", "carol", "nps", "44", "--date", "2026-08-31", env: ["GIT_AUTHOR_DATE": "2026-08-31T19:00:00+08:00"])
        return s
    }

    static let scoreCSV = """
        quarter,subject,name,score,rating,metric,dimension,baseline,target,actual,weight (%),attainment (%),method,unit,kind,members,members_mean,review_rating,calibrated_rating,final_rating
        2026-Q3,alice,Alice Chen,56,D,retention,user_value,40,45,42,60,40,progress,percent,person,,,,,D
        2026-Q3,alice,Alice Chen,56,D,revenue,business,,1000000,800000,40,80,ratio,currency,person,,,,,D
        2026-Q3,carol,李娜 Li Na,110,S,nps,user_value,,40,44,100,110,ratio,score,person,,,,,S
        2026-Q3,mallory,"'=HYPERLINK(""http://x"",""y"")",0,D,nps,user_value,,40,,100,,ratio,score,person,,,,,D
        2026-Q3,product,Product 产品部,,,,,,,,,,,,team,3,55.33,,,

        """

    func testCSVForSpreadsheetsHasUnitsTeamRowsAndOneScaleAndABOMInFiles() throws {
        let s = try Self.scenario()
        let stdout = try s.kpi("score", "--quarter", "2026-Q3", "--format", "csv").stdout
        XCTAssertEqual(stdout, Self.scoreCSV)
        XCTAssertFalse(stdout.hasPrefix("\u{FEFF}"), "no BOM on standard output unless asked")
        let withBOM = try s.kpi("score", "--quarter", "2026-Q3", "--format", "csv", "--bom").stdout
        XCTAssertEqual(withBOM, "\u{FEFF}" + Self.scoreCSV)

        // A file: the format from its extension, UTF-8 with a BOM, nothing on standard output.
        let r = try s.kpi("score", "--quarter", "2026-Q3", "-o", "scores.csv")
        XCTAssertEqual(r.stdout, "")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: s.ledger + "/scores.csv")))
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertEqual(String(decoding: bytes.dropFirst(3), as: UTF8.self), Self.scoreCSV)
        XCTAssertEqual(try s.git("status", "--porcelain", "--", "ledger.yaml"), "", "the export changed no ledger file")
    }

    func testHistoryAndAuditCSVHaveDateTimesSpreadsheetsReadAndNoFormulas() throws {
        let s = try Self.scenario()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "42%", "-m", "Ease",
                  env: ["GIT_AUTHOR_DATE": "2026-09-05T10:00:00+08:00"])
        let head = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        let audit = try s.kpi("audit", "--format", "csv", status: 1).stdout
        let auditLines = audit.split(separator: "\n").map(String.init)
        XCTAssertEqual(auditLines[0], "rule,severity,commit,date,utc_offset,author,email,subject,quarter,metric,message")
        XCTAssertTrue(auditLines.contains { $0.hasPrefix("eased_after_actuals,error,\(head),2026-09-05T10:00:00+08:00,UTC+08:00,Bob Manager,bob@example.com,alice,2026-Q3,retention,\"") }, audit)
        let history = try s.kpi("history", "alice", "retention", "-o", "h.csv").stdout
        XCTAssertEqual(history, "")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: s.ledger + "/h.csv"))
        XCTAssertEqual([UInt8](bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("subject,commit,date,utc_offset,author,email,quarter,metric,field,old,new,change,reason,message\n"), text)
        XCTAssertTrue(text.hasSuffix("alice,\(head),2026-09-05T10:00:00+08:00,UTC+08:00,Bob Manager,bob@example.com,2026-Q3,retention,target,45%,42%,,,Ease\n"), text)
        // history writes no markdown: refused with the usage (64), nothing written.
        let refused = try s.kpi("history", "alice", "--format", "markdown", status: 64)
        XCTAssertTrue(refused.stderr.contains("table, json, csv, xlsx"), refused.stderr)
    }

    /// openpyxl reads the workbook: types, values, number formats, frozen header, Chinese text,
    /// and the formula-looking name stays a string (a workbook cell is never a formula unless
    /// written as one).
    func testOpenpyxlReadsTheScoresWorkbook() throws {
        let s = try Self.scenario()
        try s.kpi("score", "--quarter", "2026-Q3", "-o", "scores.xlsx")
        let out = try SpreadsheetClients.python(s, """
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb.worksheets[0]
            rows = [[[c.value if not hasattr(c.value, 'isoformat') else c.value.isoformat(), c.data_type, c.number_format] for c in r] for r in ws.iter_rows()]
            print(json.dumps({"sheets": wb.sheetnames, "freeze": ws.freeze_panes, "rows": rows, "bold": ws["A1"].font.b}, ensure_ascii=False))
            """, [s.ledger + "/scores.xlsx"])
        let book = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        XCTAssertEqual(book["sheets"] as? [String], ["Scores"])
        XCTAssertEqual(book["freeze"] as? String, "A2", "the header row is frozen")
        XCTAssertEqual(book["bold"] as? Bool, true)
        let rows = book["rows"] as! [[[Any]]]
        func cell(_ r: Int, _ c: Int) -> (value: Any, type: String, format: String) {
            (rows[r][c][0], rows[r][c][1] as! String, rows[r][c][2] as! String)
        }
        XCTAssertEqual(rows[0].map { $0[0] as? String }, ["quarter", "subject", "name", "score", "rating", "metric", "dimension", "baseline", "target",
                                                          "actual", "weight (%)", "attainment (%)", "method", "unit", "kind", "members", "members_mean",
                                                          "review_rating", "calibrated_rating", "final_rating"])
        XCTAssertEqual(rows.count, 6)
        // alice, retention: numbers are numbers, percentages fractions with a percent format.
        XCTAssertEqual(cell(1, 3).value as? Double, 56); XCTAssertEqual(cell(1, 3).type, "n")
        for (c, v) in [(7, 0.4), (8, 0.45), (9, 0.42), (10, 0.6), (11, 0.4)] {
            XCTAssertEqual(cell(1, c).value as? Double, v, "column \(c)")
            XCTAssertEqual(cell(1, c).type, "n")
            XCTAssertEqual(cell(1, c).format, "0.00%", "column \(c)")
        }
        // alice, revenue (currency): plain numbers in the general format; attainment 80%.
        XCTAssertEqual(cell(2, 8).value as? Double, 1_000_000); XCTAssertEqual(cell(2, 8).format, "General")
        XCTAssertEqual(cell(2, 9).value as? Double, 800_000)
        XCTAssertEqual(cell(2, 11).value as? Double, 0.8); XCTAssertEqual(cell(2, 11).format, "0.00%")
        XCTAssertEqual(cell(2, 13).value as? String, "currency")
        // carol: Chinese intact; attainment 110%.
        XCTAssertEqual(cell(3, 2).value as? String, "李娜 Li Na")
        XCTAssertEqual(cell(3, 11).value as? Double, 1.1)
        // mallory: the name is a string, not a formula; her missing actual an empty cell.
        XCTAssertEqual(cell(4, 2).value as? String, "=HYPERLINK(\"http://x\",\"y\")")
        XCTAssertEqual(cell(4, 2).type, "s")
        XCTAssertTrue(cell(4, 9).value is NSNull)
        // The team's roll-up row.
        XCTAssertEqual(cell(5, 2).value as? String, "Product 产品部")
        XCTAssertEqual(cell(5, 14).value as? String, "team")
        XCTAssertEqual(cell(5, 15).value as? Double, 3)
        XCTAssertEqual(cell(5, 16).value as? Double, 55.33)
    }

    func testOpenpyxlReadsHistoryAndAuditDatesAsDates() throws {
        let s = try Self.scenario()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "42%", "-m", "Ease",
                  env: ["GIT_AUTHOR_DATE": "2026-09-05T10:00:00+08:00"])
        try s.kpi("history", "alice", "retention", "-o", "history.xlsx")
        try s.kpi("audit", "-o", "audit.xlsx", status: 1)
        // A workbook goes to a pipe too (never to a terminal).
        let piped = try s.kpi("audit", "--format", "xlsx", status: 1).stdout
        XCTAssertTrue(piped.hasPrefix("PK"), "a zip container on standard output")
        let out = try SpreadsheetClients.python(s, """
            import json, sys, openpyxl
            res = {}
            for name in sys.argv[1:]:
                ws = openpyxl.load_workbook(name).worksheets[0]
                res[ws.title] = {"freeze": ws.freeze_panes, "rows": [[[c.value.isoformat() if hasattr(c.value, 'isoformat') else c.value, c.is_date, c.number_format] for c in r] for r in ws.iter_rows()]}
            print(json.dumps(res, ensure_ascii=False))
            """, [s.ledger + "/history.xlsx", s.ledger + "/audit.xlsx"])
        let books = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: [String: Any]]
        let history = books["History"]!["rows"] as! [[[Any]]]
        XCTAssertEqual(books["History"]!["freeze"] as? String, "A2")
        XCTAssertEqual(history[0][2][0] as? String, "date")
        XCTAssertEqual(history[1][2][0] as? String, "2026-06-20T10:00:00", "the author's own wall-clock time")
        XCTAssertEqual(history[1][2][1] as? Bool, true)
        XCTAssertEqual(history[1][2][2] as? String, "yyyy-mm-dd hh:mm:ss")
        XCTAssertEqual(history[1][3][0] as? String, "UTC+08:00")
        XCTAssertEqual(history.last![2][0] as? String, "2026-09-05T10:00:00")
        XCTAssertEqual(history.last!.map { $0[0] as? String }[8...10], ["target", "45%", "42%"])
        let audit = books["Audit"]!["rows"] as! [[[Any]]]
        let eased = audit.first { $0[0][0] as? String == "eased_after_actuals" }!
        XCTAssertEqual(eased[1][0] as? String, "error")
        XCTAssertEqual(eased[3][0] as? String, "2026-09-05T10:00:00")
        XCTAssertEqual(eased[3][1] as? Bool, true)
    }

    /// LibreOffice opens the workbook and saves it as CSV: what a person sees in Calc.
    func testLibreOfficeConvertsTheWorkbook() throws {
        let s = try Self.scenario()
        try s.kpi("score", "--quarter", "2026-Q3", "-o", "scores.xlsx")
        // Filter options 44,34,76: comma, double quote, UTF-8.
        let csv = try String(contentsOfFile: try SpreadsheetClients.libreOffice(s, convert: s.ledger + "/scores.xlsx",
                                                                                to: "csv:Text - txt - csv (StarCalc):44,34,76", ext: "csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n").map { $0.trimmingCharacters(in: .newlines) }
        XCTAssertEqual(lines.first, "quarter,subject,name,score,rating,metric,dimension,baseline,target,actual,weight (%),attainment (%),method,unit,kind,members,members_mean,review_rating,calibrated_rating,final_rating")
        XCTAssertTrue(lines.contains("2026-Q3,alice,Alice Chen,56,D,retention,user_value,40.00%,45.00%,42.00%,60.00%,40.00%,progress,percent,person,,,,,D"), csv)
        XCTAssertTrue(lines.contains("2026-Q3,carol,李娜 Li Na,110,S,nps,user_value,,40,44,100.00%,110.00%,ratio,score,person,,,,,S"), csv)
        XCTAssertTrue(lines.contains("2026-Q3,product,Product 产品部,,,,,,,,,,,,team,3,55.33,,,"), csv)
        XCTAssertTrue(lines.contains { $0.hasPrefix("2026-Q3,mallory,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",0,D,") }, csv)
    }
}
