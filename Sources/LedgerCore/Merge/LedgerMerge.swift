import GitStore
import LedgerFormat

/// One step from a file's root to a value: a mapping key, or the item of a list whose
/// identity key (`metric` for goals, `id`, `grade`) has a value.
public enum MergeStep: Hashable, Sendable, CustomStringConvertible {
    case key(String)
    case item(key: String, value: String)

    public var description: String {
        switch self {
        case .key(let k): return k
        case .item(let k, let v): return "[\(k)=\(v)]"
        }
    }
}

/// A change both sides made differently, which the merge cannot decide.
public struct MergeConflict: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The same value changed to different values (or added with different values).
        case changedBoth
        /// Removed on one side, changed on the other (`ours`/`theirs` nil for the removing side).
        case removedAndChanged
        /// A file kpi cannot merge by meaning and git's line merge could not either.
        case lines
    }

    public var path: String
    public var location: [MergeStep]
    public var kind: Kind
    public var base: String?
    /// nil: removed (or absent) on that side.
    public var ours: String?
    public var theirs: String?
    public var subject: String?
    public var quarter: String?

    public init(path: String, location: [MergeStep], kind: Kind, base: String?, ours: String?, theirs: String?,
                subject: String? = nil, quarter: String? = nil) {
        self.path = path
        self.location = location
        self.kind = kind
        self.base = base
        self.ours = ours
        self.theirs = theirs
        self.subject = subject
        self.quarter = quarter
    }

    /// The metric of the goal (or other list item) concerned, when there is one.
    public var metric: String? {
        for step in location { if case .item("metric", let m) = step { return m } }
        return nil
    }

    /// The field: the last key of the location (nil for a whole file).
    public var field: String? {
        for step in location.reversed() { if case .key(let k) = step { return k } }
        return nil
    }

    /// "alice 2026-Q3 retention target" — what a manager calls the value.
    public var what: String {
        var parts: [String] = []
        if let subject { parts.append(subject) }
        if let quarter { parts.append(quarter) }
        var rest: [String] = []
        for step in location {
            switch step {
            case .key(let k): rest.append(k)
            case .item(_, let v): rest.append(v)
            }
        }
        // "goals retention target" reads better as "retention target".
        if rest.first == "goals" || rest.first == "records" || rest.first == "bonus" { rest.removeFirst() }
        parts += rest
        return parts.isEmpty ? "the whole file" : parts.joined(separator: " ")
    }

    public var description: String {
        "\(path): \(what): ours \(ours ?? "(removed)"), theirs \(theirs ?? "(removed)")"
    }
}

/// How `--ours` / `--theirs` settle conflicts (nil: report them).
public enum MergeResolution: Sendable {
    case ours, theirs
}

/// The semantic three-way merge of one ledger file: base, ours, theirs → merged bytes or
/// conflicts. The result starts from "ours" bytes and applies theirs' changes as span edits,
/// so both sides' comments and layout survive wherever they do not collide.
public enum LedgerMerge {
    public struct FileResult: Sendable {
        /// The merged bytes; when `conflicts` is not empty and nothing resolved them, the
        /// bytes of git's line merge with conflict markers (for the merge driver).
        public var bytes: [UInt8]
        /// Conflicts left (empty: clean).
        public var conflicts: [MergeConflict]
        /// Conflicts settled by the resolution.
        public var resolved: [MergeConflict]
        /// False when the file was merged by lines (not a ledger file, or it did not parse).
        public var semantic: Bool
    }

