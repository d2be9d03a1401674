/// How a person wrote a value (`¥1,000`, `100万`, `45%`, `$1.2M`), so numbers the tool computes
/// (an actual, a mean) can be shown the same way beside the target they are compared with.
public struct ValueStyle: Sendable, Equatable {
    public var prefix: String = ""
    public var suffix: String = ""
    /// The written multiplier (万 = 10,000, K = 1,000 ...), 1 when none.
    public var scale: Number = 1
    public var scaleMark: String = ""
    public var groupsThousands = false

    public init() {}

    static let marks: [(String, Number)] = [("亿", 100_000_000), ("万", 10_000), ("千", 1_000), ("K", 1_000), ("k", 1_000),
                                             ("M", 1_000_000), ("B", 1_000_000_000)]

    /// The style of `text`; plain numbers give the plain style.
    public static func of(_ text: String) -> ValueStyle {
        var style = ValueStyle()
        let scalars = Array(text.unicodeScalars)
        func isNumberPart(_ u: Unicode.Scalar) -> Bool { ("0"..."9").contains(u) || u == "." || u == "," }
        guard let first = scalars.firstIndex(where: { ("0"..."9").contains($0) }),
              let last = scalars.lastIndex(where: { ("0"..."9").contains($0) }) else { return style }
        var head = String(String.UnicodeScalarView(scalars[..<first]))
        if head.hasSuffix("-") || head.hasSuffix("−") { head.removeLast() }
        style.prefix = head
        style.groupsThousands = scalars[first...last].contains(",")
        var tail = String(String.UnicodeScalarView(scalars[(last + 1)...]))
        let trimmed = tail.trimmingScalars(in: " ")
        for (mark, value) in marks where trimmed.hasPrefix(mark) {
            style.scale = value
            style.scaleMark = mark
            tail = String(trimmed.dropFirst(mark.count))
            break
        }
        style.suffix = tail
        return style
    }

    /// `n` written in this style, with at most `places` decimals.
    public func format(_ n: Number, places: Int = 2) -> String {
        let scaled = (n / scale).rounded(places: places)
        var digits = scaled.magnitude.description
        if groupsThousands {
            let parts = digits.split(separator: ".", maxSplits: 1)
            var whole = String(parts[0])
            var grouped = ""
            while whole.count > 3 {
                grouped = "," + whole.suffix(3) + grouped
                whole = String(whole.dropLast(3))
            }
            digits = whole + grouped + (parts.count > 1 ? "." + parts[1] : "")
        }
        return (scaled.isNegative ? "-" : "") + prefix + digits + scaleMark + suffix
    }
}

