import ArgumentParser
import Foundation
import GitStore
import LedgerCore

/// Options every recording command shares.
struct RecordingOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @OptionGroup var signing: SigningOptions

    @Option(name: .shortAndLong, help: "Commit message (default: one saying what changed).")
    var message: String?

    @Option(help: "Author of the commit, as \"Name <email>\" (default: git's user.name and user.email).")
    var author: String?

    @Flag(help: "Allow a change to a closed quarter (needs --reason).")
    var reopen = false

    @Option(help: "Why a closed quarter is changed; recorded in the commit.")
    var reason: String?

    /// Option combinations are checked here, so the usage comes with the refusal.
    func validate() throws {
        if reopen, (reason ?? "").isEmpty { throw ValidationError.reopenNeedsReason() }
        if !reopen, reason != nil { throw ValidationError.goesWith("--reason", "--reopen") }
    }

    func recorder() throws -> Recorder {
        let store = try LedgerStore.open(from: global.startDirectory)
        store.repository.signing = signing.request
        let (a, c) = try Identities.resolve(store.repository, author: author)
        return Recorder(store: store, author: a, committer: c, message: message, reopenReason: reopen ? reason : nil)
    }

    func report(_ result: Recorder.Result) {
        // Only what this change caused; `kpi check` lists every warning of the ledger.
        Output.err(DiagnosticPrinter.text(result.warnings))
        Output.out("[\(result.commit.short)] \(result.summary)\n")
    }
}

extension Quarter: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "person", abstract: "Add people.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a person (people/ID.yaml).")
        @OptionGroup var options: RecordingOptions
        @Argument(help: "The person's id (lower_snake_case).") var id: String
        @Option(help: "Full name.") var name: String
        @Option(help: "Email address (how audits match commit authors to people).") var email: String?
        @Option(help: "Id of their manager.") var manager: String?
        @Option(help: "Id of their team.") var team: String?
        @Option(help: "Their scorecard.") var scorecard: String?
        @Option(help: "Their level (junior, mid, senior ...).") var level: String?

        func run() throws {
            options.report(try options.recorder().addPerson(id: id, name: name, email: email, manager: manager, team: team,
                                                            scorecard: scorecard, level: level))
        }
    }
}

struct TeamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "team", abstract: "Add or change teams.", subcommands: [Add.self, Set.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change a team's lead, name, parent or scorecard (a lead who is a member of the team too).")
        @OptionGroup var options: RecordingOptions
        @Argument(help: "The team's id.") var id: String
        @Option(help: "Id of the person who leads it.") var lead: String?
        @Option(help: "The team's name.") var name: String?
        @Option(help: "Id of the team it belongs to.") var parent: String?
        @Option(help: "Its scorecard.") var scorecard: String?

        func validate() throws {
            if lead == nil, name == nil, parent == nil, scorecard == nil {
                throw ValidationError.atLeastOneOf(["--lead", "--name", "--parent", "--scorecard"])
            }
        }

        func run() throws {
            options.report(try options.recorder().setTeam(id: id, name: name, lead: lead, parent: parent, scorecard: scorecard))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a team (teams/ID.yaml).")
        @OptionGroup var options: RecordingOptions
        @Argument(help: "The team's id (lower_snake_case).") var id: String
        @Option(help: "The team's name.") var name: String
        @Option(help: "Id of the person who leads it.") var lead: String?
        @Option(help: "Id of the team it belongs to.") var parent: String?
        @Option(help: "Its scorecard.") var scorecard: String?

        func run() throws {
            options.report(try options.recorder().addTeam(id: id, name: name, lead: lead, parent: parent, scorecard: scorecard))
        }
    }
}

