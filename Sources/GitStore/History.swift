import CGit2

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

    /// The commits `walk(from: start, reverse: true)` names, read, oldest first. A history with
    /// no merge (every commit on the first-parent line from `start` has at most one parent) is
    /// that line, in the one order a topological walk can give it: read once, by following the
    /// parents, where libgit2's sorted walk read and parsed every commit a first time before the
    /// caller read it again (0.37 G instructions of 10,000 commits, BENCHMARKS.md session 11).
    /// At a merge the walk is libgit2's, and the commits read so far are not read again.
    public func commitsOldestFirst(from start: ObjectID) throws -> [Commit] {
        var line: [Commit] = []
        var next: ObjectID? = start
        while let id = next {
            let c = try commit(id)
            line.append(c)
            if c.parents.count > 1 { break }
            next = c.parents.first
        }
        if line.last?.parents.count ?? 0 <= 1 { return line.reversed() }
        let read = Dictionary(line.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return try walk(from: start, reverse: true).map { try read[$0] ?? commit($0) }
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
}
