import Foundation

/// An exact decimal number: the only numeric type the ledger computes with.
///
/// Why: KPI values are written by people in decimal (`45.5%`, `1.2亿`) and must compute
/// the way people compute on paper — `0.1 + 0.2` is `0.3`, never `0.30000000000000004`.
/// Binary floating point cannot promise that, so every value, weight, attainment and score
/// is a `Number`.
///
/// Two representations, one value semantics (docs/scoring.md, "Values"):
/// - fixed point: an `Int64` significand and a power-of-ten exponent. Every value people
///   write (up to 18 digits), every sum, product and exact quotient of them that fits is
///   computed here with integer instructions;
/// - `Foundation.Decimal` (a 128-bit significand, 38 significant digits) for everything
///   else: a quotient with no exact decimal form (`1 / 3`), products and sums past 18
///   digits, exponents past ±127. Decimal's rounding is the ledger's rounding, so results
///   are the same digits whichever representation computed them: the fixed path is taken
///   only when its result is exact, and a Decimal result that fits is stored fixed again.
///
/// A value has exactly one representation (fixed whenever it can be: the significand
/// without trailing zeros), so equality and hashing compare representations.
///
/// A `Number` is never NaN: every initialiser and checked operation refuses to produce one,
/// and the trapping operators (`+ - * /`) stop the program on overflow or division by zero
/// the way `Int` does — code that handles user input uses the checked forms
/// (`adding(_:)`, `divided(by:)` ...) instead.
public struct Number: Hashable, Comparable, Sendable {
    @usableFromInline enum Storage: Hashable, Sendable {
        /// significand × 10^exponent; the significand has no trailing zero digit (zero is
        /// `(0, 0)`) and is never `Int64.min` (so negation cannot overflow).
        case fixed(Int64, Int8)
        /// A value with no fixed form. Never NaN.
        case wide(Decimal)
    }

    @usableFromInline let storage: Storage

    @inlinable init(storage: Storage) {
        self.storage = storage
    }

    /// The canonical fixed form of `significand × 10^exponent`; nil when it has none
    /// (the exponent out of range, or `Int64.min`).
    @inlinable static func fixed(_ significand: Int64, _ exponent: Int) -> Number? {
        if significand == 0 { return Number(storage: .fixed(0, 0)) }
        guard significand != .min else { return nil }
        var s = significand, e = exponent
        while s % 10 == 0 { s /= 10; e += 1 }
        guard e >= -128 && e <= 127 else { return nil }
        return Number(storage: .fixed(s, Int8(e)))
    }

    /// Wraps a `Decimal` known not to be NaN, stored fixed when it fits.
    init(decimal: Decimal) {
        if decimal.isZero {
            storage = .fixed(0, 0)
        } else if #available(macOS 15, *), let (magnitude, exponent, negative) = DecimalBits.wideParts(decimal) {
            var m = magnitude, e = exponent
            while m % 10 == 0 && e < 127 { m /= 10; e += 1 }
            if m <= UInt128(Int64.max), let f = Number.fixed(negative ? -Int64(m) : Int64(m), e) {
                storage = f.storage
            } else {
                storage = .wide(decimal)
            }
        } else if let f = Number.fixedParsing(decimal) {
            storage = f.storage
        } else {
            storage = .wide(decimal)
        }
    }

    /// Wraps a `Decimal`; nil when it is NaN.
    public init?(exactly decimal: Decimal) {
        guard !decimal.isNaN else { return nil }
        self.init(decimal: decimal)
    }

    public init(_ value: Int) {
        if let f = Number.fixed(Int64(value), 0) {
            self = f
        } else {
            self.init(decimal: Decimal(value))
        }
    }

    /// `significand × 10^exponent`, e.g. `Number(significand: 12, exponent: 5)` is 1,200,000.
    /// Used by the byte parser so that no text or floating point is involved. Nil when the
    /// exponent lies outside what a `Number` can hold (about ±127).
    public init?(significand: UInt64, exponent: Int, negative: Bool = false) {
        guard exponent >= -127 && exponent <= 127 else { return nil }
        if significand <= UInt64(Int64.max),
           let f = Number.fixed(negative ? -Int64(significand) : Int64(significand), exponent) {
            self = f
            return
        }
        self.init(exactly: Decimal(sign: negative ? .minus : .plus, exponent: exponent,
                                   significand: Decimal(significand)))
    }

    /// The value as a Foundation `Decimal` (for callers that need Foundation interop, and
    /// for the arithmetic the fixed form cannot do exactly).
    public var decimalValue: Decimal {
        switch storage {
        case let .fixed(s, e):
            return Decimal(sign: s < 0 ? .minus : .plus, exponent: Int(e), significand: Decimal(s.magnitude))
        case let .wide(d):
            return d
        }
    }

    /// An approximation for charts and other places where exactness does not matter.
    public var doubleValue: Double { NSDecimalNumber(decimal: decimalValue).doubleValue }

    public static let zero = Number(0)
    public static let one = Number(1)
    public static let hundred = Number(100)

    public var isZero: Bool {
        if case .fixed(0, _) = storage { return true }
        return false
    }

    public var isNegative: Bool {
        switch storage {
        case let .fixed(s, _): return s < 0
        case let .wide(d): return d < 0
        }
    }

    public var magnitude: Number { isNegative ? -self : self }

    public static func < (lhs: Number, rhs: Number) -> Bool {
        if case let .fixed(a, ea) = lhs.storage, case let .fixed(b, eb) = rhs.storage {
            return FixedPoint.less(a, Int(ea), b, Int(eb))
        }
        if #available(macOS 15, *), let l = lhs.parts, let r = rhs.parts { return FixedPoint.less(l, r) }
        return lhs.decimalValue < rhs.decimalValue
    }

    public static func == (lhs: Number, rhs: Number) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case let (.fixed(a, ea), .fixed(b, eb)): return a == b && ea == eb
        case let (.wide(a), .wide(b)): return a == b
        default: return false  // a value with a fixed form is never stored wide
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch storage {
        case let .fixed(s, e): hasher.combine(s); hasher.combine(e)
        case let .wide(d): hasher.combine(d)
        }
    }

    /// Magnitude, exponent and sign; nil for a wide value when Decimal's layout is not the known one.
    @available(macOS 15, *)
    var parts: (magnitude: UInt128, exponent: Int, negative: Bool)? {
        switch storage {
        case let .fixed(s, e): return (UInt128(s.magnitude), Int(e), s < 0)
        case let .wide(d): return DecimalBits.wideParts(d)
        }
    }

    /// Where Decimal's memory layout is not the known one: the fixed form read from its text.
    private static func fixedParsing(_ d: Decimal) -> Number? {
        var text = d.description
        return text.withUTF8 { bytes -> Number? in
            let negative = bytes.first == UInt8(ascii: "-")
            guard let s = NumberScanner.scan(bytes, from: negative ? 1 : 0, allowGrouping: false),
                  s.end == bytes.count, s.failure == nil, s.big == nil, s.small <= UInt64(Int64.max) else { return nil }
            return Number.fixed(negative ? -Int64(s.small) : Int64(s.small), s.pendingZeros - s.fractionDigits)
        }
    }
}

extension Number: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}