struct GoalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "goal", abstract: "Set, edit or remove goals.",
                                                    subcommands: [Set.self, Edit.self, Remove.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Create or change a goal; only the changed values' bytes are rewritten.")
        @OptionGroup var options: RecordingOptions
        @Argument(help: "Person or team id.") var subject: String
        @Argument(help: "Metric id.") var metric: String
        @Option(help: "Quarter, like 2026-Q3.") var quarter: Quarter
        @Option(help: "Target value, as you would write it (45%, 50万, 1,200).") var target: String?
        @Option(help: "Baseline value.") var baseline: String?
        @Option(help: "Weight (percent of the sheet).") var weight: String?
        @Option(help: "Scoring method: ratio, progress or binary.", completion: .list(ScoringMethod.allCases.map(\.rawValue))) var method: String?
        @Flag(inversion: .prefixedNo, help: "Mark as a core KPI.") var core: Bool?
        @Option(name: .customLong("aligns-to"), help: "The team goal it serves, TEAM/METRIC: a goal of a team up the subject's team chain, same quarter.")
        var alignsTo: String?
        @Flag(name: .customLong("no-aligns-to"), help: "Remove the goal's alignment.") var noAlignsTo = false

        func validate() throws {
            if target == nil, baseline == nil, weight == nil, method == nil, core == nil, alignsTo == nil, !noAlignsTo {
                throw ValidationError.atLeastOneOf(["--target", "--baseline", "--weight", "--method", "--core", "--aligns-to", "--no-aligns-to"])
            }
            if alignsTo != nil, noAlignsTo { throw ValidationError.notBoth("--aligns-to", "--no-aligns-to") }
        }

        func run() throws {
            let fields = SheetEdits.GoalFields(target: target, baseline: baseline, weight: weight, method: method, core: core,
                                               alignsTo: alignsTo, dropAlignment: noAlignsTo)
            options.report(try options.recorder().setGoal(subject: subject, metric: metric, quarter: quarter, fields: fields))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a goal.")
        @OptionGroup var options: RecordingOptions
        @Argument(help: "Person or team id.") var subject: String
        @Argument(help: "Metric id.") var metric: String
        @Option(help: "Quarter, like 2026-Q3.") var quarter: Quarter

        func run() throws {
            options.report(try options.recorder().removeGoal(subject: subject, metric: metric, quarter: quarter))
        }
    }
}

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record a measured value; appended to the records of the date's quarter.")
    @OptionGroup var options: RecordingOptions
    @Argument(help: "Person or team id.") var subject: String
    @Argument(help: "Metric id.") var metric: String
    @Argument(help: "The value, as you would write it (42%, 1,200, 50万).") var value: String
    @Option(help: "Date, YYYY-MM-DD (default: today).") var date: String?
    @Option(help: "Where the number comes from.") var source: String?
    @Option(help: "A note (required with --corrects: why).") var note: String?
    @Option(help: "Correct the records of METRIC dated this day (YYYY-MM-DD): this one replaces them in every score.")
    var corrects: String?
    @Option(help: "A check-in: how likely the target is, 1 (no chance) to 10 (certain).") var confidence: Int?
    @Flag(help: "Record it even when the same value of METRIC is already recorded for that date.")
    var allowDuplicates = false
    @Flag(help: "Record a date after today (a plan, not an actual).") var allowFuture = false

    func validate() throws {
        if let confidence, !(1...10).contains(confidence) { throw ValidationError.confidenceOutOfRange(confidence) }
    }

    func run() throws {
        let day: Day
        if let date {
            guard let d = Day(date) else { throw CLIError(.notADate(date)) }
            day = d
        } else {
            day = Today.day()
        }
        var corrected: Day?
        if let corrects {
            guard let d = Day(corrects) else { throw CLIError(.notADate(corrects, option: "--corrects")) }
            corrected = d
        }
        let r = Recorder.NewRecord(subject: subject, metric: metric, date: day, value: value, source: source, note: note,
                                   corrects: corrected, confidence: confidence)
        var recorder = try options.recorder()
        recorder.allowDuplicates = allowDuplicates
        recorder.latestDate = allowFuture ? nil : Today.day()
        recorder.futureAllowed = allowFuture
        options.report(try recorder.record(r))
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Add many records from a CSV file or .xlsx workbook in one commit (subject,metric,date,value[,source,note]).")
    @OptionGroup var options: RecordingOptions
    @Argument(help: "The CSV file (UTF-8 or GBK; , ; or tab) or .xlsx workbook (its first sheet).", completion: .file(extensions: ["csv", "xlsx"])) var file: String
    @Flag(help: "Import rows even when the same record (subject, metric, date, value) is already recorded or repeated in the file.")
    var allowDuplicates = false
    @Flag(help: "Check the file and print what would be recorded; commit nothing.")
    var dryRun = false

    func run() throws {
        let path = file.hasPrefix("/") ? file : options.global.startDirectory + "/" + file
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError(.cannotRead(file)) }
        let rows: Recorder.ImportRows
        if ["xlsx", "xlsm"].contains((file as NSString).pathExtension.lowercased()) {
            rows = try WorkbookRows.read(data, name: file)
        } else {
            let (text, encoding) = try CSVText.decode([UInt8](data), name: file)
            if encoding != .utf8 { Output.err("kpi: note: \(file) is not UTF-8; read it as \(encoding.rawValue) text\n") }
            rows = try Recorder.csvRows(text, name: file)
        }
        var recorder = try options.recorder()
        recorder.allowDuplicates = allowDuplicates
        guard dryRun else { return options.report(try recorder.importRows(rows, name: file)) }
        let preview = try recorder.previewImport(rows: rows, name: file)
        var out = "Dry run, nothing committed: " + SafeText.line(preview.summary) + "\n"
        for r in preview.records { out += "  " + SafeText.line("\(r.path): \(r.record)") + "\n" }
        Output.out(out)
    }
}

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Write or update a quarterly review; opens $VISUAL/$EDITOR when no text is given on a terminal.")
    @OptionGroup var options: RecordingOptions
    @Argument(help: "Person or team id.") var subject: String
    @Option(help: "Quarter, like 2026-Q3.") var quarter: Quarter
    @Option(help: "The reviewer's rating (S, A, B, C, D).", completion: .list(LedgerSettings.defaultRatings.map(\.grade))) var rating: String?
    @Option(help: "One-line summary.") var summary: String?
    @Option(help: "A file with the review notes.", completion: .file()) var notesFile: String?
    @Option(help: "Id of the reviewer (default: none).") var reviewer: String?

    /// Without text the notes are written in an editor, which needs a terminal.
    func validate() throws {
        if notesFile == nil, rating == nil, summary == nil, isatty(0) != 1 || isatty(1) != 1 { throw ValidationError.reviewNeedsText() }
    }

    func run() throws {
        var notes: String?
        if let notesFile {
            let path = notesFile.hasPrefix("/") ? notesFile : options.global.startDirectory + "/" + notesFile
            guard let data = FileManager.default.contents(atPath: path), let s = String(data: data, encoding: .utf8) else {
                throw CLIError(.cannotRead("\(notesFile) as text"))
            }
            notes = s
        } else if rating == nil, summary == nil {
            notes = try Editor.edit(initial: "", hint: "Review notes for \(subject), \(quarter). Lines starting with # are ignored.")
            if (notes ?? "").isEmpty { throw CLIError(.nothingRecorded("empty notes")) }
        }
        options.report(try options.recorder().review(subject: subject, quarter: quarter, reviewer: reviewer, rating: rating,
                                                     summary: summary, notes: notes))
    }
}

struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit", abstract: "Validate the ledger files edited by hand and commit them; with any error, commit nothing.")
    @OptionGroup var options: RecordingOptions

    func validate() throws {
        if options.message == nil { throw ValidationError.commitMessageNeeded() }
    }

    func run() throws {
        options.report(try options.recorder().commitHandEdits())
    }
}

struct CloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Close a quarter with an annotated tag; later writes into it need --reopen --reason.")
    @OptionGroup var options: RecordingOptions
    @Argument(help: "Quarter, like 2026-Q3.") var quarter: Quarter

    func run() throws {
        let recorder = try options.recorder()
        let today = Today.day()
        let closing = try recorder.close(quarter, today: today)
        // The commit the tag marks is what people compare with `git log`; the tag object's own id is not.
        Output.out("Closed \(quarter) at \(closing.commit.short) (tag \(ClosedQuarters.tagName(quarter, prefix: recorder.store.location.prefix))).\n")
        // Allowed (a quarter may be settled early), but rarely meant: say what it implies.
        let progress = QuarterProgress(quarter, today: today, fiscalYearStart: closing.fiscalYearStart)
        if progress.inProgress {
            Output.err("kpi: warning: \(quarter) is still running (day \(progress.elapsedDays) of \(progress.totalDays)): "
                       + "records of its remaining days now need --reopen --reason\n")
        }
    }
}
