import ArgumentParser
import LedgerCore

/// `kpi goals SUBJECT`: a person's or team's goals, quarter by quarter, as their sheets say them.
struct GoalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goals", abstract: "List a person's or team's goals (every quarter, or one).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Person or team id.") var subject: String
    @Option(help: "Only this quarter, like 2026-Q3.") var quarter: Quarter?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let ledger = try LedgerSnapshot.load(from: global.startDirectory).ledger
        guard ledger.isSubject(subject) else { throw CLIError(.unknownSubject(subject, in: ledger)) }
        let sheets = ledger.goalSheets.values.filter { $0.subject == subject && (quarter == nil || $0.quarter == quarter) }
            .sorted { $0.quarter < $1.quarter }
        // Goals in the order the sheet writes them, drafted ones (no target yet) among them.
        let rows = sheets.flatMap { s in
            (s.goals.map { GoalRow.goal($0) } + s.drafts.map { GoalRow.draft($0) }).sorted { $0.ref < $1.ref }.map { (s, $0) }
        }
        switch format {
        case .text:
            guard !sheets.isEmpty else {
                return Output.out("No goals for \(subject)" + (quarter.map { " in \($0)" } ?? "") + ".\n")
            }
            let drafted = rows.contains { if case .draft = $0.1 { true } else { false } }
            // The team goal each serves, when any does (docs/review-cycle.md, "Alignment").
            let aligned = rows.contains { if case .goal(let g) = $0.1 { g.alignsTo != nil } else { false } }
            var table = TextTable([("QUARTER", .left), ("METRIC", .left), ("BASELINE", .right), ("TARGET", .right), ("WEIGHT", .right),
                                   ("METHOD", .left), ("CORE", .left)] + (aligned ? [("ALIGNS TO", .left)] : []) + (drafted ? [("DRAFT", .left)] : []))
            for (s, row) in rows {
                switch row {
                case .goal(let g):
                    table.add([s.quarter.description, g.metric.value, g.baselineText ?? "", g.targetText, g.weight?.description ?? "",
                               g.method?.rawValue ?? "", g.core ? "core" : ""] + (aligned ? [g.alignsTo?.value ?? ""] : []) + (drafted ? [""] : []))
                case .draft(let d):
                    table.add([s.quarter.description, d.metric, d.baselineText ?? "", "–", d.weightText ?? "", "", d.core ? "core" : ""]
                              + (aligned ? [""] : []) + ["draft, no target yet"])
                }
            }
            Output.out(table.render())
        case .json:
            let opt = HistoryRenderer.opt
            Output.out(JSON.array(rows.map { s, row in
                let head: [(String, JSON)] = [("quarter", .string(s.quarter.description)), ("subject", .string(subject))]
                switch row {
                case .goal(let g):
                    return .object(head + [("metric", .string(g.metric.value)),
                                           ("baseline", opt(g.baselineText)), ("target", .string(g.targetText)), ("weight", ScoreRenderer.num(g.weight)),
                                           ("method", opt(g.method?.rawValue)), ("core", .bool(g.core)), ("path", .string(s.path))]
                                   + (g.alignsTo.map { [("aligns_to", JSON.string($0.value))] } ?? []))
                case .draft(let d):
                    // A drafted goal has no target yet and says so (docs/review-cycle.md, "Suggestions").
                    return .object(head + [("metric", .string(d.metric)), ("baseline", opt(d.baselineText)), ("target", .null),
                                           ("weight", ScoreRenderer.num(d.weightText.flatMap { try? LedgerValue.parseWeight($0).get() })),
                                           ("method", .null), ("core", .bool(d.core)), ("draft", .bool(true)), ("path", .string(s.path))])
                }
            }).render() + "\n")
        }
    }
}

/// One line of `kpi goals`: a goal, or a goal drafted without a target yet.
private enum GoalRow {
    case goal(Goal)
    case draft(DraftGoal)

    /// Where the sheet writes it.
    var ref: SourceRef {
        switch self {
        case .goal(let g): g.ref
        case .draft(let d): d.ref
        }
    }
}
