/// A record's value text as a byte instead of a `String` (16 bytes a record, a million records
/// held at once): most texts are the value's own digits in one of a few forms — `16910`,
/// `42.50`, `45.3%`, `1.5万`, `¥800`, `1,200`, `-3` — and are written again from the value's
/// significand and exponent, the form, the number of digits after the point and whether the
/// thousands are grouped. A text is kept this way only when writing it again gives back its
/// exact bytes (checked as the record is made); any other (`007`, `USD 300`, `45 %`) stays a
/// `String` in the record's box (docs/architecture.md, "Model"). A goal's target and baseline
/// texts are kept the same way.
///
/// A style byte: the form's index in `forms` (top four bits), thousands grouped (bit 3), the
/// digits after the point (bits 0–2). A negative value's text starts with `-`.
enum RecordValueText {
    /// What a text may have around its digits, and the power of ten the mark after them
    /// multiplies by.
    /// (`StaticString`s: reading a form retains nothing, as a record is read by the million.)
    static let forms: [(prefix: StaticString, suffix: StaticString, exponent: Int)] = [
        ("", "", 0), ("", "%", 0), ("", "万", 4), ("", "K", 3), ("", "k", 3), ("", "M", 6), ("", "B", 9), ("", "千", 3),
        ("", "亿", 8), ("¥", "", 0), ("$", "", 0), ("€", "", 0), ("£", "", 0), ("", "元", 0), ("", "万元", 4), ("$", "K", 3),
    ]

    /// Room for the longest text a style writes: a sign, a prefix of up to 3 bytes, 20 digits
    /// with 6 commas and a point, a suffix of up to 6 bytes.
    static let longest = 40

    /// The style that writes `text` again from `significand` and `exponent`, or nil when none
    /// does (the text is then kept as written).
    static func style(of text: UnsafeBufferPointer<UInt8>, significand: Int64, exponent: Int8) -> UInt8? {
        guard significand != .min, !text.isEmpty, text.count <= longest else { return nil }
        let signed = significand < 0 ? 1 : 0
        // No prefix or suffix holds a digit: a text that starts (after its sign) with a digit can
        // only be written by a form without a prefix, one that does not only by a form with one;
        // and the same at its end, where a suffix's last byte must also be the text's. Most texts
        // start and end with a digit (only the first form), or end in `%` (only the second).
        let firstDigit = isDigit(text[signed < text.count ? signed : 0]), last = text[text.count - 1]
        let lastDigit = isDigit(last)
        for f in 0..<forms.count {
            let form = forms[f]
            let prefixCount = form.prefix.utf8CodeUnitCount, suffixCount = form.suffix.utf8CodeUnitCount
            guard (prefixCount == 0) == firstDigit,
                  suffixCount == 0 ? lastDigit : form.suffix.utf8Start[suffixCount - 1] == last else { continue }
            let start = signed + prefixCount, end = text.count - suffixCount
            guard start < end, has(text, form.prefix, at: signed), has(text, form.suffix, at: end) else { continue }
            var grouped = false, point: Int?
            for i in start..<end {
                if text[i] == UInt8(ascii: ",") { grouped = true }
                if text[i] == UInt8(ascii: "."), point == nil { point = i }
            }
            let fraction = point.map { end - $0 - 1 } ?? 0
            guard fraction < 8 else { continue }
            let style = UInt8(f << 4 | (grouped ? 8 : 0) | fraction)
            if grouped {
                if matches(text, significand, exponent, style) { return style }
            } else if signed == 0 || text[0] == UInt8(ascii: "-"),
                      digitsMatch(text, start, end, point, significand.magnitude, Int(exponent) - form.exponent + fraction) {
                return style
            }
        }
        return nil
    }

    /// The text `style` writes for the value, as a `String` (short ones held inline: no
    /// allocation).
    static func text(significand: Int64, exponent: Int8, style: UInt8) -> String {
        withText(significand: significand, exponent: exponent, style: style) { String(decoding: $0, as: UTF8.self) }
    }

