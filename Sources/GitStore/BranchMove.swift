#if canImport(Glibc)
import Glibc
#endif

/// One path a branch move changes in the working tree and index.
struct FileChange {
    var path: String
    /// The blob at the tip being moved from (nil: none there).
    var tipBlob: ObjectID?
    /// The blob after the move (nil: the file is deleted) and its mode.
    var newBlob: ObjectID?
    var newMode: UInt32
    /// The new bytes when the caller has them (saves reading the blob back).
    var newBytes: [UInt8]?
}

extension Repository {
    /// How long a lock held by a running git (`index.lock`, `refs/heads/X.lock`) is waited for.
    static let gitLockWait = 5.0

    /// Moves `refName` from `tip` to `target` (a commit already written) and, when
    /// `touchWorkdir`, brings the working tree and index along for `files`. The caller holds
    /// the ledger lock. The order, and what a kill between two steps leaves (see
    /// docs/reliability.md):
    ///  1. take git's `index.lock` (waiting briefly for a running git); check the branch is
    ///     still at `tip` — else `.refMoved`, nothing written;
    ///  2. save the journal (working files before and after, old and new commit);
    ///  3. write the working files (temporary files; with `flush`, one flush with the journal; renames);
    ///  4. write the new index into `index.lock` (`.git/index` itself unchanged; not fsynced,
    ///     as git's own default);
    ///  5. compare-and-swap the branch (waiting briefly for a running git's ref lock);
    ///  6. rename `index.lock` over `.git/index`; delete the journal.
    /// Killed before 5 completes: the branch is at `tip` and the index never showed the
    /// change, so no `git commit` can take it; the next kpi command puts the working files
    /// back. Killed after: the commit is in the branch; the next kpi command finishes the
    /// index and files. A failure at 5 puts the working files back and gives up the lock.
    func moveBranch(_ refName: String, from tip: ObjectID?, to target: ObjectID, summary: String, logMessage: String,
                    files: [FileChange], touchWorkdir: Bool, overwriteUncommitted: Bool, flush: Bool = false) throws {
        guard touchWorkdir, let root = workdir else {
            let journal = WriteJournal(owner: .current, ref: refName, old: tip, new: target, summary: summary, files: [])
            let end = try journal.save(gitDir)
            if flush { try FileIO.makeDurable([WriteJournal.path(gitDir)]) }
            defer { WriteJournal.remove(gitDir, endAt: end) }
            try updateReferenceWaiting(refName, to: target, expected: tip, logMessage: logMessage)
            return
        }
        let lock = try IndexLock(gitDir: gitDir, timeout: Repository.gitLockWait)
        defer { lock.release() }
        guard try reference(refName) == tip else { throw GitError(.refMoved, "\(refName) moved") }

        let index = try IndexEditor(self)
        let indexTime = IndexEditor.modified(gitDir + "index")
        var entries: [WriteJournal.File] = []
        for f in files {
            // A link anywhere on the way would make the write land outside the repository.
            if let link = Links.first(root: root, relative: f.path) { throw GitError(.conflict, link.message) }
            let file = root + f.path
            var before: ObjectID? = nil
            if let id = index.unchangedBlob(f.path, file: file, indexTime: indexTime), id == f.tipBlob || id == f.newBlob {
                // The index's stat data say the file holds this blob (as `git status` decides):
                // a large file is not read and hashed again.
                before = id
            } else if let bytes = try FileIO.read(file) {
                let id = try hash(bytes)
                if id != f.tipBlob && id != f.newBlob {
                    guard overwriteUncommitted else {
                        throw GitError(.conflict, "\(f.path) has uncommitted changes that this command would overwrite; commit them first (or undo them), then try again")
                    }
                    _ = try writeBlob(bytes)   // kept, so a rollback can put them back
                }
                before = id
            } else if FileIO.exists(file) {
                throw GitError(.conflict, "\(f.path) exists in the working tree but is not a regular file")
            } else if !overwriteUncommitted && f.tipBlob != nil && f.newBlob != nil {
                throw GitError(.conflict, "\(f.path) was deleted in the working tree and the deletion is not committed; this command would bring the file back. Commit the deletion (kpi commit) or restore the file (git checkout -- \(f.path)), then try again")
            }
            // The index must hold the tip's version or the new one (`git rm --cached`, or a
            // staged edit, is the user's change too) unless the new content is the working
            // file's own (`kpi commit` commits what the user edited).
            let staged = index.stagedBlob(f.path)
            if !overwriteUncommitted && staged != f.tipBlob && staged != f.newBlob && !(before != nil && before == f.newBlob) {
                // The version from before the tip's commit, staged, is also what a `git commit`
                // that read the index before that commit leaves (docs/reliability.md): committing
                // it would undo the tip's change, so the advice is to unstage it.
                if let tip, try stagedFromBeforeTip(f.path, staged: staged, tip: tip) {
                    let what = staged == nil
                        ? "has its deletion staged (git rm), not committed; committing it would undo commit \(tip.short), which added it"
                        : "has the version from before commit \(tip.short) staged; committing it would undo \(tip.short)'s change to it"
                    throw GitError(.conflict, "\(f.path) \(what) (a git commit that read the index before \(tip.short) leaves it so). Unstage it with git restore --staged \(f.path), then try again")
                }
                let what = staged == nil ? "has its deletion staged (git rm)" : "has a staged change (git add)"
                throw GitError(.conflict, "\(f.path) \(what), not committed; this command would undo it. Commit it first (or unstage it with git restore --staged \(f.path)), then try again")
            }
            let permissions = FileIO.permissions(file) ?? (f.newMode == 0o100755 ? 0o755 : 0o644)
            entries.append(WriteJournal.File(path: f.path, before: before, beforePermissions: permissions,
                                             after: f.newBlob, afterMode: f.newMode))
        }
        let journal = WriteJournal(owner: .current, ref: refName, old: tip, new: target, summary: summary, files: entries)
        let journalEnd = try journal.save(gitDir)
        var temporary: [(temp: String, path: String)] = []
        var newIndex: (bytes: [UInt8], file: IndexFile?) = ([], nil)
        var renamed = 0
        defer { for t in temporary[renamed...] { unlink(t.temp) } }
        do {
            // Every new file is written beside its name, then (when git's configuration asks for
            // flushes) the journal and all of them are made durable at once (one flush, not one
            // per file), then renamed into place.
            for (f, e) in zip(files, entries) {
                // A file that already holds the new content (`kpi commit` of the user's edit) is left as it is.
                guard let blob = f.newBlob, e.before != blob else { continue }
                let bytes = try f.newBytes ?? self.blob(blob)
                temporary.append((try FileIO.writeTemporary(bytes, for: root + f.path, permissions: e.beforePermissions), root + f.path))
            }
            if flush { try FileIO.makeDurable([WriteJournal.path(gitDir)] + temporary.map(\.temp)) }
            for t in temporary {
                try FileIO.rename(t.temp, to: t.path)
                renamed += 1
            }
            for f in files where f.newBlob == nil { try FileIO.remove(root + f.path, root: root) }
            for f in files {
                if let blob = f.newBlob {
                    try index.add(f.path, blob: blob, filemode: f.newMode, file: root + f.path)
                } else {
                    try index.remove(f.path)
                }
            }
            if let written = index.written() { newIndex = (written.original, written) } else { newIndex = (try index.bytes(), nil) }
            try lock.write(newIndex.bytes)
            try updateReferenceWaiting(refName, to: target, expected: tip, logMessage: logMessage)
        } catch {
            _ = try? putBack(journal, root: root)
            WriteJournal.remove(gitDir, endAt: journalEnd)
            throw error
        }
        // The commit is in; a failure from here on is finished by the next command's recovery.
        if (try? lock.commit()) != nil {
            WriteJournal.remove(gitDir, endAt: journalEnd)
            writtenIndex = newIndex.file
        }
    }

