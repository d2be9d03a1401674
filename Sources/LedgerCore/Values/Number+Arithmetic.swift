import Foundation

// Arithmetic on `Number`. Two families, because callers differ:
// - checked methods return nil instead of a NaN (overflow, division by zero): formula
//   evaluation over user-supplied values uses these and reports "no value" with a reason;
// - operators trap like `Int` does: for computations whose inputs are already bounded
//   (weights, clamped attainments), where a failure would be a programming error.
extension Number {
    public func adding(_ other: Number) -> Number? { Number(exactly: storage + other.storage) }
    public func subtracting(_ other: Number) -> Number? { Number(exactly: storage - other.storage) }
    public func multiplied(by other: Number) -> Number? { Number(exactly: storage * other.storage) }

    /// The quotient rounded to what fits 128 bits (38–39 significant digits); nil for division by zero or overflow.
    public func divided(by other: Number) -> Number? {
        guard !other.isZero else { return nil }
        return Number(exactly: storage / other.storage)
    }

    public static func + (lhs: Number, rhs: Number) -> Number {
        guard let r = lhs.adding(rhs) else { preconditionFailure("Number overflow in \(lhs) + \(rhs)") }
        return r
    }

    public static func - (lhs: Number, rhs: Number) -> Number {
        guard let r = lhs.subtracting(rhs) else { preconditionFailure("Number overflow in \(lhs) - \(rhs)") }
        return r
    }

    public static func * (lhs: Number, rhs: Number) -> Number {
        guard let r = lhs.multiplied(by: rhs) else { preconditionFailure("Number overflow in \(lhs) * \(rhs)") }
        return r
    }

    /// Traps on division by zero; use `divided(by:)` when the divisor comes from input.
    public static func / (lhs: Number, rhs: Number) -> Number {
        guard let r = lhs.divided(by: rhs) else { preconditionFailure("Number division \(lhs) / \(rhs) has no value") }
        return r
    }

    public static prefix func - (operand: Number) -> Number {
        Number(unchecked: -operand.storage)
    }

    public static func += (lhs: inout Number, rhs: Number) { lhs = lhs + rhs }
    public static func -= (lhs: inout Number, rhs: Number) { lhs = lhs - rhs }
    public static func *= (lhs: inout Number, rhs: Number) { lhs = lhs * rhs }

    /// Rounded to `places` digits after the decimal point, halves away from zero
    /// (2.5 → 3, −2.5 → −3, 84.995 → 85.00 at two places): "half-up" as people round by
    /// hand and as spreadsheets display, rather than banker's half-even, so a score shown
    /// as 85.0 is never surprising to a manager checking it on paper.
    public func rounded(places: Int) -> Number {
        var source = storage
        var result = Decimal()
        NSDecimalRound(&result, &source, places, .plain)
        return Number(exactly: result) ?? self
    }

    /// Rounded down to `places` digits after the decimal point (towards negative infinity) (99.96 → 99.9,
    /// −0.05 → −0.1): a shown value never exceeds the exact one.
    public func roundedDown(places: Int) -> Number {
        var source = storage
        var result = Decimal()
        NSDecimalRound(&result, &source, places, .down)
        let cut = Number(exactly: result) ?? self
        if cut <= self { return cut }
        var step = Decimal(1)
        for _ in 0..<places { step /= 10 }
        return Number(exactly: result - step) ?? cut
    }
}
