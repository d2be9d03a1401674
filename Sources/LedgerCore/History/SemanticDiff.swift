import GitStore

/// The semantic difference of two versions of one ledger file.
public enum SemanticDiff {
    /// Fields of a goal that history follows, in the order events list them.
    static let goalFieldOrder = ["baseline", "target", "weight", "method", "core"]

    public struct Change: Sendable {
        public var kind: LedgerEvent.Subject
        public var metric: String?
        public var field: String
        public var old: String?
        public var new: String?
        public var recordChange: LedgerEvent.RecordChange?
        public var reason: String? = nil
    }

    public static func changes(kind: LedgerFileKind, old: FileFacts?, new: FileFacts?) -> [Change] {
        switch kind {
        case .goals: return goalChanges(old, new)
        case .records: return recordChanges(old, new)
        default:
            let subject: LedgerEvent.Subject
            switch kind {
            case .review: subject = .review
            case .person: subject = .person
            case .team: subject = .team
            case .metric: subject = .metric
            case .scorecard: subject = .scorecard
            case .calibration: subject = .calibration
            default: subject = .settings
            }
            // A review's subject and quarter (a calibration's team and quarter) are its file's place, not news.
            return keyChanges(subject, old, new).filter {
                !(subject == .review && ($0.field == "subject" || $0.field == "quarter"))
                    && !(subject == .calibration && ($0.field == "team" || $0.field == "quarter"))
            }
        }
    }

    static func goalChanges(_ old: FileFacts?, _ new: FileFacts?) -> [Change] {
        typealias Goal = (metric: String, fields: [(String, String)])
        func goals(_ f: FileFacts?) -> ([Goal], [String]) {
            if case .goals(let g, let b) = f { return (g, b) }
            return ([], [])
        }
        let (og, ob) = goals(old), (ng, nb) = goals(new)
        var out: [Change] = []
        if sameMetrics(og, ng) {
            // The usual change: the same goals in the same order, each metric once, so each goal
            // is compared with the one at its place (what the tables below would pair).
            for i in ng.indices { fieldChanges(ng[i].metric, og[i].fields, ng[i].fields, into: &out) }
        } else {
            pairedByMetric(og, ng, into: &out)
        }
        if ob != nb {
            out.append(Change(kind: .bonus, metric: nil, field: "bonus", old: ob.isEmpty ? nil : ob.joined(separator: "; "),
                              new: nb.isEmpty ? nil : nb.joined(separator: "; ")))
        }
        return out
    }

    /// Whether both versions list the same metrics in the same order, none twice.
    static func sameMetrics(_ og: [(metric: String, fields: [(String, String)])], _ ng: [(metric: String, fields: [(String, String)])]) -> Bool {
        // Each metric compared with those before it: a long list goes through the tables instead.
        guard og.count == ng.count, ng.count <= 64 else { return false }
        for i in ng.indices {
            guard og[i].metric == ng[i].metric else { return false }
            for j in 0..<i where ng[j].metric == ng[i].metric { return false }
        }
        return true
    }

    /// Goals paired by metric: each metric's first goal (a metric written twice: the first one
    /// counts), in the order of the new file, then removed ones in the old file's order.
    static func pairedByMetric(_ og: [(metric: String, fields: [(String, String)])], _ ng: [(metric: String, fields: [(String, String)])],
                                       into out: inout [Change]) {
        typealias Goal = (metric: String, fields: [(String, String)])
        // Each metric's first goal (a metric written twice: the first one counts), by metric.
        func firsts(_ gs: [Goal]) -> [String: Int] {
            var out = [String: Int](minimumCapacity: gs.count)
            for (i, g) in gs.enumerated() where out[g.metric] == nil { out[g.metric] = i }
            return out
        }
        let oldIndex = firsts(og), newIndex = firsts(ng)
        // Metrics in the order of the new file, then removed ones in the old file's order.
        for (i, g) in ng.enumerated() where newIndex[g.metric] == i {
            fieldChanges(g.metric, oldIndex[g.metric].map { og[$0].fields }, g.fields, into: &out)
        }
        for (i, g) in og.enumerated() where oldIndex[g.metric] == i && newIndex[g.metric] == nil {
            fieldChanges(g.metric, g.fields, nil, into: &out)
        }
    }

