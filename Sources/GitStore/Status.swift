import CGit2
#if canImport(Glibc)
import Glibc
#endif

/// One path's state, like a line of `git status --porcelain`.
public struct FileStatus: Hashable, Sendable {
    public enum Change: Sendable, Hashable {
        case added, modified, deleted, renamed, typeChanged, untracked, conflicted
    }

    public let path: String
    /// HEAD → index (staged); nil when unchanged.
    public let index: Change?
    /// index → working tree (unstaged); nil when unchanged.
    public let worktree: Change?
}

extension Repository {
    /// Changed, staged and untracked files under the given folders or files (empty: all),
    /// sorted by path. Ignored files are not listed unless `includeIgnored` (then as untracked).
    /// Unchanged files are known by their index entry's stat data, as `git status` knows them,
    /// and not read. Throws `.bareRepository` when bare.
    public func status(under prefixes: [String] = [], includeIgnored: Bool = false) throws -> [FileStatus] {
        guard !isBare else { throw GitError(.bareRepository, "a bare repository has no working tree") }
        var opts = git_status_options()
        try check(git_status_options_init(&opts, UInt32(GIT_STATUS_OPTIONS_VERSION)), "git_status_options_init")
        opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY.rawValue
            | (includeIgnored ? GIT_STATUS_OPT_INCLUDE_IGNORED.rawValue | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS.rawValue : 0)
        // HEAD's tree given as the baseline, found leniently (`commitTree`): left to itself,
        // libgit2 peels HEAD and fails on a commit whose header another tool broke.
        var baseline: Owned?
        if let head = try headCommit() {
            var tree = try commitTree(head).oid
            baseline = try owned("git_tree_lookup(HEAD^{tree})", free: { git_tree_free($0) }) { git_tree_lookup($0, raw, &tree) }
            opts.baseline = baseline?.raw
        }
        defer { withExtendedLifetime(baseline) {} }
        var cStrings: [UnsafeMutablePointer<CChar>?] = prefixes.map { p in
            var s = p
            while s.hasSuffix("/") { s.removeLast() }
            return strdup(s)
        }
        defer { cStrings.forEach { free($0) } }
        let list = try cStrings.withUnsafeMutableBufferPointer { buf -> Owned in
            opts.pathspec = git_strarray(strings: buf.baseAddress, count: buf.count)
            return try owned("git_status_list_new", free: { git_status_list_free($0) }) {
                git_status_list_new($0, raw, &opts)
            }
        }
        var result: [FileStatus] = []
        let count = git_status_list_entrycount(list.raw)
        for i in 0..<count {
            guard let e = git_status_byindex(list.raw, i) else { continue }
            let s = e.pointee.status.rawValue
            let delta = e.pointee.index_to_workdir ?? e.pointee.head_to_index
            guard let delta, let path = swiftString(delta.pointee.new_file.path) ?? swiftString(delta.pointee.old_file.path) else { continue }
            func has(_ flag: git_status_t) -> Bool { s & flag.rawValue != 0 }
            var staged: FileStatus.Change? = nil
            var unstaged: FileStatus.Change? = nil
            if has(GIT_STATUS_CONFLICTED) {
                staged = .conflicted; unstaged = .conflicted
            } else {
                if has(GIT_STATUS_INDEX_NEW) { staged = .added }
                else if has(GIT_STATUS_INDEX_MODIFIED) { staged = .modified }
                else if has(GIT_STATUS_INDEX_DELETED) { staged = .deleted }
                else if has(GIT_STATUS_INDEX_RENAMED) { staged = .renamed }
                else if has(GIT_STATUS_INDEX_TYPECHANGE) { staged = .typeChanged }
                if has(GIT_STATUS_WT_NEW) || has(GIT_STATUS_IGNORED) { unstaged = .untracked }
                else if has(GIT_STATUS_WT_MODIFIED) { unstaged = .modified }
                else if has(GIT_STATUS_WT_DELETED) { unstaged = .deleted }
                else if has(GIT_STATUS_WT_RENAMED) { unstaged = .renamed }
                else if has(GIT_STATUS_WT_TYPECHANGE) { unstaged = .typeChanged }
            }
            if staged == nil && unstaged == nil { continue }
            result.append(FileStatus(path: path, index: staged, worktree: unstaged))
        }
        result.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return result
    }
}

