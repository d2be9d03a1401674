/// JSON Schemas for each file kind, so editors speaking the YAML language server validate and
/// complete offline. The project's schemas/ folder holds the same text (a test keeps them equal);
/// `kpi init` writes them into the new ledger's `.kpi/schemas/` and points each file at its schema.
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

    static let value = #"{"type": ["string", "number"], "description": "A value as people write it: 45%, 1,200, 50万, ¥1.2M"}"#
    static let id = #"{"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}"#
    static let names = #"{"type": "object", "description": "Names in other languages, by language code", "additionalProperties": {"type": "string"}}"#

    static func object(_ title: String, required: [String], _ properties: [(String, String)]) -> String {
        let props = properties.map { "    \"\($0.0)\": \($0.1)" }.joined(separator: ",\n")
        let req = required.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "title": "\(title)",
          "type": "object",
          "required": [\(req)],
          "additionalProperties": false,
          "properties": {
        \(props)
          }
        }

        """
    }

    static func item(required: [String], _ properties: [(String, String)]) -> String {
        let props = properties.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ")
        let req = required.map { "\"\($0)\"" }.joined(separator: ", ")
        return #"{"type": "array", "items": {"type": "object", "required": [\#(req)], "additionalProperties": false, "properties": {\#(props)}}}"#
    }

    static func oneOf(_ values: [String]) -> String {
        "{\"enum\": [\(values.map { "\"\($0)\"" }.joined(separator: ", "))]}"
    }

    static let quarter = #"{"type": "string", "pattern": "^[0-9]{4}-Q[1-4]$"}"#
    static let date = #"{"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}"#

    public static func text(for kind: LedgerFileKind) -> String {
        switch kind {
        case .settings:
            return object("KPI ledger settings", required: ["name"], [
                ("name", #"{"type": "string"}"#), ("description", #"{"type": "string"}"#),
                ("fiscal_year_start", #"{"type": "integer", "minimum": 1, "maximum": 12}"#),
                ("admins", #"{"type": ["array", "null"], "items": {"type": "string"}}"#),
                ("scoring", #"{"type": "object", "additionalProperties": false, "properties": {"cap": \#(value), "bonus_cap": \#(value), "ratings": \#(item(required: ["grade"], [("grade", #"{"type": "string"}"#), ("min", value)]))}}"#),
                ("policies", #"{"type": "object", "additionalProperties": false, "properties": {"max_stretch": \#(value), "min_ltv_cac": \#(value)}}"#),
                ("signatures", oneOf(SignaturePolicy.allCases.map(\.rawValue))),
            ])
        case .metric:
            return object("KPI metric", required: ["name", "dimension", "unit", "direction"], [
                ("name", #"{"type": "string"}"#), ("names", names), ("dimension", id),
                ("unit", oneOf(MetricUnit.allCases.map(\.rawValue))),
                ("direction", oneOf(Direction.allCases.map(\.rawValue))),
                ("aggregate", oneOf(Aggregation.allCases.map(\.rawValue))),
                ("formula", #"{"type": "string", "description": "e.g. ltv / cac"}"#), ("description", #"{"type": "string"}"#),
            ])
        case .scorecard:
            return object("Scorecard", required: ["name"], [
                ("name", #"{"type": "string"}"#), ("names", names), ("description", #"{"type": "string"}"#),
                ("level", #"{"type": "string"}"#),
                ("dimensions", item(required: ["id"], [("id", id), ("name", #"{"type": "string"}"#), ("names", names),
                                                        ("min", value), ("max", value), ("description", #"{"type": "string"}"#),
                                                        ("metrics", #"{"type": "array", "items": \#(id)}"#)])),
                ("core_kpis", #"{"type": "object", "additionalProperties": false, "properties": {"min": {"type": "integer"}, "max": {"type": "integer"}}}"#),
            ])
        case .person:
            return object("Person", required: ["name"], [
                ("name", #"{"type": "string"}"#), ("names", names), ("email", #"{"type": "string"}"#),
                ("manager", id), ("team", id), ("level", #"{"type": "string"}"#), ("scorecard", id),
                ("description", #"{"type": "string"}"#),
                ("signing_keys", #"{"type": "array", "description": "SSH public keys that sign this person's commits, as in an allowed-signers line: ssh-ed25519 AAAA… comment", "items": {"type": "string", "pattern": "^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa|sk-ssh-ed25519@openssh\\.com|sk-ecdsa-sha2-nistp256@openssh\\.com) [A-Za-z0-9+/]+=*( .*)?$"}}"#),
            ])
        case .team:
            return object("Team", required: ["name"], [
                ("name", #"{"type": "string"}"#), ("names", names), ("lead", id), ("parent", id), ("scorecard", id),
                ("description", #"{"type": "string"}"#),
            ])
        case .goals:
            return object("Goal sheet", required: ["subject", "quarter", "goals"], [
                ("subject", id), ("quarter", quarter), ("scorecard", id), ("notes", #"{"type": "string"}"#),
                ("goals", item(required: ["metric", "target"], [
                    ("metric", id), ("baseline", value), ("target", value), ("weight", value),
                    ("method", oneOf(ScoringMethod.allCases.map(\.rawValue))), ("core", #"{"type": "boolean"}"#),
                    ("reason", #"{"type": "string"}"#), ("note", #"{"type": "string"}"#),
                ])),
                ("bonus", item(required: ["points"], [("points", value), ("reason", #"{"type": "string"}"#)])),
            ])
        case .records:
            return object("Records", required: ["subject", "quarter", "records"], [
                ("subject", id), ("quarter", quarter),
                ("records", item(required: ["date", "metric", "value"], [
                    ("date", date), ("metric", id), ("value", value), ("source", #"{"type": "string"}"#), ("note", #"{"type": "string"}"#),
                    ("corrects", #"{"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "This record replaces the earlier records of its metric dated that day; needs a note saying why"}"#),
                ])),
            ])
        case .review:
            return object("Review", required: ["subject", "quarter"], [
                ("subject", id), ("quarter", quarter), ("reviewer", id), ("rating", #"{"type": "string"}"#),
                ("summary", #"{"type": "string"}"#), ("notes", #"{"type": "string"}"#), ("date", date),
            ])
        }
    }
}
