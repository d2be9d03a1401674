/// What each kind of ledger file holds, described once: its keys (in the order the JSON Schema
/// lists them and error messages name them), which are required, each key's JSON Schema, and
/// for a key holding mappings (a group of settings, or a list of items) the keys of those
/// mappings and what identifies an item. The loader refuses keys not described here, `Schemas`
/// writes the JSON Schemas from it, and the merge matches list items by its identities. A new
/// file kind is a case of `LedgerFileKind`, its folder in `LedgerLayout` and an entry here
/// (docs/architecture.md, "Where a new thing goes").
public struct FileShape: Sendable {
    public enum Value: Sendable {
        /// A value, with its JSON Schema.
        case json(String)
        /// A group of keys (`scoring:` in ledger.yaml).
        indirect case mapping(FileShape)
        /// A list of mappings. `identity` is the key whose value tells items apart when two
        /// versions of the list merge (`metric` for goals); nil when items have no identity
        /// and are kept as written (records, bonus items).
        indirect case list(FileShape, identity: String?)
    }

    public struct Key: Sendable {
        public var name: String
        public var required: Bool
        public var value: Value
        /// A required key whose absence is a problem of its own, reported by the file's reader
        /// with its own code (a calibration's `reason`: `calibration-without-reason`), not as
        /// `missing-key`.
        public var readerChecks = false
    }

    /// What the file or item is, in messages: "a metric", "a goal".
    public let what: String
    public let keys: [Key]
    /// Every key allowed, in order.
    public let names: [String]
    /// The keys that must be there.
    public let required: [String]
    /// The required keys the generic check reports as `missing-key` (all but the reader's own).
    let checkedRequired: [String]

    init(what: String, keys: [Key]) {
        self.what = what
        self.keys = keys
        names = keys.map(\.name)
        required = keys.filter(\.required).map(\.name)
        checkedRequired = keys.filter { $0.required && !$0.readerChecks }.map(\.name)
    }

    /// The shape of the mappings under `key`: a group of keys, or a list's items.
    public subscript(key: String) -> FileShape? {
        switch keys.first(where: { $0.name == key })?.value {
        case .mapping(let shape)?, .list(let shape, _)?: return shape
        default: return nil
        }
    }
}

extension FileShape {
    /// The shape of each kind of file.
    public static func of(_ kind: LedgerFileKind) -> FileShape {
        switch kind {
        case .settings: return settings
        case .metric: return metric
        case .scorecard: return scorecard
        case .person: return person
        case .team: return team
        case .goals: return goals
        case .records: return records
        case .review: return review
        case .calibration: return calibration
        }
    }

    /// How items of a list named `key` are told apart in a merge, whatever file holds it:
    /// `.key("metric")` for goals; `.none` for lists whose items have no identity (records,
    /// bonus items) or are plain values (admins); nil for a list no file kind describes.
    public static func identity(ofList key: String) -> ListIdentity? {
        for kind in LedgerFileKind.allCases {
            if let found = of(kind).identity(ofList: key) { return found }
        }
        return nil
    }

    /// Every way items of a list named `key` are told apart, over all file kinds (`ratings`
    /// are rating bands by `grade` in ledger.yaml, calibrated ratings by `subject`): the merge
    /// uses the first that tells the items at hand apart.
    public static func identities(ofList key: String) -> [ListIdentity] {
        LedgerFileKind.allCases.compactMap { of($0).identity(ofList: key) }
    }

    public enum ListIdentity: Equatable, Sendable {
        case key(String)
        case none
    }

    func identity(ofList key: String) -> ListIdentity? {
        for k in keys {
            switch k.value {
            case .list(let items, let identity):
                if k.name == key { return identity.map(ListIdentity.key) ?? ListIdentity.none }
                if let found = items.identity(ofList: key) { return found }
            case .mapping(let group):
                if let found = group.identity(ofList: key) { return found }
            case .json:
                if k.name == key { return ListIdentity.none }
            }
        }
        return nil
    }

    // MARK: The file kinds

    static func required(_ name: String, _ value: Value) -> Key { Key(name: name, required: true, value: value) }
    static func optional(_ name: String, _ value: Value) -> Key { Key(name: name, required: false, value: value) }
    /// Required, and its absence reported by the reader with a code of its own.
    static func requiredCheckedByReader(_ name: String, _ value: Value) -> Key {
        Key(name: name, required: true, value: value, readerChecks: true)
    }

