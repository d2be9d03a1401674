import CGit2

/// One path that differs between two trees.
public struct TreeChange: Hashable, Sendable {
    public enum Status: Sendable, Hashable {
        case added, modified, deleted
    }

    public let path: String
    public let oldBlob: ObjectID?
    public let newBlob: ObjectID?
    public let status: Status

    /// A change from its blobs (old nil: added; new nil: deleted), e.g. read back from a cache.
    public init(path: String, oldBlob: ObjectID?, newBlob: ObjectID?) {
        self.path = path
        self.oldBlob = oldBlob
        self.newBlob = newBlob
        self.status = oldBlob == nil ? .added : newBlob == nil ? .deleted : .modified
    }

    init(path: String, oldBlob: ObjectID?, newBlob: ObjectID?, status: Status) {
        self.path = path
        self.oldBlob = oldBlob
        self.newBlob = newBlob
        self.status = status
    }
}

extension Repository {
    /// Commits reachable from `from` (minus those reachable from `excluding`), newest first in
    /// topological + time order (oldest first with `reverse`).
    public func walk(from start: ObjectID, excluding: [ObjectID] = [], reverse: Bool = false,
                     firstParentOnly: Bool = false) throws -> [ObjectID] {
        do {
            return try revwalk(from: start, excluding: excluding, reverse: reverse, firstParentOnly: firstParentOnly)
        } catch let e as GitError where e.code != .notFound {
            // libgit2's walker stops at a commit whose header another tool broke.
            return try LenientHistory(self).walk(from: start, excluding: excluding, reverse: reverse, firstParentOnly: firstParentOnly)
        }
    }

    private func revwalk(from start: ObjectID, excluding: [ObjectID], reverse: Bool,
                         firstParentOnly: Bool) throws -> [ObjectID] {
        let walker = try owned("git_revwalk_new", free: { git_revwalk_free($0) }) { git_revwalk_new($0, raw) }
        var mode = GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue
        if reverse { mode |= GIT_SORT_REVERSE.rawValue }
        try check(git_revwalk_sorting(walker.raw, mode), "git_revwalk_sorting")
        if firstParentOnly { try check(git_revwalk_simplify_first_parent(walker.raw), "git_revwalk_simplify_first_parent") }
        var s = start.oid
        try check(git_revwalk_push(walker.raw, &s), "git_revwalk_push(\(start.short))")
        for hidden in excluding {
            var h = hidden.oid
            try check(git_revwalk_hide(walker.raw, &h), "git_revwalk_hide(\(hidden.short))")
        }
        var result: [ObjectID] = []
        var oid = git_oid()
        while true {
            let rc = git_revwalk_next(&oid, walker.raw)
            if rc == GIT_ITEROVER.rawValue { break }
            try check(rc, "git_revwalk_next")
            result.append(ObjectID(oid))
        }
        return result
    }

    /// The best common ancestor of two commits (git merge-base); nil when they share none.
    public func mergeBase(_ a: ObjectID, _ b: ObjectID) throws -> ObjectID? {
        var out = git_oid(), x = a.oid, y = b.oid
        let rc = git_merge_base(&out, raw, &x, &y)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        if rc < 0 { return try LenientHistory(self).mergeBase(a, b) }
        try check(rc, "git_merge_base(\(a.short), \(b.short))")
        return ObjectID(out)
    }

    /// Every file below `tree` (under `prefixes`, nil = all) with its blob id, sorted by path.
    public func files(in tree: ObjectID, under prefixes: [String]? = nil) throws -> [(path: String, blob: ObjectID)] {
        try changes(from: nil, to: tree, under: prefixes).map { ($0.path, $0.newBlob!) }
    }

    /// The files that differ between two trees (nil = empty tree), limited to paths under
    /// `prefixes` (folder or file paths; nil = everything), sorted by path bytes.
    ///
    /// A recursive comparison that never opens a subtree whose id is the same on both sides,
    /// so its cost follows the size of the change, not of the ledger (libgit2's generic
    /// `git_diff_tree_to_tree` was measured ~15× slower on a 9,000-file ledger).
    /// A mode-only change (e.g. made executable) is reported as `.modified`.
    public func changes(from oldTree: ObjectID?, to newTree: ObjectID?, under prefixes: [String]? = nil) throws -> [TreeChange] {
        let filter = prefixes.map { list in
            list.map { p -> String in
                var s = p
                while s.hasSuffix("/") { s.removeLast() }
                return s
            }
        }
        if let filter, filter.contains("") { return try changes(from: oldTree, to: newTree, under: nil) }
        var out: [TreeChange] = []
        try compareTrees(oldTree, newTree, base: "", filter: filter, into: &out)
        out.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return out
    }

