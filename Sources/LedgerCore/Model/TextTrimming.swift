extension StringProtocol {
    /// The text without the given characters at either end (Foundation-free, by Unicode scalar).
    public func trimmingScalars(in set: String) -> String {
        // The sets are a character or two: a scan, not a `Set` built (and hashed) per call.
        let chars = set.unicodeScalars
        var u = Substring(self).unicodeScalars
        while let f = u.first, chars.contains(f) { u.removeFirst() }
        while let l = u.last, chars.contains(l) { u.removeLast() }
        return String(u)
    }
}
