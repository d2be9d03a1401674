/// Where each kind of file lives in a ledger. The layout is a contract (README.md, "The files";
/// docs/architecture.md, "Where a new thing goes").
public enum LedgerFileKind: String, Sendable, CaseIterable {
    case settings, metric, scorecard, person, team, goals, records, review
    /// `calibration/<quarter>/<team>.yaml`: a calibration meeting's ratings (docs/review-cycle.md).
    case calibration
}

public struct LedgerPath: Hashable, Sendable {
    public var kind: LedgerFileKind
    /// The file's id (metric, person ... or the sheet's subject).
    public var id: String
    public var quarter: String?
}

public enum LedgerLayout {
    public static let settingsFile = "ledger.yaml"
    /// Folders holding one file per entity.
    public static let entityFolders: [(String, LedgerFileKind)] = [
        ("metrics", .metric), ("scorecards", .scorecard), ("people", .person), ("teams", .team),
    ]
    /// Folders holding one file per subject (a calibration: per team) per quarter.
    public static let quarterFolders: [(String, LedgerFileKind)] = [
        ("goals", .goals), ("records", .records), ("reviews", .review), ("calibration", .calibration),
    ]
    /// Every top-level name that belongs to the ledger: `kpi commit` commits only these.
    public static let ledgerRoots: [String] = [settingsFile] + entityFolders.map(\.0) + quarterFolders.map(\.0)

    /// Every top-level name `kpi commit` looks in.
    public static let committedRoots: [String] = ledgerRoots

    /// Whether `kpi commit` commits this path: ledger.yaml, or a `.yaml` file where the layout
    /// puts one. Anything else (`people/notes.txt`, `people/tom.bak`, `x.yaml.orig`) is the
    /// user's own and is left alone.
    public static func isLedgerFile(_ path: String) -> Bool {
        if case .file = classify(path) { return true }
        return false
    }

    public static func folder(of kind: LedgerFileKind) -> String? {
        (entityFolders + quarterFolders).first { $0.1 == kind }?.0
    }

    /// True when `path` (relative, `/`-separated) lies inside the ledger's own folders.
    public static func isLedgerPath(_ path: String) -> Bool {
        let first = path.split(separator: "/", maxSplits: 1).first.map(String.init) ?? path
        return ledgerRoots.contains(first)
    }

    public enum Placement: Equatable, Sendable {
        case file(LedgerPath)
        /// Inside a ledger folder but not where a ledger file can be; the reason says why.
        case misplaced(String)
        /// Meant as a ledger file but named so that it would be ignored (`.yml`): an error.
        case misnamed(String)
        /// Not a ledger path at all.
        case outside
    }

    /// Classifies a relative path.
    public static func classify(_ path: String) -> Placement {
        if let usual = usualFile(path) { return .file(usual) }
        return classifyInParts(path)
    }

    /// `classify` of a path lent as its UTF-8 bytes (`PathList.withUTF8`): the usual file placed
    /// from them with no `String` of the path made (a load classifies every path).
    static func classify(utf8 path: UnsafeBufferPointer<UInt8>) -> Placement {
        if let usual = usualFile(utf8: path) { return .file(usual) }
        return classifyInParts(String(decoding: path, as: UTF8.self))
    }

    /// `classify` by the path's parts: any path.
    static func classifyInParts(_ path: String) -> Placement {
        if path == settingsFile { return .file(LedgerPath(kind: .settings, id: "ledger", quarter: nil)) }
        let parts = components(path)
        guard let top = parts.first, ledgerRoots.contains(top), parts.count > 1 else { return .outside }
        guard let name = parts.last, name.hasSuffix(".yaml") else {
            if let name = parts.last, name.hasSuffix(".yml") {
                return .misnamed("ledger files end in .yaml: rename this file to \(name.dropLast(4)).yaml, or kpi ignores it")
            }
            return .misplaced("only .yaml files belong in \(top)/; this file is ignored")
        }
        // ".yaml" is ASCII: its five bytes are its last five characters.
        let id = String(decoding: name.utf8.dropLast(5), as: UTF8.self)
        if let kind = entityFolders.first(where: { $0.0 == top })?.1 {
            guard parts.count == 2 else { return .misplaced("\(top)/ holds files directly, not in sub-folders") }
            return .file(LedgerPath(kind: kind, id: id, quarter: nil))
        }
        // What is left of the roots is a quarter folder, or a folder named like the settings file
        // (a tree another tool wrote: git allows it).
        guard let kind = quarterFolders.first(where: { $0.0 == top })?.1 else {
            return .misplaced("\(top) is the ledger's settings file, not a folder; this file is ignored")
        }
        guard parts.count == 3 else {
            return .misplaced("\(top)/ files belong in a quarter folder, like \(top)/2026-Q3/\(name)")
        }
        return .file(LedgerPath(kind: kind, id: id, quarter: parts[1]))
    }