    /// Merges one file. `base` nil: both sides added it.
    /// `byMeaning: false`: a file outside the ledger (in a larger repository), merged by lines
    /// whatever its path looks like.
    public static func mergeFile(path: String, byMeaning: Bool = true, base: [UInt8]?, ours: [UInt8], theirs: [UInt8],
                                 resolution: MergeResolution? = nil,
                                 labels: (base: String, ours: String, theirs: String) = ("base", "ours", "theirs")) throws -> FileResult {
        if ours == theirs { return FileResult(bytes: ours, conflicts: [], resolved: [], semantic: true) }
        if let base, base == theirs { return FileResult(bytes: ours, conflicts: [], resolved: [], semantic: true) }
        if let base, base == ours { return FileResult(bytes: theirs, conflicts: [], resolved: [], semantic: true) }
        if byMeaning, let r = semantic(path: path, base: base, ours: ours, theirs: theirs, resolution: resolution) {
            if r.conflicts.isEmpty { return r }
            let lines = try LineMerge.merge(base: base, ours: ours, theirs: theirs, labels: labels)
            return FileResult(bytes: lines.bytes, conflicts: r.conflicts, resolved: r.resolved, semantic: true)
        }
        let lines = try LineMerge.merge(base: base, ours: ours, theirs: theirs, labels: labels)
        if lines.clean { return FileResult(bytes: lines.bytes, conflicts: [], resolved: [], semantic: false) }
        let conflict = MergeConflict(path: path, location: [], kind: .lines, base: nil, ours: "(its version)", theirs: "(its version)")
        switch resolution {
        case .ours: return FileResult(bytes: ours, conflicts: [], resolved: [conflict], semantic: false)
        case .theirs: return FileResult(bytes: theirs, conflicts: [], resolved: [conflict], semantic: false)
        case nil: return FileResult(bytes: lines.bytes, conflicts: [conflict], resolved: [], semantic: false)
        }
    }

    /// The merge by meaning; nil when the file is not a ledger file or one side does not parse
    /// (the caller falls back to git's line merge).
    public static func semantic(path: String, base: [UInt8]?, ours: [UInt8], theirs: [UInt8],
                                resolution: MergeResolution? = nil) -> FileResult? {
        guard case .file = LedgerLayout.classify(path) else { return nil }
        guard let o = try? LedgerParser.parse(ours, path: path), let t = try? LedgerParser.parse(theirs, path: path) else { return nil }
        var b: LedgerDocument? = nil
        if let base {
            guard let parsed = try? LedgerParser.parse(base, path: path) else { return nil }
            b = parsed
        }
        guard let oRoot = o.root, o.kind(oRoot) == .mapping, let tRoot = t.root, t.kind(tRoot) == .mapping else { return nil }
        let baseValue: YAMLValue? = b.flatMap { d in d.root.map { d.value($0) } }
        if let baseValue, case .mapping = baseValue {} else if baseValue != nil { return nil }
        var merger = Merger(path: path, ours: o, theirs: t, resolution: resolution)
        let oursValue = o.value(oRoot)
        merger.subject = scalarText(oursValue["subject"])
        merger.quarter = scalarText(oursValue["quarter"])
        do {
            try merger.merge(oRoot, base: baseValue ?? .mapping([]), theirs: t.value(tRoot), theirsNode: tRoot, at: [])
        } catch {
            return nil
        }
        if !merger.conflicts.isEmpty {
            return FileResult(bytes: ours, conflicts: merger.conflicts, resolved: merger.resolved, semantic: true)
        }
        let bytes = o.applying(merger.combinedEdits())
        // The result must still be a ledger file of the same meaning both sides agree on.
        guard (try? LedgerParser.parse(bytes, path: path)) != nil else { return nil }
        return FileResult(bytes: bytes, conflicts: [], resolved: merger.resolved, semantic: true)
    }

    /// The text of the value at `location` in a file (nil: absent, unparseable, or not a scalar
    /// — lists and mappings read as their YAML).
    public static func value(at location: [MergeStep], in bytes: [UInt8], path: String) -> String? {
        guard let doc = try? LedgerParser.parse(bytes, path: path), let root = doc.root else { return nil }
        var v: YAMLValue? = doc.value(root)
        for step in location {
            switch step {
            case .key(let k): v = v?[k]
            case .item(let k, let value):
                guard case .sequence(let items)? = v else { return nil }
                v = items.first { scalarText($0[k]) == value }
            }
        }
        return v.map(render)
    }

    static func scalarText(_ v: YAMLValue?) -> String? {
        if case .scalar(let s)? = v { return s }
        return nil
    }

    static func render(_ v: YAMLValue) -> String {
        if case .scalar(let s) = v { return s }
        var text = YAMLEmitter.emit(v)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}

/// Walks ours' document beside base's and theirs' values, collecting span edits on ours.
struct Merger {
    struct Fallback: Error {}

    let path: String
    let ours: LedgerDocument
    let theirs: LedgerDocument
    let resolution: MergeResolution?
    var subject: String?
    var quarter: String?
    var edits: [TextEdit] = []
    var conflicts: [MergeConflict] = []
    var resolved: [MergeConflict] = []

