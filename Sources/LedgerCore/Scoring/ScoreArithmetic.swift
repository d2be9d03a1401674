/// A `Number` as its significand, exponent and sign, for the sums a sheet's score adds up
/// (`SheetScore.compute`): each operation is the one `Number`'s answers with — its fixed-point
/// kernel (`FixedPoint`) where both operands have the fixed form, its exponent shift for a wide
/// value times ±10^k, else `DecimalArithmetic` — so every result is the same significand and
/// exponent `Number` would hold (docs/scoring.md, "Values"), without making a `Number` (and,
/// for a wide one, a `Decimal` written and read again) of every product and partial sum.
/// An operation `Number` would leave to Foundation's `Decimal` (an exponent out of range)
/// answers nil, and the caller computes with `Number` instead.
@available(macOS 15, *)
struct ScoreValue {
    var magnitude: UInt128
    var exponent: Int
    var negative: Bool

    static let zero = ScoreValue(magnitude: 0, exponent: 0, negative: false)

    init(magnitude: UInt128, exponent: Int, negative: Bool) {
        self.magnitude = magnitude
        self.exponent = exponent
        self.negative = negative
    }

    /// `n`'s parts; nil for a wide value whose `Decimal` carries trailing zeros (only one made
    /// by Foundation itself can), whose operations are left to `Number`.
    @inline(__always)
    init?(_ n: Number) {
        switch n.storage {
        case let .fixed(s, e):
            self.init(magnitude: UInt128(s.magnitude), exponent: Int(e), negative: s < 0)
        case let .wide(d):
            guard let (m, e, negative) = DecimalBits.wideParts(d), m > UInt128(Int64.max), m % 10 != 0 else { return nil }
            self.init(magnitude: m, exponent: e, negative: negative)
        }
    }

    private init(_ p: DecimalArithmetic.Parts) {
        self.init(magnitude: p.magnitude, exponent: p.exponent, negative: p.negative)
    }

    var parts: DecimalArithmetic.Parts { (magnitude, exponent, negative) }

    /// Whether `Number` holds this value in its fixed form (a value is fixed whenever it fits).
    @inline(__always)
    var isFixed: Bool { magnitude <= UInt128(Int64.max) }

    /// The significand as `Number`'s fixed form holds it (only when `isFixed`).
    @inline(__always)
    var significand: Int64 { negative ? -Int64(magnitude) : Int64(magnitude) }

    /// The `Number` of these parts (the one `Number(parts:)` makes: fixed when it fits).
    var number: Number? { Number(parts: parts) }

    /// A fixed `Number`'s parts (every result of `FixedPoint`'s kernels is one).
    @inline(__always)
    private static func fixed(_ n: Number) -> ScoreValue {
        guard case let .fixed(s, e) = n.storage else { preconditionFailure("a fixed-point result is fixed") }
        return ScoreValue(magnitude: UInt128(s.magnitude), exponent: Int(e), negative: s < 0)
    }

    /// `Number.adding`.
    static func + (a: ScoreValue, b: ScoreValue) -> ScoreValue? {
        if a.isFixed && b.isFixed, let r = FixedPoint.add(a.significand, a.exponent, b.significand, b.exponent) {
            return fixed(r)
        }
        return DecimalArithmetic.add(a.parts, b.parts).map(ScoreValue.init)
    }

    /// `Number.multiplied(by:)`.
    static func * (a: ScoreValue, b: ScoreValue) -> ScoreValue? {
        if a.isFixed && b.isFixed {
            if let r = FixedPoint.multiply(a.significand, a.exponent, b.significand, b.exponent) { return fixed(r) }
        } else if a.isFixed != b.isFixed, let r = shifted(a.isFixed ? b : a, by: a.isFixed ? a : b, negativeExponent: false) {
            return r
        }
        return DecimalArithmetic.multiply(a.parts, b.parts).map(ScoreValue.init)
    }

    /// `Number.divided(by:)`; nil for division by zero too.
    static func / (a: ScoreValue, b: ScoreValue) -> ScoreValue? {
        guard b.magnitude != 0 else { return nil }
        if a.isFixed && b.isFixed {
            if let r = FixedPoint.divide(a.significand, a.exponent, b.significand, b.exponent) { return fixed(r) }
        } else if !a.isFixed && b.isFixed, let r = shifted(a, by: b, negativeExponent: true) {
            return r
        }
        return DecimalArithmetic.divide(a.parts, b.parts).map(ScoreValue.init)
    }

    /// A wide value times (or divided by) ±10^k, as `Number` does it (only the exponent moves:
    /// `DecimalBits.shifted`); nil when `by` is not ±10^k or the exponent leaves the range.
    @inline(__always)
    private static func shifted(_ wide: ScoreValue, by p: ScoreValue, negativeExponent: Bool) -> ScoreValue? {
        guard p.magnitude == 1 else { return nil }
        let e = wide.exponent + (negativeExponent ? -p.exponent : p.exponent)
        guard e >= -128 && e <= 127 else { return nil }
        return ScoreValue(magnitude: wide.magnitude, exponent: e, negative: wide.negative != p.negative)
    }
}
