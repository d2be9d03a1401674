import Foundation
import GitStore

/// git's status of the ledger's files (`LedgerStore.uncommittedLedgerFiles`: staged, modified,
/// deleted or untracked and not ignored) worked out from what a load of the working files
/// already learnt (`WorkingFiles`: each file's blob id, from the index's stat data or its bytes)
/// and the index's half (`IndexStatus`: its entries, and where HEAD differs), instead of
/// libgit2's status, which listed and `lstat`-ed every file again and read the index again.
/// Only where git's answer could differ from a comparison of blob ids and modes is libgit2
/// asked instead: content filters or attributes, a configuration that changes the comparison,
/// a conflict, a link or a hidden name under the ledger's folders, a file the load could not read.
/// The same list either way (`UncommittedFilesTests`, against `git status`).
struct UncommittedFiles: Sendable {
    let index: PackedIndex
    /// The ledger's folder in the repository, with its `/` ("" at the root).
    let prefix: String

    /// `IndexStatus` copied into a few arrays, held from the load's start to its end: each of
    /// its entries is a slice of the whole index file's bytes (with 219,000 files, 17 MB of
    /// entries holding 21 MB of bytes; packed, 8 MB: the paths as a `PathList`, each blob id's
    /// 20 bytes one after another).
    struct PackedIndex: Sendable {
        private let paths: PathList
        private let blobBytes: [UInt8]
        let modes: [UInt32]
        let staged: [[UInt8]]

        init(_ status: IndexStatus) {
            let entries = status.entries
            var paths = PathList(), blobBytes: [UInt8] = [], modes: [UInt32] = []
            blobBytes.reserveCapacity(20 * entries.count)
            modes.reserveCapacity(entries.count)
            for e in entries {
                e.path.withUnsafeBufferPointer { paths.append(bytes: $0) }
                e.blob.withRawBytes { blobBytes.append(contentsOf: $0) }
                modes.append(e.mode)
            }
            self.paths = paths
            self.blobBytes = blobBytes
            self.modes = modes
            staged = status.staged.map(Array.init)
        }

        var count: Int { paths.count }

        /// The blob id of entry `k`.
        func blob(_ k: Int) -> ObjectID { ObjectID(bytes: blobBytes[(20 * k)..<(20 * k + 20)])! }

        /// The path of entry `k`, as UTF-8 bytes.
        func path<T>(_ k: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T { paths.withUTF8(k, body) }

        /// Whether entry `k`'s path is the path at `i` of `list` (the ledger at the work tree's root).
        func isPath(_ k: Int, _ list: PathList, _ i: Int) -> Bool { k < paths.count && paths.samePath(k, as: list, i) }
    }

    /// The index's half for the ledger of `store`; nil when only libgit2's status can say.
    static func indexHalf(_ store: LedgerStore, environment: [String: String]) throws -> UncommittedFiles? {
        guard store.root != nil, let workTree = store.location.workTree, environment["GIT_INDEX_FILE"] == nil else { return nil }
        let repository = store.repository
        let config = try repository.configEntries()
        func flag(_ key: String) -> Bool? { GitConfigEntries.bool(config.value(key)) }
        // Line-end conversion, modes ignored, case folded, links as plain files: not a plain
        // comparison of blob ids and modes.
        if config.value("core.autocrlf") != nil, flag("core.autocrlf") != false { return nil }
        if config.value("core.filemode") != nil, flag("core.filemode") != true { return nil }
        if config.value("core.ignorecase") != nil, flag("core.ignorecase") != false { return nil }
        if config.value("core.symlinks") != nil, flag("core.symlinks") != true { return nil }
        // Attributes may filter content (eol, text, ident, filter=): any file of them, and git's
        // status hashes a file as filtered.
        let rules = ReportInputs.ruleFiles(gitDir: repository.gitDir, workTree: workTree, prefix: store.location.prefix,
                                           config: config, environment: environment)
        for path in rules where path.hasSuffix("attributes") {
            var st = stat()
            if lstat(path, &st) == 0 || errno != ENOENT { return nil }
        }
        guard let stat = IndexStat(gitDir: repository.gitDir, environment: environment),
              let half = try repository.indexStatus(stat, under: LedgerLayout.committedRoots.map(store.location.repositoryPath)) else {
            return nil
        }
        let prefix = store.location.prefix
        return UncommittedFiles(index: PackedIndex(half), prefix: prefix.isEmpty ? "" : prefix + "/")
    }

