/// Reads a value the way a manager writes it, into a plain `Number` in the metric's unit.
///
/// Accepted forms (whitespace around the parts is allowed, including no-break and
/// ideographic spaces):
/// - sign: `-3`, `+3`, `−3` (unicode minus); for money before or after the symbol
///   (`-$5`, `$-5`);
/// - digits: `1200`, `1,200`, `1,200.50` — commas only in groups of three, a fraction needs
///   digits on both sides of the point (`.5` and `5.` are refused, as is `1..2`);
/// - multipliers: `K`/`k` thousand, `M` million, `B` billion, `千` thousand, `万` ten
///   thousand, `亿` hundred million (`1.2K` = 1200, `50万` = 500000, `1.2亿` = 120000000).
///   Lower-case `m` and `b` are refused: `m` reads as minutes or metres as often as million;
/// - percent: an optional `%` or `％`; the value stays in percent (`45%` → 45, and a bare
///   `45` → 45, never 0.45). A percentage takes no multiplier;
/// - currency: a symbol (`$ ¥ ￥ € £`) or ISO code (`USD CNY RMB EUR GBP JPY HKD`, ...)
///   before or after the number (`$1.2M`, `USD 300`, `300 EUR`, `300€`), or `元`/`块` after
///   it (`50 万元`, `100元`). The currency itself is not kept: a ledger is kept in one
///   currency and nothing converts between currencies, so `$5` and `¥5` are both 5;
/// - days: `3`, `3d`, `3 day(s)`, `3天`; hours: `4`, `4h`, `4 hr(s)`, `4 hour(s)`, `4小时`;
/// - ratio: `3`, or `3x`/`3×` as in "LTV/CAC is 3x".
/// The mark of another unit is refused with a message saying so.
///
/// Why bytes: values are parsed by the million when a large ledger is scored; scanning the
/// UTF-8 directly (see `parse(utf8:unit:)`) avoids building `Character`s.
public enum ValueParser {
    public static func parse(_ text: String, unit: MetricUnit) -> Result<Number, ValueError> {
        var text = text
        return text.withUTF8 { parse(utf8: $0, unit: unit) }
    }

    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>, unit: MetricUnit) -> Result<Number, ValueError> {
        if let n = plainDecimal(bytes, unit: unit) { return .success(n) }
        return parseAnyForm(utf8: bytes, unit: unit)
    }

    /// Every accepted form, and the message for a value that is not one.
    static func parseAnyForm(utf8 bytes: UnsafeBufferPointer<UInt8>, unit: MetricUnit) -> Result<Number, ValueError> {
        var cursor = ByteCursor(bytes: bytes)
        cursor.trimWhitespace()
        func shown() -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[cursor.start..<cursor.end]), as: UTF8.self) }
        func fail(_ kind: ValueError.Kind, _ message: String) -> Result<Number, ValueError> {
            .failure(ValueError(kind: kind, message: message))
        }
        if cursor.atEnd { return fail(.empty, "no value given") }

        var negative = false
        var sawSign = false
        var sawCurrency = false

        // Prefix: a sign and a currency mark, in either order, each at most once (a digit
        // starts neither: most values begin with one).
        while !cursor.atEnd, !(bytes[cursor.index] >= UInt8(ascii: "0") && bytes[cursor.index] <= UInt8(ascii: "9")) {
            if !sawSign, cursor.matchSign(&negative) { sawSign = true; continue }
            if !sawCurrency, cursor.matchAny(Marks.currencyPrefixes) {
                sawCurrency = true
                cursor.skipWhitespace()
                continue
            }
            break
        }

        guard let scanned = NumberScanner.scan(bytes, from: cursor.index, allowGrouping: true) else {
            return fail(.notANumber, "'\(shown())' is not a number")
        }
        switch scanned.failure {
        case .misplacedSeparator?:
            return fail(.misplacedSeparator, "'\(shown())' has misplaced thousands separators (commas go between groups of three digits, as in 1,200)")
        case .tooManyDigits?:
            return fail(.tooManyDigits, "'\(shown())' has more than \(NumberScanner.maxSignificantDigits) significant digits")
        case nil:
            break
        }
        cursor.index = scanned.end

        cursor.skipWhitespace()
        var multiplier = 0
        // Most values are a bare number: nothing after it to match, nothing to refuse.
        if cursor.index + 1 == cursor.end, bytes[cursor.index] == UInt8(ascii: "%") {
            // `45%`, the usual percentage: no multiplier can stand before the mark.
            if unit != .percent {
                return fail(.wrongUnit, "'\(shown())' is a percentage, but this metric \(unit.phrase)")
            }
        } else if !cursor.atEnd {
            for (mark, exponent) in Marks.multipliers where cursor.match(mark) {
                multiplier = exponent
                cursor.skipWhitespace()
                break
            }

            var sawPercent = false
            var sawDays = false
            var sawHours = false
            var sawTimes = false
            if cursor.matchAny(Marks.percent) {
                sawPercent = true
            } else if !sawCurrency, cursor.matchAny(Marks.currencySuffixes) {
                sawCurrency = true
            } else if cursor.matchAny(Marks.days) {
                sawDays = true
            } else if cursor.matchAny(Marks.hours) {
                sawHours = true
            } else if cursor.matchAny(Marks.times) {
                sawTimes = true
            }
            // A sign written after a currency code and its number is not a thing; anything
            // left over makes the whole text garbage (`12 apples`, `1..2`, `1.2.3`).
            guard cursor.atEnd else { return fail(.notANumber, "'\(shown())' is not a number") }

            if sawPercent && unit != .percent {
                return fail(.wrongUnit, "'\(shown())' is a percentage, but this metric \(unit.phrase)")
            }
            if sawCurrency && unit != .currency {
                return fail(.wrongUnit, "'\(shown())' is an amount of money, but this metric \(unit.phrase)")
            }
            if sawDays && unit != .days {
                return fail(.wrongUnit, "'\(shown())' is a number of days, but this metric \(unit.phrase)")
            }
            if sawHours && unit != .hours {
                return fail(.wrongUnit, "'\(shown())' is a number of hours, but this metric \(unit.phrase)")
            }
            if sawTimes && unit != .ratio {
                return fail(.wrongUnit, "'\(shown())' is a multiple (a ratio), but this metric \(unit.phrase)")
            }
            if multiplier != 0 && unit == .percent {
                return fail(.misplacedMultiplier, "'\(shown())' puts a multiplier on a percentage; write the percentage itself, as in 45%")
            }
        } else if sawCurrency && unit != .currency {
            return fail(.wrongUnit, "'\(shown())' is an amount of money, but this metric \(unit.phrase)")
        }
        guard let number = scanned.number(negative: negative, extraExponent: multiplier) else {
            return fail(.tooManyDigits, "'\(shown())' is out of the range a value can have")
        }
        return .success(number)
    }
}

