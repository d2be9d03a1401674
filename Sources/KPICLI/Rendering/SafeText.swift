/// Text from the ledger and its history (names, notes, commit messages, authors) is written by
/// anyone with commit access, so it is shown, never obeyed: every renderer passes it through
/// here for its output format (docs/format.md, "Text kpi shows").
/// - terminal: control characters (C0 but line break and tab, DEL, C1) and the invisible
///   direction overrides are shown as visible escapes (`\x1b[2J`, `\u202e`), so a name cannot
///   clear the screen, set the window title or reorder what is shown;
/// - markdown and HTML: `& < > " '` become entities (and `|` cannot split a markdown table cell);
/// - CSV: a cell starting with `= + - @`, tab or CR that is not a number gets a leading `'`, so a
///   spreadsheet shows it as text instead of running it as a formula (OWASP, "CSV Injection").
package enum SafeText {
    /// One line of terminal text: line breaks and tabs escaped too, so a cell stays one cell.
    package static func line(_ s: String) -> String { escape(s, keepLayout: false) }

    /// Terminal text of any length: line breaks and tabs kept, every other control escaped.
    package static func terminal(_ s: String) -> String { escape(s, keepLayout: true) }

    /// Whole output about to be written to a terminal or pipe: like `terminal`, except kpi's own
    /// colour sequences (`ESC [ digits ; digits m`) when `keepColours`. Renderers escape the
    /// ledger's text field by field first; this is the backstop for anything they missed.
    static func output(_ s: String, keepColours: Bool) -> String {
        guard needsEscaping(s) else { return s }
        guard keepColours else { return terminal(s) }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\u{1B}", let end = sgrEnd(scalars, from: i) {
                out.unicodeScalars.append(contentsOf: scalars[i...end])
                i = end + 1
                continue
            }
            append(scalars[i], keepLayout: true, to: &out)
            i += 1
        }
        return out
    }

    /// HTML text and attribute values; control characters (ANSI codes, direction overrides)
    /// shown as visible escapes like the terminal's, line breaks and tabs kept.
    package static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: append(ch, keepLayout: true, to: &out)
            }
        }
        return out
    }

    /// A markdown table cell or line: HTML escaped, `|` escaped, line breaks as spaces.
    static func markdown(_ s: String) -> String {
        html(s).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r\n", with: " ")
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }

    /// One CSV field (RFC 4180 quoting), formulas neutralised.
    static func csv(_ s: String) -> String {
        var cell = s
        if let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first), Double(cell) == nil {
            cell = "'" + cell
        }
        return cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }

    // MARK: Escaping

    static func isControl(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0x200E || v == 0x200F || v == 0x061C
    }

    static func needsEscaping(_ s: String) -> Bool {
        // Every scalar `isControl` names starts with a byte below 0x20, 0x7F, 0xC2 (U+0080–U+009F),
        // 0xD8 (U+061C) or 0xE2 (U+200E…U+2069): a quick byte scan finds them. Over the
        // contiguous bytes when the string has them (the whole output passes here: iterating
        // `utf8` a byte at a time was 5% of `kpi score --format json`).
        func scan<C: Sequence>(_ bytes: C) -> Bool where C.Element == UInt8 {
            for b in bytes {
                if b < 0x20 { if b != 0x0A && b != 0x09 { return true } }
                else if b == 0x7F || b == 0xC2 || b == 0xD8 || b == 0xE2 { return true }
            }
            return false
        }
        return s.utf8.withContiguousStorageIfAvailable(scan) ?? scan(s.utf8)
    }

    static func escape(_ s: String, keepLayout: Bool) -> String {
        guard needsEscaping(s) || (!keepLayout && s.utf8.contains(where: { $0 == 0x0A || $0 == 0x09 })) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        for u in s.unicodeScalars { append(u, keepLayout: keepLayout, to: &out) }
        return out
    }

    static func append(_ u: Unicode.Scalar, keepLayout: Bool, to out: inout String) {
        if keepLayout && (u == "\n" || u == "\t") { out.unicodeScalars.append(u); return }
        guard isControl(u) else { out.unicodeScalars.append(u); return }
        switch u {
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            let hex = String(u.value, radix: 16)
            out += u.value <= 0xFF ? "\\x" + (hex.count < 2 ? "0" : "") + hex : "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }

    /// The index of the `m` ending an SGR colour sequence starting at `start` (ESC), or nil.
    static func sgrEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 2 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var i = start + 2
        while i < scalars.count, ("0"..."9").contains(scalars[i]) || scalars[i] == ";" { i += 1 }
        return i < scalars.count && scalars[i] == "m" ? i : nil
    }
}
