import GitStore

/// One audit finding: which rule, how serious, which commit and who, about what, and why.
public struct AuditFinding: Sendable {
    public enum Severity: String, Sendable, Comparable {
        case warning, error
        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
    }

    public var rule: String
    public var severity: Severity
    public var commit: ObjectID
    public var author: Signature
    public var subject: String?
    public var quarter: Quarter?
    public var metric: String?
    public var message: String
}

/// The audit rules of docs/audit.md over a scanned history. State (goals, records, people, metrics,
/// admins) is replayed commit by commit, oldest first, so each rule sees the ledger as it
/// stood when the change was made.
public struct Auditor {
    public static let severities: [String: AuditFinding.Severity] = [
        "changed_after_start": .warning, "eased_after_actuals": .error, "weight_shift": .warning,
        "record_edited": .error, "record_deleted": .error, "closed_quarter_changed": .error,
        "unauthorized_change": .error, "record_corrected": .warning,
        "unsigned_change": .error, "bad_signature": .error, "unknown_signer": .error, "signer_not_author": .warning,
        "backdated_change": .warning, "history_rewritten": .error, "rating_overridden": .warning,
    ]

    static let oncePerCommit: Set<String> = ["unauthorized_change", "closed_quarter_changed"]
    /// Findings about a commit as a whole (who signed it, how it is dated), not one file's change.
    static let aboutWholeCommit: Set<String> = ["unsigned_change", "bad_signature", "unknown_signer", "signer_not_author", "backdated_change"]

    /// Each commit's signature, checked against the people files at its parent (absent: unsigned).
    public var signatures: [ObjectID: CommitVerification] = [:]

    /// Quarter → the commit its close tag points at.
    public var closed: [Quarter: ObjectID]
    /// Commits reachable from each close tag (changes outside these came after the close).
    public var closedReach: [Quarter: Set<ObjectID>]

    public init(closed: [Quarter: ObjectID], closedReach: [Quarter: Set<ObjectID>]) {
        self.closed = closed
        self.closedReach = closedReach
    }

    /// Who is who: what authority is judged on (as it stood at a commit's parent).
    struct Organisation {
        var admins: Set<String> = []
        var people: Set<String> = []                // persons with a file
        private(set) var emails: [String: String] = [:]  // person → email
        /// email → the persons who have it (the inverse of `emails`, for finding who made a commit).
        private(set) var owners: [String: Set<String>] = [:]

        mutating func setEmail(_ email: String?, of person: String) {
            if let old = emails[person] { owners[old]?.remove(person) }
            emails[person] = email
            if let email { owners[email, default: []].insert(person) }
        }
        var managers: [String: String] = [:]        // person → manager
        var leads: [String: String] = [:]           // team → lead
        var parents: [String: String] = [:]         // team → parent
    }

    /// Who made a commit: the verified signer when it is signed, else its author's person.
    struct Maker {
        var email: String
        var people: [String]
    }

    struct State {
        var fiscalYearStart = 1
        var org = Organisation()
        var metricKeys: [String: [String: String]] = [:]
        /// Each sheet's place in `targets` and `recordLists`.
        private var places: [SheetKey: Int] = [:]
        /// The sheet of the last event placed: a commit's events are mostly about one sheet, and
        /// each is placed without hashing its key again.
        private var last: (key: SheetKey, place: Int)?
        /// Each goal's target by metric, by place.
        private var targets: [[String: String]] = []
        /// Each sheet's records so far, by place.
        private var recordLists: [[FileFacts.RecordFact]] = []

        /// The place of `key`'s sheet, made when it has none.
        mutating func place(_ key: SheetKey) -> Int {
            if let last, last.key == key { return last.place }
            let p: Int
            if let known = places[key] {
                p = known
            } else {
                p = targets.count
                places[key] = p
                targets.append([:])
                recordLists.append([])
            }
            last = (key, p)
            return p
        }