extension ValueParser {
    /// The usual value — digits, perhaps a fraction (`16910`, `42.25`), and for a percentage
    /// its `%` — read in one pass, or nil for anything else (a sign, a comma, a space, a mark,
    /// more than 18 digits), which the general path reads. The number is the one the general
    /// path makes: leading zeros dropped, trailing zeros of the significand kept as exponent
    /// (`NumberScanner.Scanned.number`).
    static func plainDecimal(_ b: UnsafeBufferPointer<UInt8>, unit: MetricUnit) -> Number? {
        var n = b.count
        guard n > 0 else { return nil }
        if b[n - 1] == UInt8(ascii: "%") {
            guard unit == .percent else { return nil }
            n -= 1
        }
        var small: UInt64 = 0
        var significant = 0, pendingZeros = 0, fractionDigits = 0
        var i = 0
        var inFraction = false
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: ".") {
                // One point, with a digit on each side.
                guard !inFraction, i > 0, i + 1 < n else { return nil }
                inFraction = true
                i += 1
                continue
            }
            let d = c &- UInt8(ascii: "0")
            guard d <= 9 else { return nil }
            if inFraction { fractionDigits += 1 }
            if d == 0 {
                if significant > 0 { pendingZeros += 1 }
            } else {
                significant += pendingZeros + 1
                guard significant <= 18 else { return nil }
                while pendingZeros > 0 { small &*= 10; pendingZeros -= 1 }
                small = small &* 10 &+ UInt64(d)
            }
            i += 1
        }
        guard n > 0, b[n - 1] != UInt8(ascii: ".") else { return nil }
        return Number(significand: small, exponent: pendingZeros - fractionDigits, negative: false)
    }
}

