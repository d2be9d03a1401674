import Foundation
import GitStore

/// The reports over history that `kpi history`, `diff`, `audit` and `log` render.
public struct HistoryReports {
    public let store: LedgerStore
    public let scanner: HistoryScanner

    public init(store: LedgerStore) {
        self.store = store
        self.scanner = HistoryScanner(repository: store.repository, prefix: store.location.prefix)
    }

    /// The nearest ledger commit at or below `id` along first parents (`HistoryScanner.touchesLedger`).
    func ledgerCommit(atOrBelow id: ObjectID) throws -> ObjectID? {
        var current: ObjectID? = id
        while let c = current {
            let commit = try store.repository.commit(c)
            if try scanner.touchesLedger(commit) { return c }
            current = commit.parents.first
        }
        return nil
    }

    func scan() throws -> [CommitEvents] {
        guard let head = try store.headCommit() else { return [] }
        return try scanner.scan(from: head)
    }

    /// Every goal change of a subject (and every record edited, deleted or corrected), oldest first.
    /// A subject neither in the ledger now nor in any change of its history is refused, not
    /// answered with an empty history (a typo must not read as "nothing ever changed"); so is a
    /// metric neither in the ledger now nor in any of the subject's changes. Only the subject's
    /// files are read (`HistoryScanner.events(about:from:)`).
    public func history(subject: String, metric: String?, quarter: Quarter?) throws -> [LedgerEvent] {
        let head = try store.headCommit()
        let all = try head.map { try scanner.events(about: subject, from: $0) } ?? []
        let subjectSeen = all.contains { $0.subject == subject }
        let metricSeen = metric.map { m in all.contains { $0.metric == m } } ?? true
        if !subjectSeen || !metricSeen {
            let ledger = try store.ledger(at: try store.headCommit(), checks: false)
            if !subjectSeen, !ledger.isSubject(subject) { throw LedgerError.refused(.unknownSubject(subject, in: ledger)) }
            if let metric, !metricSeen, ledger.metrics[metric] == nil { throw LedgerError.refused(.unknownMetric(metric, in: ledger)) }
        }
        return all.filter { e in
            guard e.subject == subject, e.kind == .goal || e.kind == .bonus || e.kind == .moved || (e.kind == .record && e.recordChange != .added) else { return false }
            if let metric, e.metric != metric { return false }
            if let quarter, e.quarter != quarter { return false }
            return true
        }
    }

    /// The findings of docs/audit.md over the history of HEAD, in history order. Kept by tip,
    /// close tags and program (`FindingsCache`): an unchanged HEAD replays nothing.
    ///
    /// `--quarter Q` keeps the findings about Q's files, including those about a whole commit
    /// (its signature, its dates) that changed Q's files; a change to people, teams, metrics or
    /// ledger.yaml belongs to no quarter and shows only without it (docs/audit.md).
    public func audit(quarter: Quarter?) throws -> [AuditFinding] {
        let closedQuarters = try store.closedQuarters()
        let head = try store.headCommit()
        let cache = FindingsCache(gitDir: store.repository.gitDir, prefix: store.location.prefix)
        let audited: AuditedHistory
        if let head, let cached = cache.lookup(tip: head, tags: closedQuarters.tags) {
            audited = cached
        } else {
            audited = try audit(head: head, closedQuarters: closedQuarters)
            // Written after the history's caches, on their thread (`CacheWrites`), while the
            // command renders the findings; the process waits for it before it exits.
            if let head { CacheWrites.start { [audited, tags = closedQuarters.tags] in cache.store(audited, tip: head, tags: tags) } }
        }
        guard let quarter else { return audited.findings }
        return audited.findings.filter {
            $0.quarter == quarter
                || ($0.quarter == nil && Auditor.aboutWholeCommit.contains($0.rule) && audited.quarters[$0.commit]?.contains(quarter) == true)
        }
    }