    /// Whether `path`'s staged version (`staged`, nil: none) is the one the tip's first parent
    /// had, and the tip's commit changed it.
    func stagedFromBeforeTip(_ path: String, staged: ObjectID?, tip: ObjectID) throws -> Bool {
        guard let parent = try commit(tip).parents.first else { return false }
        func blob(in commit: ObjectID) throws -> ObjectID? {
            try entry(at: path, in: commitTree(commit)).flatMap { $0.kind == .blob ? $0.id : nil }
        }
        let old = try blob(in: parent), now = try blob(in: tip)
        return old == staged && old != now
    }

    /// Compare-and-swap of a branch, waiting (with backoff) while a running git holds its
    /// `.lock` file.
    func updateReferenceWaiting(_ name: String, to target: ObjectID, expected: ObjectID?, logMessage: String) throws {
        var waited = 0.0, delay = 0.002
        while true {
            do {
                if let expected, try moveLooseBranch(name, to: target, expected: expected, logMessage: logMessage) { return }
                try updateReference(name, to: target, expected: expected, logMessage: logMessage)
                return
            } catch let e as GitError where e.code == .locked {
                if waited >= Repository.gitLockWait {
                    let lock = gitDir + name + ".lock"
                    throw GitError(.locked, "\(name) is locked: \(lock) exists, so another git command is updating it (it stayed for \(Int(Repository.gitLockWait)) s). Wait for it to finish and try again; if no git command is running, delete \(lock) and try again")
                }
                usleep(useconds_t(delay * 1_000_000))
                waited += delay
                delay = min(delay * 2, 0.1)
            }
        }
    }

