import GitStore

/// One semantic change in one commit: a goal field, a record, a review field, a person's key.
///
/// Its fields live in one object shared by every copy (written only through a copy of its own):
/// a cold audit copies each of its ~100,000 events several times (the scan's arrays, the rules'
/// loop, the cache writer), and a copy is one reference count instead of one per string
/// (docs/architecture.md, "Modules and their one-way dependencies").
public struct LedgerEvent: Sendable {
    public enum Subject: String, Sendable {
        case goal, bonus, record, review, person, team, metric, scorecard, settings
        /// A calibration file's attendees (`attendees`) or a subject's calibrated rating (`ratings.alice`).
        case calibration
        /// A file moved or renamed unchanged (field `path`, old → new path).
        case moved
    }
    /// `corrected`: a record with `corrects:` was added; `old` lists the records it replaced
    /// ("; " between them), `reason` is its note.
    public enum RecordChange: String, Sendable { case added, edited, deleted, corrected }

    /// What changed, without the commit's own fields (id, author, message): the part of an event
    /// the events cache keeps per commit (`EventCache`), which the commit read at scan time completes.
    public struct Change: Sendable {
        public var path: String
        public var kind: Subject
        /// The person or team a sheet belongs to; the entity's id for people, teams, metrics.
        public var subject: String?
        public var quarter: Quarter?
        public var metric: String?
        /// `target`, `baseline`, `weight`, `method` ... for goals; `record` for records.
        public var field: String
        public var old: String?
        public var new: String?
        public var recordChange: RecordChange?
        /// Why: a correction's note.
        public var reason: String?

        public init(path: String, kind: Subject, subject: String?, quarter: Quarter?, metric: String?, field: String,
                    old: String?, new: String?, recordChange: RecordChange?, reason: String?) {
            self.path = path; self.kind = kind; self.subject = subject; self.quarter = quarter; self.metric = metric
            self.field = field; self.old = old; self.new = new; self.recordChange = recordChange; self.reason = reason
        }
    }

    /// The fields; changed only when this value holds the one reference (`writable`).
    private final class Fields: @unchecked Sendable {
        var commit: ObjectID
        var author: Signature
        var message: String
        var change: Change

        init(commit: ObjectID, author: Signature, message: String, change: Change) {
            self.commit = commit
            self.author = author
            self.message = message
            self.change = change
        }

        func copy() -> Fields { Fields(commit: commit, author: author, message: message, change: change) }
    }

    private var fields: Fields

    public init(commit: ObjectID, author: Signature, message: String, path: String, kind: Subject, subject: String?, quarter: Quarter?,
                metric: String?, field: String, old: String?, new: String?, recordChange: RecordChange?, reason: String? = nil) {
        self.init(commit: commit, author: author, message: message,
                  change: Change(path: path, kind: kind, subject: subject, quarter: quarter, metric: metric, field: field,
                                 old: old, new: new, recordChange: recordChange, reason: reason))
    }

    public init(commit: ObjectID, author: Signature, message: String, change: Change) {
        fields = Fields(commit: commit, author: author, message: message, change: change)
    }

    /// The fields, copied first when another value shares them.
    private var writable: Fields {
        mutating get {
            if !isKnownUniquelyReferenced(&fields) { fields = fields.copy() }
            return fields
        }
    }

    public var commit: ObjectID { get { fields.commit } set { writable.commit = newValue } }
    public var author: Signature { get { fields.author } set { writable.author = newValue } }
    public var message: String { get { fields.message } set { writable.message = newValue } }
    /// Everything but the commit's fields.
    public var change: Change { get { fields.change } set { writable.change = newValue } }
    public var path: String { get { fields.change.path } set { writable.change.path = newValue } }
    public var kind: Subject { get { fields.change.kind } set { writable.change.kind = newValue } }
    /// The person or team a sheet belongs to; the entity's id for people, teams, metrics.
    public var subject: String? { get { fields.change.subject } set { writable.change.subject = newValue } }
    public var quarter: Quarter? { get { fields.change.quarter } set { writable.change.quarter = newValue } }
    public var metric: String? { get { fields.change.metric } set { writable.change.metric = newValue } }
    /// `target`, `baseline`, `weight`, `method` ... for goals; `record` for records.
    public var field: String { get { fields.change.field } set { writable.change.field = newValue } }
    public var old: String? { get { fields.change.old } set { writable.change.old = newValue } }
    public var new: String? { get { fields.change.new } set { writable.change.new = newValue } }
    public var recordChange: RecordChange? { get { fields.change.recordChange } set { writable.change.recordChange = newValue } }
    /// Why: a correction's note.
    public var reason: String? { get { fields.change.reason } set { writable.change.reason = newValue } }

    /// The person or team whose rating a calibration's change sets (`ratings.alice`: alice);
    /// nil for any other change. Its `subject` is the meeting's team.
    public var ratedSubject: String? {
        guard kind == .calibration, field.hasPrefix("ratings.") else { return nil }
        return String(field.dropFirst("ratings.".count))
    }
}

/// A commit and its semantic changes.
public struct CommitEvents: Sendable {
    public var commit: Commit
    public var events: [LedgerEvent]
    /// The nearest ledger commit below this one along first parents; nil for the ledger's
    /// first commit (commits outside the ledger are skipped, see `HistoryScanner.scan`).
    public var ledgerParent: ObjectID?

    public init(commit: Commit, events: [LedgerEvent], ledgerParent: ObjectID?) {
        self.commit = commit
        self.events = events
        self.ledgerParent = ledgerParent
    }
}
