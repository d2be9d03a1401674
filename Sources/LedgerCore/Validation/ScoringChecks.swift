/// Warnings about goals that are legal but probably not what a good goal sheet wants
/// (SMART goals, 2–4 core KPIs, dimension weights within the scorecard): docs/scoring.md,
/// "Warnings from `kpi check`".
enum ScoringChecks {
    /// The metric whose target is held to the ledger's LTV/CAC health line (`minLtvCac`).
    static let ltvCac = "ltv_cac"

    /// `ltvCacID`: the LTV/CAC metric's id among the names (`NameTable.metrics.existingID(ltvCac)`),
    /// asked once for all the sheets a check walks (a look-up under the table's lock a sheet).
    static func check(_ sheet: GoalSheet, ltvCacID: UInt32? = NameTable.metrics.existingID(ltvCac), in ledger: inout Ledger) {
        // Written only for a warning: almost every sheet has none.
        func where_() -> String { "\(sheet.subject) \(sheet.quarter)" }
        // A ledger without scorecards has none for any sheet: the subject is not looked up.
        let card = ledger.scorecards.isEmpty ? nil : ledger.scorecard(for: sheet)
        if let card, !sheet.goals.isEmpty {
            let total = sheet.goals.map { $0.weight ?? 0 }.reduce(Number(0), +)
            if total > 0 {
                for dim in card.dimensions where dim.min != nil || dim.max != nil {
                    let w = sheet.goals.filter { ledger.dimension(of: $0.metric.value, in: card) == dim.id }
                        .map { $0.weight ?? 0 }.reduce(Number(0), +)
                    let share = w * 100 / total
                    if let lo = dim.min, share < lo {
                        ledger.report(sheet.ref, .dimensionWeight(where_(), dim.id, share: share, card.id, from: lo, to: dim.max ?? 100),
                                      causedBy: sheet.incompleteBecause)
                    } else if let hi = dim.max, share > hi {
                        ledger.report(sheet.ref, .dimensionWeight(where_(), dim.id, share: share, card.id, from: dim.min ?? 0, to: hi),
                                      causedBy: sheet.incompleteBecause)
                    }
                }
            }
            let cores = sheet.goals.filter(\.core).count
            if cores > 0 || sheet.goals.count > card.coreMax {
                let n = cores > 0 ? cores : sheet.goals.count
                if n < card.coreMin || n > card.coreMax {
                    ledger.report(sheet.ref, .coreKPICount(where_(), n, card),
                                  causedBy: sheet.incompleteBecause)
                }
            }
        }
        // An LTV/CAC goal is known by its metric's id among the names (no name made a goal).
        for i in sheet.goals.indices {
            // Only a goal with a baseline, or an LTV/CAC one, is looked at: most goals need no
            // look-up of their metric (a ledger's metrics are keyed by their ids), nor a copy.
            guard sheet.goals[i].baseline != nil || sheet.goals[i].metricNameID == ltvCacID else { continue }
            let goal = sheet.goals[i]
            guard let metric = ledger.metrics[goal.metric.value] else { continue }
            if let baseline = goal.baseline {
                let improves = metric.direction == .higher ? goal.target > baseline : goal.target < baseline
                if !improves {
                    ledger.report(goal.ref, .targetNotBetter(where_(), metric.id, goal.targetText, baseline: goal.baselineText ?? baseline.description))
                } else if baseline != 0 {
                    let change = (goal.target - baseline) / baseline
                    let stretch = change < 0 ? Number(0) - change : change
                    if stretch > ledger.settings.maxStretch {
                        ledger.report(goal.ref, .stretchTarget(where_(), metric.id, goal.targetText, stretch: stretch, baseline: goal.baselineText ?? "", allowed: ledger.settings.maxStretch))
                    }
                }
            }
            if metric.id == ltvCac, goal.target < ledger.settings.minLtvCac {
                ledger.report(goal.ref, .lowLtvCac(where_(), goal.targetText, healthLine: ledger.settings.minLtvCac))
            }
        }
    }
}

extension Finding {
    /// `sheet` is "SUBJECT QUARTER".
    static func dimensionWeight(_ sheet: String, _ dimension: String, share: Number, _ card: String, from lo: Number, to hi: Number) -> Finding {
        Finding(.warning, .dimensionWeight, "\(sheet): dimension \(dimension) has \(share.rounded(places: 1))% of the weight; scorecard \(card) asks for \(lo)–\(hi)%")
    }
    static func coreKPICount(_ sheet: String, _ n: Int, _ card: Scorecard) -> Finding {
        Finding(.warning, .coreKPICount, "\(sheet) has \(n) core KPIs; scorecard \(card.id) allows \(card.coreMin)–\(card.coreMax)")
    }
    static func targetNotBetter(_ sheet: String, _ metric: String, _ target: String, baseline: String) -> Finding {
        Finding(.warning, .targetNotBetter, "\(sheet): the \(metric) target \(target) does not improve on its baseline \(baseline)")
    }
    static func stretchTarget(_ sheet: String, _ metric: String, _ target: String, stretch: Number, baseline: String, allowed: Number) -> Finding {
        Finding(.warning, .stretchTarget, "\(sheet): the \(metric) target \(target) is \((stretch * 100).rounded(places: 0))% away from its baseline \(baseline), more than the \((allowed * 100).rounded(places: 0))% the ledger's policy allows")
    }
    static func lowLtvCac(_ sheet: String, _ target: String, healthLine: Number) -> Finding {
        Finding(.warning, .lowLtvCac, "\(sheet): an LTV/CAC target of \(target) is below \(healthLine), the usual health line")
    }
}
