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
        /// The suggested weight (the KPIs' weights add up to 100).
        public var weight: Int
    }

    public struct Dimension: Sendable, Equatable {
        public var id: String
        public var name: String
        public var min: Int
        public var max: Int
    }

    public struct Suggestion: Sendable {
        /// The default catalog's scorecard whose dimension weights apply.
        public var scorecard: String
        public var dimensions: [Dimension]
        /// Two to four core KPIs.
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
        // The department's (or level's) two first, then the stage's, then the rest; four at most.
        let primary = department == .marketing ? byDepartment[.marketing]! : byLevel[level]!
        var picks: [(String, String)] = []
        for p in Array(primary.prefix(2)) + (stage.map { byStage[$0]! } ?? []) + primary.dropFirst(2)
        where !picks.contains(where: { $0.0 == p.0 }) && picks.count < 4 {
            picks.append(p)
        }
        let dims = card.dimensions.map { Dimension(id: $0.id, name: $0.name, min: $0.min, max: $0.max) }
        return Suggestion(scorecard: cardID, dimensions: dims, kpis: weigh(picks, card: card))
    }

    /// Each KPI weighs its dimension's middle weight, shared with the other picks of that
    /// dimension, scaled to 100 in whole numbers (the remainder to the first KPIs).
    static func weigh(_ picks: [(String, String)], card: DefaultCatalog.ScorecardSpec) -> [KPI] {
        func dimension(_ metric: String) -> DefaultCatalog.DimensionSpec? { card.dimensions.first { $0.metrics.contains(metric) } }
        let raw = picks.map { p -> Int in
            guard let d = dimension(p.0) else { return 10 }
            let sharing = picks.filter { dimension($0.0)?.id == d.id }.count
            return (d.min + d.max) * 50 / sharing   // ×100 to keep whole numbers
        }
        let total = raw.reduce(0, +)
        var weights = raw.map { $0 * 100 / total }
        var left = 100 - weights.reduce(0, +)
        var i = 0
        while left > 0 { weights[i % weights.count] += 1; left -= 1; i += 1 }
        return zip(picks, weights).map { KPI(metric: $0.0.0, why: $0.0.1, weight: $0.1) }
    }
}
