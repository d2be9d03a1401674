/// JSON Schemas for each file kind, written from its `FileShape`, so editors speaking the YAML
/// language server validate and complete offline. The project's schemas/ folder holds the same
/// text (a test keeps them equal); `kpi init` writes them into the new ledger's `.kpi/schemas/`
/// and points each file at its schema.
public enum Schemas {
    public static let folder = ".kpi/schemas"

    /// File name of the schema for a kind of file.
    public static func fileName(_ kind: LedgerFileKind) -> String { "\(kind.rawValue).schema.json" }

    /// The `# yaml-language-server` line for a file at `path` (relative to the ledger root).
    public static func modeline(for kind: LedgerFileKind, at path: String) -> String {
        let depth = path.split(separator: "/").count - 1
        let up = String(repeating: "../", count: depth)
        return "yaml-language-server: $schema=\(up)\(folder)/\(fileName(kind))"
    }

    /// The JSON Schema of a kind of file, written from its `FileShape`.
    public static func text(for kind: LedgerFileKind) -> String {
        let shape = FileShape.of(kind)
        let props = shape.keys.map { "    \"\($0.name)\": \(property($0, in: shape))" }.joined(separator: ",\n")
        let req = shape.required.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "title": "\(titles[kind]!)",
          "type": "object",
          "required": [\(req)],
          "additionalProperties": false,
          "properties": {
        \(props)
          }
        }

        """
    }

    static let titles: [LedgerFileKind: String] = [
        .settings: "KPI ledger settings", .metric: "KPI metric", .scorecard: "Scorecard", .person: "Person", .team: "Team",
        .goals: "Goal sheet", .records: "Records", .review: "Review", .calibration: "Calibration",
    ]

    /// One key's schema, led by its description in English and Chinese (an editor's hover
    /// shows it) and, for a fixed set of values, `enumDescriptions` (what each value means).
    static func property(_ key: FileShape.Key, in shape: FileShape) -> String {
        let body = json(key.value)
        guard let about = shape.describe(key.name) else { return body }
        var out = "{\"description\": \(quoted(about.text)), " + body.dropFirst()
        if case .json(let text) = key.value, let values = enumValues(text) {
            let each = values.map { v in about.values[v].map { quoted($0.en + "\n\n" + $0.zh) } ?? "\"\"" }
            out = String(out.dropLast()) + ", \"enumDescriptions\": [\(each.joined(separator: ", "))]}"
        }
        return out
    }

    /// One key's schema without its description: as written, or an object (a group of keys)
    /// or an array of objects (a list).
    static func json(_ value: FileShape.Value) -> String {
        func props(_ shape: FileShape) -> String { shape.keys.map { "\"\($0.name)\": \(property($0, in: shape))" }.joined(separator: ", ") }
        switch value {
        case .json(let text):
            return text
        case .mapping(let shape):
            let req = shape.required.isEmpty ? "" : "\"required\": [\(shape.required.map { "\"\($0)\"" }.joined(separator: ", "))], "
            return #"{"type": "object", \#(req)"additionalProperties": false, "properties": {\#(props(shape))}}"#
        case .list(let shape, _):
            let req = shape.required.map { "\"\($0)\"" }.joined(separator: ", ")
            return #"{"type": "array", "items": {"type": "object", "required": [\#(req)], "additionalProperties": false, "properties": {\#(props(shape))}}}"#
        }
    }

    /// The values of a `{"enum": [...]}` schema as `FileShape.oneOf` writes it.
    static func enumValues(_ schema: String) -> [String]? {
        guard schema.hasPrefix("{\"enum\": [") else { return nil }
        return schema.dropFirst(10).prefix { $0 != "]" }.split(separator: ",").map {
            String($0.trimmingCharacters(in: .whitespaces).dropFirst().dropLast())
        }
    }

    /// A JSON string literal.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
