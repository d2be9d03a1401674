import ArgumentParser
import Foundation
import LedgerCore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A self-contained HTML report: scoreboard, score trends, goal attainment, target changes and audit findings.",
        discussion: """
        The page needs no network and no JavaScript; charts are inline SVG and it prints well. \
        Without --quarter or --year it covers the fiscal year of the latest quarter with goals. \
        Scores come from the working files (like `kpi score`); the change timeline and the audit \
        read the committed history. The same history gives the same bytes.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Write the HTML report to this file ('-' for standard output).", completion: .file(extensions: ["html"]))
    var html: String

    @Option(help: "Quarter, like 2026-Q3.")
    var quarter: Quarter?

    @Option(help: "Every quarter of a fiscal year (default: the year of the latest quarter with goals).")
    var year: Int?

    /// Option combinations are checked here, so the usage comes with the refusal.
    func validate() throws {
        try PeriodOptions.validate(quarter: quarter, year: year)
    }

    func run() throws {
        let snap = try LedgerSnapshot.load(from: global.startDirectory)
        let quarters: [Quarter]
        if let quarter {
            quarters = [quarter]
        } else if let year {
            quarters = Quarter.quarters(ofYear: year)
        } else {
            quarters = PeriodReport.defaultQuarters(snap.ledger, today: Today.day())
        }
        var report = try PeriodReport.build(ledger: snap.ledger, revision: snap.revision, store: snap.store, quarters: quarters,
                                            today: Today.day())
        report.scores.uncommitted = try snap.uncommittedLedgerFiles()
        let page = HTMLReport(report: report, ledger: snap.ledger).render()
        // The page is written either way (its banner lists the errors); an incomplete score fails the command.
        let incomplete = CompletenessNotice.report(snap.ledger, shown: report.scores.subjects)
        if html == "-" {
            Output.out(page)
            if incomplete { throw ExitCode(1) }
            return
        }
        let url = URL(fileURLWithPath: LedgerLocator.absolute(html))
        do {
            try Data(page.utf8).write(to: url, options: .atomic)
        } catch {
            throw CLIError(.cannotWrite("'\(html)'", error.localizedDescription))
        }
        Output.err("Wrote \(html) (\(quarters.first!)\(quarters.count > 1 ? " – \(quarters.last!)" : ""))\n")
        if incomplete { throw ExitCode(1) }
    }
}
