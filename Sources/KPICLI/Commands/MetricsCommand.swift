import ArgumentParser
import LedgerCore

/// `kpi metrics`: the catalog without `ls metrics/`: each metric's id, names, unit, direction,
/// and how its actual is made (an aggregate of records, or a formula).
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics", abstract: "List the metrics: id, name in each language, unit, direction, aggregate or formula.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() throws {
        let ledger = try LedgerSnapshot.load(from: global.startDirectory).ledger
        let metrics = ledger.metrics.values.sorted { $0.id < $1.id }
        let languages = Set(metrics.flatMap(\.names.keys)).sorted()
        switch format {
        case .text:
            var table = TextTable([("ID", .left), ("NAME", .left)] + languages.map { ("NAME (\($0.uppercased()))", .left) }
                                  + [("UNIT", .left), ("DIRECTION", .left), ("AGGREGATE / FORMULA", .left)])
            for m in metrics {
                table.add([m.id, m.name] + languages.map { m.names[$0] ?? "" }
                          + [m.unit.rawValue, m.direction.rawValue, m.formulaText.map { "= " + $0 } ?? m.aggregate?.rawValue ?? ""])
            }
            Output.out(table.render())
        case .json:
            Output.out(JSON.array(metrics.map { m in
                .object([("id", .string(m.id)), ("name", .string(m.name)),
                         ("names", .object(m.names.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                         ("dimension", .string(m.dimension)), ("unit", .string(m.unit.rawValue)),
                         ("direction", .string(m.direction.rawValue)), ("aggregate", m.aggregate.map { .string($0.rawValue) } ?? .null),
                         ("formula", m.formulaText.map(JSON.string) ?? .null), ("description", m.description.map(JSON.string) ?? .null)])
            }).render() + "\n")
        }
    }
}
