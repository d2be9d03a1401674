/// A metric's projected quarter-end actual while its quarter runs (docs/review-cycle.md,
/// "Forecasts and check-ins"):
/// - `sum`: the pace so far, extended to the quarter's days: actual so far × total days /
///   elapsed days (elapsed days count today, as in `QuarterProgress`);
/// - `last`, `mean`, `min`, `max`: the least-squares line through the records (day of the
///   quarter, value), read at the quarter's last day; with fewer than two records, or all on
///   one day (no line), the last value.
/// Values are people's input: arithmetic is checked, and an overflow gives no forecast rather
/// than a crash.
public enum Forecast {
    /// `values` are the quarter's counted records of one metric, oldest first. Nil when there
    /// is no record to project from.
    public static func project(_ aggregate: Aggregation, values: [(day: Day, value: Number)],
                               quarter: ClosedRange<Day>, progress: QuarterProgress) -> Number? {
        guard let last = values.last else { return nil }
        if aggregate == .sum {
            var soFar = Number.zero
            for v in values { guard let s = soFar.adding(v.value) else { return nil }; soFar = s }
            guard progress.elapsedDays > 0 else { return soFar }
            return soFar.multiplied(by: Number(progress.totalDays))?.divided(by: Number(progress.elapsedDays))
        }
        guard values.count >= 2 else { return last.value }
        return trend(values, at: quarter.upperBound, from: quarter.lowerBound) ?? last.value
    }

    /// The least-squares line through (days since `origin`, value), read at `day`; nil with
    /// fewer than two distinct days (or on overflow). Written with one division at the end, so
    /// a line through exact decimals gives an exact projection.
    public static func trend(_ values: [(day: Day, value: Number)], at day: Day, from origin: Day) -> Number? {
        guard values.count >= 2 else { return nil }
        let n = Number(values.count)
        var sx = Number.zero, sy = Number.zero, sxx = Number.zero, sxy: Number? = .zero
        for v in values {
            let x = Number(Int(v.day.daysSinceEpoch - origin.daysSinceEpoch))
            sx += x
            sxx += x * x
            guard let y = sy.adding(v.value), let xy = x.multiplied(by: v.value).flatMap({ sxy?.adding($0) }) else { return nil }
            sy = y
            sxy = xy
        }
        // slope = (nΣxy − ΣxΣy) / (nΣxx − (Σx)²); the line at t = (Σy + slope × (n t − Σx)) / n.
        let den = n * sxx - sx * sx
        guard !den.isZero, let sxy else { return nil }
        let t = Number(Int(day.daysSinceEpoch - origin.daysSinceEpoch))
        guard let nSxy = n.multiplied(by: sxy), let sxSy = sx.multiplied(by: sy), let num = nSxy.subtracting(sxSy),
              let a = sy.multiplied(by: den), let b = num.multiplied(by: n * t - sx), let top = a.adding(b) else { return nil }
        return top.divided(by: n * den)
    }
}