    /// `body` given the text `style` writes for the value, as UTF-8 bytes on the stack (no
    /// `String` made: the parsed-file cache copies them as they are).
    static func withText<R>(significand: Int64, exponent: Int8, style: UInt8, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: longest) { buffer in
            let n = write(significand, exponent, style, into: buffer) ?? 0
            return body(UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
    }

    /// Whether the digits at `start..<end` (a point at `point`, no comma) are those `write`
    /// gives for `magnitude` × 10^`shift` with the digits after the point as written: the same
    /// number, no leading zero but the lone one of `0.5`, a digit on each side of the point. The
    /// usual text checked without writing it.
    private static func digitsMatch(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ point: Int?,
                                    _ magnitude: UInt64, _ shift: Int) -> Bool {
        let integerEnd = point ?? end
        guard integerEnd > start, integerEnd + 1 < end || point == nil else { return false }
        if text[start] == UInt8(ascii: "0") && integerEnd - start > 1 { return false }
        var n: UInt64 = 0
        for i in start..<end where i != integerEnd {
            let d = text[i] &- UInt8(ascii: "0")
            guard d < 10 else { return false }
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(d))
            if o1 || o2 { return false }
            n = a
        }
        if magnitude == 0 { return n == 0 }
        guard shift >= 0 else { return false }
        var whole = magnitude
        for _ in 0..<shift {
            let (m, overflow) = whole.multipliedReportingOverflow(by: 10)
            if overflow { return false }
            whole = m
        }
        return n == whole
    }

    private static func matches(_ text: UnsafeBufferPointer<UInt8>, _ significand: Int64, _ exponent: Int8,
                                _ style: UInt8) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: longest) { buffer in
            guard let n = write(significand, exponent, style, into: buffer), n == text.count else { return false }
            for i in 0..<n where buffer[i] != text[i] { return false }
            return true
        }
    }

    /// Writes the text into `buffer` (at least `longest` bytes) and returns its length, or nil
    /// when the style cannot write this value (more digits than there is room for, or fewer
    /// after the point than the value has).
    private static func write(_ significand: Int64, _ exponent: Int8, _ style: UInt8,
                              into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let form = forms[Int(style >> 4)], grouped = style & 8 != 0, fraction = Int(style & 7)
        // The digits as written: |significand| × 10^(exponent − the mark's), `fraction` of them
        // after the point (a zero's exponent is whatever the parser left: any will do).
        let shift = Int(exponent) - form.exponent + fraction
        guard significand != .min, shift >= 0 || significand == 0 else { return nil }
        var whole = significand.magnitude
        if whole != 0 {
            for _ in 0..<shift {
                let (m, overflow) = whole.multipliedReportingOverflow(by: 10)
                if overflow { return nil }
                whole = m
            }
        }
        var count = 0
        var rest = whole
        repeat {
            count += 1
            rest /= 10
        } while rest != 0
        let digits = max(count, fraction + 1), integer = digits - fraction
        let commas = grouped ? (integer - 1) / 3 : 0
        let sign = significand < 0 ? 1 : 0
        let prefix = form.prefix.utf8CodeUnitCount, suffix = form.suffix.utf8CodeUnitCount
        let length = sign + prefix + digits + commas + (fraction > 0 ? 1 : 0) + suffix
        guard length <= longest else { return nil }
        // Right to left: the suffix, the digits (a point `fraction` from the end, a comma
        // between groups of three before it), the prefix, the sign.
        var i = length
        func put(_ b: UInt8) {
            i -= 1
            buffer[i] = b
        }
        for j in stride(from: suffix - 1, through: 0, by: -1) { put(form.suffix.utf8Start[j]) }
        rest = whole
        for d in 0..<digits {
            if fraction > 0 && d == fraction { put(UInt8(ascii: ".")) }
            let place = d - fraction
            if grouped && place > 0 && place % 3 == 0 { put(UInt8(ascii: ",")) }
            let (q, r) = rest.quotientAndRemainder(dividingBy: 10)
            put(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: r))
            rest = q
        }
        for j in stride(from: prefix - 1, through: 0, by: -1) { put(form.prefix.utf8Start[j]) }
        if sign == 1 { put(UInt8(ascii: "-")) }
        return length
    }

    /// Whether `text` holds `part` at `offset`.
    private static func has(_ text: UnsafeBufferPointer<UInt8>, _ part: StaticString, at offset: Int) -> Bool {
        let n = part.utf8CodeUnitCount
        guard offset >= 0, offset + n <= text.count else { return false }
        for j in 0..<n where text[offset + j] != part.utf8Start[j] { return false }
        return true
    }

    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
}
