import CGit2

extension Repository {
    /// Moves `branch` (default: HEAD's) from its tip (nil: unborn) forward to `target`, a
    /// descendant, and — when it is the checked-out branch of a non-bare repository — brings
    /// the working tree and index along for exactly the files that differ, like
    /// `git merge --ff-only`. An uncommitted edit to one of those files stops it (`.conflict`)
    /// with nothing changed. Throws `.refMoved` when the branch is no longer at `expected`.
    public func fastForward(branch: String? = nil, from expected: ObjectID?, to target: ObjectID,
                            logMessage: String, lockTimeout: Double = 30) throws {
        _ = Libgit2.initialized
        let lock = try LedgerLock(gitDir: gitDir, timeout: lockTimeout)
        defer { lock.unlock() }
        let head = headBranch
        let refName = try branch.map(Repository.branchReference) ?? head ?? "HEAD"
        let tip = try reference(refName)
        guard tip == expected else { throw GitError(.refMoved, "\(refName) moved while syncing; try again") }
        if let tip, !(try isAncestor(tip, of: target)) {
            throw GitError(.invalidArgument, "\(target.short) does not descend from \(tip.short): not a fast-forward")
        }
        let touchWorkdir = !isBare && (refName == head || (head == nil && refName == "HEAD"))
        var undo: WorkdirUndo? = nil
        if touchWorkdir, let root = workdir {
            let oldTree = try tip.map { try commit($0).tree }
            let newTree = try commit(target).tree
            let changes = try self.changes(from: oldTree, to: newTree)
            let paths = changes.map(\.path)
            let u = try WorkdirUndo(repository: self, paths: paths)
            var previous: [String: ObjectID] = [:], next: [String: ObjectID] = [:]
            for c in changes {
                if let o = c.oldBlob { previous[c.path] = o }
                if let n = c.newBlob { next[c.path] = n }
            }
            try u.checkNoUncommittedEdits(tipBlobs: previous, newBlobs: next)
            undo = u
            do {
                for c in changes {
                    let file = root + c.path
                    if let blobID = c.newBlob {
                        let mode = try entry(at: c.path, in: newTree)?.filemode ?? 0o100644
                        let bytes = try blob(blobID)
                        try FileIO.writeAtomically(bytes, to: file, permissions: mode == 0o100755 ? 0o755 : 0o644)
                        try u.index.add(c.path, blob: blobID, filemode: mode == 0o100755 ? 0o100755 : 0o100644, file: file)
                    } else {
                        try FileIO.remove(file, root: root)
                        try u.index.remove(c.path)
                    }
                }
                try u.index.write()
            } catch {
                try? u.restore()
                throw error
            }
        }
        do {
            try updateReference(refName, to: target, expected: tip, logMessage: logMessage)
        } catch {
            try? undo?.restore()
            throw error
        }
    }
}
