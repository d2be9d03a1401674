/// The outcome of evaluating a formula: a value, or the reason there is none.
///
/// A derived KPI without a value (an input not measured yet, a zero divisor) is shown as
/// missing with its reason and counts 0 in the score — never a crash, an infinity or a
/// silently invented number.
public enum FormulaResult: Equatable, Sendable {
    case value(Number)
    case noValue(reason: String)

    public var value: Number? {
        if case .value(let n) = self { return n }
        return nil
    }
}
