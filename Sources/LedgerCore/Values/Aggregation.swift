/// How a quarter's records of a metric combine into the one actual that is scored
/// (`aggregate:` in metrics/<id>.yaml): a retention rate takes the `last` measurement,
/// revenue the `sum` of monthly figures. `apply(_:)` lives with the scoring code.
public enum Aggregation: String, CaseIterable, Sendable, Codable {
    case last, sum, mean, min, max
}
