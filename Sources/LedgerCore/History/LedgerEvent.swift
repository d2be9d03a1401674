import GitStore

/// One semantic change in one commit: a goal field, a record, a review field, a person's key.
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

    public var commit: ObjectID
    public var author: Signature
    public var message: String
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
    public var reason: String? = nil

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
