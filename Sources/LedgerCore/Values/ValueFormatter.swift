/// Writes a value back for people (tables) and machines (JSON).
///
/// `format` adds the unit's mark only where it is unambiguous and short: `45%`, `3d`, `4h`.
/// Money is written as a plain number because the ledger does not know its currency (see
/// `ValueParser`), and counts, ratios and scores are plain. No thousands separators and no
/// rounding: the text is exact and `ValueParser.parse(format(n, unit:), unit:)` gives back
/// `n`. Display rounding is the caller's decision (`Number.rounded(places:)`).
public enum ValueFormatter {
    public static func format(_ number: Number, unit: MetricUnit) -> String {
        switch unit {
        case .percent: "\(number)%"
        case .days: "\(number)d"
        case .hours: "\(number)h"
        case .count, .currency, .ratio, .score: number.description
        }
    }

    /// Just the number, for JSON and CSV.
    public static func formatPlain(_ number: Number) -> String {
        number.description
    }
}