        func target(_ key: SheetKey, _ metric: String) -> String? { places[key].flatMap { targets[$0][metric] } }
        func records(_ key: SheetKey) -> [FileFacts.RecordFact] { places[key].map { recordLists[$0] } ?? [] }

        mutating func setTarget(_ target: String?, of metric: String, in key: SheetKey) {
            let p = place(key)
            targets[p][metric] = target
        }

        /// Takes away the first record whose text is `text`.
        mutating func removeRecord(_ text: String, in key: SheetKey) {
            guard let p = places[key], let i = recordLists[p].firstIndex(where: { $0.text == text }) else { return }
            recordLists[p].remove(at: i)
        }

        mutating func addRecord(_ record: FileFacts.RecordFact, in key: SheetKey) {
            let p = place(key)
            recordLists[p].append(record)
        }
    }

    public func audit(_ history: [CommitEvents]) -> [AuditFinding] {
        var state = State()
        var out: [AuditFinding] = []
        // Each commit seen so far, by its place in `history` (each commit read where it stands,
        // not copied out with its events).
        var seen: [ObjectID: Int] = [:]
        seen.reserveCapacity(history.count)
        for at in history.indices {
            let ce = history[at]
            // Authority is judged on the people and admins of the parent revision (a commit cannot
            // authorise itself); the ledger's first commit on its own, and is never a finding.
            let first = ce.ledgerParent == nil
            let parentOrg = state.org
            // The catalog first: a change is measured with the metric as it stands.
            for e in ce.events { apply(e, to: &state, organisationOnly: true) }
            let org = first ? state.org : parentOrg
            let actor = self.actor(ce.commit, org)
            if !first, !ce.events.isEmpty {
                out += commitFindings(ce.commit, parent: ce.ledgerParent.flatMap { seen[$0] }.map { history[$0].commit })
            }
            seen[ce.commit.id] = at
            // Rules about who or when name each goal (or records file) once per commit, not once per field.
            var once = Set<String>()
            // Whether the actor may change a subject depends on the commit alone (its actor and
            // its parent's organisation): asked once per subject and kind of change in a commit,
            // not once per event (most of a commit's events are about one sheet).
            var allowed = Allowed()
            for e in ce.events {
                let found = findings(for: e, commit: ce.commit, state: state, org: org, actor: actor, first: first, allowed: &allowed)
                // An unauthorised change to who manages whom (or who is an admin) confers no authority later.
                if found.contains(where: { $0.rule == "unauthorized_change" }) { undoOrganisationChange(e, in: &state, parent: parentOrg) }
                for f in found {
                    if Auditor.oncePerCommit.contains(f.rule), !once.insert("\(f.rule) \(e.path) \(f.metric ?? "")").inserted { continue }
                    out.append(f)
                }
            }
            for e in ce.events { apply(e, to: &state, organisationOnly: false) }
        }
        // What the rules replayed (every sheet's records so far) is let go on another thread.
        LetGo.letGo(consume state)
        return out
    }

    func apply(_ e: LedgerEvent, to s: inout State, organisationOnly: Bool) {
        switch e.kind {
        case .person where organisationOnly:
            guard let id = e.subject else { return }
            if e.field == "name" { if e.new == nil { s.org.people.remove(id) } else { s.org.people.insert(id) } }
            if e.field == "email" { s.org.setEmail(e.new?.lowercased(), of: id) }
            if e.field == "manager" { s.org.managers[id] = e.new }
        case .team where organisationOnly:
            guard let id = e.subject else { return }
            if e.field == "lead" { s.org.leads[id] = e.new }
            if e.field == "parent" { s.org.parents[id] = e.new }
        case .settings where organisationOnly:
            if e.field == "admins" { s.org.admins = Set((e.new ?? "").split(separator: ",").map { String($0).trimmingScalars(in: " ").lowercased() }) }
            if e.field == "fiscal_year_start", let v = e.new.flatMap({ Int($0) }) { s.fiscalYearStart = v }
        case .metric where organisationOnly:
            guard let id = e.subject else { return }
            s.metricKeys[id, default: [:]][e.field] = e.new
        case .goal where !organisationOnly:
            // A goal's target is the one field the rules read back (`onTarget`).
            guard e.field == "target", let key = sheetKey(e), let m = e.metric else { return }
            s.setTarget(e.new, of: m, in: key)
        case .record where !organisationOnly:
            guard let key = sheetKey(e) else { return }
            // A correction's old side lists every record it replaced.
            // Most are records added: no old side, nothing looked for.
            if let old = e.old {
                let olds = e.recordChange == .corrected ? old.components(separatedBy: "; ") : [old]
                for old in olds.compactMap(Self.record) {
                    s.removeRecord(old.text, in: key)
                }
            }
            if let new = Self.record(e.new) { s.addRecord(new, in: key) }
        default: break
        }
    }