    /// Every finding over the history of `head`, and the quarters each commit that a
    /// whole-commit finding names changed.
    func audit(head: ObjectID?, closedQuarters: ClosedQuarters) throws -> AuditedHistory {
        // rating_overridden loads and scores the ledger at the tip: begun on a thread of its own
        // now, so it shares the cores with the scan (done before this returns, whatever happens).
        // The blobs that load reads are left for the scan's facts pass (`BlobShelf`).
        let shelf = BlobShelf()
        let ahead = try head.flatMap { try ratingOverridesAhead(head: $0, shelf: shelf) }
        defer { _ = try? ahead?.wait() }
        // The caches of a cold scan are written while the rules run and the findings are
        // rendered (`CacheWrites`: the process waits for them before it exits).
        scanner.shelf = shelf
        let history: [CommitEvents]
        do {
            defer { scanner.shelf = nil; shelf.close() }
            history = try head.map { try scanner.scan(from: $0, waitForCaches: false) } ?? []
        }
        let (closed, reach) = try closedQuarters.reach(in: store.repository)
        let ratings = try ratingOverridesMeanwhile(history, ahead: ahead)
        var auditor = Auditor(closed: closed, closedReach: reach)
        let verifier = SignatureVerifier(store: store)
        // Each commit's first parent is most often the commit before it: its tree is known.
        // Both tables made at their size, each commit read where it stands (not copied out).
        var trees: [ObjectID: ObjectID] = [:]
        trees.reserveCapacity(history.count)
        for i in history.indices where trees[history[i].commit.id] == nil { trees[history[i].commit.id] = history[i].commit.tree }
        auditor.signatures.reserveCapacity(history.count)
        for i in history.indices {
            let settingsAsParent = scanner.leavesAsParent(LedgerLayout.settingsFile, in: history[i].commit) == true
            auditor.signatures[history[i].commit.id] = try verifier.verify(history[i].commit, trees: trees, settingsAsParent: settingsAsParent)
        }
        var findings = auditor.audit(history)
        let overrides = try ratings()
        if !overrides.isEmpty {
            // In history order, like the rest: each after the findings of its own commit.
            var position: [ObjectID: Int] = [:]
            position.reserveCapacity(history.count)
            for i in history.indices where position[history[i].commit.id] == nil { position[history[i].commit.id] = i }
            findings = HistoryReports.inHistoryOrder(findings, overrides) { position[$0] ?? Int.max }
        }
        // A close tag outside the history audited: the history it closed was rewritten (or the
        // tag moved). The tag may point at a commit outside the ledger (`kpi close` tags HEAD).
        let audited = closedQuarters.tags.isEmpty ? [] : Set(try head.map { try store.repository.walk(from: $0) } ?? [])
        for (q, tag) in closedQuarters.tags.sorted(by: { $0.key.description < $1.key.description }) where !audited.contains(tag.target) {
            let target = try store.repository.commit(tag.target)
            findings.append(AuditFinding(rule: "history_rewritten", severity: .error, commit: tag.target, author: tag.tagger ?? target.author,
                                         subject: nil, quarter: q, metric: nil,
                                         message: "\(closedQuarters.tagName(q)) points at \(tag.target.short) (\"\(target.summary)\"), which is no longer in the ledger's history: the history was rewritten, or the tag moved, after \(q) was closed"))
        }
        let whole = Set(findings.filter { $0.quarter == nil && Auditor.aboutWholeCommit.contains($0.rule) }.map(\.commit))
        var quarters: [ObjectID: Set<Quarter>] = [:]
        for i in history.indices where whole.contains(history[i].commit.id) { quarters[history[i].commit.id] = Set(history[i].events.compactMap(\.quarter)) }
        // The history (100,000 events of 10,000 commits) and the signatures are let go on
        // another thread while the caller renders the findings.
        let signatures = auditor.signatures
        auditor.signatures = [:]
        LetGo.letGo((consume history, consume signatures))
        return AuditedHistory(findings: findings, quarters: quarters)
    }

    public struct LogEntry: Sendable {
        public var commit: Commit
        /// The ledger changes the entry is about (those of the subject or quarter asked for).
        public var events: [LedgerEvent]
        /// Semantic one-liners: "dana retention target 45% → 42%".
        public var lines: [String]
    }

    /// A subject neither in the ledger now nor in any change of its history is refused, as by
    /// `history`.
    public func log(subject: String?, quarter: Quarter?) throws -> [LogEntry] {
        let history = try scan()
        if let subject, !history.contains(where: { $0.events.contains { $0.subject == subject || $0.ratedSubject == subject } }) {
            let ledger = try store.ledger(at: try store.headCommit(), checks: false)
            if !ledger.isSubject(subject) { throw LedgerError.refused(.unknownSubject(subject, in: ledger)) }
        }
        return history.reversed().compactMap { ce in
            let events = ce.events.filter { e in
                // A calibration's rating shows under the person rated too.
                (subject == nil || e.subject == subject || e.ratedSubject == subject) && (quarter == nil || e.quarter == quarter)
            }
            if (subject != nil || quarter != nil) && events.isEmpty { return nil }
            return LogEntry(commit: ce.commit, events: events, lines: HistoryReports.summary(events))
        }
    }

