import Foundation

// Plain decimal text for `Number`, both ways, without Foundation formatters or locales:
// ledger files and JSON output must read the same on every machine.
extension Number: CustomStringConvertible, LosslessStringConvertible {
    /// The shortest exact plain decimal: "0.3", "1200", "-2.5" — never exponent notation,
    /// never trailing zeros, "0" for zero (no "-0").
    public var description: String {
        let storage: Decimal
        switch self.storage {
        case let .fixed(s, e):
            return Number.plainText(s.magnitude, exponent: Int(e), negative: s < 0)
        case let .wide(d):
            storage = d
        }
        // Wide values: digits read from Decimal's memory (Decimal's own description does long
        // division on an array per digit, once a fifth of `kpi score`'s time).
        if let (significand, exponent, negative) = DecimalBits.parts(storage) {
            return Number.plainText(significand, exponent: exponent, negative: negative)
        }
        if #available(macOS 15, *), let (significand, exponent, negative) = DecimalBits.wideParts(storage) {
            return Number.plainText(digits: Number.digits(significand), exponent: exponent, negative: negative)
        }
        // Decimal's own description is plain notation and drops trailing zeros because
        // Decimal stays compact; tests pin this down so a change in Foundation is caught.
        return storage.description
    }

    /// `description`'s UTF-8 appended to `out` (a number in a JSON document): a fixed value's
    /// digits written in place, without a `String`.
    public func appendPlainText(to out: inout [UInt8]) {
        guard case let .fixed(s, e) = storage else { return out.append(contentsOf: description.utf8) }
        if s == 0 { return out.append(UInt8(ascii: "0")) }
        if s < 0 { out.append(UInt8(ascii: "-")) }
        // `width` digits of `v`, zero-padded on the left.
        func put(_ v: UInt64, _ width: Int) {
            let start = out.count
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
            var v = v, j = start + width - 1
            while v > 0 {
                out[j] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                j -= 1
            }
        }
        let m = s.magnitude, exponent = Int(e)
        var count = 1
        while count < 19 && m >= FixedPoint.power(count) { count += 1 }
        // The significand has no trailing zero, so a fraction never ends in one.
        if exponent >= 0 {
            put(m, count)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: exponent))
        } else if count + exponent <= 0 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -(count + exponent)))
            put(m, count)
        } else {
            let fraction = -exponent
            put(m / FixedPoint.power(fraction), count - fraction)
            out.append(UInt8(ascii: "."))
            put(m % FixedPoint.power(fraction), fraction)
        }
    }

    /// The most bytes `writePlainText` writes: a sign, 19 digits, a point and 128 zeros.
    public static let plainTextCapacity = 160

    /// A fixed value's `description` written as UTF-8 at `p` (room for `plainTextCapacity`
    /// bytes), returning how many bytes; nil, with nothing written, for a wide value (which
    /// `appendPlainText` writes). The digits go straight into the output: no array, no `String`.
    public func writePlainText(to p: UnsafeMutablePointer<UInt8>) -> Int? {
        guard case let .fixed(s, e) = storage else { return nil }
        if s == 0 { p[0] = UInt8(ascii: "0"); return 1 }
        var i = 0
        if s < 0 { p[0] = UInt8(ascii: "-"); i = 1 }
        /// `width` digits of `v` at `p + i`, zero-padded on the left.
        func put(_ v: UInt64, _ width: Int) {
            var v = v, j = i + width - 1
            while j >= i {
                p[j] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
                j -= 1
            }
            i += width
        }
        let m = s.magnitude, exponent = Int(e)
        var count = 1
        while count < 19 && m >= FixedPoint.power(count) { count += 1 }
        if exponent >= 0 {
            put(m, count)
            (p + i).update(repeating: UInt8(ascii: "0"), count: exponent)
            i += exponent
        } else if count + exponent <= 0 {
            p[i] = UInt8(ascii: "0")
            p[i + 1] = UInt8(ascii: ".")
            (p + i + 2).update(repeating: UInt8(ascii: "0"), count: -(count + exponent))
            i += 2 - (count + exponent)
            put(m, count)
        } else {
            let fraction = -exponent
            put(m / FixedPoint.power(fraction), count - fraction)
            p[i] = UInt8(ascii: ".")
            i += 1
            put(m % FixedPoint.power(fraction), fraction)
        }
        return i
    }

    /// `significand × 10^exponent` in plain notation without trailing fraction zeros, exactly
    /// as Decimal's description writes it (`LimitsTests` compares the two over many values).
    static func plainText(_ significand: UInt64, exponent: Int, negative: Bool) -> String {
        if significand == 0 { return "0" }
        var digits: [UInt8] = []
        var v = significand
        while v > 0 { digits.append(UInt8(ascii: "0") + UInt8(v % 10)); v /= 10 }
        digits.reverse()
        return plainText(digits: digits, exponent: exponent, negative: negative)
    }

    /// Decimal digits of a 128-bit significand (a division's 38-digit quotient).
    @available(macOS 15, *)
    static func digits(_ significand: UInt128) -> [UInt8] {
        var digits: [UInt8] = []
        digits.reserveCapacity(40)
        var v = significand
        // Peel 19 digits at a time with one 128-bit division, the rest in 64 bits.
        while v > 0 {
            let (q, r) = v.quotientAndRemainder(dividingBy: 10_000_000_000_000_000_000)
            var chunk = UInt64(r)
            for _ in 0..<19 {
                if q == 0 && chunk == 0 { break }
                digits.append(UInt8(ascii: "0") + UInt8(chunk % 10))
                chunk /= 10
            }
            v = q
        }
        digits.reverse()
        return digits
    }

    static func plainText(digits: [UInt8], exponent: Int, negative: Bool) -> String {
        if digits.isEmpty { return "0" }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + abs(exponent) + 3)
        if negative { out.append(UInt8(ascii: "-")) }
        if exponent >= 0 {
            out += digits
            out += repeatElement(UInt8(ascii: "0"), count: exponent)
        } else {
            let point = digits.count + exponent
            if point <= 0 {
                out += [UInt8(ascii: "0"), UInt8(ascii: ".")]
                out += repeatElement(UInt8(ascii: "0"), count: -point)
                out += digits
            } else {
                out += digits[..<point]
                out.append(UInt8(ascii: "."))
                out += digits[point...]
            }
            while out.last == UInt8(ascii: "0") { out.removeLast() }
            if out.last == UInt8(ascii: ".") { out.removeLast() }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses a plain decimal: an optional sign (`-`, `+` or the unicode minus `−`), digits,
    /// and an optional fraction (`-12.50`). No grouping, multipliers or units — that is
    /// `ValueParser`'s job — and no exponent notation.
    public init?(_ text: String) {
        var text = text
        let parsed: Number?? = text.withUTF8 { bytes in
            var index = 0
            var negative = false
            if bytes.count >= 3, bytes[0] == 0xE2, bytes[1] == 0x88, bytes[2] == 0x92 { // −
                negative = true
                index = 3
            } else if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
                negative = first == UInt8(ascii: "-")
                index = 1
            }
            guard let scanned = NumberScanner.scan(bytes, from: index, allowGrouping: false),
                  scanned.end == bytes.count, scanned.failure == nil else { return .some(nil) }
            return scanned.number(negative: negative, extraExponent: 0)
        }
        guard let number = parsed ?? nil else { return nil }
        self = number
    }
}

