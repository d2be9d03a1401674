import GitStore

/// Everything `kpi report` shows for a period, as values: the scores of each quarter, the
/// changes to goals in those quarters (grouped per commit, subject and metric) and the audit
/// findings about them. The CLI renders it; nothing here prints or knows about HTML.
public struct PeriodReport: Sendable {
    /// One commit's change to one goal: every field it touched, with the commit's author,
    /// date and message (the reason).
    public struct GoalChange: Sendable {
        public struct Field: Sendable {
            public var field: String
            public var old: String?
            public var new: String?
        }

        public var commit: ObjectID
        public var author: Signature
        public var message: String
        public var subject: String
        public var quarter: Quarter
        public var metric: String?
        /// `goal` or `bonus`.
        public var kind: LedgerEvent.Subject
        public var fields: [Field]

        /// The goal was created (every field new) or removed (every field gone) by this commit.
        public var isCreation: Bool { fields.allSatisfy { $0.old == nil } }
        public var isRemoval: Bool { fields.allSatisfy { $0.new == nil } }
    }

    public var ledgerName: String
    public var quarters: [Quarter]
    /// Quarters of the period that have at least one goal sheet.
    public var quartersWithGoals: [Quarter]
    public var revision: String?
    public var scores: ScoreReport
    /// Oldest first; nil when the ledger is not in a git repository.
    public var changes: [GoalChange]?
    /// In history order; nil when the ledger is not in a git repository.
    public var findings: [AuditFinding]?

    /// The period a report covers when none is asked for: the fiscal year of the latest quarter
    /// with goals, else the year of the quarter holding `today`.
    public static func defaultQuarters(_ ledger: Ledger, today: Day) -> [Quarter] {
        let latest = ledger.goalSheets.keys.map(\.quarter).max()
            ?? Quarter.containing(today, fiscalYearStart: ledger.settings.fiscalYearStart)
        return Quarter.quarters(ofYear: latest.year)
    }

    /// Builds the report. `store` gives the history (HEAD's); without it the change timeline
    /// and the audit are nil. With `today`, the scores know which quarter is still running.
    public static func build(ledger: Ledger, revision: String?, store: LedgerStore?, quarters: [Quarter],
                             today: Day? = nil) throws -> PeriodReport {
        let scorer = Scorer(ledger: ledger)
        let shown = quarters.filter { scorer.hasSheets(in: $0) }
        let scores = scorer.report(quarters: shown, subjects: nil, revision: revision, today: today)
        var changes: [GoalChange]?
        var findings: [AuditFinding]?
        if let store, try store.headCommit() != nil {
            let reports = HistoryReports(store: store)
            let period = Set(quarters)
            changes = goalChanges(try reports.scan(), quarters: period)
            findings = try reports.audit(quarter: nil).filter { $0.quarter.map(period.contains) ?? true }
        } else if store != nil {
            changes = []
            findings = []
        }
        return PeriodReport(ledgerName: ledger.settings.name, quarters: quarters, quartersWithGoals: shown,
                            revision: revision, scores: scores, changes: changes, findings: findings)
    }

    /// Goal and bonus events of the period, one entry per commit × subject × quarter × metric,
    /// in history order (fields in the order the commit's events list them).
    static func goalChanges(_ history: [CommitEvents], quarters: Set<Quarter>) -> [GoalChange] {
        var out: [GoalChange] = []
        for ce in history {
            var index: [String: Int] = [:]
            for e in ce.events where e.kind == .goal || e.kind == .bonus {
                guard let subject = e.subject, let q = e.quarter, quarters.contains(q) else { continue }
                let key = "\(e.kind.rawValue)\u{0}\(subject)\u{0}\(q)\u{0}\(e.metric ?? "")"
                let field = GoalChange.Field(field: e.field, old: e.old, new: e.new)
                if let i = index[key] {
                    out[i].fields.append(field)
                } else {
                    index[key] = out.count
                    out.append(GoalChange(commit: ce.commit.id, author: ce.commit.author, message: ce.commit.message,
                                          subject: subject, quarter: q, metric: e.metric, kind: e.kind, fields: [field]))
                }
            }
        }
        return out
    }
}
