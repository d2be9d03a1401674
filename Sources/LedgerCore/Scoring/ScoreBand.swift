/// The rating band a score fell in, kept beside the score so that every display of it stays
/// inside the band (docs/scoring.md, "Rounding"): 99.96 against an A band at 100 is a B, and
/// must never be printed as "100.0 B".
public struct ScoreBand: Equatable, Sendable {
    /// The band's minimum; nil when the score lies below every minimum (it has no rating).
    public var min: Number?
    /// The next band's minimum (the score lies below it); nil for the highest band.
    public var upper: Number?

    public init(min: Number?, upper: Number?) {
        self.min = min
        self.upper = upper
    }

    /// `score` with `places` decimals for display: rounded half-up as everywhere else, unless
    /// rounding would carry it out of its band; then cut towards the band instead (99.96 → 99.9
    /// under an A at 100), with more places when the band's minimum has more (99.97 → 99.97
    /// under an A at 99.95).
    public func shown(_ score: Number, places: Int) -> Number {
        let rounded = score.rounded(places: places)
        if contains(rounded) { return rounded }
        var p = places
        while p < 12 {
            let cut = score.roundedDown(places: p)
            if contains(cut) { return cut }
            p += 1
        }
        return score
    }

    func contains(_ n: Number) -> Bool {
        if let min, n < min { return false }
        if let upper, n >= upper { return false }
        return true
    }
}

extension LedgerSettings {
    /// The band a score's rating comes from (see `rating(for:)`); below every minimum, the
    /// unrated range under the lowest band.
    public func band(for score: Number) -> ScoreBand {
        guard let i = bandIndex(for: score) else {
            return ScoreBand(min: nil, upper: ratings.last?.min)
        }
        return ScoreBand(min: ratings[i].min, upper: ratings[..<i].last(where: { $0.min > ratings[i].min })?.min)
    }

    /// The place in `ratings` of the first band whose minimum `score` reaches (nil: none). The
    /// score's parts are read once and compared with each minimum's exactly, as `Number`'s `<`
    /// compares them (a score with no fixed form against five minimums read its parts five times).
    func bandIndex(for score: Number) -> Int? {
        if #available(macOS 15, *), let s = score.parts {
            return ratings.firstIndex { band in band.min.parts.map { !FixedPoint.less(s, $0) } ?? (score >= band.min) }
        }
        return ratings.firstIndex { score >= $0.min }
    }
}
