import Foundation

// Arithmetic on `Number`. Two families, because callers differ:
// - checked methods return nil instead of a NaN (overflow, division by zero): formula
//   evaluation over user-supplied values uses these and reports "no value" with a reason;
// - operators trap like `Int` does: for computations whose inputs are already bounded
//   (weights, clamped attainments), where a failure would be a programming error.
// Each operation tries the fixed-point form first (`FixedPoint`: exact or nothing), then
// Decimal's own steps done on integers (`DecimalArithmetic`: the same digits), and only
// otherwise computes with `Decimal`, whose rounding decides (see `Number`).
extension Number {
    public func adding(_ other: Number) -> Number? {
        if case let .fixed(a, ea) = storage, case let .fixed(b, eb) = other.storage,
           let r = FixedPoint.add(a, Int(ea), b, Int(eb)) { return r }
        if #available(macOS 15, *), let x = parts, let y = other.parts, let r = DecimalArithmetic.add(x, y), let n = Number(parts: r) { return n }
        return Number(exactly: decimalValue + other.decimalValue)
    }

    public func subtracting(_ other: Number) -> Number? {
        if case let .fixed(a, ea) = storage, case let .fixed(b, eb) = other.storage,
           let r = FixedPoint.add(a, Int(ea), -b, Int(eb)) { return r }
        if #available(macOS 15, *), let x = parts, let y = other.parts,
           let r = DecimalArithmetic.add(x, (y.magnitude, y.exponent, !y.negative)), let n = Number(parts: r) { return n }
        return Number(exactly: decimalValue - other.decimalValue)
    }

    public func multiplied(by other: Number) -> Number? {
        switch (storage, other.storage) {
        case let (.fixed(a, ea), .fixed(b, eb)):
            if let r = FixedPoint.multiply(a, Int(ea), b, Int(eb)) { return r }
        case let (.wide(d), .fixed(b, eb)), let (.fixed(b, eb), .wide(d)):
            if let r = Number.shifted(d, b, Int(eb)) { return r }
        default: break
        }
        if #available(macOS 15, *), let x = parts, let y = other.parts, let r = DecimalArithmetic.multiply(x, y), let n = Number(parts: r) { return n }
        return Number(exactly: decimalValue * other.decimalValue)
    }

    /// `d × s × 10^e` when `s` is ±1 (a power of ten: `× 100`, `/ 100` in scores): only the
    /// exponent moves, and the result is exact, as Decimal's is; nil otherwise.
    private static func shifted(_ d: Decimal, _ s: Int64, _ e: Int) -> Number? {
        guard s == 1 || s == -1, let r = DecimalBits.shifted(d, by: e, negate: s < 0) else { return nil }
        return Number(storage: .wide(r))
    }

    /// The quotient: exact when it has a decimal form of at most 38 digits, else rounded to
    /// what fits 128 bits (38–39 significant digits); nil for division by zero or overflow.
    public func divided(by other: Number) -> Number? {
        guard !other.isZero else { return nil }
        switch (storage, other.storage) {
        case let (.fixed(a, ea), .fixed(b, eb)):
            if let r = FixedPoint.divide(a, Int(ea), b, Int(eb)) { return r }
        case let (.wide(d), .fixed(b, eb)):
            if let r = Number.shifted(d, b, -Int(eb)) { return r }
        default: break
        }
        if #available(macOS 15, *), let x = parts, let y = other.parts, let r = DecimalArithmetic.divide(x, y), let n = Number(parts: r) { return n }
        return Number(exactly: decimalValue / other.decimalValue)
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
        switch operand.storage {
        case let .fixed(s, e): return Number(storage: .fixed(-s, e))
        case let .wide(d): return Number(storage: .wide(-d))
        }
    }

    public static func += (lhs: inout Number, rhs: Number) { lhs = lhs + rhs }
    public static func -= (lhs: inout Number, rhs: Number) { lhs = lhs - rhs }
    public static func *= (lhs: inout Number, rhs: Number) { lhs = lhs * rhs }

    /// Rounded to `places` digits after the decimal point, halves away from zero
    /// (2.5 → 3, −2.5 → −3, 84.995 → 85.00 at two places): "half-up" as people round by
    /// hand and as spreadsheets display, rather than banker's half-even, so a score shown
    /// as 85.0 is never surprising to a manager checking it on paper.
    public func rounded(places: Int) -> Number {
        if let r = roundedExactly(places: places, down: false) { return r }
        var source = decimalValue
        var result = Decimal()
        NSDecimalRound(&result, &source, places, .plain)
        return Number(exactly: result) ?? self
    }

    /// Rounded down to `places` digits after the decimal point (towards negative infinity) (99.96 → 99.9,
    /// −0.05 → −0.1): a shown value never exceeds the exact one.
    public func roundedDown(places: Int) -> Number {
        if let r = roundedExactly(places: places, down: true) { return r }
        var source = decimalValue
        var result = Decimal()
        NSDecimalRound(&result, &source, places, .down)
        let cut = Number(exactly: result) ?? self
        if cut <= self { return cut }
        var step = Decimal(1)
        for _ in 0..<places { step /= 10 }
        return Number(exactly: result - step) ?? cut
    }

    /// Rounding computed from the digits (a rounded value is unique, so this is what
    /// `NSDecimalRound` gives); nil where the result does not fit the fixed form.
    private func roundedExactly(places: Int, down: Bool) -> Number? {
        switch storage {
        case let .fixed(s, e):
            return FixedPoint.round(s, Int(e), places: places, down: down)
        case let .wide(d):
            guard #available(macOS 15, *), let (m, e, negative) = DecimalBits.wideParts(d) else { return nil }
            return FixedPoint.round(m, e, negative: negative, places: places, down: down)
        }
    }
}