    /// A record event's side, `date metric value`, as a record (nil without the three parts).
    static func record(_ text: String?) -> FileFacts.RecordFact? {
        guard var text else { return nil }
        // The usual text: its first two spaces stand between ASCII characters, so they are the
        // separators `split` finds (by `Character`, at ten thousand instructions a record).
        let fast: FileFacts.RecordFact? = text.withUTF8 { u in
            guard let i = u.firstIndex(of: 32), i > 0, i + 1 < u.count, let j = u[(i + 1)...].firstIndex(of: 32), j > i + 1, j + 1 < u.count,
                  u[i - 1] < 0x80, u[i + 1] < 0x80, u[j - 1] < 0x80, u[j + 1] < 0x80, u[j + 1] != 32 else { return nil }
            return FileFacts.RecordFact(date: String(decoding: UnsafeBufferPointer(rebasing: u[..<i]), as: UTF8.self),
                                        metric: String(decoding: UnsafeBufferPointer(rebasing: u[(i + 1)..<j]), as: UTF8.self),
                                        value: String(decoding: UnsafeBufferPointer(rebasing: u[(j + 1)...]), as: UTF8.self))
        }
        if let fast { return fast }
        let parts = text.split(separator: " ", maxSplits: 2)
        guard parts.count == 3 else { return nil }
        return FileFacts.RecordFact(date: String(parts[0]), metric: String(parts[1]), value: String(parts[2]))
    }

    func sheetKey(_ e: LedgerEvent) -> SheetKey? {
        guard let s = e.subject, let q = e.quarter else { return nil }
        return SheetKey(subject: s, quarter: q)
    }

    func finding(_ rule: String, _ e: LedgerEvent, _ c: Commit, _ message: AuditMessage) -> AuditFinding {
        AuditFinding(rule: rule, severity: Auditor.severities[rule]!, commit: c.id, author: c.author, subject: e.subject,
                     quarter: e.quarter, metric: e.metric, message: message.text)
    }

    /// `authorized` answers already given within one commit, by subject and whether the change
    /// is to records (the one kind a subject may make to their own sheet).
    struct Allowed {
        private var answers: [(subject: String, records: Bool, allowed: Bool)] = []

        mutating func callAsFunction(_ subject: String, records: Bool, _ ask: () -> Bool) -> Bool {
            if let known = answers.first(where: { $0.records == records && $0.subject == subject }) { return known.allowed }
            let answer = ask()
            answers.append((subject, records, answer))
            return answer
        }
    }