    /// One line per goal, record, review or entity touched: a goal created with four fields is
    /// "alice retention 2026-Q3 added (baseline 44%, target 48%, weight 40, core true)".
    public static func summary(_ events: [LedgerEvent], withQuarter: Bool = false) -> [String] {
        var out: [String] = []
        var i = 0
        while i < events.count {
            let e = events[i]
            var j = i + 1
            if e.kind != .record && e.kind != .moved && e.kind != .bonus {
                while j < events.count, events[j].kind == e.kind, events[j].path == e.path, events[j].metric == e.metric { j += 1 }
            }
            let group = events[i..<j]
            let q = withQuarter ? e.quarter.map { "\($0) " } ?? "" : ""
            if group.count == 1 {
                out.append(q + oneLine(e))
            } else {
                let head = [e.subject, e.kind == .goal ? e.metric : e.kind.rawValue].compactMap { $0 }.joined(separator: " ")
                if group.allSatisfy({ $0.old == nil }) {
                    out.append(q + "\(head) added (" + group.map { "\($0.field) \(short($0.new))" }.joined(separator: ", ") + ")")
                } else if group.allSatisfy({ $0.new == nil }) {
                    out.append(q + "\(head) removed (" + group.map { "\($0.field) \(short($0.old))" }.joined(separator: ", ") + ")")
                } else {
                    out.append(q + "\(head) " + group.map { "\($0.field) \(short($0.old, "∅")) → \(short($0.new, "∅"))" }.joined(separator: ", "))
                }
            }
            i = j
        }
        return out
    }

    /// A value for a one-line summary: its first line, at most 40 characters.
    static func short(_ s: String?, _ none: String = "") -> String {
        guard let s else { return none }
        let line = s.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        let cut = line.count > 40 ? String(line.prefix(39)) + "…" : line
        return cut + (line.count < s.trimmingScalars(in: "\n").count && cut == line ? " …" : "")
    }

    public static func oneLine(_ e: LedgerEvent) -> String {
        let who = e.subject.map { $0 + " " } ?? ""
        switch e.kind {
        case .record:
            switch e.recordChange {
            case .added: return "\(who)recorded \(e.new ?? "")"
            case .edited: return "\(who)record edited \(e.old ?? "") → \(e.new ?? "")"
            case .corrected: return "\(who)record corrected \(e.old ?? "∅") → \(e.new ?? "")" + (e.reason.map { " (\($0))" } ?? "")
            default: return "\(who)record deleted \(e.old ?? "")"
            }
        case .goal:
            let m = e.metric.map { $0 + " " } ?? ""
            if e.old == nil { return "\(who)\(m)\(e.field) set to \(e.new ?? "")" }
            if e.new == nil { return "\(who)\(m)\(e.field) removed (was \(e.old!))" }
            return "\(who)\(m)\(e.field) \(e.old!) → \(e.new!)"
        case .moved:
            return "moved \(e.old ?? "") → \(e.new ?? "")"
        default:
            return "\(e.kind.rawValue) \(who)\(e.field): \(short(e.old, "none")) → \(short(e.new, "none"))"
        }
    }

    /// The semantic difference of two revisions, with each affected subject's score before and after.
    public struct DiffReport: Sendable {
        public var from: Commit?
        public var to: Commit
        public var events: [LedgerEvent]
        /// Each affected subject's score and ratings at both revisions (either may be incomplete); a
        /// calibration's change is its rated subject's.
        public var scores: [(subject: String, quarter: Quarter, before: SubjectScore, after: SubjectScore)]
        /// The fiscal year's first month at `to`, to tell which quarter is running.
        public var fiscalYearStart: Int
    }

    /// Without `to`, the ledger's last commit (HEAD, or the nearest ledger commit below it when
    /// HEAD changed no ledger file, e.g. another team's commit in a monorepo); without `from`,
    /// the ledger commit `to` stands on.
    public func diff(from: String?, to: String?) throws -> DiffReport {
        let head = try store.resolve(to ?? "HEAD")
        let toID = to == nil ? try ledgerCommit(atOrBelow: head) ?? head : head
        let toCommit = try store.repository.commit(toID)
        let fromCommit: Commit?
        if let from { fromCommit = try store.repository.commit(try store.resolve(from)) } else {
            fromCommit = try toCommit.parents.first.flatMap { try ledgerCommit(atOrBelow: $0) ?? $0 }.map { try store.repository.commit($0) }
        }
        let events = try scanner.events(from: fromCommit?.tree, to: toCommit.tree, commit: toCommit)
        let before = try store.ledger(at: fromCommit?.id), after = try store.ledger(at: toID)
        var keys = Set<SheetKey>()
        for e in events {
            guard let s = e.subject, let q = e.quarter else { continue }
            if e.kind == .calibration {
                // A calibration moves the rated person's final rating, not its team's score
                // (docs/review-cycle.md, "Calibration"); its attendees move nothing.
                if let rated = e.ratedSubject { keys.insert(SheetKey(subject: rated, quarter: q)) }
            } else {
                keys.insert(SheetKey(subject: s, quarter: q))
            }
        }
        let old = Scorer(ledger: before), new = Scorer(ledger: after)
        let scores = keys.sorted().map { k in
            (k.subject, k.quarter, old.score(k.subject, quarter: k.quarter), new.score(k.subject, quarter: k.quarter))
        }
        return DiffReport(from: fromCommit, to: toCommit, events: events, scores: scores,
                          fiscalYearStart: after.settings.fiscalYearStart)
    }
}
