/// The integer kernels of `Number`'s fixed-point form (`significand × 10^exponent`, an
/// `Int64` significand). Each answers nil when its result is not exact or does not fit, and
/// the caller then computes with `Decimal` — so a result is the same digits either way.
enum FixedPoint {
    /// 10^k for 0 ≤ k ≤ 19 (10^19 still fits a `UInt64`): a switch the compiler makes a constant
    /// table of (a `static let` array was read through `swift_once`, and bounds-checked, at every
    /// add, quotient and comparison).
    @inline(__always)
    static func power(_ k: Int) -> UInt64 {
        switch k {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1_000
        case 4: return 10_000
        case 5: return 100_000
        case 6: return 1_000_000
        case 7: return 10_000_000
        case 8: return 100_000_000
        case 9: return 1_000_000_000
        case 10: return 10_000_000_000
        case 11: return 100_000_000_000
        case 12: return 1_000_000_000_000
        case 13: return 10_000_000_000_000
        case 14: return 100_000_000_000_000
        case 15: return 1_000_000_000_000_000
        case 16: return 10_000_000_000_000_000
        case 17: return 100_000_000_000_000_000
        case 18: return 1_000_000_000_000_000_000
        case 19: return 10_000_000_000_000_000_000
        default: preconditionFailure("10^k past 10^19 does not fit 64 bits")
        }
    }

    /// `a × 10^ea < b × 10^eb`, exactly (no overflow: a scaled side that overflows is larger
    /// in magnitude than any `Int64`).
    @inline(__always)
    static func less(_ a: Int64, _ ea: Int, _ b: Int64, _ eb: Int) -> Bool {
        if ea == eb || a == 0 || b == 0 || (a < 0) != (b < 0) { return a < b }
        if ea > eb {
            guard let x = scaled(a, by: ea - eb) else { return a < 0 }
            return x < b
        }
        guard let y = scaled(b, by: eb - ea) else { return b > 0 }
        return a < y
    }

    /// The same order for any two values given as magnitude, exponent and sign (a wide
    /// value's 128-bit significand): exact, as Decimal's comparison.
    @available(macOS 15, *)
    static func less(_ l: (magnitude: UInt128, exponent: Int, negative: Bool),
                     _ r: (magnitude: UInt128, exponent: Int, negative: Bool)) -> Bool {
        let lZero = l.magnitude == 0, rZero = r.magnitude == 0
        if lZero || rZero || l.negative != r.negative {
            let ls = lZero ? 0 : (l.negative ? -1 : 1), rs = rZero ? 0 : (r.negative ? -1 : 1)
            return ls < rs
        }
        // Same sign, both non-zero: compare magnitudes, the one with the larger exponent scaled
        // to the other's (an overflow means it is the larger).
        func scaled(_ m: UInt128, _ digits: Int) -> UInt128? {
            guard digits <= 38 else { return nil }
            // 10^digits from the table (a wide value against a fixed one is ~37 digits apart).
            let (x, o) = m.multipliedReportingOverflow(by: DecimalArithmetic.power(digits))
            return o ? nil : x
        }
        let order: Int  // magnitudes: -1 less, 0 equal, 1 greater
        if l.exponent == r.exponent {
            order = l.magnitude < r.magnitude ? -1 : (l.magnitude == r.magnitude ? 0 : 1)
        } else if l.exponent > r.exponent {
            guard let x = scaled(l.magnitude, l.exponent - r.exponent) else { return l.negative }
            order = x < r.magnitude ? -1 : (x == r.magnitude ? 0 : 1)
        } else {
            guard let y = scaled(r.magnitude, r.exponent - l.exponent) else { return !l.negative }
            order = l.magnitude < y ? -1 : (l.magnitude == y ? 0 : 1)
        }
        return l.negative ? order > 0 : order < 0
    }

    /// `v × 10^digits`, nil on overflow.
    @inline(__always)
    static func scaled(_ v: Int64, by digits: Int) -> Int64? {
        guard digits <= 18 else { return nil }
        let (x, o) = v.multipliedReportingOverflow(by: Int64(power(digits)))
        return o ? nil : x
    }

