import Foundation

/// A plain-text table aligned by display width, so Chinese names line up with Latin ones.
struct TextTable {
    enum Align { case left, right }
    var columns: [(title: String, align: Align)]
    var rows: [[String]] = []

    init(_ columns: [(String, Align)]) { self.columns = columns.map { (title: $0.0, align: $0.1) } }

    /// Cells are the ledger's text: shown on one line, control characters escaped.
    mutating func add(_ row: [String]) { rows.append(row.map(SafeText.line)) }

    /// Titles of the columns cut with `…` when the table is wider than the terminal, the
    /// rightmost first (a commit message, a summary): down to their title or 12 columns, then,
    /// when that is not enough, down to their title. A table that still does not fit has its
    /// lines cut at the width (docs/format.md, "On a terminal").
    var shrinkable: Set<String> = []

    /// The column widths for a terminal `limit` columns wide (nil: every cell whole), and how many
    /// columns each line is still too wide after every shrinkable column is as narrow as it goes.
    func layout(width limit: Int?) -> (widths: [Int], excess: Int) {
        var widths = columns.map { DisplayWidth.of($0.title) }
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        guard let limit else { return (widths, 0) }
        var excess = widths.reduce(0, +) + 2 * (widths.count - 1) - limit
        for floor in [12, 0] {
            for i in columns.indices.reversed() where excess > 0 && shrinkable.contains(columns[i].title) {
                let cut = min(excess, max(0, widths[i] - max(DisplayWidth.of(columns[i].title), floor)))
                widths[i] -= cut
                excess -= cut
            }
        }
        return (widths, max(0, excess))
    }

    /// Whether the table fits `limit` columns without cutting whole lines.
    func fits(width limit: Int?) -> Bool { layout(width: limit).excess == 0 }

    /// `width`: the terminal's unless `--wide` (Terminal.fitWidth, nil when standard output is
    /// a file or a pipe); nil keeps every cell whole.
    func render(style: Terminal.Style = .plain, width limit: Int? = Terminal.fitWidth) -> String {
        let (widths, excess) = layout(width: limit)
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() where i < widths.count {
                let c = DisplayWidth.of(cell) > widths[i] ? DisplayWidth.truncate(cell, to: widths[i]) : cell
                let pad = String(repeating: " ", count: widths[i] - DisplayWidth.of(c))
                parts.append(columns[i].align == .left ? c + pad : pad + c)
            }
            var s = parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            if excess > 0, let limit, DisplayWidth.of(s) > limit { s = DisplayWidth.truncate(s, to: limit) }
            return s
        }
        var out = style.bold(line(columns.map(\.title))) + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }
}
