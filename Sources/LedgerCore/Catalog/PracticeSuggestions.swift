/// The core KPIs and dimension weights the KPI practice recommends for a product manager's
/// level, a product's stage and a department (docs/review-cycle.md, "Suggestions"): junior PMs
/// are judged on process first, mid-level on user value, senior on business and strategy; a
/// startup watches retention and core-feature usage, a growing product DAU/MAU growth and
/// conversion, a mature one LTV/CAC and profit. Ids are the default catalog's.
public enum PracticeSuggestions {
    public enum Level: String, CaseIterable, Sendable { case junior, mid, senior }
    public enum Stage: String, CaseIterable, Sendable { case startup, growth, mature }
    public enum Department: String, CaseIterable, Sendable { case product, marketing }

    public struct KPI: Sendable, Equatable {
        public var metric: String
        public var why: String
        /// The suggested weight (all the KPIs' weights add up to 100).
        public var weight: Int
        /// One of the 2–4 core KPIs; the others fill a dimension the scorecard asks weight for.
        public var core: Bool
    }

    public struct Dimension: Sendable, Equatable {
        public var id: String
        public var name: String
        public var min: Int
        public var max: Int
        /// The suggested weight, within min–max; the dimension's KPIs share it.
        public var weight: Int
    }

    public struct Suggestion: Sendable {
        /// The default catalog's scorecard whose dimension weights apply.
        public var scorecard: String
        public var dimensions: [Dimension]
        /// Two to four core KPIs, then one KPI for each other dimension that needs weight.
        public var kpis: [KPI]
    }

    static let byLevel: [Level: [(String, String)]] = [
        .junior: [("on_time_delivery", "junior PMs are judged on process first: delivering what was planned, on time"),
                  ("launch_quality", "process first: launches without incidents or rollbacks"),
                  ("task_completion", "user value, second for a junior PM: users finish what they came to do")],
        .mid: [("retention", "mid-level PMs are judged on user value first: do users stay"),
               ("core_feature_usage", "user value first: is the core feature used"),
               ("conversion_rate", "business results, second for a mid-level PM")],
        .senior: [("revenue", "senior PMs are judged on business results first"),
                  ("strategic_goals", "and on strategy: the strategic goals they own"),
                  ("ltv_cac", "business health: LTV/CAC, healthy above 3")],
    ]

    static let byStage: [Stage: [(String, String)]] = [
        .startup: [("retention", "a startup product first proves users stay"),
                   ("core_feature_usage", "a startup product proves its core feature is used")],
        .growth: [("growth_rate", "a growing product is judged on DAU/MAU growth"),
                  ("conversion_rate", "a growing product turns users into customers")],
        .mature: [("ltv_cac", "a mature product is judged on LTV/CAC (healthy above 3)"),
                  ("profit", "a mature product is judged on profit")],
    ]

    static let byDepartment: [Department: [(String, String)]] = [
        .product: [],
        .marketing: [("growth_rate", "marketing scorecards weigh growth most (30–40%)"),
                     ("channel_roi", "channel efficiency (20–30% of a marketing scorecard)"),
                     ("brand_search_index", "brand (20–30% of a marketing scorecard)")],
    ]

    /// The suggestion for a case: a department's scorecard when one is named, else the level's.
    public static func suggest(level: Level, stage: Stage?, department: Department?) -> Suggestion {
        let cardID = department.map { "\($0.rawValue)_department" } ?? "pm_\(level.rawValue)"
        let card = DefaultCatalog.scorecards.first { $0.id == cardID }!
        func dimension(_ metric: String) -> DefaultCatalog.DimensionSpec? { card.dimensions.first { $0.metrics.contains(metric) } }
        // The department's (or level's) two first, then the stage's, then the rest; four at most.
        let primary = department == .marketing ? byDepartment[.marketing]! : byLevel[level]!
        var picks: [(metric: String, why: String, core: Bool)] = []
        for p in Array(primary.prefix(2)) + (stage.map { byStage[$0]! } ?? []) + primary.dropFirst(2)
        where !picks.contains(where: { $0.metric == p.0 }) && picks.count < 4 {
            picks.append((p.0, p.1, true))
        }
        // A dimension the scorecard asks weight for but no core KPI measures gets its first metric,
        // so the sheet's dimension weights can stay within the scorecard's ranges.
        for d in card.dimensions where d.min > 0 && !picks.contains(where: { dimension($0.metric)?.id == d.id }) {
            if let m = d.metrics.first(where: { m in !picks.contains { $0.metric == m } }) {
                picks.append((m, "fills the \(d.name.lowercased()) dimension (the scorecard asks \(d.min)–\(d.max)%)", false))
            }
        }
        // A stage's KPI that the scorecard has no dimension for (growth_rate on a PM's card) weighs
        // outsideWeight on its own; the scorecard's dimensions share the rest.
        let outside = picks.filter { dimension($0.metric) == nil }
        let weights = dimensionWeights(card, covered: Set(picks.compactMap { dimension($0.metric)?.id }),
                                       total: 100 - outside.count * outsideWeight)
        let dims = card.dimensions.map { Dimension(id: $0.id, name: $0.name, min: $0.min, max: $0.max, weight: weights[$0.id] ?? 0) }
        // Each dimension's weight shared by its KPIs in whole numbers, the remainder to the first.
        var kpis = outside.map { KPI(metric: $0.metric, why: $0.why, weight: outsideWeight, core: $0.core) }
        for d in card.dimensions {
            let mine = picks.filter { dimension($0.metric)?.id == d.id }
            guard !mine.isEmpty, let w = weights[d.id] else { continue }
            for (i, p) in mine.enumerated() {
                kpis.append(KPI(metric: p.metric, why: p.why, weight: w / mine.count + (i < w % mine.count ? 1 : 0), core: p.core))
            }
        }
        let order = picks.map(\.metric)
        kpis.sort { order.firstIndex(of: $0.metric)! < order.firstIndex(of: $1.metric)! }
        return Suggestion(scorecard: cardID, dimensions: dims, kpis: kpis)
    }

    /// The weight of a KPI outside the scorecard's dimensions: a tenth, which every default
    /// scorecard can spare (the minimums of its dimensions add up to 80 or less).
    static let outsideWeight = 10

    /// Whole-number weights for the covered dimensions that add up to `total`, each within its
    /// scorecard range: every dimension starts at the middle of its range (rounded down), then the
    /// difference is spread one point at a time over the dimensions with room left, in scorecard
    /// order.
    static func dimensionWeights(_ card: DefaultCatalog.ScorecardSpec, covered: Set<String>, total: Int) -> [String: Int] {
        let dims = card.dimensions.filter { covered.contains($0.id) }
        var w = Dictionary(uniqueKeysWithValues: dims.map { ($0.id, ($0.min + $0.max) / 2) })
        var left = total - w.values.reduce(0, +)
        while left != 0 {
            let step = left > 0 ? 1 : -1
            let room = dims.filter { left > 0 ? w[$0.id]! < $0.max : w[$0.id]! > $0.min }
            guard !room.isEmpty else { break }   // the ranges cannot reach 100: the check will say so
            for d in room where left != 0 {
                w[d.id]! += step
                left -= step
            }
        }
        return w
    }
}
