/// Ids of metrics, people, teams and scorecards are lower_snake_case, so formulas can name
/// metrics and an id can never smuggle in `/`, `..` or spaces when it becomes a file name.
public enum Identifier {
    public static func isValid(_ s: String) -> Bool {
        var first = true
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): break
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                if first { return false }
            default: return false
            }
            first = false
        }
        return !first && s.utf8.count <= 64
    }

    /// The sentence shown when an id is refused.
    public static func problem(_ s: String, what: String) -> String {
        "\(what) id '\(s)' is not allowed: use lower_snake_case (a–z, digits and _, starting with a letter, at most 64 characters)"
    }
}
