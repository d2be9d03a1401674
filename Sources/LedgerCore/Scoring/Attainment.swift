/// The attainment of one goal: how much of its target was achieved, as a fraction
/// (1 = on target, 1.2 = 120%). See `Attainment.compute`.
public struct AttainmentResult: Equatable, Sendable {
    /// The method actually used (the default resolved, or `binary` when `progress` had no
    /// distance to cover).
    public let method: ScoringMethod
    /// Clamped to [0, cap]; nil when the attainment has no value (`explanation` says why).
    public let value: Number?
    /// Before clamping, for explanations and audits.
    public let unclamped: Number?
    /// One sentence for `kpi score --explain`, e.g. "progress: (42 − 40) / (45 − 40) = 0.4".
    /// Written only when read: a year of a thousand people's goals is scored without it, and
    /// keeps only the numbers it would name (`Words`).
    public var explanation: String {
        switch words {
        case .text(let text): return text
        case .noBaseline(let ratio):
            return "no baseline for progress, so " + AttainmentResult(method: method, value: value, unclamped: unclamped, words: ratio).explanation
        default:
            guard let raw = unclamped, let clamped = value else { return words.head }
            let shown = raw.rounded(places: 4)
            var text = words.head + (shown == raw ? " = \(raw)" : " ≈ \(shown)")
            if clamped != raw {
                text += clamped.isZero ? ", raised to 0" : ", capped at \(clamped)"
            }
            return text
        }
    }
    let words: Words

    /// What the sentence says, as the numbers it names.
    enum Words: Sendable {
        /// A whole sentence (an attainment without a value).
        case text(String)
        /// "ratio: actual / target"
        case ratio(actual: Number, target: Number)
        /// "ratio (lower is better): target / actual"
        case lowerRatio(actual: Number, target: Number)
        /// Lower is better, the actual at or below 0 and the target 0.
        case lowerMeetsZero(actual: Number)
        /// Lower is better, the actual at or below 0 beating a positive target.
        case lowerAtCap(actual: Number, target: Number)
        case progress(actual: Number, baseline: Number, target: Number)
        /// `flat`: progress whose target equals its baseline, scored as binary.
        case binary(actual: Number, target: Number, direction: Direction, met: Bool, flat: Bool)
        /// `progress` without a baseline, scored as a ratio.
        indirect case noBaseline(Words)

        /// The sentence before its result.
        var head: String {
            switch self {
            case .text(let text): return text
            case let .ratio(actual, target): return "ratio: \(actual) / \(Attainment.show(target))"
            case let .lowerRatio(actual, target): return "ratio (lower is better): \(target) / \(Attainment.show(actual))"
            case let .lowerMeetsZero(actual): return "ratio (lower is better): actual \(actual) meets the target 0"
            case let .lowerAtCap(actual, target):
                return "ratio (lower is better): actual \(actual) beats the target \(target) as far as possible, scored at the cap"
            case let .progress(actual, baseline, target):
                return "progress: (\(actual) − \(Attainment.show(baseline))) / (\(target) − \(Attainment.show(baseline)))"
            case let .binary(actual, target, direction, met, flat):
                let comparison: String
                switch (direction, met) {
                case (.higher, true): comparison = "\(actual) ≥ \(target), met"
                case (.higher, false): comparison = "\(actual) < \(target), not met"
                case (.lower, true): comparison = "\(actual) ≤ \(target), met"
                case (.lower, false): comparison = "\(actual) > \(target), not met"
                }
                return (flat ? "progress with target = baseline (\(target)) is scored as binary" : "binary") + ": \(comparison)"
            case .noBaseline(let ratio): return "no baseline for progress, so " + ratio.head
            }
        }
    }

    init(method: ScoringMethod, value: Number?, unclamped: Number?, words: Words) {
        self.method = method
        self.value = value
        self.unclamped = unclamped
        self.words = words
    }

    init(method: ScoringMethod, value: Number?, unclamped: Number?, explanation: String) {
        self.init(method: method, value: value, unclamped: unclamped, words: .text(explanation))
    }

    public var wasClamped: Bool { value != unclamped }

    public static func == (a: AttainmentResult, b: AttainmentResult) -> Bool {
        a.method == b.method && a.value == b.value && a.unclamped == b.unclamped && a.explanation == b.explanation
    }
}

