import GitStore

/// The ledger's catalog and organisation: metrics, scorecards, people, teams, settings.
public struct Metric: Sendable {
    public var id: String
    public var name: String
    /// Names in other languages, by language code (`zh`).
    public var names: [String: String]
    public var dimension: String
    public var unit: MetricUnit
    public var direction: Direction
    public var aggregate: Aggregation?
    public var formula: Formula?
    public var formulaText: String?
    public var description: String?
    public var ref: SourceRef

    /// A derived metric is computed from others and has no records of its own.
    public var isDerived: Bool { formula != nil }
}

public struct ScorecardDimension: Sendable {
    public var id: String
    public var name: String?
    public var min: Number?
    public var max: Number?
    public var metrics: [String]
    public var ref: SourceRef
}

public struct Scorecard: Sendable {
    public var id: String
    public var name: String
    public var dimensions: [ScorecardDimension]
    public var coreMin: Int
    public var coreMax: Int
    public var ref: SourceRef

    /// The dimension that lists `metric`, if any.
    public func dimension(of metric: String) -> ScorecardDimension? {
        dimensions.first { $0.metrics.contains(metric) }
    }
}

public struct Person: Sendable {
    public var id: String
    public var name: String
    public var email: String?
    public var manager: Located<String>?
    public var team: Located<String>?
    public var level: String?
    public var scorecard: Located<String>?
    /// SSH public keys that prove this person's signed commits (docs/audit.md).
    public var signingKeys: [SSHPublicKey] = []
    public var ref: SourceRef
}

public struct Team: Sendable {
    public var id: String
    public var name: String
    public var lead: Located<String>?
    public var parent: Located<String>?
    public var scorecard: Located<String>?
    public var ref: SourceRef
}

public struct RatingBand: Sendable, Hashable {
    public var grade: String
    public var min: Number
    public init(grade: String, min: Number) {
        self.grade = grade
        self.min = min
    }
}

public struct LedgerSettings: Sendable {
    public var name: String = "Ledger"
    public var fiscalYearStart: Int = 1
    /// Emails allowed to change anything (auditors' `unauthorized_change` rule).
    public var admins: [String] = []
    /// `signatures: required`: every commit must be signed by a key in its author's people
    /// file (docs/audit.md).
    public var signaturesRequired = false
    /// Attainment cap as a fraction (120% → 1.2).
    public var cap: Number = Number(12) / Number(10)
    public var bonusCap: Number = 5
    /// Highest first.
    public var ratings: [RatingBand] = LedgerSettings.defaultRatings
    /// A target more than this fraction above (or below, for lower-is-better) its baseline is
    /// flagged as a stretch (1 → 100%).
    public var maxStretch: Number = 1
    /// Below this an ltv_cac actual or target is flagged (the domain's health line).
    public var minLtvCac: Number = 3
    /// `calibration: distribution:`: each grade's target share in percent (`S: 10%` → 10), in
    /// the order of the rating bands (docs/review-cycle.md).
    public var ratingDistribution: [(grade: String, share: Number)] = []
    /// `incentives: multipliers:`: each final rating's bonus multiplier, in band order.
    public var multipliers: [(grade: String, multiplier: Number)] = []

    public static let defaultRatings: [RatingBand] = [
        RatingBand(grade: "S", min: 110), RatingBand(grade: "A", min: 100),
        RatingBand(grade: "B", min: 85), RatingBand(grade: "C", min: 70),
        RatingBand(grade: "D", min: 0),
    ]

    public init() {}

    /// How many bands apart two grades are (nil when either is not a band of this ledger).
    public func bandDistance(_ a: String, _ b: String) -> Int? {
        guard let i = ratings.firstIndex(where: { $0.grade == a }), let j = ratings.firstIndex(where: { $0.grade == b }) else { return nil }
        return abs(i - j)
    }

    /// The grade of a score: the highest band whose minimum it reaches. Below every minimum, the
    /// lowest band when it starts at 0 or below (the floor: a penalty can push a score under 0),
    /// else nil: bands that stop above 0 say nothing about such a score, and giving it the lowest
    /// grade would rate 42 points an A under `A ≥ 100` (loading ledger.yaml warns, `unrated-scores`).
    public func rating(for score: Number) -> String? {
        if let i = bandIndex(for: score) { return ratings[i].grade }
        if let lowest = ratings.last, lowest.min <= .zero { return lowest.grade }
        return nil
    }
}