    func findings(for e: LedgerEvent, commit c: Commit, state s: State, org: Organisation, actor: Maker, first: Bool, allowed: inout Allowed) -> [AuditFinding] {
        var out: [AuditFinding] = []
        // Only a finding's message uses these: not worked out for every event.
        var who: AuditMessage { "\(c.author.name) <\(c.author.email)>" }
        var when: String { c.author.iso8601 }
        var quarter: String { e.quarter.map(\.description) ?? "" }
        let subject = e.subject ?? ""
        let metric = e.metric ?? ""

        if let q = e.quarter, let reach = closedReach[q], !reach.contains(c.id), [.goal, .record, .review, .bonus, .calibration].contains(e.kind) {
            // The reason a `--reopen --reason` write or a plain commit's `Reopen-Reason:` trailer gives.
            let reason = ClosedQuarters.reopenReason(inMessage: c.message).map { "; reopen reason: \($0)" } ?? "; no reopen reason given"
            out.append(finding("closed_quarter_changed", e, c, "\(who) changed \(e.path) (\(describe(e))) on \(when), after \(q) was closed\(reason)"))
        }
        if e.kind == .record {
            if e.recordChange == .edited {
                out.append(finding("record_edited", e, c, "\(who) edited a record of \(subject) in \(quarter): \(e.old ?? "") → \(e.new ?? ""); records are append-only, correct one with a new record instead (kpi record ... --corrects DATE --note WHY)"))
            } else if e.recordChange == .corrected {
                out.append(finding("record_corrected", e, c, "\(who) corrected a record of \(subject) in \(quarter) on \(when): \(e.old ?? "none") → \(e.new ?? ""), because: \(e.reason ?? "no reason given")"))
            } else if e.recordChange == .deleted {
                out.append(finding("record_deleted", e, c, "\(who) deleted a record of \(subject) in \(quarter): \(e.old ?? ""); records are append-only"))
            }
        }
        if e.kind == .goal, let q = e.quarter, e.old != nil, ["target", "baseline", "weight"].contains(e.field) {
            let start = q.days(fiscalYearStart: s.fiscalYearStart).lowerBound
            // The later of the author and committer dates: a back-dated author date does not hide it.
            let late = c.committer.time > c.author.time ? c.committer : c.author
            let localDay = Day(daysSinceEpoch: Int32(CivilTime.localDay(time: late.time, offsetMinutes: late.offsetMinutes)))
            if localDay >= start {
                // Name the date the rule went by; a back-dated author date is shown beside it.
                let on = late.time == c.author.time ? when : "\(late.iso8601) (committed; authored \(when))"
                out.append(finding("changed_after_start", e, c, "\(who) changed the \(metric) \(e.field) of \(subject) from \(e.old ?? "none") to \(e.new ?? "none") on \(on), after \(q) began on \(start)"))
            }
            let key = SheetKey(subject: subject, quarter: q)
            // The records of the goal's metric (or its inputs) so far: counted where they stand,
            // not copied into an array of their own for each goal change.
            let inputs = metricInputs(metric, s)
            let records = s.records(key)
            var actuals = 0, latest = 0
            for i in records.indices where inputs.contains(records[i].metric) {
                actuals += 1
                latest = i
            }
            if actuals > 0, e.field == "target", e.new == nil, !onTarget(metric, key, s) {
                // Dropping a goal that is behind is the strongest easing of all.
                out.append(finding("eased_after_actuals", e, c, "\(who) removed the \(metric) goal (target \(e.old ?? "")) of \(subject) in \(q) on \(when), while it was below target after \(actuals) actual\(actuals == 1 ? "" : "s") (latest: \(records[latest].text))"))
            } else if actuals > 0, let eased = easing(e, s) {
                out.append(finding("eased_after_actuals", e, c, "\(who) \(eased) for \(subject) in \(q) on \(when), after \(actuals) actual\(actuals == 1 ? " was" : "s were") recorded (latest: \(records[latest].text))"))
            }
            if e.field == "weight", actuals > 0, let o = e.old.flatMap({ try? LedgerValue.parseWeight($0).get() }), let n = e.new.flatMap({ try? LedgerValue.parseWeight($0).get() }), n > o,
               onTarget(metric, key, s) {
                out.append(finding("weight_shift", e, c, "\(who) raised the weight of \(metric) for \(subject) in \(q) from \(o) to \(n) on \(when), when that goal was already on target"))
            }
        }
        if !first, let unauthorized = organisationChange(e, c, org: org, after: s.org, actor: actor) { out.append(unauthorized) }
        if !first, [.goal, .record, .review, .bonus, .calibration].contains(e.kind),
           !(e.subject.map { subject in allowed(subject, records: e.kind == .record) { authorized(actor, e, org) } } ?? authorized(actor, e, org)) {
            out.append(finding("unauthorized_change", e, c, "\(who) changed \(e.path) (\(describe(e))), but is neither \(subject)'s manager up the chain\(e.kind == .record ? ", nor \(subject)" : ""), nor a ledger admin"))
        }
        return out
    }

