import ArgumentParser
import Foundation
import LedgerCore

/// Which revision a read-only command looks at.
struct RevisionOptions: ParsableArguments {
    @Option(help: "Read the ledger at this revision (commit, tag, branch, HEAD~2 ...).")
    var at: String?

    @Option(name: .customLong("as-of"), help: "Read the ledger as of the last commit on or before this date (YYYY-MM-DD).")
    var asOf: String?

    /// Option combinations are checked here, so the usage comes with the refusal.
    func validate() throws {
        if at != nil, asOf != nil { throw ValidationError.notBoth("--at", "--as-of") }
        if let asOf, Day(asOf) == nil { throw ValidationError.notADate(asOf) }
    }

    /// `workingFiles`: what the load learnt of the working files is kept (git's status of them).
    /// `byQuarterFrom`: working files from that many on are loaded a quarter at a time
    /// (`listed` is told whether they are, before any is read).
    func snapshot(_ global: GlobalOptions, workingFiles: Bool = false, byQuarterFrom: Int? = nil,
                  listed: ((Bool) -> Void)? = nil) throws -> LedgerSnapshot {
        try LedgerSnapshot.load(from: global.startDirectory, at: at, asOf: asOf.flatMap { Day($0) }, workingFiles: workingFiles,
                                byQuarterFrom: byQuarterFrom, listed: listed)
    }

    /// The day the report is as of: `--as-of`'s date (its quarter is the default one and its
    /// progress is counted to that day), else today.
    var today: Day { asOf.flatMap { Day($0) } ?? Today.day() }
}