    /// The usual ledger file — ASCII, `folder/id.yaml` in an entity folder or
    /// `folder/quarter/id.yaml` in a quarter folder — placed from its bytes, with no array of
    /// parts (a load classifies every path: 218,946 of them in a large ledger); nil for any
    /// other path, which `classify` places the general way (with the same answer for these).
    static func usualFile(_ path: String) -> LedgerPath? {
        var path = path
        return path.withUTF8 { usualFile(utf8: $0) }
    }

    /// `usualFile` of a path's UTF-8 bytes.
    static func usualFile(utf8 b: UnsafeBufferPointer<UInt8>) -> LedgerPath? {
        var first = -1, second = -1
        for i in 0..<b.count {
            let c = b[i]
            if c >= 0x80 { return nil }
            if c == UInt8(ascii: "/") {
                if first < 0 { first = i } else if second < 0 { second = i } else { return nil }
            }
        }
        let suffix: StaticString = ".yaml"
        let last = second >= 0 ? second : first
        guard first >= 0, b.count - (last + 1) >= 5 else { return nil }
        for k in 0..<5 where b[b.count - 5 + k] != suffix.utf8Start[k] { return nil }
        guard let (kind, inQuarters) = FolderWord.kind(of: UnsafeBufferPointer(rebasing: b[0..<first])),
              inQuarters == (second >= 0) else { return nil }
        let id = String(decoding: UnsafeBufferPointer(rebasing: b[(last + 1)..<(b.count - 5)]), as: UTF8.self)
        if second < 0 { return LedgerPath(kind: kind, id: id, quarter: nil) }
        return LedgerPath(kind: kind, id: id, quarter: String(decoding: UnsafeBufferPointer(rebasing: b[(first + 1)..<second]), as: UTF8.self))
    }

    /// A folder's name as two words (its first and last eight bytes, zero-padded: every byte of
    /// the names of `entityFolders` and `quarterFolders`, none over 16 bytes) and its length: a
    /// path's first part matched against each with two comparisons, not byte by byte.
    struct FolderWord {
        let head: UInt64, tail: UInt64, count: Int
        let kind: LedgerFileKind
        let inQuarters: Bool

        static let all: [FolderWord] = entityFolders.map { word($0.0, $0.1, false) } + quarterFolders.map { word($0.0, $0.1, true) }

        private static func word(_ name: String, _ kind: LedgerFileKind, _ inQuarters: Bool) -> FolderWord {
            let bytes = Array(name.utf8)
            precondition(bytes.count <= 16)
            let (head, tail) = bytes.withUnsafeBufferPointer { words($0) }
            return FolderWord(head: head, tail: tail, count: bytes.count, kind: kind, inQuarters: inQuarters)
        }

        @inline(__always) static func words(_ b: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
            var head: UInt64 = 0, tail: UInt64 = 0
            for i in 0..<min(b.count, 8) { head |= UInt64(b[i]) << (8 * i) }
            if b.count > 8 { for i in 8..<b.count { tail |= UInt64(b[i]) << (8 * (i - 8)) } }
            return (head, tail)
        }

        /// The kind of the folder named `top`, and whether it is a quarter folder; nil for none.
        static func kind(of top: UnsafeBufferPointer<UInt8>) -> (LedgerFileKind, Bool)? {
            guard top.count <= 16 else { return nil }
            let (head, tail) = words(top)
            for f in all where f.count == top.count && f.head == head && f.tail == tail { return (f.kind, f.inQuarters) }
            return nil
        }
    }

    /// The `/`-separated parts of a path. An ASCII path is split on its bytes, which gives the
    /// same parts as splitting its `Character`s at a tenth of the cost (every write classifies
    /// the organisation's ~1,100 files of a 1,000-person ledger).
    static func components(_ path: String) -> [String] {
        var path = path
        let ascii: [String]? = path.withUTF8 { b in
            var parts: [String] = []
            parts.reserveCapacity(3)
            var start = 0
            for i in 0..<b.count {
                let c = b[i]
                if c >= 0x80 { return nil }
                if c == UInt8(ascii: "/") {
                    parts.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self))
                    start = i + 1
                }
            }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: b[start...]), as: UTF8.self))
            return parts
        }
        return ascii ?? path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    }

    public static func path(_ kind: LedgerFileKind, id: String, quarter: Quarter? = nil) -> String {
        switch kind {
        case .settings: return settingsFile
        case .goals, .records, .review, .calibration: return "\(folder(of: kind)!)/\(quarter!)/\(id).yaml"
        default: return "\(folder(of: kind)!)/\(id).yaml"
        }
    }
}