    func describe(_ e: LedgerEvent) -> String {
        let what = [e.metric, e.field == "record" ? nil : e.field].compactMap { $0 }.joined(separator: " ")
        return "\(what.isEmpty ? e.field : what): \(e.old ?? "none") → \(e.new ?? "none")"
    }

    /// The metric and, for a derived one, the metrics its formula names (a few names, compared
    /// in turn: no set hashed for each goal change and each record asked about).
    func metricInputs(_ metric: String, _ s: State) -> [String] {
        guard let text = s.metricKeys[metric]?["formula"], let f = try? Formula.parse(text) else { return [metric] }
        return [metric] + f.metricIDs.filter { $0 != metric }
    }

    func direction(_ metric: String, _ s: State) -> Direction { s.metricKeys[metric]?["direction"].flatMap(Direction.init) ?? .higher }
    func unit(_ metric: String, _ s: State) -> MetricUnit { s.metricKeys[metric]?["unit"].flatMap(MetricUnit.init) ?? .count }

    func value(_ text: String?, _ metric: String, _ s: State) -> Number? {
        guard let text else { return nil }
        return try? ValueParser.parse(text, unit: unit(metric, s)).get()
    }

    /// A sentence when the change makes the goal easier to reach, else nil.
    func easing(_ e: LedgerEvent, _ s: State) -> String? {
        guard let m = e.metric, let o = value(e.old, m, s), let n = value(e.new, m, s) else { return nil }
        let higher = direction(m, s) == .higher
        switch e.field {
        case "target" where higher ? n < o : n > o:
            return "eased the \(m) target from \(e.old!) to \(e.new!)"
        case "baseline" where higher ? n < o : n > o:
            return "moved the \(m) baseline from \(e.old!) to \(e.new!), which flatters the result"
        default: return nil
        }
    }

    /// Whether the goal's actual (as recorded so far) meets its target.
    func onTarget(_ metric: String, _ key: SheetKey, _ s: State) -> Bool {
        guard let target = value(s.target(key, metric), metric, s), let actual = actual(metric, key, s) else { return false }
        return direction(metric, s) == .higher ? actual >= target : actual <= target
    }

    /// A metric's actual so far, as the score computes it: its formula over the actuals of the
    /// metrics it names, else its aggregation over its own records.
    func actual(_ metric: String, _ key: SheetKey, _ s: State, depth: Int = 0) -> Number? {
        if let text = s.metricKeys[metric]?["formula"], depth < 16, let formula = try? Formula.parse(text) {
            return formula.evaluate { actual($0, key, s, depth: depth + 1) }.value
        }
        let values = s.records(key).filter { $0.metric == metric }.sorted { $0.date < $1.date }.compactMap { value($0.value, metric, s) }
        let agg = s.metricKeys[metric]?["aggregate"].flatMap(Aggregation.init) ?? .last
        return agg.apply(values)
    }

    func authorized(_ actor: Maker, _ e: LedgerEvent, _ s: Organisation) -> Bool {
        guard let subject = e.subject else { return s.admins.contains(actor.email) }
        return Authority(admins: s.admins, emails: s.emails, managers: s.managers, leads: s.leads, parents: s.parents)
            .allows(people: actor.people, email: actor.email, toChange: subject, ownRecords: e.kind == .record)
    }
}
