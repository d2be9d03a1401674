/// A metric value as the ledger accepts it: the unit's syntax (ValueParser), and one rule of the
/// ledger's own: a percentage written as a bare fraction (`0.45`) is refused, because it almost
/// always means 45% and would silently score as 0.45%.
public enum LedgerValue {
    public static func parse(_ text: String, unit: MetricUnit) -> Result<Number, ValueError> {
        let result = ValueParser.parse(text, unit: unit)
        if unit == .percent, case .success(let v) = result, !text.utf8.contains(UInt8(ascii: "%")), !v.isZero, v.magnitude < 1 {
            return .failure(ValueError(kind: .wrongUnit, message: "'\(text)' would mean \(text)%; write \(v * 100)% for a fraction, or \(text)% if you mean it"))
        }
        return result
    }

    /// A goal's weight: a plain number, or a percentage of the sheet (`30%` means 30, as
    /// weights are percentages anyway).
    public static func parseWeight(_ text: String) -> Result<Number, ValueError> {
        // `％` is three bytes from 0xEF: an ASCII weight is looked at byte by byte only.
        let percent = text.utf8.contains { $0 == UInt8(ascii: "%") || $0 == 0xEF } && text.unicodeScalars.contains { $0 == "%" || $0 == "％" }
        return percent ? parse(text, unit: .percent) : parse(text, unit: .score)
    }
}
