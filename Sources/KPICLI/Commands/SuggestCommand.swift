import ArgumentParser
import LedgerCore

extension PracticeSuggestions.Level: ExpressibleByArgument {}
extension PracticeSuggestions.Stage: ExpressibleByArgument {}
extension PracticeSuggestions.Department: ExpressibleByArgument {}

/// `kpi suggest --level … [--stage …] [--department …]`: the core KPIs and dimension weights
/// the practice recommends; with `--draft SUBJECT --quarter Q`, that sheet written as a commit
/// (docs/review-cycle.md, "Suggestions").
struct SuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest", abstract: "The core KPIs and weights the practice recommends; --draft writes them as a goal sheet.")

    @OptionGroup var options: RecordingOptions

    @Option(help: "The product manager's level: junior, mid or senior.")
    var level: PracticeSuggestions.Level

    @Option(help: "The product's stage: startup, growth or mature.")
    var stage: PracticeSuggestions.Stage?

    @Option(help: "A department scorecard instead of a PM's: product or marketing.")
    var department: PracticeSuggestions.Department?

    @Option(help: "Write the suggestion as this person's or team's goal sheet (a commit), targets left to set.")
    var draft: String?

    @Option(help: "The quarter of the drafted sheet, like 2026-Q4 (required with --draft).")
    var quarter: Quarter?

    @Option(help: "Output: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if draft != nil, quarter == nil { throw ValidationError.draftNeedsQuarter() }
        if draft == nil, quarter != nil { throw ValidationError.goesWith("--quarter", "--draft SUBJECT") }
    }

    func run() throws {
        let s = PracticeSuggestions.suggest(level: level, stage: stage, department: department)
        if let subject = draft, let quarter {
            let recorder = try options.recorder()
            let result = try recorder.draftSheet(subject: subject, quarter: quarter, scorecard: s.scorecard,
                                                 goals: s.kpis.map { Recorder.DraftGoal(metric: $0.metric, weight: $0.weight, core: $0.core) })
            options.report(result)
            return
        }
        switch format {
        case .json:
            Output.out(JSON.object([
                ("level", .string(level.rawValue)), ("stage", stage.map { .string($0.rawValue) } ?? .null),
                ("department", department.map { .string($0.rawValue) } ?? .null), ("scorecard", .string(s.scorecard)),
                ("dimensions", .array(s.dimensions.map { d in
                    .object([("id", .string(d.id)), ("name", .string(d.name)), ("min", .int(d.min)), ("max", .int(d.max)), ("weight", .int(d.weight))])
                })),
                ("kpis", .array(s.kpis.map { k in
                    .object([("metric", .string(k.metric)), ("weight", .int(k.weight)), ("core", .bool(k.core)), ("why", .string(k.why))])
                })),
            ]).render() + "\n")
        case .text:
            let style = Terminal.stdout
            let who = [department.map { "\($0.rawValue) department" } ?? "\(level.rawValue) PM", stage.map { "\($0.rawValue) product" }]
                .compactMap { $0 }.joined(separator: ", ")
            var out = style.bold("Suggested KPIs: \(who)") + "\n"
            var t = TextTable([("Metric", .left), ("Weight", .right), ("Core", .left), ("Why", .left)])
            for k in s.kpis { t.add([k.metric, String(k.weight), k.core ? "core" : "", k.why]) }
            out += t.render(style: style)
            out += "\nDimension weights (scorecards/\(s.scorecard).yaml):\n"
            var d = TextTable([("Dimension", .left), ("Name", .left), ("Range", .right), ("Suggested", .right)])
            for dim in s.dimensions { d.add([dim.id, dim.name, "\(dim.min)–\(dim.max)%", dim.weight == 0 ? "" : "\(dim.weight)%"]) }
            out += d.render(style: style)
            Output.out(out)
        }
    }
}
