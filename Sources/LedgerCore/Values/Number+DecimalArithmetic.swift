import Foundation

/// The arithmetic Foundation's `Decimal` does (as this toolchain's swift-foundation computes it),
/// redone on 128- and 256-bit integers: the same significand and exponent for every result,
/// without Decimal's arrays of 16-bit words (its division was a tenth of `kpi score`).
///
/// Why follow Decimal rather than round correctly: a `Number` that has no fixed form has always
/// been Decimal's result, and every score printed is built from them (an attainment 42 / 45 is
/// 0.9333…3 with 38 digits, and 3.5 / 1.234567 keeps only 33: Decimal truncates its 256-bit
/// intermediate in steps of four digits, then one). Following its steps keeps every digit
/// printed the same (docs/scoring.md, "Values"). Each function answers nil where Decimal
/// would give NaN (overflow, underflow) or where it does not follow Decimal exactly; the
/// caller then asks Decimal itself. `NumberDecimalArithmeticTests` compares the two over
/// many thousands of operands.
@available(macOS 15, *)
enum DecimalArithmetic {
    /// A value as Decimal holds it: significand, power-of-ten exponent, sign.
    typealias Parts = (magnitude: UInt128, exponent: Int, negative: Bool)

    /// 10^k for 0 ≤ k ≤ 38: `FixedPoint.power` up to 10^19, past it a product of two (no table
    /// read through `swift_once`).
    @inline(__always)
    static func power(_ k: Int) -> UInt128 {
        k <= 19 ? UInt128(FixedPoint.power(k)) : UInt128(FixedPoint.power(19)) &* UInt128(FixedPoint.power(k - 19))
    }

    /// The 16-bit words a significand takes (Decimal's `_length`).
    @inline(__always)
    static func words(_ m: UInt128) -> Int { (128 - m.leadingZeroBitCount + 15) >> 4 }

    // MARK: The operations

    /// `a + b` as Decimal's `+`: the operands aligned (`align`), a sum past 128 bits cut by
    /// one digit (truncated).
    static func add(_ a: Parts, _ b: Parts) -> Parts? {
        if a.magnitude == 0 { return b }
        if b.magnitude == 0 { return a }
        // x: the larger exponent.
        var (x, y) = a.exponent >= b.exponent ? (a, b) : (b, a)
        if x.exponent != y.exponent, !align(&x, &y) { return x }  // Decimal gives the larger operand as it was
        if x.negative == y.negative {
            let (sum, carry) = x.magnitude.addingReportingOverflow(y.magnitude)
            if !carry { return compact((sum, x.exponent, x.negative)) }
            // 129 bits: one digit cut.
            let (m, k) = fit((1, sum))
            return compact((m, x.exponent + k, x.negative))
        }
        if x.magnitude == y.magnitude { return (0, 0, false) }
        return x.magnitude > y.magnitude
            ? compact((x.magnitude - y.magnitude, x.exponent, x.negative))
            : compact((y.magnitude - x.magnitude, x.exponent, y.negative))
    }

    /// `a × b` as Decimal's `*`: the 256-bit product cut to 128 bits (truncated).
    static func multiply(_ a: Parts, _ b: Parts) -> Parts? {
        if a.magnitude == 0 || b.magnitude == 0 { return (0, 0, false) }
        let product: (high: UInt128, low: UInt128)
        if a.magnitude <= UInt128(UInt64.max) && b.magnitude <= UInt128(UInt64.max) {
            let (high, low) = UInt64(a.magnitude).multipliedFullWidth(by: UInt64(b.magnitude))
            product = (0, UInt128(high) << 64 | UInt128(low))
        } else {
            product = a.magnitude.multipliedFullWidth(by: b.magnitude)
        }
        let (m, k) = fit(product)
        let e = a.exponent + b.exponent + k
        guard e >= -128 && e <= 127 else { return nil }
        return compact((m, e, a.negative != b.negative))
    }

    /// `a / b` as Decimal's `/`: the dividend's significand times 10^38, divided as integers
    /// (truncated), cut to 128 bits (truncated). A dividend's exponent 19 or more above the
    /// divisor's is first brought towards it as `add` does.
    static func divide(_ a: Parts, _ b: Parts) -> Parts? {
        guard b.magnitude != 0 else { return nil }
        if a.magnitude == 0 { return (0, 0, false) }
        var x = a, y = b
        // Both are kept as they were when the divisor would be cut to 0.
        if x.exponent - y.exponent >= 19 { _ = align(&x, &y) }
        let dividend = x.magnitude.multipliedFullWidth(by: power(38))
        let m: UInt128, k: Int
        if y.magnitude <= UInt128(UInt64.max) {
            (m, k) = fittedQuotient(x.magnitude, dividend, by: UInt64(y.magnitude))
        } else {
            // A wide divisor: 256 by 128 bits, in two long-division steps.
            let (high, rest) = dividend.high.quotientAndRemainder(dividingBy: y.magnitude)
            let q = (high: high, low: y.magnitude.dividingFullWidth((rest, dividend.low)).quotient)
            guard q.high != 0 || q.low != 0 else { return nil }
            (m, k) = fit(q)
        }
        let e = x.exponent - y.exponent - 38 + k
        guard e >= -128 && e <= 127 else { return nil }
        return compact((m, e, x.negative != y.negative))
    }