    init(path: String, ours: LedgerDocument, theirs: LedgerDocument, resolution: MergeResolution?) {
        self.path = path
        self.ours = ours
        self.theirs = theirs
        self.resolution = resolution
    }

    /// Edits with insertions at the same offset joined in the order they were made.
    func combinedEdits() -> [TextEdit] {
        var out: [TextEdit] = []
        var insertAt: [Int: Int] = [:]
        for e in edits {
            if e.range.isEmpty, let i = insertAt[e.range.lowerBound] {
                out[i].replacement += e.replacement
            } else {
                if e.range.isEmpty { insertAt[e.range.lowerBound] = out.count }
                out.append(e)
            }
        }
        return out
    }

    mutating func conflict(_ location: [MergeStep], _ kind: MergeConflict.Kind, base: YAMLValue?, ours o: YAMLValue?,
                           theirs t: YAMLValue?) -> MergeResolution? {
        let c = MergeConflict(path: path, location: location, kind: kind, base: base.map(LedgerMerge.render),
                              ours: o.map(LedgerMerge.render), theirs: t.map(LedgerMerge.render),
                              subject: subject, quarter: quarter)
        if let resolution { resolved.append(c); return resolution }
        conflicts.append(c)
        return nil
    }

    static func isEmptyValue(_ v: YAMLValue?) -> Bool {
        switch v {
        case nil: return true
        case .scalar(let s)?: return s.isEmpty
        case .sequence(let a)?: return a.isEmpty
        case .mapping(let a)?: return a.isEmpty
        }
    }

    /// Merges the value at ours' `node` with base's and theirs' values.
    mutating func merge(_ node: NodeID, base: YAMLValue?, theirs t: YAMLValue, theirsNode: NodeID?, at location: [MergeStep]) throws {
        let o = ours.value(node)
        if t == base || o == t { return }
        let oursKind = ours.isEmpty(node) ? nil : ours.kind(node)
        switch (t, oursKind) {
        case (.mapping(let tp), .mapping), (.mapping(let tp), nil):
            if case .scalar(let s)? = base, !s.isEmpty { break }
            var basePairs: [YAMLPair] = []
            if case .mapping(let bp)? = base { basePairs = bp }
            try mergeMapping(node, base: basePairs, theirs: tp, theirsNode: theirsNode, at: location)
            return
        case (.sequence(let ti), .sequence), (.sequence(let ti), nil):
            if case .scalar(let s)? = base, !s.isEmpty { break }
            if case .mapping? = base { break }
            var baseItems: [YAMLValue] = []
            if case .sequence(let bi)? = base { baseItems = bi }
            try mergeSequence(node, base: baseItems, theirs: ti, theirsNode: theirsNode, at: location)
            return
        default:
            break
        }
        if o == base || (base == nil && Merger.isEmptyValue(o)) {
            try replace(node, with: t)
            return
        }
        if conflict(location, .changedBoth, base: base, ours: o, theirs: t) == .theirs {
            try replace(node, with: t)
        }
    }

    /// Puts theirs' value where ours' node is (scalars only; anything else falls back to lines).
    mutating func replace(_ node: NodeID, with t: YAMLValue) throws {
        guard case .scalar(let s) = t, ours.kind(node) == .scalar else { throw Fallback() }
        edits.append(ours.replaceScalar(node, with: s))
    }

