import ArgumentParser
import Foundation
import LedgerCore
import LedgerFormat

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the ledger (or just the named files) and print every problem as path:line:column.",
        discussion: """
            Exits 0 when there are no errors (warnings allowed), 1 when there are.

            --staged checks what `git commit` would commit (the index) by the rules of `kpi commit`, \
            printing only the staged files' problems; with --commit-msg FILE (the commit-msg hook's \
            argument) a change to a closed quarter also needs a `Reopen-Reason:` line at the end of \
            the message. `kpi hooks install` runs both from git's hooks (see `kpi help hooks`).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Argument(help: "Files to check; without them the whole ledger is checked.", completion: .file(extensions: ["yaml"]))
    var files: [String] = []

    @Flag(help: "Check the staged change (the index against HEAD) as `kpi commit` would, not the working files.")
    var staged = false

    @Option(name: .customLong("commit-msg"), help: "With --staged: the commit message file (a closed quarter needs a Reopen-Reason: trailer).")
    var commitMessage: String?

    func validate() throws {
        if staged, !files.isEmpty { throw ValidationError.stagedTakesNoFiles() }
        if commitMessage != nil, !staged { throw ValidationError.goesWith("--commit-msg", "--staged") }
    }

    func run() throws {
        // Kept by its inputs when it checks the whole working ledger.
        try ReportCache.run(cacheable: !staged && files.isEmpty, start: global.startDirectory) { try check() }
    }

    /// The ledger read, kept until the process ends, as `kpi score` keeps its own: freeing a
    /// million records' model before the lines are written took the main thread ~60 ms. The
    /// next command run in the same process lets it go.
    nonisolated(unsafe) static var kept: LedgerSnapshot?

    private func check() throws {
        let diagnostics: [Diagnostic]
        if staged {
            diagnostics = try StagedRun(start: global.startDirectory, messageFile: commitMessage).diagnostics()
        } else if files.isEmpty {
            // HEAD's side of the record dates (its records files, its commit's changes) read on
            // a thread of its own meanwhile: the load lists the files on one core first.
            let dates = RecordDates.Ahead(start: global.startDirectory)
            // The working files when there are any; a bare repository's HEAD otherwise.
            // What the load read is noted for the report cache's key (worked out on a thread of
            // its own while the record dates are checked and the lines written), as `kpi score`
            // does: no walk of every file after the command.
            let snapshot = try LedgerSnapshot.load(from: global.startDirectory, recordBlobIDs: true,
                                                   workingFiles: ReportCache.recording != nil)
            ReportCache.noteLoad(snapshot.working)
            Self.kept = snapshot
            var ledger = snapshot.ledger
            // Records dated after the commit that added them (or, uncommitted, after today).
            ledger.diagnostics += try RecordDates.warnings(ledger, head: try dates.head(), today: Today.day())
            diagnostics = ledger.sortedDiagnostics
        } else {
            let base = global.startDirectory
            let pairs = files.map { ($0, $0.hasPrefix("/") ? $0 : base + "/" + $0) }
            diagnostics = FileCheck.check(pairs.map { (given: $0.0, absolute: LedgerLocator.absolute($0.1)) }) { path in
                guard let data = FileManager.default.contents(atPath: path) else { throw CLIError(.cannotRead(path)) }
                return [UInt8](data)
            }.diagnostics
        }
        switch format {
        case .text:
            Output.outEscaped(DiagnosticPrinter.textBytes(diagnostics))
            if !diagnostics.isEmpty { Output.err(DiagnosticPrinter.summary(diagnostics) + "\n") }
        case .json:
            Output.out(DiagnosticPrinter.json(diagnostics).render() + "\n")
        }
        if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}
