/// How far a quarter has run on a given day: the current quarter's scores are provisional
/// (docs/scoring.md, "Quarters in progress"). Day 1 is the quarter's first day, so 30 November
/// is day 61 of October–December's 92.
public struct QuarterProgress: Equatable, Sendable {
    public var quarter: Quarter
    /// True when the quarter contains `today`.
    public var inProgress: Bool
    /// Days of the quarter up to and including today: 0 before it starts, all after it ends.
    public var elapsedDays: Int
    public var totalDays: Int

    public init(_ quarter: Quarter, today: Day, fiscalYearStart: Int) {
        let days = quarter.days(fiscalYearStart: fiscalYearStart)
        self.quarter = quarter
        totalDays = Int(days.upperBound.daysSinceEpoch - days.lowerBound.daysSinceEpoch) + 1
        inProgress = days.contains(today)
        elapsedDays = min(totalDays, max(0, Int(today.daysSinceEpoch - days.lowerBound.daysSinceEpoch) + 1))
    }
}
