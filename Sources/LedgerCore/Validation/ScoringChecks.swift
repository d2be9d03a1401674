/// Warnings about goals that are legal but probably not what a good goal sheet wants
/// (SMART goals, 2–4 core KPIs, dimension weights within the scorecard): docs/scoring.md,
/// "Warnings from `kpi check`".
enum ScoringChecks {
    static func check(_ sheet: GoalSheet, in ledger: inout Ledger) {
        let where_ = "\(sheet.subject) \(sheet.quarter)"
        let card = ledger.scorecard(for: sheet)
        if let card, !sheet.goals.isEmpty {
            let total = sheet.goals.map { $0.weight ?? 0 }.reduce(Number(0), +)
            if total > 0 {
                for dim in card.dimensions where dim.min != nil || dim.max != nil {
                    let w = sheet.goals.filter { ledger.dimension(of: $0.metric.value, in: card) == dim.id }
                        .map { $0.weight ?? 0 }.reduce(Number(0), +)
                    let share = w * 100 / total
                    if let lo = dim.min, share < lo {
                        ledger.report(sheet.ref, .warning, .dimensionWeight, "\(where_): dimension \(dim.id) has \(share.rounded(places: 1))% of the weight; scorecard \(card.id) asks for \(lo)–\(dim.max ?? 100)%",
                                      causedBy: sheet.incompleteBecause)
                    } else if let hi = dim.max, share > hi {
                        ledger.report(sheet.ref, .warning, .dimensionWeight, "\(where_): dimension \(dim.id) has \(share.rounded(places: 1))% of the weight; scorecard \(card.id) asks for \(dim.min ?? 0)–\(hi)%",
                                      causedBy: sheet.incompleteBecause)
                    }
                }
            }
            let cores = sheet.goals.filter(\.core).count
            if cores > 0 || sheet.goals.count > card.coreMax {
                let n = cores > 0 ? cores : sheet.goals.count
                if n < card.coreMin || n > card.coreMax {
                    ledger.report(sheet.ref, .warning, .coreKPICount, "\(where_) has \(n) core KPIs; scorecard \(card.id) allows \(card.coreMin)–\(card.coreMax)",
                                  causedBy: sheet.incompleteBecause)
                }
            }
        }
        for goal in sheet.goals {
            guard let metric = ledger.metrics[goal.metric.value] else { continue }
            if let baseline = goal.baseline {
                let improves = metric.direction == .higher ? goal.target > baseline : goal.target < baseline
                if !improves {
                    ledger.report(goal.ref, .warning, .targetNotBetter, "\(where_): the \(metric.id) target \(goal.targetText) does not improve on its baseline \(goal.baselineText ?? baseline.description)")
                } else if baseline != 0 {
                    let change = (goal.target - baseline) / baseline
                    let stretch = change < 0 ? Number(0) - change : change
                    if stretch > ledger.settings.maxStretch {
                        ledger.report(goal.ref, .warning, .stretchTarget, "\(where_): the \(metric.id) target \(goal.targetText) is \((stretch * 100).rounded(places: 0))% away from its baseline \(goal.baselineText ?? ""), more than the \((ledger.settings.maxStretch * 100).rounded(places: 0))% the ledger's policy allows")
                    }
                }
            }
            if metric.id == "ltv_cac", goal.target < ledger.settings.minLtvCac {
                ledger.report(goal.ref, .warning, .lowLtvCac, "\(where_): an LTV/CAC target of \(goal.targetText) is below \(ledger.settings.minLtvCac), the usual health line")
            }
        }
    }
}
