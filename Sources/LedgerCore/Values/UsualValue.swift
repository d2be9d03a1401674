/// The usual value text — digits, perhaps a point and digits, and at most one mark after them
/// (`%`, `万`, `K`, `k`, `M`, `B`, `千`, `亿`) — read in one pass into its fixed number and the
/// `RecordValueText` style that writes the text again: the number `ValueParser.parse` makes and
/// the style `RecordValueText.style(of:significand:exponent:)` finds, neither of them run.
/// Records and goals are read by the million; their values are almost all of this form
/// (docs/architecture.md, "Model").
///
/// Nil for any other text — a sign, a comma, a space, a leading zero (`007`), more than 18
/// digits or more than 7 after the point, another mark, a mark the unit refuses (`%` but for a
/// percentage, a multiplier on one) — which the caller reads the general way.
struct UsualValue: Equatable {
    /// The canonical fixed form (`Number.Storage.fixed`).
    var significand: Int64
    var exponent: Int8
    /// `RecordValueText`'s style byte: the form's index in `RecordValueText.forms` (top four
    /// bits), the digits after the point (bits 0–2); never grouped.
    var style: UInt8

    var number: Number { Number(storage: .fixed(significand, exponent)) }

    /// The marks read here, by their last byte: the form that writes them in
    /// `RecordValueText.forms` and the power of ten they multiply by (`Marks.multipliers`).
    /// No mark is the end of another, so the last bytes decide which one a text may end with.
    @inline(__always) private static func mark(_ b: UnsafeBufferPointer<UInt8>, _ n: Int)
        -> (length: Int, form: UInt8, exponent: Int)? {
        switch b[n - 1] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return (0, 0, 0)
        case UInt8(ascii: "%"): return (1, 1, 0)
        case UInt8(ascii: "K"): return (1, 3, 3)
        case UInt8(ascii: "k"): return (1, 4, 3)
        case UInt8(ascii: "M"): return (1, 5, 6)
        case UInt8(ascii: "B"): return (1, 6, 9)
        case 0x87 where n >= 3 && b[n - 3] == 0xE4 && b[n - 2] == 0xB8: return (3, 2, 4)   // 万
        case 0x83 where n >= 3 && b[n - 3] == 0xE5 && b[n - 2] == 0x8D: return (3, 7, 3)   // 千
        case 0xBF where n >= 3 && b[n - 3] == 0xE4 && b[n - 2] == 0xBA: return (3, 8, 8)   // 亿
        default: return nil
        }
    }

    static func read(_ b: UnsafeBufferPointer<UInt8>, unit: MetricUnit) -> UsualValue? {
        guard !b.isEmpty, let mark = mark(b, b.count) else { return nil }
        // A percentage takes `%` and no multiplier; any other unit no `%`.
        guard (mark.form == 1) == (unit == .percent) || mark.form == 0 else { return nil }
        let n = b.count - mark.length
        guard n > 0 else { return nil }
        // No leading zero but the lone one of `0` and `0.5`.
        if b[0] == UInt8(ascii: "0"), n > 1, b[1] != UInt8(ascii: ".") { return nil }
        var digits: UInt64 = 0, count = 0, point = -1
        for i in 0..<n {
            let c = b[i]
            if c == UInt8(ascii: ".") {
                // One point, with a digit on each side.
                guard point < 0, i > 0, i + 1 < n else { return nil }
                point = i
                continue
            }
            let d = c &- UInt8(ascii: "0")
            guard d <= 9 else { return nil }
            digits = digits &* 10 &+ UInt64(d)
            count += 1
        }
        // At most 18 digits: the number and the digits written again both fit a word.
        let fraction = point < 0 ? 0 : n - point - 1
        guard count <= 18, fraction < 8,
              case .fixed(let s, let e)? = Number.fixed(Int64(digits), mark.exponent - fraction).map(\.storage)
        else { return nil }
        return UsualValue(significand: s, exponent: e, style: mark.form << 4 | UInt8(fraction))
    }
}