/// Scans the digits of a decimal number in UTF-8 bytes: `1200`, `1,200.50`, `0.5`.
///
/// Why its own scanner: values are parsed by the million when a ledger is scored, straight
/// from the file's bytes; building the significand in a `UInt64` (and only falling back to
/// `Decimal` arithmetic past 19 digits) keeps that fast and involves no floating point.
struct NumberScanner {
    /// The most significant digits a `Number` holds exactly.
    static let maxSignificantDigits = 38

    enum Failure: Error, Equatable {
        /// Commas not in groups of three (`1,20`, `1,2,3`, `,100`).
        case misplacedSeparator
        /// More significant digits than a `Number` holds.
        case tooManyDigits
    }

    /// The digits found, without sign.
    struct Scanned {
        var end: Int
        var small: UInt64 = 0
        var big: Decimal? = nil
        var digitCount = 0
        var fractionDigits = 0
        /// Zeros after the last non-zero digit, not (yet) in the significand: they only scale
        /// it, so `2226…888000000` (a value times a million, printed) reads back within the
        /// 38 digits (found by fuzz-value-parser).
        var pendingZeros = 0
        var failure: Failure? = nil

        func number(negative: Bool, extraExponent: Int) -> Number? {
            if let big {
                let scaled = Decimal(sign: negative ? .minus : .plus,
                                     exponent: extraExponent - fractionDigits + pendingZeros, significand: big)
                return Number(exactly: scaled)
            }
            return Number(significand: small, exponent: extraExponent - fractionDigits + pendingZeros,
                          negative: negative && small != 0)
        }
    }