    /// A goal's changed fields (nil: the goal is not in that version): `goalFieldOrder`, then
    /// any other field in name order; a field written twice reads as its first value. A goal
    /// written the same in both versions changes nothing (most goals of a changed file), and is
    /// compared as it stands, with no table of its fields.
    private static func fieldChanges(_ metric: String, _ old: [(String, String)]?, _ new: [(String, String)]?, into out: inout [Change]) {
        if let old, let new, sameFields(old, new) { return }
        func value(_ fields: [(String, String)]?, _ name: String) -> String? { fields?.first { $0.0 == name }?.1 }
        var extra: [String] = []
        for fields in [old, new] {
            for (name, _) in fields ?? [] where !goalFieldOrder.contains(name) && !extra.contains(name) { extra.append(name) }
        }
        for f in goalFieldOrder + extra.sorted() {
            let ov = value(old, f), nv = value(new, f)
            if ov != nv { out.append(Change(kind: .goal, metric: metric, field: f, old: ov, new: nv)) }
        }
    }

    /// Whether two goals' fields are the same names and values in the same order, compared where
    /// they stand (not copied out pair by pair).
    static func sameFields(_ a: [(String, String)], _ b: [(String, String)]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                for i in x.indices where x[i].0 != y[i].0 || x[i].1 != y[i].1 { return false }
                return true
            }
        }
    }

    /// Records are append-only: what is new is added, or corrects earlier records (a record with
    /// `corrects:`); what disappeared was edited (when a new record other than a correction has
    /// the same date and metric) or deleted.
    static func recordChanges(_ old: FileFacts?, _ new: FileFacts?) -> [Change] {
        func recs(_ f: FileFacts?) -> [FileFacts.RecordFact] {
            if case .records(let r) = f { return r }
            return []
        }
        let o = recs(old), n = recs(new)
        var (added, gone) = unmatched(o, n)
        var out: [Change] = []
        for g in gone {
            if let i = added.firstIndex(where: { $0.fact.corrects == nil && $0.fact.date == g.date && $0.fact.metric == g.metric }) {
                let a = added.remove(at: i).fact
                out.append(Change(kind: .record, metric: g.metric, field: "record", old: g.text(beside: a), new: a.text(beside: g), recordChange: .edited))
            } else {
                out.append(Change(kind: .record, metric: g.metric, field: "record", old: g.text, new: nil, recordChange: .deleted))
            }
        }
        let corrections = added.contains { $0.fact.corrects != nil }
            ? CorrectionRule.resolve(n.map { ($0.metric, $0.date, $0.corrects) }).replaced : []
        let replacedBy = Dictionary(corrections.map { ($0.correction, $0.replaced) }, uniquingKeysWith: { a, _ in a })
        for (i, a) in added {
            if a.corrects != nil {
                let replaced = (replacedBy[i] ?? []).map { n[$0].text }
                out.append(Change(kind: .record, metric: a.metric, field: "record", old: replaced.isEmpty ? nil : replaced.joined(separator: "; "),
                                  new: a.text, recordChange: .corrected, reason: a.note))
            } else {
                out.append(Change(kind: .record, metric: a.metric, field: "record", old: nil, new: a.text, recordChange: .added))
            }
        }
        return out
    }

    /// The new records no old one matches (with their index in `n`), and the old records no new
    /// one matches, each in its list's order; equal records match first to first.
    static func unmatched(_ o: [FileFacts.RecordFact], _ n: [FileFacts.RecordFact])
        -> (added: [(index: Int, fact: FileFacts.RecordFact)], gone: [FileFacts.RecordFact]) {
        if o.count <= n.count, startsWith(n, o) {
            // Records appended, the usual change: the matching below finds exactly the ones
            // after the old list, hashing every record of both versions to do it.
            return ((o.count..<n.count).map { ($0, n[$0]) }, [])
        }
        return matched(o, n)
    }

    /// Whether `n` begins with the records of `o`, compared where they stand: `elementsEqual`
    /// copied each record out of both arrays (six strings retained and released) to compare it,
    /// most of the cost of a commit that appends a record.
    static func startsWith(_ n: [FileFacts.RecordFact], _ o: [FileFacts.RecordFact]) -> Bool {
        guard o.count <= n.count else { return false }
        return o.withUnsafeBufferPointer { a in
            n.withUnsafeBufferPointer { b in
                for i in a.indices where a[i] != b[i] { return false }
                return true
            }
        }
    }

    static func matched(_ o: [FileFacts.RecordFact], _ n: [FileFacts.RecordFact])
        -> (added: [(index: Int, fact: FileFacts.RecordFact)], gone: [FileFacts.RecordFact]) {
        var remaining: [FileFacts.RecordFact: Int] = [:]
        for r in o { remaining[r, default: 0] += 1 }
        var added: [(index: Int, fact: FileFacts.RecordFact)] = []
        for (i, r) in n.enumerated() {
            if let c = remaining[r], c > 0 { remaining[r] = c - 1 } else { added.append((i, r)) }
        }
        var gone: [FileFacts.RecordFact] = []
        for r in o where (remaining[r] ?? 0) > 0 {
            remaining[r]! -= 1
            gone.append(r)
        }
        return (added, gone)
    }

    static func keyChanges(_ kind: LedgerEvent.Subject, _ old: FileFacts?, _ new: FileFacts?) -> [Change] {
        func keys(_ f: FileFacts?) -> ([(String, String)], [String]) {
            if case .keys(let k, let a) = f { return (k, a) }
            return ([], [])
        }
        let (ok, oa) = keys(old), (nk, na) = keys(new)
        var out: [Change] = []
        if sameKeys(ok, nk) {
            // The usual change: the same keys in the same order, each once, so each value is
            // compared with the one at its place (what pairing them by key below gives).
            for i in nk.indices where ok[i].1 != nk[i].1 { out.append(Change(kind: kind, metric: nil, field: nk[i].0, old: ok[i].1, new: nk[i].1)) }
        } else {
            pairedByKey(kind, ok, nk, into: &out)
        }
        if oa != na {
            out.append(Change(kind: kind, metric: nil, field: "admins", old: oa.isEmpty ? nil : oa.joined(separator: ", "),
                              new: na.isEmpty ? nil : na.joined(separator: ", ")))
        }
        return out
    }

    /// Whether both versions list the same keys in the same order, none twice (each key compared
    /// with those before it: a long list is paired through the tables instead).
    static func sameKeys(_ ok: [(String, String)], _ nk: [(String, String)]) -> Bool {
        guard ok.count == nk.count, nk.count <= 64 else { return false }
        return ok.withUnsafeBufferPointer { o in
            nk.withUnsafeBufferPointer { n in
                for i in n.indices {
                    guard o[i].0 == n[i].0 else { return false }
                    for j in 0..<i where n[j].0 == n[i].0 { return false }
                }
                return true
            }
        }
    }

    /// Keys paired by name: each key's first value (a key written twice: the first one counts),
    /// in the order of the new version, then removed keys in the old version's order.
    static func pairedByKey(_ kind: LedgerEvent.Subject, _ ok: [(String, String)], _ nk: [(String, String)], into out: inout [Change]) {
        let od = Dictionary(ok, uniquingKeysWith: { a, _ in a }), nd = Dictionary(nk, uniquingKeysWith: { a, _ in a })
        var order = nk.map(\.0)
        for (k, _) in ok where nd[k] == nil { order.append(k) }
        var seen = Set<String>()
        for k in order where seen.insert(k).inserted && od[k] != nd[k] {
            out.append(Change(kind: kind, metric: nil, field: k, old: od[k], new: nd[k]))
        }
    }
}
