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
