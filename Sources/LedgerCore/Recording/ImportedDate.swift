extension Day {
    /// A date as spreadsheets write it in an imported file (docs/spreadsheets.md): `2026-07-31`,
    /// `2026-7-31`, `2026/7/31` or `2026/07/31`, with an optional midnight-or-any time after it
    /// (`2026/7/31 0:00`, `2026-07-31T00:00:00`), which is ignored. Day first or month first
    /// (`31/7/2026`) is refused: which one a file means cannot be told.
    public init?(imported text: String) {
        // The usual form, `2026-07-31`, straight from its bytes (an import reads one per row).
        if text.utf8.count == 10, let day = Day(text) {
            self = day
            return
        }
        var s = Substring(text.trimmingScalars(in: " "))
        if let cut = s.firstIndex(where: { $0 == " " || $0 == "T" }) {
            let time = s[s.index(after: cut)...]
            guard !time.isEmpty, time.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":" || $0 == ".") }) else { return nil }
            s = s[..<cut]
        }
        let separator: Character = s.contains("/" as Character) ? "/" : "-"
        let parts = s.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }
}
