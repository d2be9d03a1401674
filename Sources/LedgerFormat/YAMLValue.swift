/// One `key: value` entry of a mapping, in file order.
public struct YAMLPair: Hashable, Sendable {
    public var key: String
    public var value: YAMLValue
    public init(_ key: String, _ value: YAMLValue) {
        self.key = key
        self.value = value
    }
}

/// The data of a ledger file: every scalar is text (no implicit typing).
public indirect enum YAMLValue: Hashable, Sendable {
    case scalar(String)
    /// Entries in file order.
    case mapping([YAMLPair])
    case sequence([YAMLValue])

    /// Convenience: a mapping from `(key, value)` tuples, in order.
    public static func map(_ pairs: [(String, YAMLValue)]) -> YAMLValue {
        .mapping(pairs.map { YAMLPair($0.0, $0.1) })
    }

    /// The value under `key` of a mapping (first match), or nil.
    public subscript(key: String) -> YAMLValue? {
        guard case .mapping(let pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }
}

extension LedgerDocument {
    /// The data tree under `node` (empty values read as `.scalar("")`).
    public func value(_ node: NodeID) -> YAMLValue {
        // Nesting is at most LedgerParser.maxDepth, so recursion is bounded.
        let r = nodes[Int(node)]
        switch r.kind {
        case .scalar:
            return .scalar(string(node))
        case .sequence:
            return .sequence(items(node).map { value($0) })
        case .mapping:
            return .mapping(entries(node).map { YAMLPair(string($0.key), value($0.value)) })
        }
    }
}

/// Writes new ledger files: 2-space indentation, `- key: v` for lists of mappings, `|` blocks for
/// text with line breaks, quotes only where needed. See docs/format.md ("Writing").
public enum YAMLEmitter {
    public static func emit(_ value: YAMLValue, header: [String] = []) -> String {
        emit(value, header: header, lineEnd: "\n")
    }

    public static func emit(_ value: YAMLValue, header: [String], lineEnd nl: String) -> String {
        var out = ""
        for line in header {
            for part in line.split(separator: "\n", omittingEmptySubsequences: false) {
                out += part.isEmpty ? "#" : "# " + part
                out += nl
            }
        }
        switch value {
        case .scalar(let s):
            if needsBlock(s) && !(s.utf8.first.map(isSep) ?? false) {
                writeBlock(s, indent: 2, parentIndent: -1, into: &out, nl)
            } else {
                out += renderInline(s) + nl
            }
        case .mapping(let pairs):
            writeMapping(pairs, indent: 0, firstInline: false, into: &out, nl)
        case .sequence(let items):
            writeSequence(items, indent: 0, firstInline: false, into: &out, nl)
        }
        return out
    }

    // MARK: Scalars

    /// How a string is written on one line: plain when YAML reads the plain text back as the same
    /// string, else double-quoted with escapes. A number, date or boolean the format expects
    /// (`value: 45`, `date: 2026-07-31`, `core: true`) stays plain, as typed.
    public static func renderInline(_ s: String) -> String {
        isPlainSafe(s) ? s : doubleQuoted(s)
    }

    /// `renderInline` for the value of `key`: text (a `source`, `note`, `name` …) is also quoted
    /// when a YAML 1.1 or 1.2 tool would read it as something other than a string (`12`, `0x1F`,
    /// `1e3`, `.inf`, `2026-10-01`, `yes`, `true`), so every tool reads the text the author wrote.
    /// Only the values of `typedKeys` are written as typed (docs/format.md, "Writing").
    public static func renderInline(_ s: String, key: String?) -> String {
        renderInline(s, typed: key.map(typedKeys.contains) ?? false)
    }

    static func renderInline(_ s: String, typed: Bool) -> String {
        isPlainSafe(s) && (typed || !readsAsNonString(s)) ? s : doubleQuoted(s)
    }

    /// Keys whose values the format defines as numbers, dates or booleans (their schemas allow a
    /// number, an integer or a boolean, or they are dates): written plain as typed. Every other
    /// value is text. `multipliers:` and `distribution:` map grades to numbers.
    public static let typedKeys: Set<String> = [
        "value", "baseline", "target", "weight", "points", "confidence", "core", "date", "corrects",
        "cap", "bonus_cap", "max_stretch", "min_ltv_cac", "min", "max", "fiscal_year_start",
    ]
    static let typedContainers: Set<String> = ["multipliers", "distribution"]

    /// Words a YAML 1.1 or 1.2 tool reads as a boolean or null, or as a merge or value key.
    static let nonStringWords: Set<String> = typedWords.union([
        "true", "True", "TRUE", "false", "False", "FALSE", "<<", "=",
    ])

    /// True when a YAML 1.1 (PyYAML), 1.2 core or Yams resolver reads plain `s` as a number, a
    /// timestamp, a boolean or null: `12`, `-5`, `0x1F`, `0o17`, `0b101`, `1_000`, `1e3`, `.5`,
    /// `.inf`, `.NaN`, `1:20`, `2026-10-01`, `yes`, `off`, `~`. Errs towards quoting.
    static func readsAsNonString(_ s: String) -> Bool {
        if nonStringWords.contains(s) { return true }
        let u = Array(s.utf8)
        guard let first = u.first else { return true }
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        // Every number and timestamp starts with a sign, a digit or a dot.
        guard isDigit(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: ".") else { return false }
        if looksSexagesimal(u) { return true }
        // A date (YAML 1.1 timestamp), alone or followed by a time.
        if u.count >= 8, u[0..<4].allSatisfy(isDigit), u[4] == UInt8(ascii: "-") {
            var i = 5, n = 0
            while i < u.count, isDigit(u[i]) { i += 1; n += 1 }
            if (1...2).contains(n), i < u.count, u[i] == UInt8(ascii: "-") {
                i += 1; n = 0
                while i < u.count, isDigit(u[i]) { i += 1; n += 1 }
                if (1...2).contains(n), i == u.count || [UInt8(ascii: "T"), UInt8(ascii: "t"), SP, TAB].contains(u[i]) { return true }
            }
        }
        var i = 0
        if u[0] == UInt8(ascii: "+") || u[0] == UInt8(ascii: "-") { i = 1 }
        let rest = Array(u[i...])
        if [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"].contains(String(decoding: rest, as: UTF8.self)) { return true }
        // 0b…, 0o…, 0x… integers.
        if rest.count > 2, rest[0] == UInt8(ascii: "0") {
            let digits = rest[2...]
            switch rest[1] {
            case UInt8(ascii: "b"): if digits.allSatisfy({ $0 == 0x30 || $0 == 0x31 || $0 == UInt8(ascii: "_") }) { return true }
            case UInt8(ascii: "o"): if digits.allSatisfy({ ($0 >= 0x30 && $0 <= 0x37) || $0 == UInt8(ascii: "_") }) { return true }
            case UInt8(ascii: "x"):
                if digits.allSatisfy({ isDigit($0) || (0x61...0x66).contains($0 | 0x20) || $0 == UInt8(ascii: "_") }) { return true }
            default: break
            }
        }
        // Decimal integers and floats: digits and `_`, an optional `.` and digits, an optional exponent.
        var j = 0, mantissaDigits = 0
        while j < rest.count, isDigit(rest[j]) || rest[j] == UInt8(ascii: "_") { if isDigit(rest[j]) { mantissaDigits += 1 }; j += 1 }
        if j < rest.count, rest[j] == UInt8(ascii: ".") {
            j += 1
            while j < rest.count, isDigit(rest[j]) || rest[j] == UInt8(ascii: "_") { if isDigit(rest[j]) { mantissaDigits += 1 }; j += 1 }
        }
        guard mantissaDigits > 0 else { return false }
        if j < rest.count, rest[j] == UInt8(ascii: "e") || rest[j] == UInt8(ascii: "E") {
            j += 1
            if j < rest.count, rest[j] == UInt8(ascii: "+") || rest[j] == UInt8(ascii: "-") { j += 1 }
            let start = j
            while j < rest.count, isDigit(rest[j]) { j += 1 }
            if j == start { return false }
        }
        return j == rest.count
    }

    /// Words YAML tools read as null or (in YAML 1.1) as a boolean, so they lose their text.
    static let typedWords: Set<String> = [
        "~", "null", "Null", "NULL",
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "on", "On", "ON", "off", "Off", "OFF",
    ]

    static let indicatorBytes: Set<UInt8> = Set("?:,[]{}#&*!|>'\"%@`".utf8)

    public static func isPlainSafe(_ s: String) -> Bool {
        // Over the UTF-8 bytes in place (no array per scalar written: an import writes
        // hundreds of thousands); the scalar checks only for text that is not ASCII.
        var text = s
        return text.withUTF8 { u -> Bool in
            guard let first = u.first, let last = u.last else { return false }
            if u.count <= 5 && typedWords.contains(s) { return false }
            if isSep(first) || isSep(last) { return false }
            // Indicators that cannot start a plain scalar (or would change its meaning).
            if first == UInt8(ascii: "-") {
                // `-5` stays plain; `-`, `- x`, `---`, `-x` are quoted.
                if !(u.count > 1 && u[1] >= UInt8(ascii: "0") && u[1] <= UInt8(ascii: "9")) { return false }
            } else if first == UInt8(ascii: ".") {
                if s.hasPrefix("...") { return false }
            } else if Self.indicatorBytes.contains(first) {
                return false
            }
            var prev: UInt8 = 0
            var colon = false, ascii = true
            for i in 0..<u.count {
                let c = u[i]
                if c < SP || c == 0x7F { return false } // line breaks, tabs, control characters
                if c == UInt8(ascii: ":") {
                    if i + 1 == u.count || u[i + 1] == SP { return false }
                    colon = true
                }
                if c == UInt8(ascii: "#") && prev == SP { return false }
                if c >= 0x80 { ascii = false }
                prev = c
            }
            if !ascii {
                for sc in s.unicodeScalars {
                    let v = sc.value
                    if (v >= 0x80 && v <= 0x9F) || v == 0x2028 || v == 0x2029 || v == 0xFEFF || v == 0xFFFE || v == 0xFFFF { return false }
                }
            }
            return !(colon && looksSexagesimal(Array(u)))
        }
    }

    /// `1:20` is the number 80 in YAML 1.1; quote it so every tool reads the text.
    static func looksSexagesimal(_ u: [UInt8]) -> Bool {
        guard u.contains(UInt8(ascii: ":")) else { return false }
        var i = 0
        if i < u.count && (u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-")) { i += 1 }
        for c in u[i...] {
            if !((c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: ":") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")) { return false }
        }
        return u[i...].first.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false
    }

    public static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for sc in s.unicodeScalars {
            switch sc {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{0}": out += "\\0"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            case "\u{0}"..<"\u{20}", "\u{7F}", "\u{80}"..."\u{9F}":
                out += "\\x" + hex2(UInt8(sc.value))
            case "\u{FEFF}", "\u{FFFE}", "\u{FFFF}":
                out += "\\u" + String(sc.value, radix: 16, uppercase: true)
            default:
                out.unicodeScalars.append(sc)
            }
        }
        return out + "\""
    }

    /// Text with line breaks that a `|` block writes exactly.
    static func needsBlock(_ s: String) -> Bool {
        guard s.utf8.contains(LF) else { return false }
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, !first.isEmpty else { return false }
        for sc in s.unicodeScalars {
            let v = sc.value
            if (v < 0x20 && v != 0x0A && v != 0x09) || v == 0x7F || (v >= 0x80 && v <= 0x9F)
                || v == 0x2028 || v == 0x2029 || v == 0xFEFF || v == 0xFFFE || v == 0xFFFF { return false }
        }
        for line in lines {
            if let l = line.utf8.last, isSep(l) { return false } // trailing spaces would be invisible
        }
        return true
    }

    /// Writes ` |…` (header) and the text lines; `indent` is where the text lines start, and
    /// `parentIndent` the indentation of the key or `-` the block belongs to.
    static func writeBlock(_ s: String, indent: Int, parentIndent: Int, into out: inout String, _ nl: String) {
        var lines = s.split(separator: "\n", omittingEmptySubsequences: false)
        var trailingBreaks = 0
        while let l = lines.last, l.isEmpty { lines.removeLast(); trailingBreaks += 1 }
        var header = "|"
        if let f = lines.first?.utf8.first, isSep(f) { header += String(indent - parentIndent) }
        if trailingBreaks == 0 { header += "-" } else if trailingBreaks > 1 { header += "+" }
        out += header + nl
        let pad = String(repeating: " ", count: indent)
        for l in lines {
            if l.isEmpty { out += nl } else { out += pad + l + nl }
        }
        if trailingBreaks > 1 { for _ in 1..<trailingBreaks { out += nl } }
    }

    // MARK: Collections

    /// A value after `key:` or `- ` (the caller wrote that prefix). `indent` is the key's or dash's column.
    /// `typed`: the value is one of `typedKeys`' (or a typed container's), written as typed.
    static func writeValue(_ v: YAMLValue, indent: Int, into out: inout String, _ nl: String, afterDash: Bool,
                           typed: Bool = false, typedEntries: Bool = false) {
        switch v {
        case .scalar(let s):
            if needsBlock(s) {
                out += " "
                writeBlock(s, indent: indent + 2, parentIndent: indent, into: &out, nl)
            } else {
                out += " " + renderInline(s, typed: typed) + nl
            }
        case .mapping(let pairs):
            if pairs.isEmpty { out += nl; return }
            if afterDash {
                out += " "
                writeMapping(pairs, indent: indent + 2, firstInline: true, into: &out, nl, typedEntries: typedEntries)
            } else {
                out += nl
                writeMapping(pairs, indent: indent + 2, firstInline: false, into: &out, nl, typedEntries: typedEntries)
            }
        case .sequence(let items):
            if items.isEmpty { out += nl; return }
            if afterDash {
                out += " "
                writeSequence(items, indent: indent + 2, firstInline: true, into: &out, nl)
            } else {
                out += nl
                writeSequence(items, indent: indent + 2, firstInline: false, into: &out, nl)
            }
        }
    }

    static func writeMapping(_ pairs: [YAMLPair], indent: Int, firstInline: Bool, into out: inout String, _ nl: String,
                             typedEntries: Bool = false) {
        let pad = String(repeating: " ", count: indent)
        for (i, p) in pairs.enumerated() {
            if !(firstInline && i == 0) { out += pad }
            out += renderKey(p.key) + ":"
            writeValue(p.value, indent: indent, into: &out, nl, afterDash: false,
                       typed: typedEntries || typedKeys.contains(p.key), typedEntries: typedContainers.contains(p.key))
        }
    }

    static func writeSequence(_ items: [YAMLValue], indent: Int, firstInline: Bool, into out: inout String, _ nl: String) {
        let pad = String(repeating: " ", count: indent)
        for (i, item) in items.enumerated() {
            if !(firstInline && i == 0) { out += pad }
            out += "-"
            writeValue(item, indent: indent, into: &out, nl, afterDash: true)
        }
    }

    /// Keys are text: quoted when a YAML tool would read them as anything else.
    static func renderKey(_ k: String) -> String {
        renderInline(k, typed: false)
    }

    /// Lines for an entry or item, for edits: `key: value` / `- value` at `indent`, each line ending in `nl`.
    static func entryText(key: String?, _ v: YAMLValue, indent: Int, _ nl: String) -> String {
        var out = String(repeating: " ", count: indent)
        if let key {
            out += renderKey(key) + ":"
            writeValue(v, indent: indent, into: &out, nl, afterDash: false,
                       typed: typedKeys.contains(key), typedEntries: typedContainers.contains(key))
        } else {
            out += "-"
            writeValue(v, indent: indent, into: &out, nl, afterDash: true)
        }
        return out
    }
}