/// The written marks `ValueParser` knows, as UTF-8 byte sequences. Longer marks come first
/// where one is a prefix of another (`days` before `d`).
enum Marks {
    static let currencyCodes = ["USD", "CNY", "RMB", "EUR", "GBP", "JPY", "HKD", "TWD", "SGD",
                                "AUD", "CAD", "CHF", "KRW", "INR"]
    static let currencySymbols = ["$", "¥", "￥", "€", "£"]
    static let currencyPrefixes: [[UInt8]] = (currencyCodes + currencySymbols).map { Array($0.utf8) }
    static let currencySuffixes: [[UInt8]] = (currencyCodes + currencySymbols + ["元", "块"]).map { Array($0.utf8) }
    static let multipliers: [([UInt8], Int)] = [
        ("K", 3), ("k", 3), ("M", 6), ("B", 9), ("千", 3), ("万", 4), ("亿", 8),
    ].map { (Array($0.0.utf8), $0.1) }
    static let percent: [[UInt8]] = ["%", "％"].map { Array($0.utf8) }
    static let days: [[UInt8]] = ["days", "day", "d", "天"].map { Array($0.utf8) }
    static let hours: [[UInt8]] = ["hours", "hour", "hrs", "hr", "h", "小时"].map { Array($0.utf8) }
    static let times: [[UInt8]] = ["x", "×"].map { Array($0.utf8) }
}

/// A position in a UTF-8 buffer with the few matching steps `ValueParser` needs.
struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var start = 0
    var end: Int

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.end = bytes.count
    }

    var atEnd: Bool { index >= end }

    /// Length of the whitespace at `i` (space, tab, no-break space, ideographic space), or 0.
    private func whitespaceLength(at i: Int, limit: Int) -> Int {
        guard i < limit else { return 0 }
        let b = bytes[i]
        if b == 0x20 || b == 0x09 { return 1 }
        if b == 0xC2, i + 1 < limit, bytes[i + 1] == 0xA0 { return 2 }
        if b == 0xE3, i + 2 < limit, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 { return 3 }
        return 0
    }

    private func whitespaceEnding(at i: Int) -> Int {
        if i >= 1, bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09 { return 1 }
        if i >= 2, bytes[i - 2] == 0xC2, bytes[i - 1] == 0xA0 { return 2 }
        if i >= 3, bytes[i - 3] == 0xE3, bytes[i - 2] == 0x80, bytes[i - 1] == 0x80 { return 3 }
        return 0
    }

    mutating func trimWhitespace() {
        while case let n = whitespaceLength(at: start, limit: end), n > 0 { start += n }
        while end > start, case let n = whitespaceEnding(at: end), n > 0 { end -= n }
        index = start
    }

    mutating func skipWhitespace() {
        while case let n = whitespaceLength(at: index, limit: end), n > 0 { index += n }
    }

    mutating func match(_ mark: [UInt8]) -> Bool {
        guard end - index >= mark.count else { return false }
        for k in 0..<mark.count where bytes[index + k] != mark[k] { return false }
        index += mark.count
        return true
    }

    mutating func matchAny(_ marks: [[UInt8]]) -> Bool {
        for mark in marks where match(mark) { return true }
        return false
    }

    /// `-`, `+` or `−` (U+2212).
    mutating func matchSign(_ negative: inout Bool) -> Bool {
        guard index < end else { return false }
        switch bytes[index] {
        case UInt8(ascii: "-"): negative = true; index += 1; return true
        case UInt8(ascii: "+"): negative = false; index += 1; return true
        case 0xE2 where end - index >= 3 && bytes[index + 1] == 0x88 && bytes[index + 2] == 0x92:
            negative = true; index += 3; return true
        default: return false
        }
    }
}
