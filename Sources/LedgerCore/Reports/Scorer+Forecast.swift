/// Forecasts on top of a computed score (docs/review-cycle.md, "Forecasts and check-ins"):
/// each goal's projected quarter-end actual, its attainment, and the score they would give.
public struct GoalForecast: Sendable {
    /// Nil when there is nothing to project from (no record yet, or the quarter has not begun).
    public var actual: Number?
    public var attainment: Number?
}

extension Scorer {
    /// Adds forecasts to a subject's own goals as of `today`. A quarter that has ended is
    /// forecast by its actuals (nothing is left to project); one not yet begun has none.
    func addForecast(_ s: inout SubjectScore, today: Day) {
        let key = SheetKey(subject: s.id, quarter: s.quarter)
        guard s.isComplete, let sheet = ledger.goalSheets[key] else { return }
        let fys = ledger.settings.fiscalYearStart
        let range = s.quarter.days(fiscalYearStart: fys)
        let progress = QuarterProgress(s.quarter, today: today, fiscalYearStart: fys)
        let records = sheetRecords(key)
        var inputs: [ScoredGoalInput] = []
        for i in s.goals.indices {
            let g = s.goals[i]
            let projected: Number?
            if progress.elapsedDays >= progress.totalDays {
                projected = g.actual
            } else if progress.elapsedDays == 0 {
                projected = nil
            } else {
                projected = forecastActual(g.metric, records, range: range, progress: progress, depth: 0)
            }
            let attainment = projected.flatMap {
                Attainment.compute(actual: $0, target: g.target, baseline: g.baseline, method: g.method,
                                   direction: g.direction, cap: ledger.settings.cap).value
            }
            s.goals[i].forecast = GoalForecast(actual: projected, attainment: attainment)
            inputs.append(ScoredGoalInput(metric: g.metric, dimension: g.dimension, weight: g.weight, attainment: attainment))
        }
        let result = SheetScore.compute(goals: inputs, bonusPoints: sheet.bonus.map(\.points), bonusCap: ledger.settings.bonusCap)
        s.forecastScore = result.score
        s.forecastRating = result.score.flatMap { ledger.settings.rating(for: $0) }
    }

    /// A metric's projected actual: its records' projection, or its formula over its inputs'.
    func forecastActual(_ id: String, _ records: SheetRecords, range: ClosedRange<Day>,
                        progress: QuarterProgress, depth: Int) -> Number? {
        guard let metric = ledger.metrics[id] else { return nil }
        if let formula = metric.formula, depth < 16 {
            return formula.evaluate { forecastActual($0, records, range: range, progress: progress, depth: depth + 1) }.value
        }
        guard let agg = metric.aggregate else { return nil }
        return Forecast.project(agg, values: records.positions(of: id).map { (records.counted[$0].date, records.counted[$0].value) }, quarter: range, progress: progress)
    }
}
