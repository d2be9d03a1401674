/// Goals at risk in a quarter (docs/review-cycle.md, "kpi at-risk"): the forecast misses the
/// target, nothing is recorded yet once the quarter has begun (the forecast score counts such a
/// goal as 0), or the check-ins' confidence fell twice in a row (the last three given, each lower).
public struct AtRiskGoal: Sendable {
    public enum Reason: String, Sendable {
        case forecastMissesTarget = "forecast_misses_target"
        case noActualYet = "no_actual_yet"
        case confidenceFalling = "confidence_falling"
    }

    public var subject: String
    public var name: String
    /// Who answers for the goal: the person, or a team's lead.
    public var owner: String?
    /// The owner's manager: a person's manager, or the lead of a team's parent team.
    public var manager: String?
    public var goal: GoalScore
    /// The last confidences given for the goal's metric, oldest first (at most three).
    public var confidence: [Int]
    public var reasons: [Reason]
}

extension Scorer {
    /// The goals at risk among `report`'s subjects (a report made with forecasts).
    public func atRisk(_ report: ScoreReport) -> [AtRiskGoal] {
        var out: [AtRiskGoal] = []
        for s in report.subjects where s.isComplete {
            let key = SheetKey(subject: s.id, quarter: s.quarter)
            let records = sheetRecords(key)
            let begun = (report.progress.first { $0.quarter == s.quarter }?.elapsedDays ?? 0) > 0
            for g in s.goals {
                var reasons: [AtRiskGoal.Reason] = []
                if let f = g.forecast?.actual, g.direction == .higher ? f < g.target : f > g.target {
                    reasons.append(.forecastMissesTarget)
                } else if begun, g.actual == nil, g.forecast?.actual == nil {
                    reasons.append(.noActualYet)
                }
                let confidence = Array(records.records(of: g.metric).compactMap(\.confidence).suffix(3))
                if confidence.count == 3, confidence[0] > confidence[1], confidence[1] > confidence[2] {
                    reasons.append(.confidenceFalling)
                }
                guard !reasons.isEmpty else { continue }
                let (owner, manager) = ownerAndManager(s.id)
                out.append(AtRiskGoal(subject: s.id, name: s.name, owner: owner, manager: manager, goal: g,
                                      confidence: confidence, reasons: reasons))
            }
        }
        return out
    }

    func ownerAndManager(_ id: String) -> (String?, String?) {
        if let p = ledger.people[id] { return (id, p.manager?.value) }
        guard let team = ledger.teams[id] else { return (nil, nil) }
        return (team.lead?.value, team.parent.flatMap { ledger.teams[$0.value]?.lead?.value })
    }
}
