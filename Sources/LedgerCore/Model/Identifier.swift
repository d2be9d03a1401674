/// Ids of metrics, people, teams and scorecards are lower_snake_case, so formulas can name
/// metrics and an id can never smuggle in `/`, `..` or spaces when it becomes a file name.
public enum Identifier {
    public static func isValid(_ s: String) -> Bool {
        // Its bytes lent at once (a walk of the `String`'s UTF-8 view was ~290 instructions an
        // id, and a load asks it of every file's name).
        var s = s
        return s.withUTF8 { b in
            guard let first = b.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"), b.count <= 64 else { return false }
            for c in b.dropFirst() {
                switch c {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): continue
                default: return false
                }
            }
            return true
        }
    }

    /// The sentence shown when an id is refused.
    public static func problem(_ s: String, what: String) -> String {
        "\(what) id '\(s)' is not allowed: use lower_snake_case (a–z, digits and _, starting with a letter, at most 64 characters)"
    }
}
