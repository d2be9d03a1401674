import ArgumentParser
import LedgerCore

/// `--quarter Q`, else the quarter today falls in (by the ledger's fiscal year): the period of
/// calibrate, tree, at-risk and awards, and the quarter half of `PeriodOptions`.
package struct QuarterOption: ParsableArguments {
    package init() {}

    @Option(help: "Quarter, like 2026-Q3 (default: the current one).")
    var quarter: Quarter?

    /// The quarter given, else the one `today` falls in.
    func resolved(_ ledger: Ledger, today: Day = Today.day()) -> Quarter {
        quarter ?? Quarter.containing(today, fiscalYearStart: ledger.settings.fiscalYearStart)
    }
}

/// What a review-cycle report over one quarter reads (calibrate, tree, at-risk, awards): the
/// ledger, the revision, the quarter and text or JSON.
struct QuarterReportOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @OptionGroup var revision: RevisionOptions
    @OptionGroup var quarter: QuarterOption

    @Option(help: "Output: text or json.")
    var format: OutputFormat = .text

    /// The ledger at the revision asked for.
    func snapshot() throws -> LedgerSnapshot { try revision.snapshot(global) }

    /// The same, refusing a `team` (the report's TEAM argument) the ledger does not define.
    func snapshot(team: String?) throws -> LedgerSnapshot {
        let snap = try snapshot()
        if let team, snap.ledger.teams[team] == nil { throw CLIError(.unknownTeam(team, in: snap.ledger)) }
        return snap
    }
}
