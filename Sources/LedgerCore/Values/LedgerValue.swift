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
        var bytes = text
        return parse(text, unit: bytes.withUTF8 { weightUnit(utf8: $0) })
    }

    /// The unit a weight written as `bytes` (UTF-8) is read in: `.percent` when it holds `%` or
    /// `％` (U+FF05, the bytes EF BC 85: in UTF-8 they spell nothing else), else `.score`. The
    /// one rule of `parseWeight` and of `RecordDecoder.decodeGoal`, which reads weights from a
    /// file's bytes.
    static func weightUnit(utf8 bytes: UnsafeBufferPointer<UInt8>) -> MetricUnit {
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") { return .percent }
            if bytes[i] == 0xEF, i + 2 < bytes.count, bytes[i + 1] == 0xBC, bytes[i + 2] == 0x85 { return .percent }
            i += 1
        }
        return .score
    }
}
