/// A value that starts with `-` (`kpi record q profit -5万`, `--baseline -3`) reads as an option
/// to swift-argument-parser, which then misses the value. When a command line does not parse,
/// it is read once more with each such value made unambiguous — `--opt=-5万` after an option,
/// and a positional one moved after `--` when nothing but options follows it (so positional
/// order cannot change) — and the hint for `--` is given when that does not parse either
/// (docs/format.md, "Negative values on the command line").
enum NegativeValues {
    /// A token kpi reads as a negative value, never an option: `-` then a digit or a `.` and digit
    /// (`-5`, `-5万`, `-1.2亿`, `-12%`, `-.5`, `-1,200`). No kpi option is a dash and a digit.
    static func looksNegative(_ token: String) -> Bool {
        let u = Array(token.utf8)
        guard u.count >= 2, u[0] == UInt8(ascii: "-") else { return false }
        func digit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        return digit(u[1]) || (u[1] == UInt8(ascii: ".") && u.count > 2 && digit(u[2]))
    }

    /// `args` with negative values made unambiguous; nil when there are none to change.
    static func rewritten(_ args: [String]) -> [String]? {
        let end = args.firstIndex(of: "--") ?? args.count
        guard args[..<end].contains(where: looksNegative) else { return nil }
        var out: [String] = []
        var moved: [String] = []
        var i = 0
        while i < end {
            let a = args[i]
            if looksNegative(a) {
                if let last = out.last, last.hasPrefix("--"), !last.contains("="), last.count > 2 {
                    out[out.count - 1] = last + "=" + a   // the option's value
                } else {
                    // A positional value: only when nothing but options (and their values) follow.
                    let rest = args[(i + 1)..<end]
                    var previousWasOption = false
                    for r in rest {
                        if r.hasPrefix("-") && !looksNegative(r) { previousWasOption = r.hasPrefix("--") && !r.contains("="); continue }
                        guard previousWasOption else { return nil }
                        previousWasOption = false
                    }
                    moved.append(a)
                }
            } else {
                out.append(a)
            }
            i += 1
        }
        let tail = end < args.count ? Array(args[(end + 1)...]) : []
        return moved.isEmpty && tail.isEmpty ? out : out + ["--"] + moved + tail
    }

    /// The hint shown when a command line with a negative value still does not parse.
    static func hint(_ args: [String]) -> String? {
        guard let value = args.prefix(while: { $0 != "--" }).first(where: looksNegative) else { return nil }
        return "kpi: hint: a value starting with '-' reads as an option; write the value after `--` at the end of the command line (… -- \(value)), or an option's value as --option=\(value)\n"
    }
}
