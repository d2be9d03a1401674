import ArgumentParser

/// Options of the commands whose output can be long (docs/format.md, "Text kpi shows").
struct TerminalOptions: ParsableArguments {
    @Flag(name: .customLong("no-pager"), help: "Do not page the output (on a terminal it goes through KPI_PAGER, core.pager, PAGER or less, like git's).")
    var noPager = false

    @Flag(help: "Keep long cells and lines whole instead of fitting them to the terminal's width.")
    var wide = false

    /// The width to fit tables and lines to; nil when there is none (not a terminal, or --wide).
    var width: Int? { wide ? nil : Terminal.columns }

    func validate() throws {
        // Tables the command renders without asking for a width follow --wide too.
        if wide { Terminal.keepWhole = true }
    }
}