    private func compareTrees(_ old: ObjectID?, _ new: ObjectID?, base: String, filter: [String]?,
                              into out: inout [TreeChange]) throws {
        if old == new { return }
        // Both trees' entries are in git's order (a folder sorts as its name and "/"), so one
        // pass in step compares them; only entries that differ become Swift values.
        let o = try old.map { try recentTree($0) }, n = try new.map { try recentTree($0) }
        let oc = o.map { git_tree_entrycount($0.raw) } ?? 0, nc = n.map { git_tree_entrycount($0.raw) } ?? 0
        var i = 0, j = 0
        while i < oc || j < nc {
            let a = i < oc ? git_tree_entry_byindex(o!.raw, i) : nil
            let b = j < nc ? git_tree_entry_byindex(n!.raw, j) : nil
            let order: Int32 = a == nil ? 1 : b == nil ? -1 : git_tree_entry_cmp(a, b)
            if order == 0 {
                i += 1; j += 1
                if git_oid_cmp(git_tree_entry_id(a), git_tree_entry_id(b)) == 0,
                   git_tree_entry_filemode(a) == git_tree_entry_filemode(b) { continue }
                try compareEntries(TreeEntry(a!), TreeEntry(b!), base: base, filter: filter, into: &out)
            } else if order < 0 {
                i += 1
                try compareEntries(TreeEntry(a!), nil, base: base, filter: filter, into: &out)
            } else {
                j += 1
                try compareEntries(nil, TreeEntry(b!), base: base, filter: filter, into: &out)
            }
        }
    }

    /// One name present on either side (and differing): a folder is compared in its turn, a
    /// file is a change.
    private func compareEntries(_ o: TreeEntry?, _ n: TreeEntry?, base: String, filter: [String]?,
                                into out: inout [TreeChange]) throws {
        let name = (o ?? n)!.name
        let path = base.isEmpty ? name : base + "/" + name
        let oTree = o.flatMap { $0.kind == .tree ? $0.id : nil }
        let nTree = n.flatMap { $0.kind == .tree ? $0.id : nil }
        let oFile = o.flatMap { $0.kind != .tree ? $0 : nil }
        let nFile = n.flatMap { $0.kind != .tree ? $0 : nil }
        if (oTree != nil || nTree != nil), Repository.wantsFolder(path, filter) {
            try compareTrees(oTree, nTree, base: path, filter: filter, into: &out)
        }
        if oFile != nil || nFile != nil, Repository.wantsFile(path, filter) {
            switch (oFile, nFile) {
            case let (a?, b?):
                out.append(TreeChange(path: path, oldBlob: a.id, newBlob: b.id, status: .modified))
            case let (a?, nil):
                out.append(TreeChange(path: path, oldBlob: a.id, newBlob: nil, status: .deleted))
            case let (nil, b?):
                out.append(TreeChange(path: path, oldBlob: nil, newBlob: b.id, status: .added))
            case (nil, nil):
                break
            }
        }
    }

    /// A tree object, kept among the last few read: walking history oldest first, each
    /// commit's trees are the next commit's parent trees (libgit2 keeps no tree over 4 KiB).
    func recentTree(_ id: ObjectID) throws -> Owned {
        if let t = recentTrees[id] { return t }
        let t = try lookupTree(id)
        if recentTrees.count >= Repository.recentTreeLimit { recentTrees.removeAll(keepingCapacity: true) }
        recentTrees[id] = t
        return t
    }

    /// A folder is worth opening if it lies under a prefix or is an ancestor of one.
    static func wantsFolder(_ path: String, _ filter: [String]?) -> Bool {
        guard let filter else { return true }
        return filter.contains { $0 == path || path.hasPrefix($0 + "/") || $0.hasPrefix(path + "/") }
    }

    static func wantsFile(_ path: String, _ filter: [String]?) -> Bool {
        guard let filter else { return true }
        return filter.contains { $0 == path || path.hasPrefix($0 + "/") }
    }
}
