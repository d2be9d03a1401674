import ArgumentParser
import LedgerCore

/// `kpi teams`: every team in teams/, with its lead, the team above it and its members.
struct TeamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teams", abstract: "List the teams: id, name, lead, parent team, scorecard, members.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let ledger = try LedgerSnapshot.load(from: global.startDirectory).ledger
        let teams = ledger.teams.values.sorted { $0.id < $1.id }
        var members: [String: [String]] = [:]
        for p in ledger.people.values.sorted(by: { $0.id < $1.id }) {
            if let t = p.team?.value { members[t, default: []].append(p.id) }
        }
        switch format {
        case .text:
            var table = TextTable([("ID", .left), ("NAME", .left), ("LEAD", .left), ("PARENT", .left), ("SCORECARD", .left), ("MEMBERS", .left)])
            for t in teams {
                table.add([t.id, t.name, t.lead?.value ?? "", t.parent?.value ?? "", t.scorecard?.value ?? "",
                           (members[t.id] ?? []).joined(separator: ", ")])
            }
            Output.out(table.render())
        case .json:
            let opt = HistoryRenderer.opt
            Output.out(JSON.array(teams.map { t in
                .object([("id", .string(t.id)), ("name", .string(t.name)), ("lead", opt(t.lead?.value)), ("parent", opt(t.parent?.value)),
                         ("scorecard", opt(t.scorecard?.value)), ("members", .array((members[t.id] ?? []).map(JSON.string)))])
            }).render() + "\n")
        }
    }
}