    /// Scans `[0-9]+(,[0-9]{3})*(\.[0-9]+)?` (grouping only when allowed) from `start`.
    /// Returns nil when there is no digit at `start`; a malformed number stops at the
    /// offending byte or reports `failure`.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, allowGrouping: Bool) -> Scanned? {
        var i = start
        var s = Scanned(end: start)
        var significant = 0          // digits counted once a non-zero digit has been seen
        var groupLength = 0          // digits since the last comma (or the start)
        var sawComma = false

        func push(_ digit: UInt8, _ s: inout Scanned, _ significant: inout Int) {
            let d = UInt64(digit &- 48)
            if significant == 0 && d == 0 { return }
            if d == 0 { s.pendingZeros += 1; return }
            while s.pendingZeros > 0 {
                s.pendingZeros -= 1
                pushDigit(0, &s, &significant)
                if s.failure != nil { return }
            }
            pushDigit(d, &s, &significant)
        }

        func pushDigit(_ d: UInt64, _ s: inout Scanned, _ significant: inout Int) {
            significant += 1
            if significant > maxSignificantDigits { s.failure = .tooManyDigits; return }
            if s.big == nil {
                let (m, o1) = s.small.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(d)
                if !o1 && !o2 { s.small = a; return }
                s.big = Decimal(s.small)
            }
            s.big = s.big! * 10 + Decimal(d)
        }

        // Integer part.
        while i < bytes.count {
            let b = bytes[i]
            if b >= 48 && b <= 57 {
                push(b, &s, &significant)
                s.digitCount += 1
                groupLength += 1
                i += 1
            } else if allowGrouping && b == UInt8(ascii: ",") {
                // A comma must follow 1–3 digits (first group) or exactly 3, and be
                // followed by exactly three digits.
                if groupLength == 0 || groupLength > 3 || (sawComma && groupLength != 3) {
                    s.failure = .misplacedSeparator
                    break
                }
                sawComma = true
                groupLength = 0
                i += 1
            } else {
                break
            }
        }
        if s.digitCount == 0 && s.failure == nil { return nil }
        if s.failure == nil && sawComma && groupLength != 3 { s.failure = .misplacedSeparator }
        // Fraction.
        if s.failure == nil, i < bytes.count, bytes[i] == UInt8(ascii: "."),
           i + 1 < bytes.count, bytes[i + 1] >= 48, bytes[i + 1] <= 57 {
            i += 1
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                // Leading zeros of a fraction are skipped by `push` but still shift the
                // exponent through `fractionDigits`.
                push(bytes[i], &s, &significant)
                s.fractionDigits += 1
                i += 1
            }
        }
        s.end = i
        return s
    }
}