    /// Puts the working files of an unfinished write back as they were: those holding the
    /// new content (or removed by it) only; a file changed since is left and named (`left`), and
    /// so is one that `branchTree` (the branch's tree, when it moved since the write began) holds
    /// with the write's new content: git committed it from the working tree after the kill
    /// (`kept`; docs/reliability.md, "After a crash").
    func putBack(_ journal: WriteJournal, root: String, branchTree: ObjectID? = nil) throws -> (left: [String], kept: [String]) {
        var left: [String] = [], kept: [String] = []
        for f in journal.files {
            let file = root + f.path
            let now = try FileIO.read(file).map { try hash($0) }
            if now == f.before { continue }
            guard now == f.after else { left.append(f.path); continue }
            if let branchTree, try entry(at: f.path, in: branchTree).flatMap({ $0.kind == .blob ? $0.id : nil }) == f.after {
                kept.append(f.path)
                continue
            }
            if let before = f.before {
                try FileIO.writeAtomically(try blob(before), to: file, permissions: f.beforePermissions)
            } else {
                try FileIO.remove(file, root: root)
            }
        }
        return (left, kept)
    }

    /// Finishes a write whose commit is in the branch: working files and index entries to the
    /// new content (a file changed since is left and named, `left`). When the branch has moved
    /// past the write's commit (`branchTree`, its tree then), a path that tree holds otherwise
    /// is left too (`superseded`): git committed since, from an index kpi had not finished (its
    /// index.lock deleted by hand), and wrote the index; staging the write's version there would
    /// make a change against the branch that nobody made (docs/reliability.md, "After a crash").
    func carryForward(_ journal: WriteJournal, root: String, branchTree: ObjectID? = nil) throws -> (left: [String], superseded: [String]) {
        var left: [String] = [], superseded: [String] = []
        var current: [String: Bool] = [:]
        var files: [WriteJournal.File] = []
        for f in journal.files {
            if let branchTree, try entry(at: f.path, in: branchTree).flatMap({ $0.kind == .blob ? $0.id : nil }) != f.after {
                superseded.append(f.path)
                continue
            }
            files.append(f)
            let file = root + f.path
            let now = try FileIO.read(file).map { try hash($0) }
            if now == f.after { current[f.path] = true; continue }
            guard now == f.before else { left.append(f.path); continue }
            if let after = f.after {
                try FileIO.writeAtomically(try blob(after), to: file, permissions: f.beforePermissions)
            } else {
                try FileIO.remove(file, root: root)
            }
            current[f.path] = true
        }
        if files.isEmpty { return (left, superseded) }
        let lock = try IndexLock(gitDir: gitDir, timeout: Repository.gitLockWait)
        defer { lock.release() }
        let index = try IndexEditor(self)
        for f in files {
            if let after = f.after {
                if current[f.path] == true {
                    try index.add(f.path, blob: after, filemode: f.afterMode, file: root + f.path)
                } else {
                    try index.add(f.path, blob: after, filemode: f.afterMode)
                }
            } else {
                try index.remove(f.path)
            }
        }
        try lock.write(try index.bytes())
        try lock.commit()
        return (left, superseded)
    }
}
