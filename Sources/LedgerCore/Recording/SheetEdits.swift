import LedgerFormat

/// Edits of ledger files that touch only the bytes of what changed: a new target rewrites that
/// value, a new record is appended after the last, and every comment, blank line and ordering
/// the user wrote survives.
public enum SheetEdits {
    /// One field of a goal as the user asked to set it (text exactly as typed).
    public struct GoalFields: Sendable {
        public var target: String?
        public var baseline: String?
        public var weight: String?
        public var method: String?
        public var core: Bool?
        /// The team goal it serves, `TEAM/METRIC` (docs/review-cycle.md, "Alignment").
        public var alignsTo: String?
        /// Remove the goal's `aligns_to`.
        public var dropAlignment: Bool
        public init(target: String? = nil, baseline: String? = nil, weight: String? = nil, method: String? = nil, core: Bool? = nil,
                    alignsTo: String? = nil, dropAlignment: Bool = false) {
            self.target = target
            self.baseline = baseline
            self.weight = weight
            self.method = method
            self.core = core
            self.alignsTo = alignsTo
            self.dropAlignment = dropAlignment
        }

        var ordered: [(String, String?)] {
            [("baseline", baseline), ("target", target), ("weight", weight), ("method", method), ("core", core.map { $0 ? "true" : "false" }),
             ("aligns_to", alignsTo)]
        }
    }

    /// What a goal edit changed, field by field (old nil: the field is new).
    public struct FieldChange: Sendable, Equatable {
        public var field: String
        public var old: String?
        public var new: String?
    }

    static func parse(_ bytes: [UInt8], path: String) throws -> LedgerDocument {
        do { return try LedgerParser.parse(bytes, path: path) } catch { throw LedgerError.invalid([error]) }
    }

    static func rootMapping(_ doc: LedgerDocument) throws -> NodeID {
        guard let root = doc.root, doc.kind(root) == .mapping else {
            throw LedgerError.invalid([Finding.notKeyValueLines("this file").atStart(of: doc.path)])
        }
        return root
    }

    /// A new sheet file: `subject`, `quarter`, then the list.
    static func newSheet(kind: LedgerFileKind, subject: String, quarter: Quarter, list: String, items: [YAMLValue]) -> [UInt8] {
        let path = LedgerLayout.path(kind, id: subject, quarter: quarter)
        let value = YAMLValue.map([("subject", .scalar(subject)), ("quarter", .scalar(quarter.description)),
                                       (list, .sequence(items))])
        return Array(YAMLEmitter.emit(value, header: [Schemas.modeline(for: kind, at: path)]).utf8)
    }

    /// Sets a goal's fields, creating the sheet or the goal when needed.
    public static func setGoal(in bytes: [UInt8]?, path: String, subject: String, quarter: Quarter, metric: String,
                               fields: GoalFields) throws -> (bytes: [UInt8], changes: [FieldChange]) {
        let wanted = fields.ordered.compactMap { k, v in v.map { (k, $0) } }
        let newGoal = YAMLValue.map([("metric", .scalar(metric))] + wanted.map { ($0.0, YAMLValue.scalar($0.1)) })
        let created = wanted.map { FieldChange(field: $0.0, old: nil, new: $0.1) }
        guard let bytes else {
            // Only an alignment to drop, and no sheet: no change.
            if wanted.isEmpty { return ([], []) }
            return (newSheet(kind: .goals, subject: subject, quarter: quarter, list: "goals", items: [newGoal]), created)
        }
        let doc = try parse(bytes, path: path)
        let root = try rootMapping(doc)
        let noGoals = doc.value(forKey: "goals", in: root).map { doc.isEmpty($0) } ?? true
        if wanted.isEmpty, noGoals { return (bytes, []) }
        guard let goals = doc.value(forKey: "goals", in: root) else {
            let edit = doc.insertEntry(into: root, key: "goals", value: .sequence([newGoal]), after: nil)
            return (doc.applying([edit]), created)
        }
        if doc.isEmpty(goals) {
            let key = doc.entries(root).first { $0.value == goals }!.key
            let edits = [doc.removeEntry(key, in: root),
                         doc.insertEntry(into: root, key: "goals", value: .sequence([newGoal]), after: key)]
            return (doc.applying(edits), created)
        }
        guard doc.kind(goals) == .sequence else {
            throw LedgerError.invalid([doc.diagnostic(at: goals, .notAList("goals"))])
        }
        for item in doc.items(goals) where doc.kind(item) == .mapping {
            guard let m = doc.value(forKey: "metric", in: item), doc.scalarEquals(m, metric) else { continue }
            var edits: [TextEdit] = []
            var changes: [FieldChange] = []
            var last = m
            for (key, value) in wanted {
                if let node = doc.value(forKey: key, in: item) {
                    let old = doc.isEmpty(node) ? nil : doc.string(node)
                    if old != value {
                        edits.append(doc.replaceScalar(node, with: value, key: key))
                        changes.append(FieldChange(field: key, old: old, new: value))
                    }
                    last = node
                } else {
                    // The goal's numbers go after the ones already there; an alignment goes last.
                    let anchorKey = key == "aligns_to" ? doc.entries(item).last?.key : doc.entries(item).first { $0.value == last }?.key
                    edits.append(doc.insertEntry(into: item, key: key, value: .scalar(value), after: anchorKey))
                    changes.append(FieldChange(field: key, old: nil, new: value))
                }
            }
            if fields.dropAlignment, let entry = doc.entries(item).first(where: { doc.scalarEquals($0.key, "aligns_to") }) {
                edits.append(doc.removeEntry(entry.key, in: item))
                changes.append(FieldChange(field: "aligns_to", old: doc.isEmpty(entry.value) ? nil : doc.string(entry.value), new: nil))
            }
            return (doc.applying(edits), changes)
        }
        // Nothing to set on a goal the sheet does not have (only an alignment to drop): no change.
        if wanted.isEmpty { return (bytes, []) }
        return (doc.applying([doc.appendItem(to: goals, newGoal)]), created)
    }

