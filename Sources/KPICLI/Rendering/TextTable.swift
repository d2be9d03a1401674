import Foundation

/// A plain-text table aligned by display width, so Chinese names line up with Latin ones.
struct TextTable {
    enum Align { case left, right }
    var columns: [(title: String, align: Align)]
    var rows: [[String]] = []

    init(_ columns: [(String, Align)]) { self.columns = columns.map { (title: $0.0, align: $0.1) } }

    /// Cells are the ledger's text: shown on one line, control characters escaped.
    mutating func add(_ row: [String]) { rows.append(row.map(SafeText.line)) }

    func render(style: Terminal.Style = .plain) -> String {
        var widths = columns.map { DisplayWidth.of($0.title) }
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, c) in cells.enumerated() where i < widths.count {
                let pad = String(repeating: " ", count: widths[i] - DisplayWidth.of(c))
                parts.append(columns[i].align == .left ? c + pad : pad + c)
            }
            var s = parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        var out = style.bold(line(columns.map(\.title))) + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }
}

/// Columns a string takes in a terminal: East Asian wide characters take two.
enum DisplayWidth {
    static func of(_ s: String) -> Int {
        var w = 0
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x20 || (0x300...0x36F).contains(v) || v == 0x200B || (0xFE00...0xFE0F).contains(v) { continue }
            w += isWide(v) ? 2 : 1
        }
        return w
    }

    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }
}

/// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
enum Terminal {
    struct Style {
        let enabled: Bool
        static let plain = Style(enabled: false)
        func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        func bold(_ s: String) -> String { wrap(s, "1") }
        func red(_ s: String) -> String { wrap(s, "31") }
        func green(_ s: String) -> String { wrap(s, "32") }
        func yellow(_ s: String) -> String { wrap(s, "33") }
        func dim(_ s: String) -> String { wrap(s, "2") }
    }

    static let stdout: Style = {
        let env = ProcessInfo.processInfo.environment
        let enabled = isatty(1) == 1 && env["NO_COLOR"].map(\.isEmpty) ?? true && env["TERM"] != "dumb"
        return Style(enabled: enabled)
    }()
}