    static let text = Value.json(#"{"type": "string"}"#)
    static let value = Value.json(#"{"type": ["string", "number"]}"#)
    /// A value that may be left empty for now: a drafted goal's `target:` (a warning until set).
    static let valueToSet = Value.json(#"{"type": ["string", "number", "null"]}"#)
    static let id = Value.json(#"{"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}"#)
    static let names = Value.json(#"{"type": "object", "additionalProperties": {"type": "string"}}"#)
    static let quarter = Value.json(#"{"type": "string", "pattern": "^[0-9]{4}-Q[1-4]$"}"#)
    static let date = Value.json(#"{"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}"#)
    static func oneOf(_ values: [String]) -> Value { .json("{\"enum\": [\(values.map { "\"\($0)\"" }.joined(separator: ", "))]}") }

    static let settings = FileShape(what: "ledger.yaml", keys: [
        optional("name", text), optional("description", text),
        optional("fiscal_year_start", .json(#"{"type": "integer", "minimum": 1, "maximum": 12}"#)),
        optional("admins", .json(#"{"type": ["array", "null"], "items": {"type": "string"}}"#)),
        optional("scoring", .mapping(FileShape(what: "the scoring settings", keys: [
            optional("cap", value), optional("bonus_cap", value),
            optional("ratings", .list(FileShape(what: "a rating band", keys: [required("grade", text), optional("min", value)]),
                                      identity: "grade")),
        ]))),
        optional("policies", .mapping(FileShape(what: "the policies", keys: [optional("max_stretch", value), optional("min_ltv_cac", value)]))),
        optional("signatures", oneOf(SignaturePolicy.allCases.map(\.rawValue))),
        optional("calibration", .mapping(FileShape(what: "the calibration settings", keys: [
            optional("distribution", .json(#"{"type": "object", "additionalProperties": {"type": ["string", "number"]}}"#)),
        ]))),
        optional("incentives", .mapping(FileShape(what: "the incentive settings", keys: [
            optional("multipliers", .json(#"{"type": "object", "additionalProperties": {"type": ["string", "number"]}}"#)),
        ]))),
    ])

    static let metric = FileShape(what: "a metric", keys: [
        required("name", text), optional("names", names), required("dimension", id),
        required("unit", oneOf(MetricUnit.allCases.map(\.rawValue))),
        required("direction", oneOf(Direction.allCases.map(\.rawValue))),
        optional("aggregate", oneOf(Aggregation.allCases.map(\.rawValue))),
        optional("formula", text), optional("description", text),
    ])

    static let scorecard = FileShape(what: "a scorecard", keys: [
        optional("name", text), optional("names", names), optional("description", text), optional("level", text),
        optional("dimensions", .list(FileShape(what: "a scorecard dimension", keys: [
            required("id", id), optional("name", text), optional("names", names), optional("min", value), optional("max", value),
            optional("description", text), optional("metrics", .json(#"{"type": "array", "items": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}}"#)),
        ]), identity: "id")),
        optional("core_kpis", .mapping(FileShape(what: "core_kpis", keys: [
            optional("min", .json(#"{"type": "integer"}"#)), optional("max", .json(#"{"type": "integer"}"#)),
        ]))),
    ])

    static let person = FileShape(what: "a person", keys: [
        required("name", text), optional("names", names), optional("email", text), optional("manager", id),
        optional("team", id), optional("level", text), optional("scorecard", id), optional("description", text),
        optional("signing_keys", .json(#"{"type": "array", "items": {"type": "string", "pattern": "^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa|sk-ssh-ed25519@openssh\\.com|sk-ecdsa-sha2-nistp256@openssh\\.com) [A-Za-z0-9+/]+=*( .*)?$"}}"#)),
    ])

    static let team = FileShape(what: "a team", keys: [
        required("name", text), optional("names", names), optional("lead", id), optional("parent", id),
        optional("scorecard", id), optional("description", text),
    ])

    static let goals = FileShape(what: "a goal sheet", keys: [
        required("subject", id), required("quarter", quarter), optional("scorecard", id), optional("notes", text),
        required("goals", .list(FileShape(what: "a goal", keys: [
            required("metric", id), optional("baseline", value), required("target", valueToSet), optional("weight", value),
            optional("method", oneOf(ScoringMethod.allCases.map(\.rawValue))), optional("core", .json(#"{"type": "boolean"}"#)),
            optional("reason", text), optional("note", text),
            optional("aligns_to", .json(#"{"type": "string", "pattern": "^[a-z][a-z0-9_]*/[a-z][a-z0-9_]*$"}"#)),
        ]), identity: "metric")),
        optional("bonus", .list(FileShape(what: "a bonus item", keys: [required("points", value), optional("reason", text)]), identity: nil)),
    ])

    static let records = FileShape(what: "a records file", keys: [
        required("subject", id), required("quarter", quarter),
        required("records", .list(FileShape(what: "a record", keys: [
            required("date", date), required("metric", id), required("value", value), optional("source", text), optional("note", text),
            optional("corrects", date),
            optional("confidence", .json(#"{"type": "integer", "minimum": 1, "maximum": 10}"#)),
        ]), identity: nil)),
    ])

    static let review = FileShape(what: "a review", keys: [
        required("subject", id), required("quarter", quarter), optional("reviewer", id), optional("rating", text),
        optional("summary", text), optional("notes", text), optional("date", date),
        optional("awards", .json(#"{"type": "array", "items": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}}"#)),
        optional("award_reason", text),
    ])

    static let calibration = FileShape(what: "a calibration", keys: [
        optional("team", id), optional("quarter", quarter), optional("date", date),
        optional("attendees", .json(#"{"type": "array", "items": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}}"#)),
        optional("ratings", .list(FileShape(what: "a calibrated rating", keys: [
            required("subject", id), required("rating", text), requiredCheckedByReader("reason", text),
        ]), identity: "subject")),
        optional("notes", text),
    ])
}