    /// Removes a goal; nil when the sheet has no goal for the metric.
    public static func removeGoal(in bytes: [UInt8], path: String, metric: String) throws -> (bytes: [UInt8], removed: [FieldChange])? {
        let doc = try parse(bytes, path: path)
        let root = try rootMapping(doc)
        guard let goals = doc.value(forKey: "goals", in: root), doc.kind(goals) == .sequence else { return nil }
        for item in doc.items(goals) where doc.kind(item) == .mapping {
            guard let m = doc.value(forKey: "metric", in: item), doc.scalarEquals(m, metric) else { continue }
            let removed = doc.entries(item).compactMap { k, v -> FieldChange? in
                let key = doc.string(k)
                guard key != "metric", doc.kind(v) == .scalar, !doc.isEmpty(v) else { return nil }
                return FieldChange(field: key, old: doc.string(v), new: nil)
            }
            return (doc.applying([doc.removeItem(item, in: goals)]), removed)
        }
        return nil
    }

    /// Appends items to a sheet's list (`records`), creating the sheet when needed.
    public static func append(_ items: [YAMLValue], list: String, kind: LedgerFileKind, to bytes: [UInt8]?, path: String,
                              subject: String, quarter: Quarter) throws -> [UInt8] {
        guard let bytes else { return newSheet(kind: kind, subject: subject, quarter: quarter, list: list, items: items) }
        let doc = try parse(bytes, path: path)
        let root = try rootMapping(doc)
        guard let seq = doc.value(forKey: list, in: root), !doc.isEmpty(seq) else {
            var edits: [TextEdit] = []
            var after: NodeID?
            if let old = doc.entries(root).first(where: { doc.scalarEquals($0.key, list) }) {
                edits.append(doc.removeEntry(old.key, in: root))
                after = old.key
            }
            edits.append(doc.insertEntry(into: root, key: list, value: .sequence(items), after: after))
            return doc.applying(edits)
        }
        guard doc.kind(seq) == .sequence else {
            throw LedgerError.invalid([doc.diagnostic(at: seq, .notAList(list))])
        }
        // All items in one edit, in order: one parse of the file however many are added.
        return doc.applying([doc.appendItems(to: seq, items)])
    }

    /// Sets top-level keys of a mapping file (a review, a person), creating it when needed.
    public static func setKeys(_ pairs: [(String, YAMLValue)], in bytes: [UInt8]?, path: String, kind: LedgerFileKind)
        throws -> (bytes: [UInt8], changes: [FieldChange]) {
        guard let bytes else {
            let text = YAMLEmitter.emit(.map(pairs), header: [Schemas.modeline(for: kind, at: path)])
            return (Array(text.utf8), pairs.map { FieldChange(field: $0.0, old: nil, new: $0.1.scalarText) })
        }
        let doc = try parse(bytes, path: path)
        let root = try rootMapping(doc)
        var edits: [TextEdit] = []
        var changes: [FieldChange] = []
        for (key, value) in pairs {
            if let node = doc.value(forKey: key, in: root) {
                let keyNode = doc.entries(root).first { $0.value == node }!.key
                if case .scalar(let text) = value, doc.kind(node) == .scalar, doc.style(node) != .literal, !text.contains("\n") {
                    let old = doc.isEmpty(node) ? nil : doc.string(node)
                    if old != text {
                        edits.append(doc.replaceScalar(node, with: text, key: key))
                        changes.append(FieldChange(field: key, old: old, new: text))
                    }
                } else {
                    let old = doc.kind(node) == .scalar ? doc.string(node) : nil
                    if old != value.scalarText {
                        edits.append(doc.removeEntry(keyNode, in: root))
                        edits.append(doc.insertEntry(into: root, key: key, value: value, after: keyNode))
                        changes.append(FieldChange(field: key, old: old, new: value.scalarText))
                    }
                }
            } else {
                edits.append(doc.insertEntry(into: root, key: key, value: value, after: nil))
                changes.append(FieldChange(field: key, old: nil, new: value.scalarText))
            }
        }
        return (doc.applying(edits), changes)
    }
}

extension YAMLValue {
    /// The text of a scalar, nil for collections.
    var scalarText: String? {
        if case .scalar(let s) = self { return s }
        return nil
    }
}