/// Reads a `Decimal`'s significand (when it fits 64 bits), exponent and sign from its memory,
/// which Foundation does not expose on Linux. The layout (NSDecimal's: an 8-bit exponent, a byte
/// of length and flags, then eight 16-bit words of significand) is checked once against known
/// values; on any other layout `parts` answers nil and callers use Decimal's own API.
enum DecimalBits {
    static let layoutKnown: Bool = {
        guard MemoryLayout<Decimal>.size == 20 else { return false }
        let probes: [(Decimal, UInt64, Int, Bool)] = [
            (Decimal(sign: .minus, exponent: -3, significand: Decimal(12345)), 12345, -3, true),
            (Decimal(sign: .plus, exponent: 7, significand: Decimal(UInt64.max)), UInt64.max, 7, false),
            (Decimal(sign: .plus, exponent: -20, significand: Decimal(0x1_0001_0001)), 0x1_0001_0001, -20, false),
            (Decimal(1), 1, 0, false),
        ]
        for (d, s, e, n) in probes {
            guard let p = read(d), p.0 == s, p.1 == e, p.2 == n else { return false }
        }
        // Past 64 bits: must be recognised as too long.
        let big = Decimal(UInt64.max) + 1
        return read(big) == nil
    }()

    static func parts(_ d: Decimal) -> (UInt64, Int, Bool)? {
        guard layoutKnown else { return nil }
        return read(d)
    }

    /// Any significand (at most eight 16-bit words: 128 bits).
    @available(macOS 15, *)
    static func wideParts(_ d: Decimal) -> (UInt128, Int, Bool)? {
        guard layoutKnown else { return nil }
        // Five 32-bit words in memory order: the exponent, the length and flags and two unused
        // bytes; then the eight 16-bit words of the significand, least significant first. Read
        // from the value as it is passed (no copy to memory and closure per read, as a byte view
        // needs), the words past the length masked off.
        let w = unsafeBitCast(d, to: (UInt32, UInt32, UInt32, UInt32, UInt32).self)
        let head = UInt32(littleEndian: w.0)
        let length = Int(head >> 12 & 0xF)
        guard length <= 8 else { return nil }
        let low = UInt64(UInt32(littleEndian: w.1)) | UInt64(UInt32(littleEndian: w.2)) << 32
        let high = UInt64(UInt32(littleEndian: w.3)) | UInt64(UInt32(littleEndian: w.4)) << 32
        var m = UInt128(high) << 64 | UInt128(low)
        if length < 8 { m &= (1 << (16 * length)) &- 1 }
        return (m, Int(Int8(truncatingIfNeeded: head)), head & 0x0800 != 0)
    }

    /// `d × 10^by`, negated if asked, by rewriting its exponent and sign; nil when the layout is
    /// not the known one or the exponent leaves Decimal's range.
    static func shifted(_ d: Decimal, by k: Int, negate: Bool) -> Decimal? {
        guard layoutKnown, !d.isZero else { return nil }
        var r = d
        let ok = withUnsafeMutableBytes(of: &r) { b -> Bool in
            let e = Int(Int8(bitPattern: b[0])) + k
            guard e >= -128 && e <= 127 else { return false }
            b[0] = UInt8(bitPattern: Int8(e))
            if negate { b[1] ^= 0x08 }
            return true
        }
        return ok ? r : nil
    }

    private static func read(_ d: Decimal) -> (UInt64, Int, Bool)? {
        withUnsafeBytes(of: d) { b -> (UInt64, Int, Bool)? in
            let length = Int(b[1] >> 4)
            guard length <= 4 else { return nil }
            var m: UInt64 = 0
            for w in 0..<length { m |= UInt64(b[4 + 2 * w]) << (16 * w) | UInt64(b[5 + 2 * w]) << (16 * w + 8) }
            return (m, Int(Int8(bitPattern: b[0])), b[1] & 0x08 != 0)
        }
    }
}
