/// The unit a metric is measured in (`unit:` in metrics/<id>.yaml).
///
/// A value is always stored as a plain number in this unit (`45%` is 45 for a percent
/// metric); the unit decides which written forms `ValueParser` accepts and how
/// `ValueFormatter` writes a value back.
public enum MetricUnit: String, CaseIterable, Sendable, Codable {
    case percent, count, currency, ratio, days, hours, score

    /// How a manager would say what this unit measures, for error messages
    /// ("… but this metric counts things").
    var phrase: String {
        switch self {
        case .percent: "is a percentage"
        case .count: "counts things"
        case .currency: "is an amount of money"
        case .ratio: "is a ratio"
        case .days: "is measured in days"
        case .hours: "is measured in hours"
        case .score: "is a score"
        }
    }
}