/// The index's half of git's status under some paths, from the index file and HEAD's trees
/// alone: the index's entries there (what the working files are compared with), and the paths
/// where HEAD and the index differ (staged). A folder whose tree the index's cache tree holds
/// with HEAD's id is known unchanged without reading it (git does the same); any other is read
/// from HEAD and compared entry by entry. The working files' half is the caller's, who has
/// read them (docs/architecture.md, "How a read command flows").
public struct IndexStatus: Sendable {
    /// The stage-0 entries at or under the paths, in the index's order (by their paths' bytes).
    public let entries: [IndexStat.Entry]
    /// Repository paths at or under the paths that HEAD and the index hold differently (added,
    /// removed, another blob or mode), as UTF-8 bytes.
    public let staged: [ArraySlice<UInt8>]
}

extension Repository {
    /// `index`'s half of the status under the repository paths `paths` (folders or files); nil
    /// when only `status` can say: an unborn HEAD, a conflict or an entry marked assume-unchanged
    /// there (libgit2 does not look at such a file).
    public func indexStatus(_ index: IndexStat, under paths: [String]) throws -> IndexStatus? {
        guard let head = try headCommit() else { return nil }
        let root = try commitTree(head)
        var entries: [IndexStat.Entry] = [], staged: [ArraySlice<UInt8>] = []
        for path in paths.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard !index.conflicted(under: path) else { return nil }
            let here = index.entries(under: path)
            if here.contains(where: \.assumeUnchanged) { return nil }
            entries += here
            let inHead = try entry(at: path, in: root)
            if let inHead, inHead.kind == .tree, index.cachedTree(path) == inHead.id { continue }
            // HEAD's files at or under `path`, by their paths' bytes (the index's order).
            var committed: [(path: [UInt8], mode: UInt32, id: ObjectID)] = []
            func collect(_ e: TreeEntry, _ at: [UInt8]) throws {
                if e.kind == .tree {
                    for child in try treeEntries(e.id) { try collect(child, at + [UInt8(ascii: "/")] + Array(child.name.utf8)) }
                } else {
                    committed.append((at, e.filemode, e.id))
                }
            }
            if let inHead { try collect(inHead, Array(path.utf8)) }
            committed.sort { $0.path.lexicographicallyPrecedes($1.path) }
            var i = 0, k = 0
            while i < here.count || k < committed.count {
                if k == committed.count || (i < here.count && here[i].path.lexicographicallyPrecedes(committed[k].path)) {
                    staged.append(here[i].path)
                    i += 1
                } else if i == here.count || committed[k].path.lexicographicallyPrecedes(here[i].path) {
                    staged.append(committed[k].path[...])
                    k += 1
                } else {
                    if here[i].mode != committed[k].mode || here[i].blob != committed[k].id { staged.append(here[i].path) }
                    i += 1
                    k += 1
                }
            }
        }
        // The paths' entries one after the other: in the index's order unless one path's sort
        // among another's (`a.b` between `a` and `a/…`).
        if zip(entries, entries.dropFirst()).contains(where: { !$0.path.lexicographicallyPrecedes($1.path) }) {
            entries.sort { $0.path.lexicographicallyPrecedes($1.path) }
        }
        return IndexStatus(entries: entries, staged: staged)
    }
}

extension Repository {
    /// Whether git's ignore rules (every `.gitignore` on the way, `info/exclude`,
    /// `core.excludesFile`) ignore the repository path `path`, or a folder above it.
    public func isIgnored(_ path: String) throws -> Bool {
        var ignored: Int32 = 0
        try check(git_ignore_path_is_ignored(&ignored, raw, path), "git_ignore_path_is_ignored")
        return ignored != 0
    }
}
