import CGit2
import Foundation

/// What `git commit` is about to commit: the index, read as git's hooks see it (git points
/// `GIT_INDEX_FILE` at a temporary index for `git commit -a` or `git commit PATH`).
public final class StagedIndex {
    let index: Owned
    let repository: Repository

    /// The index of `repository`, or the one at `file` (a path git gave in `GIT_INDEX_FILE`).
    public init(_ repository: Repository, file: String? = nil) throws {
        self.repository = repository
        if let file {
            index = try owned("git_index_open(\(file))", free: { git_index_free($0) }) { git_index_open($0, file) }
            // The objects the index names live in the repository.
            try check(git_index_read(index.raw, 1), "git_index_read(\(file))")
        } else {
            index = try owned("git_repository_index", free: { git_index_free($0) }) { git_repository_index($0, repository.raw) }
        }
    }

    /// The blob staged at `path` (stage 0), nil when the index has none.
    public func blob(at path: String) -> ObjectID? {
        guard let e = git_index_get_bypath(index.raw, path, 0) else { return nil }
        return ObjectID(e.pointee.id)
    }

    /// Each path whose staged content differs from `tree` (HEAD's, nil before the first commit),
    /// with its staged blob, nil when the commit deletes it. Sorted by path.
    public func changes(from tree: ObjectID?) throws -> [(path: String, blob: ObjectID?)] {
        let base = try tree.map { try repository.lookupTree($0) }
        var opts = git_diff_options()
        try check(git_diff_options_init(&opts, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        let diff = try owned("git_diff_tree_to_index", free: { git_diff_free($0) }) {
            git_diff_tree_to_index($0, repository.raw, base?.raw, index.raw, &opts)
        }
        var out: [(path: String, blob: ObjectID?)] = []
        for i in 0..<git_diff_num_deltas(diff.raw) {
            guard let d = git_diff_get_delta(diff.raw, i)?.pointee else { continue }
            if d.status == GIT_DELTA_DELETED {
                if let p = swiftString(d.old_file.path) { out.append((p, nil)) }
            } else if let p = swiftString(d.new_file.path) {
                out.append((p, ObjectID(d.new_file.id)))
            }
        }
        return out.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }
}

extension Repository {
    /// The git directory the repository's worktrees share (`.git/` of the main worktree, also
    /// from a linked worktree, whose own git directory is `.git/worktrees/NAME/`); ends in "/".
    public var commonDir: String { swiftString(git_repository_commondir(raw)) ?? gitDir }

    /// Where git runs this repository's hooks from: `core.hooksPath` when set (relative to the
    /// working tree's root, `~/` to the home folder, as git reads it), else `hooks` in the common
    /// git directory. `configured` is the setting's text, nil when it is not set.
    public func hooksFolder() throws -> (path: String, configured: String?) {
        guard let setting = try configString("core.hooksPath"), !setting.isEmpty else {
            return (commonDir + "hooks", nil)
        }
        var path = setting
        if path == "~" || path.hasPrefix("~/") {
            path = (ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) + path.dropFirst()
        } else if !path.hasPrefix("/") {
            path = (workdir ?? gitDir) + path
        }
        return (URL(fileURLWithPath: path).standardizedFileURL.path, setting)
    }
}
