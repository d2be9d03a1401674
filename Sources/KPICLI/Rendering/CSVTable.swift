import LedgerCore
import Spreadsheet

/// A sheet as CSV for spreadsheets (docs/spreadsheets.md): RFC 4180 quoting, text that would
/// start a formula neutralised (`SafeText.csv`), percentages in percent points (45 for 45%),
/// dates as `YYYY-MM-DD` and times as ISO 8601 with the author's own offset, like every kpi output.
enum CSVTable {
    static func render(_ sheet: Sheet) -> String {
        var out = sheet.header.map(SafeText.csv).joined(separator: ",") + "\n"
        for row in sheet.rows { out += row.map(field).joined(separator: ",") + "\n" }
        return out
    }

    static func field(_ cell: Cell) -> String {
        switch cell {
        case .empty: return ""
        case .text(let s): return SafeText.csv(s)
        case .number(let n): return SafeText.csv(n)
        case .percent(let f): return Number(f).map { ($0 * Number.hundred).description } ?? SafeText.csv(f)
        case .date(let d): return Day(daysSinceEpoch: Int32(d)).description
        case .dateTime(let t, let offset):
            let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
            let secs = Int(t - days * 86_400)
            func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
            let o = abs(offset)
            return "\(Day(daysSinceEpoch: Int32(days)))T\(pad(secs / 3600)):\(pad(secs % 3600 / 60)):\(pad(secs % 60))"
                + "\(offset < 0 ? "-" : "+")\(pad(o / 60)):\(pad(o % 60))"
        }
    }
}
