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