    static func add(_ a: Int64, _ ea: Int, _ b: Int64, _ eb: Int) -> Number? {
        if a == 0 { return Number.fixed(b, eb) }
        if b == 0 { return Number.fixed(a, ea) }
        // Align on the smaller exponent: the other significand gains trailing zeros.
        let (x, y, e) = ea >= eb ? (scaled(a, by: ea - eb), b, eb) : (scaled(b, by: eb - ea), a, ea)
        guard let x else { return nil }
        let (s, o) = x.addingReportingOverflow(y)
        return o ? nil : Number.fixed(s, e)
    }

    static func multiply(_ a: Int64, _ ea: Int, _ b: Int64, _ eb: Int) -> Number? {
        let (p, o) = a.multipliedReportingOverflow(by: b)
        return o ? nil : Number.fixed(p, ea + eb)
    }

    /// The quotient when it has an exact decimal form that fits: after cancelling common
    /// factors, the divisor must be 2^x × 5^y; then a / b = a' × (10^k / b') × 10^-k with
    /// k = max(x, y). Nil otherwise (`1 / 3`), and for division by zero.
    static func divide(_ a: Int64, _ ea: Int, _ b: Int64, _ eb: Int) -> Number? {
        guard b != 0 else { return nil }
        if a == 0 { return Number.zero }
        // Exact only when the divisor's factors other than 2 and 5 divide the dividend: asked
        // first with one remainder (most attainments, 42 / 45, have no exact form), the common
        // factors cancelled only for a quotient that may be exact.
        var odd = b.magnitude >> b.magnitude.trailingZeroBitCount
        while odd % 5 == 0 { odd /= 5 }
        guard odd == 1 || a.magnitude % odd == 0 else { return nil }
        let g = gcd(a.magnitude, b.magnitude)
        let n = a.magnitude / g, d = b.magnitude / g
        let twos = d.trailingZeroBitCount
        var rest = d >> twos, fives = 0
        while rest % 5 == 0 { rest /= 5; fives += 1 }
        guard rest == 1 else { return nil }
        let k = max(twos, fives)
        guard k <= 19 else { return nil }
        let (q, o) = n.multipliedReportingOverflow(by: power(k) / d)
        guard !o, q <= UInt64(Int64.max) else { return nil }
        return Number.fixed((a < 0) != (b < 0) ? -Int64(q) : Int64(q), ea - eb - k)
    }

    /// Rounded to `places` digits after the point: half away from zero, or (`down`) towards
    /// negative infinity. Nil when the result's exponent is out of range.
    static func round(_ s: Int64, _ e: Int, places: Int, down: Bool) -> Number? {
        let drop = -e - places
        if drop <= 0 { return Number.fixed(s, e) }
        var q: UInt64
        if drop > 19 {
            // |s| < 10^19, under half a unit of the last place kept.
            q = down && s < 0 ? 1 : 0
        } else {
            let p = power(drop)
            q = s.magnitude / p
            let r = s.magnitude % p
            if down ? (s < 0 && r != 0) : r >= p - r { q += 1 }
        }
        guard q <= UInt64(Int64.max) else { return nil }
        return Number.fixed(s < 0 ? -Int64(q) : Int64(q), -places)
    }

    /// The same for a wide value's 128-bit significand `m` (`m > 0`).
    @available(macOS 15, *)
    static func round(_ m: UInt128, _ e: Int, negative: Bool, places: Int, down: Bool) -> Number? {
        let drop = -e - places
        guard drop > 0 else { return nil }
        var q: UInt128
        if drop > 38 {
            // m < 2^128 < 5 × 10^38: under half a unit of the last place kept.
            q = down && negative ? 1 : 0
        } else {
            var p: UInt128 = 1
            for _ in 0..<drop { p *= 10 }
            q = m / p
            let r = m % p
            if down ? (negative && r != 0) : r >= p - r { q += 1 }
        }
        guard q <= UInt128(Int64.max) else { return nil }
        return Number.fixed(negative ? -Int64(q) : Int64(q), -places)
    }

    /// Binary GCD of two non-zero magnitudes.
    @inline(__always)
    static func gcd(_ x: UInt64, _ y: UInt64) -> UInt64 {
        var u = x, v = y
        let shift = (u | v).trailingZeroBitCount
        u >>= u.trailingZeroBitCount
        repeat {
            v >>= v.trailingZeroBitCount
            if u > v { swap(&u, &v) }
            v -= u
        } while v != 0
        return u << shift
    }
}