    mutating func mergeMapping(_ node: NodeID, base: [YAMLPair], theirs tp: [YAMLPair], theirsNode: NodeID?,
                               at location: [MergeStep]) throws {
        let oursEntries = ours.kind(node) == .mapping ? ours.entries(node) : []
        func oursEntry(_ key: String) -> (key: NodeID, value: NodeID)? {
            oursEntries.first { ours.string($0.key) == key }
        }
        func first(_ pairs: [YAMLPair], _ key: String) -> YAMLValue? { pairs.first { $0.key == key }?.value }
        let theirsEntries = theirsNode.map { theirs.kind($0) == .mapping ? theirs.entries($0) : [] } ?? []
        var keys: [String] = tp.map(\.key)
        for p in base where !keys.contains(p.key) { keys.append(p.key) }
        var previousKey: NodeID? = nil
        for key in keys {
            let b = first(base, key), t = first(tp, key)
            let here = location + [.key(key)]
            let entry = oursEntry(key)
            defer { if let entry { previousKey = entry.key } }
            if t == b { continue }
            guard let entry else {
                // Ours has no such key.
                guard let t else { continue }                  // removed on both sides
                if b == nil || Merger.isEmptyValue(b) {        // added by theirs
                    edits.append(ours.insertEntry(into: node, key: key, value: t, after: previousKey))
                } else if conflict(here, .removedAndChanged, base: b, ours: nil, theirs: t) == .theirs {
                    edits.append(ours.insertEntry(into: node, key: key, value: t, after: previousKey))
                }
                continue
            }
            guard let t else {
                // Removed by theirs.
                let o = ours.value(entry.value)
                if o == b || b == nil {
                    edits.append(ours.removeEntry(entry.key, in: node))
                } else if conflict(here, .removedAndChanged, base: b, ours: o, theirs: nil) == .theirs {
                    edits.append(ours.removeEntry(entry.key, in: node))
                }
                continue
            }
            let tNode = theirsEntries.first { theirs.string($0.key) == key }?.value
            try merge(entry.value, base: b, theirs: t, theirsNode: tNode, at: here)
        }
    }

    /// The key that identifies items of a list, when the list has one.
    static func identityKey(listKey: String?, _ lists: [[YAMLValue]]) -> String? {
        // Lists of the file kinds are described in `FileShape`; an unknown list tries `id`.
        let candidates: [String]
        let identities = listKey.map(FileShape.identities(ofList:)) ?? []
        if identities.isEmpty {
            candidates = ["id"]
        } else {
            candidates = identities.compactMap { if case .key(let key) = $0 { return key } else { return nil } }
            if candidates.isEmpty { return nil }
        }
        outer: for c in candidates {
            for list in lists {
                var seen = Set<String>()
                for item in list {
                    guard let v = LedgerMerge.scalarText(item[c]), seen.insert(v).inserted else { continue outer }
                }
            }
            return c
        }
        return nil
    }

    mutating func mergeSequence(_ node: NodeID, base: [YAMLValue], theirs ti: [YAMLValue], theirsNode: NodeID?,
                                at location: [MergeStep]) throws {
        let oursItems = ours.kind(node) == .sequence ? ours.items(node) : []
        let oursValues = oursItems.map { ours.value($0) }
        let theirsItems = theirsNode.map { theirs.kind($0) == .sequence ? theirs.items($0) : [] } ?? []
        var listKey: String? = nil
        if case .key(let k)? = location.last { listKey = k }
        if let id = Merger.identityKey(listKey: listKey, [base, oursValues, ti]) {
            try mergeKeyed(node, id: id, oursItems: oursItems, base: base, theirs: ti, theirsItems: theirsItems, at: location)
            return
        }
        // A multiset of items: theirs' removals and additions applied to ours.
        var baseLeft = base
        var theirsAdded: [(YAMLValue, NodeID?)] = []
        for (i, item) in ti.enumerated() {
            if let j = baseLeft.firstIndex(of: item) { baseLeft.remove(at: j) } else {
                theirsAdded.append((item, i < theirsItems.count ? theirsItems[i] : nil))
            }
        }
        let theirsRemoved = baseLeft
        // Ours' additions (to skip identical ones theirs made too).
        var baseForOurs = base
        var oursAdded: [YAMLValue] = []
        for v in oursValues {
            if let j = baseForOurs.firstIndex(of: v) { baseForOurs.remove(at: j) } else { oursAdded.append(v) }
        }
        var removedNodes = Set<NodeID>()
        for item in theirsRemoved {
            if let i = oursValues.indices.first(where: { oursValues[$0] == item && !removedNodes.contains(oursItems[$0]) }) {
                removedNodes.insert(oursItems[i])
                edits.append(ours.removeItem(oursItems[i], in: node))
            }
        }
        var additions: [(YAMLValue, NodeID?)] = []
        for add in theirsAdded {
            if let j = oursAdded.firstIndex(of: add.0) { oursAdded.remove(at: j); continue }
            additions.append(add)
        }
        if additions.isEmpty { return }
        // Date order, stable: each new item goes before the first item of ours dated later.
        let dated = additions.enumerated().sorted { a, b in
            let da = LedgerMerge.scalarText(a.element.0["date"]) ?? "", db = LedgerMerge.scalarText(b.element.0["date"]) ?? ""
            return da != db ? da < db : a.offset < b.offset
        }.map(\.element)
        if oursItems.isEmpty {
            // Ours has an empty value: start the list.
            for (value, _) in dated { edits.append(try appendToEmpty(node, value)) }
            return
        }
        for (value, tNode) in dated {
            let date = LedgerMerge.scalarText(value["date"])
            var before: NodeID? = nil
            if let date {
                before = oursItems.first { n in
                    !removedNodes.contains(n) && (LedgerMerge.scalarText(ours.value(n)["date"]).map { $0 > date } ?? false)
                }
            }
            edits.append(try insertItem(value, theirsNode: tNode, in: node, before: before))
        }
    }

