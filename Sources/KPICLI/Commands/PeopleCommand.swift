import ArgumentParser
import LedgerCore

/// `kpi people`: everyone in people/, with whom they report to and their team.
struct PeopleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people", abstract: "List the people: id, name, email, manager, team, level, scorecard.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let ledger = try LedgerSnapshot.load(from: global.startDirectory).ledger
        let people = ledger.people.values.sorted { $0.id < $1.id }
        switch format {
        case .text:
            var table = TextTable([("ID", .left), ("NAME", .left), ("EMAIL", .left), ("MANAGER", .left), ("TEAM", .left),
                                   ("LEVEL", .left), ("SCORECARD", .left)])
            for p in people {
                table.add([p.id, p.name, p.email ?? "", p.manager?.value ?? "", p.team?.value ?? "", p.level ?? "", p.scorecard?.value ?? ""])
            }
            Output.out(table.render())
        case .json:
            let opt = HistoryRenderer.opt
            Output.out(JSON.array(people.map { p in
                .object([("id", .string(p.id)), ("name", .string(p.name)), ("email", opt(p.email)), ("manager", opt(p.manager?.value)),
                         ("team", opt(p.team?.value)), ("level", opt(p.level)), ("scorecard", opt(p.scorecard?.value))])
            }).render() + "\n")
        }
    }
}
