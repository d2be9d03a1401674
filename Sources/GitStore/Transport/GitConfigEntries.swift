import CGit2

/// Every entry of a repository's configuration as git sees it (system, global, local; lowest
/// priority first, each file in its own order), read once before a transfer so the C callbacks
/// answer from Swift values. Names are libgit2's: section and key lower-cased, a subsection
/// (`http.https://example.com/.sslcainfo`) kept as written.
public struct GitConfigEntries: Sendable {
    public var entries: [(name: String, value: String)]

    public init(entries: [(name: String, value: String)]) { self.entries = entries }

    /// The value git uses for a one-valued key: the last one.
    public func value(_ key: String) -> String? {
        let k = key.lowercased()
        return entries.last(where: { $0.name == k })?.value
    }

    /// Every value of a multi-valued key, in order.
    public func values(_ key: String) -> [String] {
        let k = key.lowercased()
        return entries.filter { $0.name == k }.map(\.value)
    }

    /// `section.<url>.key` with the best-matching URL for `url`, else `section.key`.
    public func value(_ section: String, _ key: String, for url: RemoteURL) -> String? {
        var best: (score: Int, value: String)? = nil
        let s = section.lowercased() + ".", k = "." + key.lowercased()
        for e in entries where e.name.hasPrefix(s) && e.name.hasSuffix(k) && e.name.count > s.count + k.count {
            let pattern = String(e.name.dropFirst(s.count).dropLast(k.count))
            if let score = url.configMatchScore(pattern), score >= (best?.score ?? Int.min) { best = (score, e.value) }
        }
        return best?.value ?? value(section + "." + key)
    }

    /// git's boolean spellings; nil when unset or not a boolean.
    public static func bool(_ text: String?) -> Bool? {
        guard let t = text?.lowercased() else { return nil }
        switch t {
        case "true", "yes", "on", "1", "": return true
        case "false", "no", "off", "0": return false
        default: return nil
        }
    }
}

extension Repository {
    /// A snapshot of every configuration entry (see `GitConfigEntries`).
    public func configEntries() throws -> GitConfigEntries {
        let snapshot = try owned("git_repository_config_snapshot", free: { git_config_free($0) }) {
            git_repository_config_snapshot($0, raw)
        }
        return try GitConfigEntries.read(snapshot.raw)
    }
}

extension GitConfigEntries {
    static func read(_ config: OpaquePointer) throws -> GitConfigEntries {
        var iterator: OpaquePointer? = nil
        try check(git_config_iterator_new(&iterator, config), "git_config_iterator_new")
        defer { git_config_iterator_free(iterator) }
        var list: [(String, String)] = []
        var entry: UnsafeMutablePointer<git_config_entry>? = nil
        while git_config_next(&entry, iterator) == 0 {
            guard let e = entry?.pointee, let name = swiftString(e.name) else { continue }
            list.append((name, swiftString(e.value) ?? ""))
        }
        return GitConfigEntries(entries: list)
    }

    /// The configuration outside any repository (for `kpi clone`): global, xdg, system.
    public static func outsideRepository() throws -> GitConfigEntries {
        _ = Libgit2.initialized
        let config = try owned("git_config_open_default", free: { git_config_free($0) }) { git_config_open_default($0) }
        let snapshot = try owned("git_config_snapshot", free: { git_config_free($0) }) { git_config_snapshot($0, config.raw) }
        return try read(snapshot.raw)
    }
}
