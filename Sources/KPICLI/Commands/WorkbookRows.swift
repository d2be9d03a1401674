import Foundation
import LedgerCore
import Spreadsheet

/// The first sheet of an .xlsx workbook as the rows `kpi import` reads from CSV: each cell
/// written as a person would type it (docs/spreadsheets.md). Numbers as the file stores them
/// (`1200`, `0.42`), percent-formatted cells as percentages (`42%`), date cells and serial
/// numbers in the date column as `YYYY-MM-DD`, text as it is (text dates are read by the import).
enum WorkbookRows {
    static func read(_ data: Data, name: String) throws -> Recorder.ImportRows {
        let sheet: [XLSXReader.Row]
        do { sheet = try XLSXReader.firstSheet(data) } catch {
            throw CLIError(.unreadableWorkbook(name, error.description))
        }
        guard let header = sheet.first else { throw CLIError(.emptyWorkbook(name)) }
        let columns = header.cells.map { $0.map(text) ?? "" }
        let width = (columns.lastIndex { !$0.isEmpty } ?? -1) + 1
        let dateColumn = columns.firstIndex { $0.trimmingScalars(in: " ").lowercased() == "date" }
        var rows: Recorder.ImportRows = [(header.number, Array(columns.prefix(width)))]
        for row in sheet.dropFirst() {
            var fields = row.cells.enumerated().map { column, cell in
                cell.map { column == dateColumn ? dateText($0) : text($0) } ?? ""
            }
            // Cells past the header count only when filled (then the row is refused for its width).
            while fields.count > width, fields.last == "" { fields.removeLast() }
            if fields.count < width { fields += Array(repeating: "", count: width - fields.count) }
            rows.append((row.number, fields))
        }
        return rows
    }

    static func text(_ value: XLSXReader.Value) -> String {
        switch value {
        case .text(let s): s
        case .bool(let b): b ? "TRUE" : "FALSE"
        case .error(let e): e
        case .date(let days): Day(daysSinceEpoch: Int32(days)).description
        case .number(let d, _, let format):
            format == .percent ? decimal(d, times100: true) + "%" : decimal(d, times100: false)
        }
    }

    /// In the date column a plain number is a date serial (a date cell whose format was lost).
    static func dateText(_ value: XLSXReader.Value) -> String {
        if case .number(let d, _, _) = value, d >= 1, d == d.rounded(.down),
           let days = DateSerial.daysSinceEpoch(serial: Int(d)) {
            return Day(daysSinceEpoch: Int32(days)).description
        }
        return text(value)
    }

    /// The shortest decimal that reads back as the same double (Excel stores 0.42 as
    /// `0.41999999999999998`), in plain notation; × 100 exactly for a percentage.
    static func decimal(_ d: Double, times100: Bool) -> String {
        guard var n = Decimal(string: "\(d)", locale: Locale(identifier: "en_US_POSIX")) else { return "\(d)" }
        if times100 { n *= 100 }
        return Number(exactly: n)?.description ?? "\(d)"
    }
}
