extension Aggregation {
    /// Combines a quarter's values of one metric, already sorted by date (oldest first),
    /// into the actual that is scored. `last` is the latest by date; `mean` is the exact
    /// decimal mean (rounded to what fits 128 bits (38–39 significant digits) only when the division does not end).
    /// No values: nil — the goal is missing, not 0.
    public func apply<C: BidirectionalCollection>(_ values: C) -> Number? where C.Element == Number {
        guard let first = values.first else { return nil }
        switch self {
        case .last: return values.last
        case .sum: return values.dropFirst().reduce(first, +)
        case .mean: return values.dropFirst().reduce(first, +) / Number(values.count)
        case .min: return values.min()
        case .max: return values.max()
        }
    }
}
