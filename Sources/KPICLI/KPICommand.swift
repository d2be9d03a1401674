import ArgumentParser
import Foundation
import GitStore
import LedgerCore
import LedgerFormat

public struct KPICommand: ParsableCommand {
    /// Every command in the tree names itself (`commandName`): without it swift-argument-parser
    /// derives the name by demangling the type's, for every command, at every start.
    public static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "A git-backed, plain-text KPI ledger: goals, actuals and reviews as commits.",
        discussion: "Use `kpi -C PATH <command>` to run as if started in PATH, like git.",
        version: Version.text,
        subcommands: [
            InitCommand.self, CheckCommand.self,
            PersonCommand.self, TeamCommand.self, GoalCommand.self, RecordCommand.self, ImportCommand.self,
            ReviewCommand.self, CommitCommand.self, CloseCommand.self, HooksCommand.self, ScoreCommand.self, ReportCommand.self,
            HistoryCommand.self, DiffCommand.self, AuditCommand.self, VerifyCommand.self, LogCommand.self, DemoCommand.self,
            AtRiskCommand.self, CalibrateCommand.self, TreeCommand.self, BonusCommand.self, AwardsCommand.self, SuggestCommand.self,
            SyncCommand.self, CloneCommand.self, RemoteCommand.self, MergeDriverCommand.self,
            MetricsCommand.self, PeopleCommand.self, TeamsCommand.self, GoalsCommand.self,
        ]
    )
    public init() {}

    /// The command line with more subcommands (the executable adds `kpi serve` from the web module,
    /// which sits above this one).
    public static func configuration(adding more: [any ParsableCommand.Type]) -> CommandConfiguration {
        var c = configuration
        c.subcommands += more
        return c
    }

    /// Entry point: handles git's leading `-C PATH` (any number of them) before the subcommand,
    /// then runs the command (`root` is the command tree to parse with). `documented` is the same
    /// tree with those leading options declared, for the top-level help, the man page and the
    /// shell completions only: declared on `root`, they would take `-C` from after a command too.
    public static func run(_ arguments: [String] = Array(CommandLine.arguments.dropFirst()),
                           root parsing: any ParsableCommand.Type = KPICommand.self,
                           documented: (any ParsableCommand.Type)? = nil) {
        Output.ignoreBrokenPipes()
        var args = arguments
        // git's `--no-pager` before the command, in any order with -C (each paged command takes it after, too).
        while args.first == "--no-pager" || (args.count >= 2 && args[0] == "-C") {
            if args[0] == "--no-pager" { Pager.disabled = true; args.removeFirst(); continue }
            let dir = args[1]
            guard FileManager.default.changeCurrentDirectoryPath(dir) else {
                // A refusal like any other: exit 1, `error:`, JSON under --format json (docs/diagnostics.md).
                let refusal = Refusal.cannotChangeTo(dir)
                fail(refusal.message, code: refusal.code, json: asksForJSON(args))
            }
            args.removeFirst(2)
        }
        if arguments == Array(CommandLine.arguments.dropFirst()), let bad = RawArguments.firstNotUTF8() {
            // Swift would read the bytes with U+FFFD in place of each bad one, and that is what
            // would be stored: refused instead, before anything runs.
            fail("argument \(bad.position) (\(bad.shown)) is not valid UTF-8 text; kpi stores text as UTF-8 only, so nothing was done (check the encoding of your terminal or script)")
        }
        // Any command first finishes a write a killed kpi left (docs/reliability.md); not the
        // merge driver, which git runs holding the index lock.
        let start = startDirectory(args)
        if args.first != "merge-driver" { for note in LedgerStore.recoverInterruptedWrite(from: start) { Output.err("kpi: \(note)\n") } }
        // `kpi score` keeps malloc to two arenas, set before any thread of it allocates: the
        // listing's below, the load's, git's status's (MallocArenas).
        if args.first == "score" { MallocArenas.limit() }
        // `kpi score` of the working files has them listed on the second core while the command
        // line is parsed (the listing is serial; LedgerSnapshot.listAhead).
        if args.first == "score", !args.contains(where: { $0.hasPrefix("--at") || $0.hasPrefix("--as-of") }) {
            LedgerSnapshot.listAhead(from: start)
        }
        ReportCache.arguments = args
        let describing = ["--help", "-h", "--generate-completion-script", "--experimental-dump-help"].contains(args.first ?? "")
        let root = describing ? documented ?? parsing : parsing
        if let (message, status) = CommandSuggestion.problem(args, root: root) {
            Output.err(message.hasSuffix("\n") ? message : message + "\n")
            Foundation.exit(status)
        }
        // Under `--format json` a failure is JSON on standard output too (docs/diagnostics.md).
        let json = asksForJSON(args)
        do {
            var command: any ParsableCommand
            do { command = try root.parseAsRoot(args) } catch {
                // `-5万` read as an option: once more with negative values made unambiguous.
                guard let fixed = NegativeValues.rewritten(args), let parsed = try? root.parseAsRoot(fixed) else { throw error }
                command = parsed
            }
            try command.run()
        } catch let error as CLIError {
            fail(error.description, code: error.code, json: json)
        } catch LedgerError.invalid(let diagnostics) {
            // Located diagnostics speak for themselves, like a compiler's.
            if json { Output.out(DiagnosticPrinter.json(diagnostics).render() + "\n") }
            Output.err(DiagnosticPrinter.text(diagnostics))
            Foundation.exit(1)
        } catch let error as LedgerError {
            fail(error.description, code: error.code, json: json)
        } catch let error as GitError {
            if error.code == .notFound, let incomplete = IncompleteClone.message(startingAt: FileManager.default.currentDirectoryPath) {
                fail(incomplete, code: .gitFailure, json: json)
            }
            fail(error.message, code: .gitFailure, json: json)
        } catch {
            // Help and --version are not failures; a command line kpi cannot read is.
            if json, root.exitCode(for: error) != .success, !(error is ExitCode) {
                let message = root.message(for: error).split(separator: "\n").first.map(String.init) ?? ""
                Output.out(DiagnosticPrinter.json(refusal: .usage, message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message).render() + "\n")
            }
            if root.exitCode(for: error) != .success, let hint = NegativeValues.hint(args) { Output.err(hint) }
            root.exit(withError: error)
        }
    }

    /// `--format json` (or `--format=json`) among the options, before any `--`.
    static func asksForJSON(_ args: [String]) -> Bool {
        for (i, a) in args.enumerated() {
            if a == "--" { return false }
            if a == "--format=json" || (a == "--format" && i + 1 < args.count && args[i + 1] == "json") { return true }
        }
        return false
    }

    /// The folder a command will run in: its `-C PATH` option when given, else the current one.
    static func startDirectory(_ args: [String]) -> String {
        var dir: String? = nil
        for (i, a) in args.enumerated() {
            if a == "-C", i + 1 < args.count { dir = args[i + 1] } else if a.hasPrefix("-C"), a.count > 2 { dir = String(a.dropFirst(2)) }
            if a == "--" { break }
        }
        return GlobalOptions.absolute(dir)
    }

    static func fail(_ message: String, code: DiagnosticCode = .refused, json: Bool = false) -> Never {
        if json { Output.out(DiagnosticPrinter.json(refusal: code, message).render() + "\n") }
        Output.err("kpi: error: \(message)\n")
        Foundation.exit(1)
    }
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: "Run as if kpi was started in this folder.", completion: .directory)
    var directory: String?

    /// The folder the command starts from.
    var startDirectory: String { GlobalOptions.absolute(directory) }

    static func absolute(_ directory: String?) -> String {
        LedgerLocator.absolute(directory ?? FileManager.default.currentDirectoryPath)
    }
}

/// The command line as the operating system passed it, before Swift decodes it.
enum RawArguments {
    /// The first argument that is not valid UTF-8 (1-based position), with its bytes shown
    /// readably (`\xff\xfe`).
    static func firstNotUTF8() -> (position: Int, shown: String)? {
        for i in 1..<Int(CommandLine.argc) {
            guard let p = CommandLine.unsafeArgv[i], String(validatingCString: p) == nil else { continue }
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p))
            let shown = bytes.map { b in
                (0x20..<0x7F).contains(b) && b != 0x5C ? String(UnicodeScalar(b)) : "\\x" + (b < 0x10 ? "0" : "") + String(b, radix: 16)
            }.joined()
            return (i, shown)
        }
        return nil
    }
}
