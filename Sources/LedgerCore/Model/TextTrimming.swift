extension StringProtocol {
    /// The text without the given characters at either end (Foundation-free, by Unicode scalar).
    public func trimmingScalars(in set: String) -> String {
        let chars = Set(set.unicodeScalars)
        var u = Substring(self).unicodeScalars
        while let f = u.first, chars.contains(f) { u.removeFirst() }
        while let l = u.last, chars.contains(l) { u.removeLast() }
        return String(u)
    }
}
