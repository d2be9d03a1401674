/// "Did you mean": the closest candidate within a small edit distance.
public enum Suggestion {
    /// `maxDistance`: the most edits allowed for a candidate (default: a third of its length,
    /// 1 to 3). Of candidates as close, the first in byte order: the same answer whatever order
    /// they come in (a dictionary's keys come in another order in each process).
    public static func closest(to word: String, in candidates: [String], maxDistance: ((String) -> Int)? = nil) -> String? {
        let w = Array(word.lowercased().unicodeScalars)
        guard w.count <= 64 else { return nil }
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, Array(c.unicodeScalars))
            let limit = maxDistance?(c) ?? max(1, min(3, c.count / 3))
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && c.utf8.lexicographicallyPrecedes(best!.0.utf8)) { best = (c, d) }
        }
        return best?.0
    }

    /// Edits (insert, delete, replace, or swap two neighbours) from `a` to `b`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { cur[j] = min(cur[j], before[j - 2] + 1) }
            }
            (before, prev, cur) = (prev, cur, before)
        }
        return prev[b.count]
    }
}