    // MARK: Steps

    /// Decimal's `_normalize` of `x` (the larger exponent) and `y`: `x` scaled to `y`'s exponent
    /// when its significand still fits 128 bits; else scaled by as many digits as its free words
    /// surely hold, and `y` cut (truncated) to match. False, both left as they were, when `y`
    /// would be cut to 0.
    static func align(_ x: inout Parts, _ y: inout Parts) -> Bool {
        let d = x.exponent - y.exponent
        if d <= 38, case let (hi, lo) = x.magnitude.multipliedFullWidth(by: power(d)), hi == 0 {
            x.magnitude = lo
            x.exponent = y.exponent
            return true
        }
        let room = Int((Double(8 - words(x.magnitude)) * 4.81647993).rounded(.down))
        let cut = d - room
        let m = cut > 38 ? 0 : y.magnitude / power(cut)
        guard m != 0 else { return false }
        y.magnitude = m
        y.exponent += cut
        x.magnitude *= power(room)
        x.exponent -= room
        return true
    }

    /// Trailing zeros dropped (Decimal's `compact`); nil when the exponent is then out of range.
    @inline(__always)
    static func compact(_ p: Parts) -> Parts? {
        var (m, e) = (p.magnitude, p.exponent)
        if m == 0 { return (0, 0, false) }
        // An odd significand has no trailing zero (most quotients); one that fits 64 bits is
        // divided by the hardware, not by a 128-bit division routine.
        if m & 1 == 0 {
            while m >> 64 != 0 && m & 1 == 0 && isMultipleOfFive(m) { m /= 10; e += 1 }
            if m >> 64 == 0 {
                var small = UInt64(m)
                while small % 10 == 0 { small /= 10; e += 1 }
                m = UInt128(small)
            }
        }
        guard e >= -128 && e <= 127 else { return nil }
        return (m, e, p.negative)
    }

    /// `m % 5 == 0` on 64-bit halves (2^64 leaves 1 divided by 5, so m leaves what its halves'
    /// sum does): no 128-bit division routine for the question `compact` asks of most sums.
    @inline(__always)
    static func isMultipleOfFive(_ m: UInt128) -> Bool {
        (UInt64(truncatingIfNeeded: m >> 64) % 5 + UInt64(truncatingIfNeeded: m) % 5) % 5 == 0
    }

    /// Decimal's `_fitMantissa`: a value of more than eight words divided by 10^4 while it takes
    /// more than nine, then by 10 while more than eight; truncated (its rounding is not applied).
    /// Returns the significand and the number of digits cut.
    static func fit(_ v: (high: UInt128, low: UInt128)) -> (UInt128, Int) {
        var v = v
        var k = 0
        // Two of Decimal's steps at once where it would take both (a truncated quotient
        // truncated again is the quotient by the product, truncated): by 10^8 while the value
        // is at least 10^4 × 2^144, by 100 while at least 10 × 2^128.
        while v.high >> 16 != 0 {  // more than 144 bits: more than nine words
            if v.high >= 10_000 << 16 {
                v = divide(v, by: 100_000_000)
                k += 8
            } else {
                v = divide(v, by: 10_000)
                k += 4
            }
        }
        while v.high != 0 {
            if v.high >= 10 {
                v = divide(v, by: 100)
                k += 2
            } else {
                v = divide(v, by: 10)
                k += 1
            }
        }
        return (v.low, k)
    }

    /// `fit(⌊x × 10^38 / d⌋)` (`dividend` is x × 10^38) without the 256-bit quotient: the digits
    /// `fit` would cut, k, are found first from where the quotient Q lies against `fit`'s bounds,
    /// each T × 2^128 (Q < T × 2^128 exactly when ⌊A / 2^128 / d⌋ < T, for the dividend A: one
    /// division of the dividend's high half by d, then comparisons); then, as a truncated
    /// quotient truncated again is the quotient by the product, the result is
    /// ⌊x × 10^(38 − k) / d⌋, which fits 128 bits: two steps of long division where `fit` took
    /// four per cut (a 76-digit quotient: ~10 cuts).
    static func fittedQuotient(_ x: UInt128, _ dividend: (high: UInt128, low: UInt128), by d: UInt64) -> (UInt128, Int) {
        var top = WordDivision(d, remainder: 0)
        let h = UInt128(top.step(UInt64(truncatingIfNeeded: dividend.high >> 64))) << 64
            | UInt128(top.step(UInt64(truncatingIfNeeded: dividend.high)))
        // `fit`'s steps: by 10^4 while the quotient takes more than 144 bits (Q ≥ 2^16 × 10^k ×
        // 2^128; Q < 2^128 × 10^38 < 2^144 × 10^36, so k stops at 36 at most), then by 10 while
        // it takes more than 128 (k ≤ 38 in all, for the same reason).
        var k = 0
        var bound: UInt128 = 1 << 16
        while k < 36 && h >= bound {
            bound &*= 10_000
            k += 4
        }
        bound = power(k)
        while k < 38 && h >= bound {
            bound &*= 10
            k += 1
        }
        let scaled = k == 0 ? dividend : x.multipliedFullWidth(by: power(38 - k))
        // Below 2^128 × d: the high half is below d, the first remainder.
        var division = WordDivision(d, remainder: UInt64(truncatingIfNeeded: scaled.high))
        let high = division.step(UInt64(truncatingIfNeeded: scaled.low >> 64))
        let low = division.step(UInt64(truncatingIfNeeded: scaled.low))
        return (UInt128(high) << 64 | UInt128(low), k)
    }

