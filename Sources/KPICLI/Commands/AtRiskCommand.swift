import ArgumentParser
import LedgerCore

/// `kpi at-risk [--quarter Q]`: goals whose forecast misses the target or whose check-in
/// confidence fell twice in a row, with owner and manager (docs/review-cycle.md).
struct AtRiskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "at-risk", abstract: "Goals whose forecast misses the target or whose confidence keeps falling.")

    @OptionGroup var options: QuarterReportOptions

    func run() throws {
        let snap = try options.snapshot()
        let today = options.revision.today
        let q = options.quarter.resolved(snap.ledger, today: today)
        let scorer = Scorer(ledger: snap.ledger)
        let report = scorer.report(quarters: [q], subjects: nil, revision: snap.revision, today: today, forecast: true)
        let goals = scorer.atRisk(report)
        switch options.format {
        case .json:
            var pairs: [(String, JSON)] = [("quarter", .string(q.description))]
            if let p = report.progress.first { pairs += ScoreRenderer.progress(p) }
            pairs.append(("goals", .array(goals.map { a in
                .object([
                    ("subject", .string(a.subject)), ("name", .string(a.name)),
                    ("owner", a.owner.map(JSON.string) ?? .null), ("manager", a.manager.map(JSON.string) ?? .null),
                    ("metric", .string(a.goal.metric)), ("target", ScoreRenderer.num(a.goal.target)),
                    ("actual", ScoreRenderer.num(a.goal.actual?.rounded(places: 4))),
                    ("forecast", ScoreRenderer.forecastJSON(a.goal.forecast)),
                    ("confidence", .array(a.confidence.map(JSON.int))),
                    ("reasons", .array(a.reasons.map { .string($0.rawValue) })),
                ])
            })))
            Output.out(JSON.object(pairs).render() + "\n")
        case .text:
            let style = Terminal.stdout
            Output.out(style.bold("At risk \(ScoreRenderer.quarterLabel(q, report))") + "\n")
            if goals.isEmpty { Output.out("  no goal at risk\n"); return }
            var t = TextTable([("Subject", .left), ("Metric", .left), ("Target", .right), ("Actual", .right), ("Forecast", .right),
                               ("Confidence", .left), ("Owner", .left), ("Manager", .left), ("Why", .left)])
            for a in goals {
                t.add([a.subject, a.goal.metric, a.goal.targetText, ScoreRenderer.actual(a.goal), ScoreRenderer.forecastActual(a.goal),
                       a.confidence.isEmpty ? "–" : a.confidence.map(String.init).joined(separator: " → "),
                       a.owner ?? "–", a.manager ?? "–", a.reasons.map(\.words).joined(separator: "; ")])
            }
            Output.out(t.render(style: style))
        }
    }
}

extension AtRiskGoal.Reason {
    var words: String {
        switch self {
        case .forecastMissesTarget: return "forecast misses the target"
        case .noActualYet: return "nothing recorded yet (the forecast counts it as 0)"
        case .confidenceFalling: return "confidence fell twice in a row"
        }
    }
}
