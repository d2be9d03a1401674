import Foundation

/// An exact decimal number: the only numeric type the ledger computes with.
///
/// Why: KPI values are written by people in decimal (`45.5%`, `1.2亿`) and must compute
/// the way people compute on paper — `0.1 + 0.2` is `0.3`, never `0.30000000000000004`.
/// Binary floating point cannot promise that, so every value, weight, attainment and score
/// is a `Number`.
///
/// The storage is `Foundation.Decimal` (a 128-bit significand — 38 significant digits,
/// 39 when they fit — and a power-of-ten exponent). Addition, subtraction and
/// multiplication are exact whenever the result fits those digits, which covers every value
/// people write and every weighted sum of them; division rounds to the same precision (the
/// usual inexact case, as on paper with `1 / 3`). The storage is private so it can be
/// replaced by a faster fixed-point representation without touching callers.
///
/// A `Number` is never NaN: every initialiser and checked operation refuses to produce one,
/// and the trapping operators (`+ - * /`) stop the program on overflow or division by zero
/// the way `Int` does — code that handles user input uses the checked forms
/// (`adding(_:)`, `divided(by:)` ...) instead.
public struct Number: Hashable, Comparable, Sendable {
    /// Never NaN (see the type's comment).
    @usableFromInline let storage: Decimal

    /// Wraps a `Decimal` the caller knows to be a number (not NaN).
    @inlinable init(unchecked storage: Decimal) {
        self.storage = storage
    }

    /// Wraps a `Decimal`; nil when it is NaN.
    public init?(exactly decimal: Decimal) {
        guard !decimal.isNaN else { return nil }
        self.storage = decimal
    }

    public init(_ value: Int) {
        self.storage = Decimal(value)
    }

    /// `significand × 10^exponent`, e.g. `Number(significand: 12, exponent: 5)` is 1,200,000.
    /// Used by the byte parser so that no text or floating point is involved. Nil when the
    /// exponent lies outside what a `Number` can hold (about ±127).
    public init?(significand: UInt64, exponent: Int, negative: Bool = false) {
        guard exponent >= -127 && exponent <= 127 else { return nil }
        self.init(exactly: Decimal(sign: negative ? .minus : .plus, exponent: exponent,
                                   significand: Decimal(significand)))
    }

    /// The value as a Foundation `Decimal` (for callers that need Foundation interop).
    public var decimalValue: Decimal { storage }

    /// An approximation for charts and other places where exactness does not matter.
    public var doubleValue: Double { NSDecimalNumber(decimal: storage).doubleValue }

    public static let zero = Number(0)
    public static let one = Number(1)
    public static let hundred = Number(100)

    public var isZero: Bool { storage.isZero }
    public var isNegative: Bool { storage < 0 }
    public var magnitude: Number { isNegative ? -self : self }

    public static func < (lhs: Number, rhs: Number) -> Bool { lhs.storage < rhs.storage }

    // `Decimal` compares by value (`0.3 == 0.30`) and keeps a compact form after every
    // operation, so equal values hash alike; `NumberTests` pins this down.
    public static func == (lhs: Number, rhs: Number) -> Bool { lhs.storage == rhs.storage }
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }
}

extension Number: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}
