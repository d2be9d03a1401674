import ArgumentParser
import Foundation
import GitStore
import LedgerCore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build the example ledger with its full history, then show its scoreboard, a target's history and the audit.")

    @Argument(help: "Folder for the example ledger (default: a new temporary folder).", completion: .directory)
    var path: String?

    @Option(help: "Replay this history script instead of the built-in example.", completion: .file())
    var script: String?

    func run() throws {
        let fm = FileManager.default
        let root: String
        if let path {
            root = LedgerLocator.absolute(path)
            if let items = try? fm.contentsOfDirectory(atPath: root), !items.isEmpty {
                throw CLIError(.notEmpty(root))
            }
        } else {
            root = fm.temporaryDirectory.appendingPathComponent("kpi-demo-\(UUID().uuidString.prefix(8))/northwind").path
        }
        let text: String
        if let script {
            guard let data = fm.contents(atPath: LedgerLocator.absolute(script)) else { throw CLIError(.cannotRead(script)) }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = String(decoding: PackageResources.history_kpi, as: UTF8.self)
        }
        let parsed = try HistoryScript.parse(text)
        let scratch = fm.temporaryDirectory.appendingPathComponent("kpi-demo-scratch-\(getpid())").path
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: scratch) }
        try ScriptReplayer(root: root, scratch: scratch).replay(parsed)

        let snap = try LedgerSnapshot.load(from: root)
        let year = snap.ledger.quarters.last?.year ?? 2026
        // The story's today is the day of its last step, whenever the demo runs: the quarter it
        // ends in shows as in progress, and the output stays the same.
        let store = try LedgerStore.open(from: root)
        let storyToday = try store.headCommit().map { id -> Day in
            let author = try store.repository.commit(id).author
            return Day(daysSinceEpoch: Int32(CivilTime.localDay(time: author.time, offsetMinutes: author.offsetMinutes)))
        }
        let report = Scorer(ledger: snap.ledger).report(quarters: Quarter.quarters(ofYear: year), subjects: nil, revision: snap.revision,
                                                         today: storyToday)
        let style = Terminal.stdout
        Output.out(style.bold("The example ledger: \(snap.ledger.settings.name)") + "\n\n")
        Output.out(ScoreRenderer.table(report, explain: false, style: style))
        let reports = HistoryReports(store: store)
        let subject = "alice", metric = "retention"
        let events = try reports.history(subject: subject, metric: metric, quarter: nil).filter { $0.field == "target" }
        Output.out(style.bold("How \(snap.ledger.subjectName(subject) ?? subject)'s \(metric) target changed") + "\n")
        for e in events {
            Output.out("  \(e.quarter?.description ?? "")  \(e.old ?? "∅") → \(e.new ?? "∅")  \(e.author.iso8601)  \(e.author.name): \(e.message)\n")
        }
        let findings = try reports.audit(quarter: nil)
        Output.out("\n" + style.bold("Audit findings (\(findings.count))") + "\n")
        for f in findings {
            Output.out("  \(f.severity == .error ? style.red("error  ") : style.yellow("warning")) [\(f.rule)] \(f.message)\n")
        }
        Output.out(DemoReviewCycle.text(snap.ledger, year: year, today: storyToday, style: style))
        let kpi = Self.commandName()
        Output.out("""

        The ledger is in \(root) (a git repository: try `git -C \(root) log --stat`).
        Commands to try next:
          \(kpi) -C \(root) score alice --quarter \(year)-Q3 --explain
          \(kpi) -C \(root) history li revenue
          \(kpi) -C \(root) audit --quarter \(year)-Q3
          \(kpi) -C \(root) at-risk
          \(kpi) -C \(root) tree
          \(kpi) -C \(root) calibrate product --quarter \(year)-Q3

        """)
    }

    /// How the reader runs this kpi: `kpi` when that name on PATH is this executable, else its
    /// full path (after `make demo` the binary sits in .build and is on no PATH).
    static func commandName() -> String {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("kpi")
            guard FileManager.default.isExecutableFile(atPath: candidate.path) else { continue }
            return candidate.resolvingSymlinksInPath().path == me ? "kpi" : me
        }
        return me
    }
}
