import LedgerFormat

/// `kpi suggest --draft SUBJECT --quarter Q` (docs/review-cycle.md, "Suggestions"): a new goal
/// sheet with the suggested core KPIs and weights, each baseline the subject's actual of the
/// previous quarter where there is one, and the targets left empty for the manager to set
/// (a warning until they are).
extension Recorder {
    public struct DraftGoal: Sendable {
        public var metric: String
        public var weight: Int
        public var core: Bool
        public init(metric: String, weight: Int, core: Bool = true) {
            self.metric = metric
            self.weight = weight
            self.core = core
        }
    }

    public func draftSheet(subject: String, quarter: Quarter, scorecard: String?, goals: [DraftGoal]) throws -> Result {
        try checkID(subject, "subject")
        let path = LedgerLayout.path(.goals, id: subject, quarter: quarter)
        return try commit { _, ledger, read in
            try requireSubject(subject, ledger)
            guard try read(path) == nil else {
                throw LedgerError.refused(.draftOverExistingSheet(path))
            }
            if let scorecard, ledger.scorecards[scorecard] == nil {
                throw LedgerError.refused(.unknownScorecard(scorecard, in: ledger))
            }
            // Baselines: the previous quarter's actuals, as that quarter's records give them.
            let previous = quarter.previous
            let recordsPath = LedgerLayout.path(.records, id: subject, quarter: previous)
            let withRecords = LedgerLoader.extend(ledger, with: try read(recordsPath).map { [(recordsPath, $0)] } ?? [], checks: false)
            let scorer = Scorer(ledger: withRecords)
            let records = scorer.sheetRecords(SheetKey(subject: subject, quarter: previous))
            var text = "# \(Schemas.modeline(for: .goals, at: path))\n"
            text += "# Drafted by kpi suggest: baselines are \(previous)'s actuals; set each target (kpi goal set \(subject) METRIC --quarter \(quarter) --target ...).\n"
            text += "subject: \(subject)\nquarter: \(quarter)\n" + (scorecard.map { "scorecard: \($0)\n" } ?? "") + "goals:\n"
            var baselines: [String] = []
            for g in goals {
                let m = try requireMetric(g.metric, ledger)
                text += "  - metric: \(g.metric)\n"
                if let actual = scorer.actual(g.metric, records, depth: 0).value {
                    let written = ValueFormatter.format(actual.rounded(places: 2), unit: m.unit)
                    text += "    baseline: \(YAMLEmitter.renderInline(written))\n"
                    baselines.append("\(g.metric) \(written)")
                }
                text += "    target:\n    weight: \(g.weight)\n" + (g.core ? "    core: true\n" : "")
            }
            // The subject names the sheet; the body what it holds (subjects stay within 72 characters).
            let summary = "goal: \(subject) \(quarter) drafted, \(goals.count) goals, targets to set\n\n"
                + "Core KPIs: \(goals.filter(\.core).map { "\($0.metric) (weight \($0.weight))" }.joined(separator: ", ")).\n"
                + (goals.contains { !$0.core } ? "Filling the other dimensions: \(goals.filter { !$0.core }.map { "\($0.metric) (weight \($0.weight))" }.joined(separator: ", ")).\n" : "")
                + (baselines.isEmpty ? "No baselines: \(subject) has no actuals of them in \(previous)." : "Baselines from \(previous): \(baselines.joined(separator: ", ")).")
            return ([path: Array(text.utf8)], summary)
        }
    }
}

extension Refusal {
    static func draftOverExistingSheet(_ path: String) -> Refusal {
        Refusal(.alreadyExists, "\(path) already exists; a draft starts a new sheet (change that one with kpi goal set)")
    }
}
