import LedgerFormat

/// A ledger file reduced to what history compares: values exactly as written, so a hand edit
/// and a tool edit of the same value read the same.
public enum FileFacts: Sendable {
    /// Goals by metric, each with its fields (`target: 45%`), in file order; plus bonus lines.
    case goals(goals: [(metric: String, fields: [(String, String)])], bonus: [String])
    case records([RecordFact])
    /// Top-level scalar keys (reviews, people, teams, metrics, settings), plus `admins`.
    case keys([(String, String)], admins: [String])

    public struct RecordFact: Hashable, Sendable {
        public var date: String
        public var metric: String
        public var value: String
        public var source: String?
        public var note: String?
        /// The day a correction corrects, as written.
        public var corrects: String? = nil
        /// `date metric value`: the three copied into one string of their length (an
        /// interpolation appended each piece in turn, ~500 instructions a record for the
        /// ~180,000 records a cold audit of 10,000 commits finds added).
        public var text: String {
            var date = date, metric = metric, value = value
            return date.withUTF8 { d in
                metric.withUTF8 { m in
                    value.withUTF8 { v in
                        String(unsafeUninitializedCapacity: d.count + m.count + v.count + 2) { out in
                            var at = out.initialize(fromContentsOf: d)
                            out[at] = 32
                            at = out[(at + 1)...].initialize(fromContentsOf: m)
                            out[at] = 32
                            return out[(at + 1)...].initialize(fromContentsOf: v)
                        }
                    }
                }
            }
        }

        /// `text`, plus the source and note where they differ from `other`'s: an edit of the note
        /// alone reads `… 10万 (note: none) → … 10万 (note: Q3 close)`, not as no change at all.
        public func text(beside other: RecordFact) -> String {
            var out = text
            if source != other.source { out += " (source: \(source ?? "none"))" }
            if note != other.note { out += " (note: \(note ?? "none"))" }
            return out
        }
    }

    /// nil when the file does not parse (a broken hand edit): history shows nothing for it
    /// rather than guessing.
    public static func read(_ bytes: [UInt8], path: String, kind: LedgerFileKind) -> FileFacts? {
        usual(bytes, kind: kind) ?? parsed(bytes, path: path, kind: kind)
    }

    /// `read` through the parser's document (any file the format allows; nil when it refuses it).
    static func parsed(_ bytes: [UInt8], path: String, kind: LedgerFileKind) -> FileFacts? {
        guard let doc = try? LedgerParser.parse(bytes, path: path) else { return nil }
        guard let root = doc.root, doc.kind(root) == .mapping else { return kind == .records ? .records([]) : .keys([], admins: []) }
        func scalar(_ n: NodeID?) -> String? {
            guard let n, doc.kind(n) == .scalar, !doc.isEmpty(n) else { return nil }
            return doc.string(n)
        }
        switch kind {
        case .goals:
            var goals: [(String, [(String, String)])] = []
            if let list = doc.value(forKey: "goals", in: root), doc.kind(list) == .sequence {
                for item in doc.items(list) where doc.kind(item) == .mapping {
                    guard let metric = scalar(doc.value(forKey: "metric", in: item)) else { continue }
                    var fields: [(String, String)] = []
                    for (k, v) in doc.entries(item) {
                        let key = doc.string(k)
                        if key != "metric", let s = scalar(v) { fields.append((key, s)) }
                    }
                    goals.append((metric, fields))
                }
            }
            var bonus: [String] = []
            if let list = doc.value(forKey: "bonus", in: root), doc.kind(list) == .sequence {
                for item in doc.items(list) where doc.kind(item) == .mapping {
                    let p = scalar(doc.value(forKey: "points", in: item)) ?? "?"
                    let r = scalar(doc.value(forKey: "reason", in: item)).map { " (\($0))" } ?? ""
                    bonus.append(p + r)
                }
            }
            return .goals(goals: goals, bonus: bonus)
        case .records:
            var out: [RecordFact] = []
            if let list = doc.value(forKey: "records", in: root), doc.kind(list) == .sequence {
                for item in doc.items(list) where doc.kind(item) == .mapping {
                    // Each key compared once (a key appears at most once: the parser refuses a
                    // duplicate), not each name looked up through every entry.
                    var date: NodeID?, metric: NodeID?, value: NodeID?, source: NodeID?, note: NodeID?, corrects: NodeID?
                    for i in 0..<doc.count(item) {
                        let (k, v) = doc.entry(item, i)
                        if doc.scalarEquals(k, "date") { date = v }
                        else if doc.scalarEquals(k, "metric") { metric = v }
                        else if doc.scalarEquals(k, "value") { value = v }
                        else if doc.scalarEquals(k, "source") { source = v }
                        else if doc.scalarEquals(k, "note") { note = v }
                        else if doc.scalarEquals(k, "corrects") { corrects = v }
                    }
                    out.append(RecordFact(date: scalar(date) ?? "", metric: scalar(metric) ?? "", value: scalar(value) ?? "",
                                          source: scalar(source), note: scalar(note), corrects: scalar(corrects)))
                }
            }
            return .records(out)
        default:
            var keys: [(String, String)] = []
            var admins: [String] = []
            // A list or group of keys reads as one value (`signing_keys`, rating bands, a
            // scorecard's dimensions): the audit judges who changed it (docs/audit.md).
            func flat(_ n: NodeID) -> String? {
                switch doc.kind(n) {
                case .scalar: return scalar(n)
                case .sequence:
                    let items = doc.items(n).compactMap(flat)
                    return items.isEmpty ? nil : items.joined(separator: "; ")
                case .mapping:
                    let entries = doc.entries(n).compactMap { k, v in flat(v).map { "\(doc.string(k)) \($0)" } }
                    return entries.isEmpty ? nil : entries.joined(separator: ", ")
                }
            }
            for (k, v) in doc.entries(root) {
                let key = doc.string(k)
                if let s = scalar(v) { keys.append((key, s)) }
                if key == "admins", doc.kind(v) == .sequence { admins = doc.items(v).compactMap(scalar) }
                if kind == .calibration, key == "ratings", doc.kind(v) == .sequence {
                    // One value per rated subject (`ratings.alice`: `B (reason)`), so history shows whose rating moved.
                    for item in doc.items(v) where doc.kind(item) == .mapping {
                        guard let subject = scalar(doc.value(forKey: "subject", in: item)) else { continue }
                        let rating = scalar(doc.value(forKey: "rating", in: item)) ?? "?"
                        keys.append(("ratings.\(subject)", rating + (scalar(doc.value(forKey: "reason", in: item)).map { " (\($0))" } ?? "")))
                    }
                    continue
                }
                if key == "scoring" || key == "policies", doc.kind(v) == .mapping {
                    for (k2, v2) in doc.entries(v) {
                        if let s = scalar(v2) { keys.append((key + "." + doc.string(k2), s)) }
                        else if doc.kind(v2) != .scalar, let s = flat(v2) { keys.append((key + "." + doc.string(k2), s)) }
                    }
                } else if key != "admins", doc.kind(v) != .scalar, let s = flat(v) {
                    keys.append((key, s))
                }
            }
            return .keys(keys, admins: admins)
        }
    }
}
