import CGit2

/// Opening the repository a command works on as git does, honouring `GIT_DIR` and
/// `GIT_WORK_TREE` (docs/repositories.md).
extension Repository {
    /// Without `GIT_DIR`: the repository containing `start`, searching upward. With it: that
    /// git directory (relative paths from `start`), no search; its work tree is `GIT_WORK_TREE`
    /// when set, else `core.worktree`, else — git's rule — the folder the command runs in. One
    /// exception where git's rule would misread a subfolder as the top: a `.git` folder, or a
    /// linked worktree's git directory (git sets `GIT_DIR` to it when running hooks there),
    /// whose own work tree contains `start` keeps that work tree.
    /// A bare repository stays bare unless `GIT_WORK_TREE` names a work tree.
    public static func open(from start: String, environment: [String: String]) throws -> Repository {
        func absolute(_ p: String) -> String { p.hasPrefix("/") ? p : (start.hasSuffix("/") ? start : start + "/") + p }
        guard let gitDir = environment["GIT_DIR"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return try discover(from: start)
        }
        let repository = try Repository(path: absolute(gitDir))
        let workTree = environment["GIT_WORK_TREE"].flatMap { $0.isEmpty ? nil : absolute($0) }
        if let workTree {
            try repository.setWorkdir(workTree)
        } else if !repository.isBare, (try? repository.configString("core.worktree")) == nil {
            let dir = repository.gitDir
            let known = dir.hasSuffix("/.git/") || FileIO.exists(dir + "commondir")
            if !(known && repository.workdir.map({ start.hasPrefix($0) || start + "/" == $0 }) == true) {
                try repository.setWorkdir(start)
            }
        }
        return repository
    }

    /// The git directory `open(from:environment:)` opens, found without opening it (no
    /// configuration read): `GIT_DIR` when set, else the one git finds from `start` upward (a
    /// `.git` folder, or the linked worktree's git directory a `.git` file names); nil when
    /// `start` is in no repository.
    public static func gitDirectory(from start: String, environment: [String: String]) -> String? {
        if let gitDir = environment["GIT_DIR"], !gitDir.isEmpty {
            return gitDir.hasPrefix("/") ? gitDir : (start.hasSuffix("/") ? start : start + "/") + gitDir
        }
        _ = Libgit2.initialized
        var found = git_buf()
        defer { git_buf_dispose(&found) }
        guard git_repository_discover(&found, start, 0, nil) == 0, let path = found.ptr else { return nil }
        return String(cString: path)
    }

    /// Uses `folder` as the work tree of this repository object (git's configuration is not
    /// changed).
    func setWorkdir(_ folder: String) throws {
        try check(git_repository_set_workdir(raw, folder, 0), "git_repository_set_workdir(\(folder))")
    }

    /// The tree at a slash-separated folder `path` below `tree` ("" is `tree` itself); nil when
    /// there is no such folder. A ledger in a subfolder reads its files from here.
    public func subtree(_ path: String, in tree: ObjectID) throws -> ObjectID? {
        if path.isEmpty { return tree }
        guard let e = try entry(at: path, in: tree), e.kind == .tree else { return nil }
        return e.id
    }
}
