import CGit2

extension Repository {
    /// Moves `branch` (default: HEAD's) from its tip (nil: unborn) forward to `target`, a
    /// descendant, and — when it is the checked-out branch of a non-bare repository — brings
    /// the working tree and index along for exactly the files that differ, like
    /// `git merge --ff-only`. An uncommitted edit to one of those files stops it (`.conflict`)
    /// with nothing changed. Throws `.refMoved` when the branch is no longer at `expected`.
    public func fastForward(branch: String? = nil, from expected: ObjectID?, to target: ObjectID,
                            logMessage: String, lockTimeout: Double = 30) throws {
        let write = try beginBranchWrite(branch, lockTimeout: lockTimeout)
        defer { write.lock.unlock() }
        let refName = write.refName
        let tip = try reference(refName)
        guard tip == expected else { throw GitError(.refMoved, "\(refName) moved while syncing; try again") }
        if let tip, !(try isAncestor(tip, of: target)) {
            throw GitError(.invalidArgument, "\(target.short) does not descend from \(tip.short): not a fast-forward")
        }
        let touchWorkdir = !isBare && write.checkedOut
        var files: [FileChange] = []
        if touchWorkdir {
            let oldTree = try tip.map { try commit($0).tree }
            let newTree = try commit(target).tree
            for c in try changes(from: oldTree, to: newTree) {
                let mode = try c.newBlob == nil ? 0o100644 : (entry(at: c.path, in: newTree)?.filemode ?? 0o100644)
                files.append(FileChange(path: c.path, tipBlob: c.oldBlob, newBlob: c.newBlob,
                                        newMode: mode == 0o100755 ? 0o100755 : 0o100644))
            }
        }
        let flush = flushesCommits
        if flush { GitSettings.setFsyncGitDirectory(true) }
        try moveBranch(refName, from: tip, to: target, summary: logMessage, logMessage: logMessage,
                       files: files, touchWorkdir: touchWorkdir, overwriteUncommitted: false, flush: flush)
    }
}
