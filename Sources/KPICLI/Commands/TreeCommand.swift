import ArgumentParser
import LedgerCore

/// `kpi tree [TEAM] [--quarter Q]`: the goal cascade, company → department → team → person,
/// each goal with its attainment (docs/review-cycle.md, "Alignment").
struct TreeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree", abstract: "The goal cascade: each team's goals and the goals aligned to them, with attainment.")

    @OptionGroup var options: QuarterReportOptions

    @Argument(help: "Start at this team (default: every top-level team).")
    var team: String?

    func run() throws {
        let snap = try options.snapshot(team: team)
        let ledger = snap.ledger
        let today = options.revision.today
        let q = options.quarter.resolved(ledger, today: today)
        let roots = Scorer(ledger: ledger).alignmentTree(quarter: q, team: team)
        switch options.format {
        case .json:
            Output.out(JSON.object([("quarter", .string(q.description)), ("roots", .array(roots.map(Self.json)))]).render() + "\n")
        case .text:
            let progress = QuarterProgress(q, today: today, fiscalYearStart: ledger.settings.fiscalYearStart)
            let label = progress.inProgress ? "\(q) (day \(progress.elapsedDays)/\(progress.totalDays))" : q.description
            var out = Terminal.stdout.bold("Goal tree \(label)") + "\n"
            if roots.isEmpty { out += "  no team goals in \(q)\(team.map { " for \($0)" } ?? "")\n" }
            for r in roots { out += Self.lines(r, prefix: "", childPrefix: "") }
            Output.out(out)
        }
    }

    static func json(_ n: AlignmentNode) -> JSON {
        .object([
            ("subject", .string(n.subject)), ("name", .string(n.name)), ("kind", .string(n.isTeam ? "team" : "person")),
            ("metric", .string(n.goal.metric)), ("target", ScoreRenderer.num(n.goal.target)),
            ("actual", ScoreRenderer.num(n.goal.actual?.rounded(places: 4))),
            ("attainment", ScoreRenderer.num(n.goal.attainment?.rounded(places: 4))),
            ("score", ScoreRenderer.num(n.score?.rounded(places: 2))), ("rating", n.rating.map(JSON.string) ?? .null),
            ("children", .array(n.children.map(json))),
        ])
    }

    /// `product retention: 42% of 45% (40%) · Product 71.2 C`, children drawn below with ├─ └─.
    static func lines(_ n: AlignmentNode, prefix: String, childPrefix: String) -> String {
        let g = n.goal
        let score = n.score.map { "\($0.rounded(places: 1)) \(n.rating ?? "")" } ?? "no score"
        var out = SafeText.line("\(prefix)\(n.subject) \(g.metric): \(ScoreRenderer.actual(g)) of \(g.targetText) (\(ScoreRenderer.percent(g.attainment))) · \(n.name) \(score)") + "\n"
        for (i, c) in n.children.enumerated() {
            let last = i == n.children.count - 1
            out += lines(c, prefix: childPrefix + (last ? "└─ " : "├─ "), childPrefix: childPrefix + (last ? "   " : "│  "))
        }
        return out
    }
}
