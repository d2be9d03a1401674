import GitStore
import LedgerFormat

/// Everything a ledger holds at one revision (or in one working directory), plus the problems
/// found while reading it.
public struct Ledger: Sendable {
    public var settings = LedgerSettings()
    public var metrics: [String: Metric] = [:]
    public var scorecards: [String: Scorecard] = [:]
    public var people: [String: Person] = [:]
    public var teams: [String: Team] = [:]
    /// Each in a `SheetTable`, not a dictionary: half a dictionary's buckets may be empty, and
    /// a bucket holds a whole sheet (docs/architecture.md, "Memory").
    public var goalSheets = SheetTable<GoalSheet>()
    public var recordSheets = SheetTable<RecordSheet>()
    public var reviews = SheetTable<Review>()
    /// Calibration meetings, keyed by team and quarter.
    public var calibrations: [SheetKey: Calibration] = [:]
    /// The path of each file read, by `SourceRef.file` (a ref holds its own line and column),
    /// packed: held to the end of the command.
    public var paths = PathList()
    /// The parsed files a load kept, by path: a recording command's small loads keep them (it
    /// edits the files it read); a whole-ledger read keeps none, so its memory is the model
    /// alone (docs/architecture.md, "Loading").
    var keptDocuments: [String: LedgerDocument] = [:]
    /// The git blob id of each records file, by path, when the load was asked for them
    /// (`kpi check`'s record dates compare them with HEAD's).
    public var recordBlobIDs: [String: ObjectID] = [:]
    public var diagnostics: [Diagnostic] = []
    /// Files that exist but could not be read (their own error is reported); references to
    /// them are not reported again as unknown.
    var unreadable: Set<String> = []

    func isUnreadable(_ kind: LedgerFileKind, _ id: String) -> Bool { unreadable.contains("\(kind.rawValue)/\(id)") }
    /// Metrics and scorecards whose file was read but held errors that left them out, by
    /// `kind/id`: where the first of those errors is. What names them is a follow-on problem.
    var broken: [String: String] = [:]

    /// Where the error is that left the metric or scorecard `id` out, if one did.
    func brokenCause(_ kind: LedgerFileKind, _ id: String) -> String? { broken["\(kind.rawValue)/\(id)"] }

    public init() {}

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Diagnostics sorted by path, line and column, as `kpi check` prints them.
    public var sortedDiagnostics: [Diagnostic] {
        diagnostics.sorted { ($0.path, $0.line, $0.column, $0.message) < ($1.path, $1.line, $1.column, $1.message) }
    }

    public func position(of ref: SourceRef) -> SourcePosition { ref.position }

    public func path(of ref: SourceRef) -> String { paths[Int(ref.file)] }

    /// The parsed file at `path`, when the load kept it (see `keptDocuments`).
    public func document(at path: String) -> LedgerDocument? { keptDocuments[path] }

    public func diagnostic(_ ref: SourceRef, _ severity: Diagnostic.Severity, _ code: DiagnosticCode, _ message: String) -> Diagnostic {
        let p = position(of: ref)
        return Diagnostic(path: path(of: ref), line: p.line, column: p.column, severity: severity, code: code, message: message)
    }

    mutating func report(_ ref: SourceRef, _ severity: Diagnostic.Severity, _ code: DiagnosticCode, _ message: String,
                         causedBy: String? = nil) {
        var d = diagnostic(ref, severity, code, message)
        d.causedBy = causedBy
        diagnostics.append(d)
    }

    /// A subject is a person or a team.
    public func subjectName(_ id: String) -> String? { people[id]?.name ?? teams[id]?.name }
    public func isSubject(_ id: String) -> Bool { people[id] != nil || teams[id] != nil }
    /// Where the file defining subject `id` fails to load ("people/alice.yaml:1:7"), nil when it
    /// loads or there is none: such a subject is not unknown, its scores are incomplete.
    public func brokenSubjectCause(_ id: String) -> String? { brokenCause(.person, id) ?? brokenCause(.team, id) }

    /// The scorecard that applies to a sheet: its own, else its subject's.
    public func scorecard(for sheet: GoalSheet) -> Scorecard? {
        scorecardID(for: sheet).flatMap { scorecards[$0] }
    }

    /// The id `scorecard(for:)` looks up: the sheet's own scorecard, else its subject's (which
    /// the ledger may not define).
    func scorecardID(for sheet: GoalSheet) -> String? {
        sheet.scorecard?.value ?? people[sheet.subject]?.scorecard?.value ?? teams[sheet.subject]?.scorecard?.value
    }

    /// A goal's dimension: the scorecard dimension listing its metric, else the metric's own.
    public func dimension(of metric: String, in scorecard: Scorecard?) -> String {
        metrics[metric].map { dimension(of: $0, id: metric, in: scorecard) } ?? scorecard?.dimension(of: metric)?.id ?? "other"
    }

    /// The same for a metric already looked up (scoring a sheet asks it of every goal).
    public func dimension(of metric: Metric, id: String, in scorecard: Scorecard?) -> String {
        scorecard?.dimension(of: id)?.id ?? metric.dimension
    }

    public var quarters: [Quarter] {
        Set(goalSheets.keys.map(\.quarter)).union(recordSheets.keys.map(\.quarter)).union(reviews.keys.map(\.quarter))
            .union(calibrations.keys.map(\.quarter)).sorted()
    }
}