    /// The ledger files that differ from HEAD, in `uncommittedLedgerFiles`' order; nil when only
    /// libgit2's status can say. `store`'s repository is asked whether an untracked file is ignored.
    func files(_ working: WorkingFiles, _ store: LedgerStore) throws -> [String]? {
        guard !working.hidden, !working.linked, let (paths, states) = working.loaded else { return nil }
        let entries = index
        var seen = [Bool](repeating: false, count: entries.count)
        var changed: [String] = []
        let prefixBytes = Array(prefix.utf8)
        let executable = working.executable
        var hint = 0
        // Each path made a `String` only when it is named (the list holds them packed).
        for i in paths.indices {
            if case .other = states[i] { continue }
            // Most often the entry after the last one found, known without joining either path.
            let next = prefixBytes.isEmpty && entries.isPath(hint, paths, i) ? hint : nil
            if let next { hint = next + 1 }
            guard let k = next ?? paths.withUTF8(i, { Self.find(prefixBytes, $0, in: entries, hint: &hint) }) else {
                if try !store.repository.isIgnored(prefix + paths[i]) { changed.append(prefix + paths[i]) }
                continue
            }
            seen[k] = true
            switch states[i] {
            case .other: continue
            case .unknown: return nil
            case .vouched(let blob):
                if blob != entries.blob(k) { changed.append(prefix + paths[i]) }
            case .read(let blob):
                let mode: UInt32 = !executable.isEmpty && executable.contains(paths[i]) ? 0o100755 : 0o100644
                if blob != entries.blob(k) || mode != entries.modes[k] { changed.append(prefix + paths[i]) }
            }
        }
        // In the index, not among the working files: deleted.
        for k in 0..<entries.count where !seen[k] { changed.append(entries.path(k) { String(decoding: $0, as: UTF8.self) }) }
        for path in index.staged { changed.append(String(decoding: path, as: UTF8.self)) }
        var unique = Array(Set(changed))
        unique.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return unique.compactMap { s in
            guard let path = store.location.ledgerPath(s), LedgerLayout.isLedgerFile(path) else { return nil }
            return path
        }
    }

    /// The entry whose path's bytes are `prefix` then `path` (entries in the index's order);
    /// `hint`: where the last was found (a walk in the same order finds the next just after it).
    private static func find(_ prefix: [UInt8], _ path: UnsafeBufferPointer<UInt8>, in entries: PackedIndex,
                             hint: inout Int) -> Int? {
        /// The entry at `k` against `prefix` + `path`, as `memcmp` orders them.
        func compare(_ k: Int) -> Int32 {
            entries.path(k) { e -> Int32 in
                prefix.withUnsafeBufferPointer { p -> Int32 in
                    let head = min(e.count, p.count)
                    if head > 0, case let c = memcmp(e.baseAddress!, p.baseAddress!, head), c != 0 { return c }
                    if e.count < p.count { return -1 }
                    let rest = e.count - p.count, common = min(rest, path.count)
                    if common > 0, case let c = memcmp(e.baseAddress! + p.count, path.baseAddress!, common), c != 0 { return c }
                    return rest < path.count ? -1 : (rest > path.count ? 1 : 0)
                }
            }
        }
        if hint < entries.count, compare(hint) == 0 {
            defer { hint += 1 }
            return hint
        }
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if compare(mid) < 0 { low = mid + 1 } else { high = mid }
        }
        guard low < entries.count, compare(low) == 0 else { return nil }
        hint = low + 1
        return low
    }
}
