import LedgerFormat

/// Scores as data: what `kpi score` renders in every format, and what diff and report reuse.
public struct GoalScore: Sendable {
    public var metric: String
    public var metricName: String
    public var dimension: String
    public var unit: MetricUnit
    public var direction: Direction
    /// The goal as its sheet holds it: its baseline's and target's texts are written from it
    /// only when read (a report written as JSON reads none; docs/architecture.md, "Model").
    let goal: Goal
    public var baseline: Number? { goal.baseline }
    public var target: Number { goal.target }
    /// Exactly as written in the goal sheet (`45%`).
    public var baselineText: String? { goal.baselineText }
    public var targetText: String { goal.targetText }
    /// nil when no record (or no formula input) exists yet.
    public var actual: Number?
    /// The weight used: the sheet's, or an equal share when weights are left out.
    public var weight: Number
    public var attainment: Number?
    public var method: ScoringMethod
    /// The corrections among the records the actual was made from, in their order (docs/scoring.md, "Corrections").
    public var corrections: [GoalCorrection] = []
    /// How the actual and the attainment were computed, in words, with the records used: only
    /// from a `Scorer(ledger:explaining: true)` (`--explain`, a subject's page); nil otherwise.
    public var explanation: GoalExplanation? = nil
    /// The projected quarter-end actual and attainment (only when a forecast was asked for).
    public var forecast: GoalForecast? = nil
}

/// How a goal's numbers were made, in words (`kpi score --explain`).
public struct GoalExplanation: Sendable {
    /// How the actual was made: which records, which aggregation or formula.
    public var actual: String
    /// How the attainment was computed, in words and numbers.
    public var attainment: String
    /// The records the actual was made from, oldest first (a formula's inputs one after another).
    public var records: [Record]
}

/// A correction among a goal's records, with where each record it replaced is written
/// (`records/2026-Q3/alice.yaml:8`).
public struct GoalCorrection: Sendable {
    public var record: Record
    public var replaced: [(record: Record, location: String)]
}

public struct DimensionScore: Sendable {
    public var id: String
    public var weight: Number
    public var score: Number?
    /// The rating band the subtotal lies in: shown like a score, it stays inside it too.
    public var band: ScoreBand?

    public func shownScore(places: Int) -> Number? {
        guard let score else { return nil }
        return band?.shown(score, places: places) ?? score.rounded(places: places)
    }
}

public struct SubjectScore: Sendable {
    public var id: String
    public var name: String
    public var quarter: Quarter
    public var isTeam: Bool
    /// nil when the subject has no goals in the quarter.
    public var score: Number?
    public var rating: String?
    /// The reviewer's own rating, from the quarter's review.
    public var reviewRating: String?
    public var dimensions: [DimensionScore]
    public var goals: [GoalScore]
    public var bonus: Number
    public var warnings: [String]
    /// For a team: its members' scores rolled up.
    public var rollup: RollupResult?
    public var members: [String]
    /// The errors of the files this score depends on (for a team, its members' too). Not
    /// empty: the subject is incomplete, and has no score and no rating (docs/scoring.md).
    public var errors: [Diagnostic] = []
    /// The rating band of `score`, so displays round within it (`ScoreBand.shown`).
    public var band: ScoreBand?
    /// The score the goals' forecasts would give, and its rating (only when asked for).
    public var forecastScore: Number? = nil
    public var forecastRating: String? = nil
    /// The calibration meeting's rating and reason, if one rated the subject.
    public var calibration: CalibratedRating? = nil
    /// False when a calibration file of the quarter has an error that may hide the subject's
    /// calibrated rating: the final rating is then unknown, and the subject incomplete.
    public var calibrationKnown = true

    /// Computed, reviewer's and calibrated ratings; the final one is the first given of
    /// calibrated, reviewer's, computed (docs/review-cycle.md).
    public var ratings: RatingTrail { RatingTrail(computed: rating, review: reviewRating, calibrated: calibration?.rating,
                                                       calibrationKnown: calibrationKnown) }

    public var isComplete: Bool { errors.isEmpty }

    /// The score as shown with `places` decimals: never in another band than its rating.
    public func shownScore(places: Int) -> Number? {
        guard let score else { return nil }
        return band?.shown(score, places: places) ?? score.rounded(places: places)
    }
}

public struct ScoreReport: Sendable {
    public var quarters: [Quarter]
    /// The commit scored (nil for a working directory without git).
    public var revision: String?
    /// Ledger files on disk that differ from `revision` (scored as they are on disk).
    public var uncommitted: [String] = []
    public var subjects: [SubjectScore]
    /// Each quarter's progress on the day the report was made (empty when no day was given).
    public var progress: [QuarterProgress] = []
    /// True when the goals carry forecasts (`kpi score --forecast`).
    public var forecast = false

    /// True when every subject shown has a complete score.
    public var isComplete: Bool { subjects.allSatisfy(\.isComplete) }
}
