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
        switch format {
        case .text:
            guard !sheets.isEmpty else {
                return Output.out("No goals for \(subject)" + (quarter.map { " in \($0)" } ?? "") + ".\n")
            }
            var table = TextTable([("QUARTER", .left), ("METRIC", .left), ("BASELINE", .right), ("TARGET", .right), ("WEIGHT", .right),
                                   ("METHOD", .left), ("CORE", .left)])
            for s in sheets {
                for g in s.goals {
                    table.add([s.quarter.description, g.metric.value, g.baselineText ?? "", g.targetText, g.weight?.description ?? "",
                               g.method?.rawValue ?? "", g.core ? "core" : ""])
                }
            }
            Output.out(table.render())
        case .json:
            let opt = HistoryRenderer.opt
            Output.out(JSON.array(sheets.flatMap { s in
                s.goals.map { g in
                    .object([("quarter", .string(s.quarter.description)), ("subject", .string(subject)), ("metric", .string(g.metric.value)),
                             ("baseline", opt(g.baselineText)), ("target", .string(g.targetText)), ("weight", ScoreRenderer.num(g.weight)),
                             ("method", opt(g.method?.rawValue)), ("core", .bool(g.core)), ("path", .string(s.path))])
                }
            }).render() + "\n")
        }
    }
}
