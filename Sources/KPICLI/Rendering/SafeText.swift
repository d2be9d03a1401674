/// Text from the ledger and its history (names, notes, commit messages, authors) is written by
/// anyone with commit access, so it is shown, never obeyed: every renderer passes it through
/// here for its output format (docs/format.md, "Text kpi shows").
/// - terminal: control characters (C0 but line break and tab, DEL, C1) and the invisible
///   direction overrides are shown as visible escapes (`\x1b[2J`, `\u202e`), so a name cannot
///   clear the screen, set the window title or reorder what is shown;
/// - markdown and HTML: `& < > " '` become entities; markdown also backslash-escapes what it gives
///   a meaning inline (brackets, parentheses, `*`, `_`, backquote, `|`, `!`, `~`, `#`, braces,
///   backslash), so text makes no link, image, emphasis or code span;
/// - CSV: a cell starting with `= + - @`, tab or CR that is not a number gets a leading `'`, so a
///   spreadsheet shows it as text instead of running it as a formula (OWASP, "CSV Injection").
package enum SafeText {
    /// One line of terminal text: line breaks and tabs escaped too, so a cell stays one cell.
    package static func line(_ s: String) -> String { escape(s, keepLayout: false) }

    /// `line(s)` appended to `out` as UTF-8.
    package static func appendLine(_ s: String, to out: inout [UInt8]) {
        // ASCII without a control character is by far the usual text: copied as it is.
        var t = s
        let plain = t.withUTF8 { b in
            var high = false
            for x in b {
                if x < 0x20 || x == 0x7F { return false }
                if x >= 0x80 { high = true }
            }
            if high, needsEscaping(s) { return false }
            out.append(contentsOf: b)
            return true
        }
        if !plain { out.append(contentsOf: line(s).utf8) }
    }

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

    /// A markdown table cell or inline text: HTML escaped (so no tag and no `<…>` autolink),
    /// every character markdown gives a meaning inline backslash-escaped (so a name like
    /// `[x](javascript:…)` is not a link, `*`/`_`/`` ` `` change no emphasis or code, `|` cannot
    /// split a cell), line breaks as spaces.
    static func markdown(_ s: String) -> String {
        let oneLine = s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
        let scalars = Array(oneLine.unicodeScalars)
        func wordCharacter(_ i: Int) -> Bool {
            scalars.indices.contains(i) && (scalars[i].properties.isAlphabetic || scalars[i].properties.numericType != nil)
        }
        var out = ""
        out.reserveCapacity(oneLine.utf8.count + 8)
        for (i, ch) in scalars.enumerated() {
            switch ch {
            case "_" where wordCharacter(i - 1) && wordCharacter(i + 1):
                out.unicodeScalars.append(ch)   // inside a word (`user_value`) `_` never emphasises
            case "\\", "`", "*", "_", "[", "]", "(", ")", "!", "~", "|", "#", "{", "}":
                out.unicodeScalars.append("\\")
                out.unicodeScalars.append(ch)
            default:
                out += html(String(ch))
            }
        }
        return out
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

    /// Whether `s` holds a scalar `isControl` names other than a line break or tab, by a byte scan
    /// of its UTF-8: below 0x20, 0x7F, C2 80–9F (U+0080–U+009F), D8 9C (U+061C), E2 80 8E–8F
    /// (U+200E, U+200F), E2 80 AA–AE (U+202A–U+202E), E2 81 A6–A9 (U+2066–U+2069). Exact, so
    /// text with an arrow or a dash (also E2 …) is not escaped scalar by scalar for nothing.
    static func needsEscaping(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in
            let n = b.count
            var i = 0
            while i < n {
                let x = b[i]
                if x < 0x20 {
                    if x != 0x0A && x != 0x09 { return true }
                } else if x == 0x7F {
                    return true
                } else if x == 0xC2 {
                    if i + 1 < n, (0x80...0x9F).contains(b[i + 1]) { return true }
                } else if x == 0xD8 {
                    if i + 1 < n, b[i + 1] == 0x9C { return true }
                } else if x == 0xE2, i + 2 < n {
                    let y = b[i + 1], z = b[i + 2]
                    if y == 0x80, z == 0x8E || z == 0x8F || (0xAA...0xAE).contains(z) { return true }
                    if y == 0x81, (0xA6...0xA9).contains(z) { return true }
                }
                i += 1
            }
            return false
        }
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
