import ArgumentParser
import LedgerCore

enum BonusFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv, xlsx
}

/// `kpi bonus --quarter Q | --year Y`: each person's final rating and its bonus multiplier
/// (`incentives: multipliers:` in ledger.yaml), per quarter and the year's mean
/// (docs/review-cycle.md, "Incentives").
struct BonusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bonus", abstract: "Each person's final rating and bonus multiplier, per quarter or over a year.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var revision: RevisionOptions
    @OptionGroup var period: PeriodOptions

    @Option(help: "Output: text, json, csv or xlsx (the format of -o FILE's extension when not given).")
    var format: BonusFormat?

    @OptionGroup var export: ExportOptions

    func validate() throws { _ = try exportFormat() }

    /// `--format` in `ExportOptions`' terms (`text` is its table).
    func exportFormat() throws -> ExportFormat {
        try export.format(format.map { $0 == .text ? .table : ExportFormat(rawValue: $0.rawValue)! }, allowed: [.table, .json, .csv, .xlsx])
    }

    func run() throws {
        let snap = try revision.snapshot(global)
        let ledger = snap.ledger
        if let broken = ledger.diagnostics.first(where: { $0.severity == .error && $0.path == LedgerLayout.settingsFile }) {
            throw CLIError(.settingsHaveErrors(broken))
        }
        guard !ledger.settings.multipliers.isEmpty else {
            throw CLIError(.noBonusMultipliers())
        }
        let quarters = try period.quarters(ledger, today: revision.today)
        let lines = Scorer(ledger: ledger).bonusLines(quarters: quarters, today: revision.today)
        let incomplete = lines.flatMap { l in l.periods.filter { !$0.errors.isEmpty }.map { (l, $0) } }

        let num = ScoreRenderer.num
        let chosen = try exportFormat()
        switch BonusFormat(rawValue: chosen.rawValue) ?? .text {
        case .xlsx:
            try export.write([ReportSheets.bonus(lines, yearly: quarters.count > 1)], startDirectory: global.startDirectory)
        case .json:
            var pairs: [(String, JSON)] = [
                ("quarter", quarters.count == 1 ? .string(quarters[0].description) : .array(quarters.map { .string($0.description) })),
                ("multipliers", .object(ledger.settings.multipliers.map { ($0.grade, num($0.multiplier)) })),
            ]
            pairs.append(("people", .array(lines.map { l in
                .object([("id", .string(l.subject)), ("name", .string(l.name)),
                         ("quarters", .array(l.periods.map { p in
                             .object([("quarter", .string(p.quarter.description)), ("final_rating", p.finalRating.map(JSON.string) ?? .null),
                                      ("multiplier", num(p.multiplier)), ("pending", p.pending.map(JSON.string) ?? .null)])
                         })),
                         ("mean_multiplier", num(l.mean?.rounded(places: 4)))])
            })))
            try export.write(JSON.object(pairs).render() + "\n", format: .json, startDirectory: global.startDirectory)
        case .csv:
            try export.write(CSVTable.render(ReportSheets.bonus(lines, yearly: quarters.count > 1)), format: .csv, startDirectory: global.startDirectory)
        case .text:
            let style = Terminal.stdout
            var out = style.bold("Bonus multipliers \(quarters.count == 1 ? quarters[0].description : String(quarters[0].year))") + "\n"
            var t = TextTable([("Subject", .left), ("Name", .left)] + quarters.map { ("Q\($0.number)", TextTable.Align.right) }
                              + (quarters.count > 1 ? [("Mean", .right)] : []))
            for l in lines {
                t.add([l.subject, l.name] + l.periods.map { p in p.finalRating.map { "\($0) ×\(p.multiplier?.description ?? "?")" } ?? p.pending ?? "–" }
                      + (quarters.count > 1 ? [l.mean.map { "×\($0.rounded(places: 2))" } ?? "–"] : []))
            }
            out += t.render(style: style)
            let unpriced = Set(lines.flatMap(\.periods).compactMap { $0.multiplier == nil ? $0.finalRating : nil }).sorted()
            if !unpriced.isEmpty {
                out += style.yellow("  warning: no multiplier for \(unpriced.joined(separator: ", ")) in incentives: multipliers:") + "\n"
            }
            try export.write(out, format: .table, startDirectory: global.startDirectory)
        }
        // A bonus that cannot be computed honestly is shown as such, and the run fails.
        for (l, p) in incomplete {
            Output.err("kpi: error: \(l.subject) \(p.quarter) has no bonus: its score is incomplete (\(SafeText.line(ScoreRenderer.errorText(p.errors[0]))))\n")
        }
        if !incomplete.isEmpty { throw ExitCode(1) }
    }
}

/// `kpi awards --quarter Q`: the progress award candidates (largest score gain over the
/// previous quarter) and the awards reviews propose (docs/review-cycle.md, "Incentives").
struct AwardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "awards", abstract: "Progress award candidates and the awards reviews propose, for a quarter.")

    @OptionGroup var options: QuarterReportOptions

    func run() throws {
        let snap = try options.snapshot()
        let q = options.quarter.resolved(snap.ledger, today: options.revision.today)
        let scorer = Scorer(ledger: snap.ledger)
        let progress = scorer.progressCandidates(quarter: q)
        let nominations = scorer.nominations(quarter: q)
        let num = ScoreRenderer.num
        switch options.format {
        case .json:
            Output.out(JSON.object([
                ("quarter", .string(q.description)), ("previous_quarter", .string(q.previous.description)),
                ("progress", .array(progress.map { c in
                    .object([("id", .string(c.subject)), ("name", .string(c.name)), ("previous_score", num(c.previous)),
                             ("score", num(c.current)), ("gain", num(c.gain))])
                })),
                ("nominations", .array(nominations.map { n in
                    .object([("award", .string(n.award)), ("id", .string(n.subject)), ("name", .string(n.name)),
                             ("award_reason", n.reason.map(JSON.string) ?? .null), ("reviewer", n.reviewer.map(JSON.string) ?? .null),
                             ("path", .string(n.path))])
                })),
            ]).render() + "\n")
        case .text:
            let style = Terminal.stdout
            var out = style.bold("Progress award \(q) (score gain over \(q.previous))") + "\n"
            if progress.isEmpty {
                out += "  nobody's score rose over \(q.previous)\n"
            } else {
                var t = TextTable([("Subject", .left), ("Name", .left), (q.previous.description, .right), (q.description, .right), ("Gain", .right)])
                for c in progress { t.add([c.subject, c.name, c.previous.description, c.current.description, "+\(c.gain)"]) }
                out += t.render(style: style)
            }
            out += "\n" + style.bold("Nominations \(q)") + "\n"
            if nominations.isEmpty { out += "  no review proposes an award\n" }
            for n in nominations {
                out += SafeText.line("  \(n.award): \(n.subject) (\(n.name))" + (n.reviewer.map { ", proposed by \($0)" } ?? "") + (n.reason.map { ": \($0)" } ?? "")) + "\n"
            }
            Output.out(out)
        }
    }
}