    mutating func mergeKeyed(_ node: NodeID, id: String, oursItems: [NodeID], base: [YAMLValue], theirs ti: [YAMLValue],
                             theirsItems: [NodeID], at location: [MergeStep]) throws {
        func key(_ v: YAMLValue) -> String { LedgerMerge.scalarText(v[id]) ?? "" }
        let oursByKey = Dictionary(oursItems.map { (key(ours.value($0)), $0) }, uniquingKeysWith: { a, _ in a })
        let baseByKey = Dictionary(base.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let theirsKeys = Set(ti.map(key))
        for (i, t) in ti.enumerated() {
            let k = key(t)
            let here = location + [.item(key: id, value: k)]
            let b = baseByKey[k]
            let tNode = i < theirsItems.count ? theirsItems[i] : nil
            if let oNode = oursByKey[k] {
                try merge(oNode, base: b, theirs: t, theirsNode: tNode, at: here)
            } else if b == nil {
                if oursItems.isEmpty { edits.append(try appendToEmpty(node, t)) } else {
                    edits.append(try insertItem(t, theirsNode: tNode, in: node, before: nil))
                }
            } else if b != t, conflict(here, .removedAndChanged, base: b, ours: nil, theirs: t) == .theirs {
                if oursItems.isEmpty { edits.append(try appendToEmpty(node, t)) } else {
                    edits.append(try insertItem(t, theirsNode: tNode, in: node, before: nil))
                }
            }
        }
        // Items theirs removed.
        for b in base where !theirsKeys.contains(key(b)) {
            guard let oNode = oursByKey[key(b)] else { continue }
            let o = ours.value(oNode)
            let here = location + [.item(key: id, value: key(b))]
            if o == b {
                edits.append(ours.removeItem(oNode, in: node))
            } else if conflict(here, .removedAndChanged, base: b, ours: o, theirs: nil) == .theirs {
                edits.append(ours.removeItem(oNode, in: node))
            }
        }
    }

    // MARK: Text of new items

    /// The item's text as theirs wrote it (comments kept), when it sits at the same column and
    /// theirs uses the same line ends; else as the emitter writes it at ours' column.
    func itemText(_ value: YAMLValue, theirsNode: NodeID?, column: Int) -> [UInt8] {
        if let tNode = theirsNode, theirs.itemColumn(tNode) == column, theirs.lineEnding == ours.lineEnding,
           let text = theirs.itemWithLeadingComments(tNode) {
            return text
        }
        return ours.itemText(value, column: column)
    }

    /// A new item in ours' list `node`: before `before` (above its comments), else after the last.
    func insertItem(_ value: YAMLValue, theirsNode: NodeID?, in node: NodeID, before: NodeID?) throws -> TextEdit {
        guard let first = ours.items(node).first, let column = ours.itemColumn(first) else { throw Fallback() }
        let text = itemText(value, theirsNode: theirsNode, column: column)
        if let before {
            guard let edit = ours.insertLines(text, before: before) else { throw Fallback() }
            return edit
        }
        return ours.insertLines(text, afterLastItemOf: node)
    }

    func appendToEmpty(_ node: NodeID, _ value: YAMLValue) throws -> TextEdit {
        guard ours.kind(node) == .scalar, ours.isEmpty(node) else { throw Fallback() }
        return ours.appendItem(to: node, value)
    }
}