/// --quarter or --year; the current quarter by default.
package struct PeriodOptions: ParsableArguments {
    package init() {}

    @OptionGroup var quarter: QuarterOption

    @Option(help: "Every quarter of a fiscal year.")
    var year: Int?

    /// Option combinations are checked here, so the usage comes with the refusal.
    package func validate() throws { try Self.validate(quarter: quarter.quarter, year: year) }

    /// Also `kpi report`'s, which reads --quarter and --year itself.
    static func validate(quarter: Quarter?, year: Int?) throws {
        if quarter != nil, year != nil { throw ValidationError.notBoth("--quarter", "--year") }
        if let year, !(1000...9999).contains(year) { throw ValidationError.notAYear(year) }
    }

    package func quarters(_ ledger: Ledger, today: Day = Today.day()) throws -> [Quarter] {
        if let year { return Quarter.quarters(ofYear: year) }
        return [quarter.resolved(ledger, today: today)]
    }

    /// A subject whose file does not load is scored as incomplete, naming the error; one the
    /// ledger does not know is refused.
    static func checkSubjects(_ subjects: [String], in ledger: Ledger) throws {
        for s in subjects where !ledger.isSubject(s) && ledger.brokenSubjectCause(s) == nil {
            throw CLIError(.unknownSubject(s, in: ledger))
        }
    }

    /// The scores `kpi score` shows for this period (and `kpi serve`'s `/api/score`).
    package func report(_ ledger: Ledger, revision: String?, subjects: [String], forecast: Bool = false, today: Day = Today.day()) throws -> ScoreReport {
        try scores(ledger, revision: revision, subjects: subjects, forecast: forecast, today: today).collected()
    }

    /// The same, to be scored a batch of subjects at a time (`ScoreStream`).
    /// `explain`: each goal says how it was computed (`--explain`; without, nothing is written for it).
    package func scores(_ ledger: Ledger, revision: String?, subjects: [String], forecast: Bool = false, explain: Bool = false,
                        today: Day = Today.day()) throws -> ScoreStream {
        let quarters = try quarters(ledger, today: today)
        try Self.checkSubjects(subjects, in: ledger)
        return Scorer(ledger: ledger, explaining: explain).stream(quarters: quarters, subjects: subjects.isEmpty ? nil : subjects, revision: revision,
                                             today: today, forecast: forecast)
    }
}

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "Weighted scores of people and teams, per quarter or year.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var period: PeriodOptions
    @OptionGroup var revision: RevisionOptions

    @Option(help: "Output: table, json, csv, markdown or xlsx (default: table, or what -o's extension names).")
    var format: ExportFormat?

    @OptionGroup var export: ExportOptions

    @Flag(help: "Show how each actual, attainment and score was computed.")
    var explain = false

    @Flag(help: "Project each goal's quarter-end actual, attainment and the score they would give (docs/review-cycle.md).")
    var forecast = false

    @Argument(help: "People or teams (default: everyone with goals in the period).")
    var subjects: [String] = []

    @OptionGroup var terminal: TerminalOptions

    func validate() throws { _ = try export.format(format, allowed: ExportFormat.allCases) }

    func run() throws {
        // Kept by its inputs when it writes to standard output from the working files.
        let cacheable = export.output == nil && revision.at == nil && revision.asOf == nil
        try ReportCache.run(cacheable: cacheable, start: global.startDirectory) { try score() }
    }

    /// The ledger read, kept until the process ends: freeing a year's model as `score` returns
    /// took ~10 M instructions on the main thread just before the process exits (its memory
    /// goes back all at once then). The next command run in the same process lets it go.
    nonisolated(unsafe) static var kept: LedgerSnapshot?

    private func score() throws {
        let pager = Pager.start(terminal, in: global.startDirectory)
        defer { pager?.finish() }
        let format = try export.format(format, allowed: ExportFormat.allCases)
        // The files that differ from HEAD (git's status: the JSON's `uncommitted`, the table's
        // heading) are worked out beside the load.
        let workingFiles = revision.at == nil && revision.asOf == nil
        if workingFiles, Self.likelyQuarterAtATime(from: global.startDirectory) { MallocArenas.mapLargeBlocks() }
        let uncommitted = (format == .json || format == .table) && workingFiles ? PendingUncommitted(start: global.startDirectory) : nil
        let snap = try revision.snapshot(global, workingFiles: uncommitted != nil || ReportCache.recording != nil,
                                         byQuarterFrom: Self.manyFiles) { byQuarter in
            if byQuarter { MallocArenas.mapLargeBlocks() }
        }
        Self.kept = snap
        if let sheets = snap.quarterSheets { return try scoreByQuarter(snap, sheets, format: format, uncommitted: uncommitted) }
        let many = snap.ledger.paths.count >= Self.manyFiles
        if !many { ReportCache.noteLoad(snap.working) }
        let scores = try period.scores(snap.ledger, revision: snap.revision, subjects: subjects, forecast: forecast,
                                       explain: explain && format == .table, today: revision.today)
        if many { try Self.settle(snap, uncommitted: uncommitted) }
        if format == .json {
            // Scored on a thread of its own while git's status is waited for and each batch written.
            return try writeJSON(scores.head, complete: scores.isComplete, ScoredAhead(scores), snap, uncommitted: uncommitted)
        }
        try render(scores.collected(), snap, format: format, uncommitted: uncommitted)
    }

    /// The report in `format` (JSON aside), with its completeness notice.
    func render(_ scored: ScoreReport, _ snap: LedgerSnapshot, format: ExportFormat, uncommitted: PendingUncommitted?) throws {
        var report = scored
        // The table's heading names the commit, and how many files differ from it.
        if format == .table { report.uncommitted = try uncommitted?.files(for: snap) ?? snap.uncommittedLedgerFiles() }
        let text: String
        switch format {
        case .json: text = ""
        case .csv: text = CSVTable.render(ReportSheets.scores(report))
        case .markdown: text = ScoreRenderer.markdown(report)
        case .table: text = ScoreRenderer.table(report, explain: explain, style: export.output == nil ? Terminal.stdout : .plain)
        case .xlsx: text = ""; try export.write([ReportSheets.scores(report)], startDirectory: global.startDirectory)
        }
        if format != .xlsx { try export.write(text, format: format, startDirectory: global.startDirectory) }
        // The scores are printed either way; an incomplete one fails the command so scripts notice.
        if CompletenessNotice.report(snap.ledger, shown: report.subjects) { throw ExitCode(1) }
    }

    /// From this many files on (a ledger's working files listed), `settle` runs before the
    /// scoring; `KPI_MANY_FILES` sets another count (the tests take both paths on one ledger).
    static var manyFiles: Int {
        ProcessInfo.processInfo.environment["KPI_MANY_FILES"].flatMap { Int($0) } ?? 50_000
    }

    /// A ledger of many files: git's status of them answered, then the report cache's key of the
    /// load worked out, before the first subject is scored, so what they hold for every file
    /// (git's index packed, each file's state, the key's lists: ~30 MB for a million records in
    /// 219,000 sheets) is let go before the scoring rather than held beside it, and the index
    /// before the key's lists are made (docs/architecture.md, "Memory"). A smaller ledger works
    /// them out beside the scoring, which then starts sooner. Either way the same answers: git's
    /// status is kept for its second ask, and the key is of the same listing.
    static func settle(_ snap: LedgerSnapshot, uncommitted: PendingUncommitted?) throws {
        // Taken first: git's status lets the working files' states go once it is answered.
        let listing = snap.working?.listing
        _ = try uncommitted?.files(for: snap)
        ReportCache.noteLoad(snap.working, listing: listing)
        _ = ReportCache.recording?.loaded?.0.value
    }

    /// JSON is scored and written a batch of subjects at a time, each batch let go once written
    /// (docs/architecture.md): a year of a large ledger is never held, as scores or as text.
    func writeJSON(_ scoresHead: ScoreReport, complete: Bool, _ batches: ScoredAhead, _ snap: LedgerSnapshot,
                   uncommitted: PendingUncommitted?) throws {
        var head = scoresHead
        head.uncommitted = try uncommitted?.files(for: snap) ?? snap.uncommittedLedgerFiles()
        var incomplete: [String] = []
        try export.stream(startDirectory: global.startDirectory) { emit in
            ScoreRenderer.writeJSON(head, complete: complete, emit: emit) { write in
                batches.forEachBatch { batch in
                    incomplete += batch.filter { !$0.isComplete }.map { "\($0.id) \($0.quarter)" }
                    write(batch)
                }
            }
        }
        // The scores are printed either way; an incomplete one fails the command so scripts notice.
        if CompletenessNotice.report(snap.ledger, incomplete: incomplete) { throw ExitCode(1) }
    }
}