    /// A 256-bit value divided by a 64-bit one, truncated: limb by limb, from the top.
    @inline(__always)
    static func divide(_ v: (high: UInt128, low: UInt128), by d: UInt64) -> (high: UInt128, low: UInt128) {
        var division = WordDivision(d, remainder: 0)
        let q0 = division.step(UInt64(truncatingIfNeeded: v.high >> 64))
        let q1 = division.step(UInt64(truncatingIfNeeded: v.high))
        let q2 = division.step(UInt64(truncatingIfNeeded: v.low >> 64))
        let q3 = division.step(UInt64(truncatingIfNeeded: v.low))
        return (UInt128(q0) << 64 | UInt128(q1), UInt128(q2) << 64 | UInt128(q3))
    }

    /// Long division by a word, one 64-bit limb at a time from the top: each step divides
    /// remainder × 2^64 + limb (the remainder below the divisor) and keeps the new remainder.
    struct WordDivision {
        let d: UInt64
        var r: UInt64
        /// 2^64 = d × Q + R, for a divisor below 2^32 (0 otherwise).
        let Q: UInt64, R: UInt64

        @inline(__always)
        init(_ d: UInt64, remainder: UInt64) {
            self.d = d
            r = remainder
            if d > 1 && d < 1 << 32 {
                var Q = UInt64.max / d, R = UInt64.max % d + 1
                if R == d { Q += 1; R = 0 }
                self.Q = Q
                self.R = R
            } else {
                Q = 0
                R = 0
            }
        }

        @inline(__always)
        mutating func step(_ limb: UInt64) -> UInt64 {
            if Q != 0 {
                // (r × 2^64 + limb) / d = r × Q + (r × R + limb) / d, all in 64 bits (r < d < 2^32),
                // where `dividingFullWidth` runs a 128-bit division routine (most of `fit`,
                // which divides by 10 and 10^4).
                var (s, wrapped) = limb.addingReportingOverflow(r &* R)
                var q = r &* Q
                if wrapped { q &+= Q; s &+= R }  // 2^64 more: once more Q, R (s < r × R, so no wrap)
                r = s % d
                return q &+ s / d
            }
            let (q, rest) = d.dividingFullWidth((r, limb))
            r = rest
            return q
        }
    }
}

extension Number {
    /// A Decimal-shaped result as a `Number`: fixed when it fits, else the Decimal with these
    /// words (written directly: the same bits Decimal's own operation leaves). Nil when
    /// Decimal's layout is not the known one.
    @available(macOS 15, *)
    init?(parts p: DecimalArithmetic.Parts) {
        let m = p.magnitude
        if m == 0 {
            self = .zero
        } else if m <= UInt128(Int64.max), let f = Number.fixed(p.negative ? -Int64(m) : Int64(m), p.exponent) {
            self = f
        } else if let d = DecimalBits.make(m, exponent: p.exponent, negative: p.negative) {
            self.init(storage: .wide(d))
        } else {
            return nil
        }
    }
}

extension DecimalBits {
    /// A compact Decimal of `magnitude × 10^exponent` written into its memory; nil when the
    /// layout is not the known one.
    @available(macOS 15, *)
    static func make(_ magnitude: UInt128, exponent: Int, negative: Bool) -> Decimal? {
        guard layoutKnown, exponent >= -128 && exponent <= 127 else { return nil }
        var d = Decimal()
        withUnsafeMutableBytes(of: &d) { b in
            b[0] = UInt8(bitPattern: Int8(exponent))
            // Length in words (high four bits), negative (0x08), compact (0x04).
            b[1] = UInt8(DecimalArithmetic.words(magnitude)) << 4 | (negative ? 0x08 : 0) | 0x04
            b[2] = 0
            b[3] = 0
            // The eight 16-bit words, least significant first: two little-endian halves.
            b.storeBytes(of: UInt64(truncatingIfNeeded: magnitude).littleEndian, toByteOffset: 4, as: UInt64.self)
            b.storeBytes(of: UInt64(truncatingIfNeeded: magnitude >> 64).littleEndian, toByteOffset: 12, as: UInt64.self)
        }
        return d
    }
}