/// Attainment per goal, as docs/scoring.md ("Attainment") defines it.
public enum Attainment {
    /// Computes a goal's attainment.
    ///
    /// - method: nil means `progress` when a baseline is given, else `ratio`.
    /// - `ratio`: actual / target; lower-is-better: target / actual. Decisions where that
    ///   division has no sensible value:
    ///   - a target of 0 or below (higher is better) has no ratio — "no value" with the
    ///     reason (use `binary`, or `progress` with a baseline, for such goals);
    ///   - lower is better and the actual is 0 or below: beating any positive target by
    ///     reaching zero is as good as it gets, so it scores the cap; with a target of 0 too,
    ///     exactly on target, 1;
    ///   - lower is better and a negative target: no value.
    /// - `progress`: (actual − baseline) / (target − baseline). The signs cancel, so it
    ///   works for both directions (a lower target below the baseline). When target equals
    ///   baseline there is no distance to cover: scored as `binary` (met or not, by
    ///   `direction`) and the explanation says so.
    /// - `binary`: 1 when the target is met (actual ≥ target for higher, ≤ for lower), else 0.
    /// The result is clamped to [0, cap].
    public static func compute(actual: Number, target: Number, baseline: Number?,
                               method: ScoringMethod?, direction: Direction,
                               cap: Number) -> AttainmentResult {
        let method = method ?? (baseline != nil ? .progress : .ratio)
        switch method {
        case .binary:
            return binary(actual: actual, target: target, direction: direction, cap: cap, flat: false)
        case .progress:
            guard let baseline else {
                // Validation should refuse this; score it like the default rather than fail.
                let result = ratio(actual: actual, target: target, direction: direction, cap: cap)
                return AttainmentResult(method: .ratio, value: result.value, unclamped: result.unclamped, words: .noBaseline(result.words))
            }
            guard let distance = target.subtracting(baseline), let gained = actual.subtracting(baseline) else {
                return tooLarge(.progress)
            }
            if distance.isZero {
                return binary(actual: actual, target: target, direction: direction, cap: cap, flat: true)
            }
            guard let raw = gained.divided(by: distance) else { return tooLarge(.progress) }
            return finish(.progress, raw: raw, cap: cap, .progress(actual: actual, baseline: baseline, target: target))
        case .ratio:
            return ratio(actual: actual, target: target, direction: direction, cap: cap)
        }
    }

    private static func ratio(actual: Number, target: Number, direction: Direction, cap: Number) -> AttainmentResult {
        switch direction {
        case .higher:
            guard target > .zero else {
                return AttainmentResult(method: .ratio, value: nil, unclamped: nil,
                    explanation: "ratio: the target is \(target), so actual / target has no meaning (use binary, or progress with a baseline)")
            }
            guard let raw = actual.divided(by: target) else { return tooLarge(.ratio) }
            return finish(.ratio, raw: raw, cap: cap, .ratio(actual: actual, target: target))
        case .lower:
            guard target >= .zero else {
                return AttainmentResult(method: .ratio, value: nil, unclamped: nil,
                    explanation: "ratio (lower is better): the target is \(target), so target / actual has no meaning (use binary, or progress with a baseline)")
            }
            if actual <= .zero {
                if target.isZero {
                    return finish(.ratio, raw: .one, cap: cap, .lowerMeetsZero(actual: actual))
                }
                return finish(.ratio, raw: cap, cap: cap, .lowerAtCap(actual: actual, target: target))
            }
            guard let raw = target.divided(by: actual) else { return tooLarge(.ratio) }
            return finish(.ratio, raw: raw, cap: cap, .lowerRatio(actual: actual, target: target))
        }
    }

    private static func binary(actual: Number, target: Number, direction: Direction, cap: Number, flat: Bool) -> AttainmentResult {
        let met = direction == .higher ? actual >= target : actual <= target
        return finish(.binary, raw: met ? .one : .zero, cap: cap, .binary(actual: actual, target: target, direction: direction, met: met, flat: flat))
    }

    /// Clamps to [0, cap]; the sentence, when read, ends with the result (rounded to 4 places
    /// for reading, marked ≈ when that rounding changed it) and any clamping.
    private static func finish(_ method: ScoringMethod, raw: Number, cap: Number, _ words: AttainmentResult.Words) -> AttainmentResult {
        AttainmentResult(method: method, value: clamped(raw, cap: cap), unclamped: raw, words: words)
    }

    /// `max(.zero, min(cap, raw))`, with the raw value's parts read once: `min(cap, raw)` is `raw`
    /// when `raw < cap` (compared exactly, as `Number`'s `<` compares), else `cap`; `max(.zero, m)`
    /// is 0 when `m` is below 0 (a quotient with no fixed form read its parts at each comparison).
    static func clamped(_ raw: Number, cap: Number) -> Number {
        if #available(macOS 15, *), let r = raw.parts, let c = cap.parts {
            let (m, negative) = FixedPoint.less(r, c) ? (raw, r.negative && r.magnitude != 0) : (cap, c.negative && c.magnitude != 0)
            return negative ? .zero : m
        }
        return max(.zero, min(cap, raw))
    }

    /// Arithmetic on extreme values (a derived metric can be huge) overflowed: no value
    /// rather than a crash.
    private static func tooLarge(_ method: ScoringMethod) -> AttainmentResult {
        AttainmentResult(method: method, value: nil, unclamped: nil,
                         explanation: "\(method.rawValue): the numbers are too large to compute with")
    }

    /// Negative numbers in parentheses so "(42 − -40)" reads "(42 − (-40))".
    static func show(_ n: Number) -> String {
        n.isNegative ? "(\(n))" : n.description
    }
}
