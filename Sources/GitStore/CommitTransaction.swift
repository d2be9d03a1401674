import CGit2

/// The commit transaction: the "nothing is lost" rules of the ledger.
///
/// Order of steps, and what a process killed between two of them leaves behind:
///  1. take the ledger lock (`<gitdir>/kpi.lock`, flock: released by the kernel on death);
///  2. read the branch tip, compute the changes, write blobs and the new tree — unreferenced
///     objects only, harmless;
///  3. non-bare, on the checked-out branch: write each changed file atomically (temp file,
///     fsync, rename) and update only those paths in the index. Killed here: the new content
///     sits in the working tree and index as ordinary staged changes — visible in
///     `git status`, committed by the next `kpi commit` or `git commit`. Nothing is lost.
///  4. write the commit object and move the branch by compare-and-swap. Killed before the
///     move: as in 3. After: done. If the tip moved (a writer that does not take the lock),
///     step 3 is undone and the attempt starts again from 2 on the new tip.
/// Files come before the ref on purpose. The opposite order (ref first, files after) leaves,
/// when killed, a working tree one commit *behind* HEAD: `git status` then shows the
/// change reverted as a staged edit, and the next `git commit` / `kpi commit` would commit
/// the reversal — silently undoing the recorded change.
/// If the ref cannot be moved at all, step 3 is undone: the previous bytes of every touched
/// file and its previous index entry are put back, so the caller's working tree is as before.
/// An uncommitted edit to a path the commit writes stops it (`.conflict`) unless the caller
/// says `overwriteUncommitted` — the tool never discards uncommitted edits.
/// What one attempt of a commit transaction writes: files (path → bytes, nil = delete) and
/// the commit message.
public struct CommitPlan: Sendable {
    public var files: [String: [UInt8]?]
    public var message: String
    public init(files: [String: [UInt8]?], message: String) {
        self.files = files
        self.message = message
    }
}

extension Repository {
    /// Commits `changes` (path → new bytes, nil = delete) on `branch` (default: HEAD's branch)
    /// as one commit whose parent is the branch tip. See the type comment for the order.
    /// For read-modify-write edits use the closure form, which computes the changes from the
    /// tip under the ledger lock (so two writers never overwrite each other's edits).
    @discardableResult
    public func commitFiles(
        _ changes: [String: [UInt8]?],
        message: String,
        author: Signature,
        committer: Signature,
        branch: String? = nil,
        updateWorkingTree: Bool = true,
        allowEmpty: Bool = false,
        overwriteUncommitted: Bool = false,
        mergeParents: [ObjectID] = [],
        lockTimeout: Double = 30,
        maxAttempts: Int = 8
    ) throws -> ObjectID {
        try commitFiles(message: message, author: author, committer: committer, branch: branch,
                        updateWorkingTree: updateWorkingTree, allowEmpty: allowEmpty,
                        overwriteUncommitted: overwriteUncommitted, mergeParents: mergeParents,
                        lockTimeout: lockTimeout, maxAttempts: maxAttempts) { _ in changes }
    }

    /// The transaction. `changes` is called under the ledger lock with the branch tip (nil when
    /// unborn) and returns path → new bytes (nil = delete); when the tip moves under the
    /// compare-and-swap (a writer that does not take the lock, e.g. plain git), the working
    /// tree is restored and `changes` is called again on the new tip (at most `maxAttempts`).
    ///
    /// - `updateWorkingTree`: for a non-bare repository whose checked-out branch is the one
    ///   committed to, also write the files and their index entries (other staged or
    ///   unstaged changes stay exactly as they were). Ignored for bare repositories.
    /// - `overwriteUncommitted`: by default a path whose working-tree file differs from both
    ///   the tip's version and the new content (an uncommitted edit) stops the commit with
    ///   `.conflict` instead of being overwritten.
    /// - `mergeParents`: further parents after the tip, for a merge commit (e.g. sync: the
    ///   changes are the files where the merged tree differs from the tip's; the working
    ///   tree is brought along like for any other commit). A merge may leave the tree unchanged.
    /// - Throws `.nothingToCommit` when the tree would not change (unless `allowEmpty`),
    ///   `.locked` when another writer holds the ledger lock past `lockTimeout` seconds,
    ///   `.refMoved` when the branch kept moving for `maxAttempts` attempts.
    @discardableResult
    public func commitFiles(
        message: String,
        author: Signature,
        committer: Signature,
        branch: String? = nil,
        updateWorkingTree: Bool = true,
        allowEmpty: Bool = false,
        overwriteUncommitted: Bool = false,
        mergeParents: [ObjectID] = [],
        lockTimeout: Double = 30,
        maxAttempts: Int = 8,
        changes makeChanges: (_ tip: ObjectID?) throws -> [String: [UInt8]?]
    ) throws -> ObjectID {
        try commit(author: author, committer: committer, branch: branch, updateWorkingTree: updateWorkingTree,
                   allowEmpty: allowEmpty, overwriteUncommitted: overwriteUncommitted, mergeParents: mergeParents,
                   lockTimeout: lockTimeout, maxAttempts: maxAttempts) { tip in CommitPlan(files: try makeChanges(tip), message: message) }
    }

    /// The same transaction where the message, too, depends on what the tip holds (a
    /// recording command says what it changed).
    @discardableResult
    public func commit(
        author: Signature,
        committer: Signature,
        branch: String? = nil,
        updateWorkingTree: Bool = true,
        allowEmpty: Bool = false,
        overwriteUncommitted: Bool = false,
        mergeParents: [ObjectID] = [],
        lockTimeout: Double = 30,
        maxAttempts: Int = 8,
        plan makePlan: (_ tip: ObjectID?) throws -> CommitPlan
    ) throws -> ObjectID {
        _ = Libgit2.initialized
        let lock = try LedgerLock(gitDir: gitDir, timeout: lockTimeout)
        defer { lock.unlock() }

        let head = headBranch
        let refName = try branch.map(Repository.branchReference) ?? head ?? "HEAD"
        let checkedOut = refName == head || (head == nil && refName == "HEAD")
        let touchWorkdir = updateWorkingTree && !isBare && checkedOut
        var attempt = 1
        while true {
            let tip = try reference(refName)
            let plan = try makePlan(tip)
            let changes = plan.files
            let message = plan.message
            let summary = message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: true).first.map(String.init) ?? ""
            let paths = changes.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for p in paths { try Repository.validate(path: p) }
            var blobs: [String: ObjectID] = [:]
            for (path, content) in changes {
                if let content { blobs[path] = try writeBlob(content) }
            }

            // The new tree: the tip's tree with only these paths replaced.
            let baseTree = try tip.map { try commit($0).tree }
            var updates: [TreeUpdate] = []
            var modes: [String: UInt32] = [:]
            var previous: [String: ObjectID] = [:]
            for path in paths {
                let existing = try baseTree.flatMap { try entry(at: path, in: $0) }
                if existing?.kind == .tree {
                    throw GitError(.invalidArgument, "'\(path)' is a folder in \(refName), not a file")
                }
                if let existing { previous[path] = existing.id }
                if let blob = blobs[path] {
                    let mode: UInt32 = existing?.filemode == 0o100755 ? 0o100755 : 0o100644
                    modes[path] = mode
                    updates.append(.upsert(path, blob, filemode: mode))
                } else if existing != nil {
                    updates.append(.remove(path))
                }
            }
            let tree = try updateTree(base: baseTree, updates)
            if tree == baseTree && !allowEmpty && mergeParents.isEmpty {
                throw GitError(.nothingToCommit, "nothing to commit: \(refName) already holds these files")
            }

            var undo: WorkdirUndo? = nil
            if touchWorkdir {
                let u = try WorkdirUndo(repository: self, paths: paths)
                if !overwriteUncommitted {
                    try u.checkNoUncommittedEdits(tipBlobs: previous, newBlobs: blobs)
                }
                undo = u
                do {
                    try applyToWorkdir(changes, blobs: blobs, modes: modes, paths: paths, index: u.index)
                } catch {
                    try? u.restore()
                    throw error
                }
            }
            do {
                let parents = (tip.map { [$0] } ?? []) + mergeParents
                let id = try createCommit(tree: tree, parents: parents,
                                          author: author, committer: committer, message: message)
                try updateReference(refName, to: id, expected: tip,
                                    logMessage: Repository.reflogPrefix(parents.count) + summary)
                return id
            } catch let error as GitError where error.code == .refMoved && attempt < maxAttempts {
                try undo?.restore()
                attempt += 1
            } catch {
                if let undo { try? undo.restore() }
                throw error
            }
        }
    }

    /// Writes a commit of `tree` with `parents` (e.g. a merge) and moves `branch` (default:
    /// HEAD's branch) to it, under the ledger lock, only if the branch is still at
    /// `parents.first` (absent when there are no parents). Throws `.refMoved` otherwise.
    /// The working tree and index are not touched.
    @discardableResult
    public func commitTree(
        _ tree: ObjectID,
        parents: [ObjectID],
        message: String,
        author: Signature,
        committer: Signature,
        branch: String? = nil,
        lockTimeout: Double = 30
    ) throws -> ObjectID {
        _ = Libgit2.initialized
        let lock = try LedgerLock(gitDir: gitDir, timeout: lockTimeout)
        defer { lock.unlock() }
        let refName = try branch.map(Repository.branchReference) ?? headBranch ?? "HEAD"
        let id = try createCommit(tree: tree, parents: parents, author: author, committer: committer, message: message)
        let summary = message.split(separator: "\n").first.map(String.init) ?? ""
        try updateReference(refName, to: id, expected: parents.first, logMessage: Repository.reflogPrefix(parents.count) + summary)
        return id
    }

    /// git's reflog wording for a commit with this many parents.
    static func reflogPrefix(_ parents: Int) -> String {
        parents > 1 ? "commit (merge): " : (parents == 0 ? "commit (initial): " : "commit: ")
    }

    /// "main" → "refs/heads/main"; full names ("refs/…", "HEAD") pass through.
    static func branchReference(_ name: String) throws -> String {
        if name == "HEAD" || name.hasPrefix("refs/") { return name }
        guard git_reference_is_valid_name("refs/heads/" + name) == 1 else {
            throw GitError(.invalidArgument, "invalid branch name '\(name)'")
        }
        return "refs/heads/" + name
    }

    private func applyToWorkdir(_ changes: [String: [UInt8]?], blobs: [String: ObjectID], modes: [String: UInt32],
                                paths: [String], index: IndexEditor) throws {
        guard let root = workdir else { return }
        for path in paths {
            let file = root + path
            if let content = changes[path] ?? nil, let blob = blobs[path] {
                let mode = modes[path] ?? 0o100644
                let permissions = FileIO.permissions(file) ?? (mode == 0o100755 ? 0o755 : 0o644)
                try FileIO.writeAtomically(content, to: file, permissions: permissions)
                try index.add(path, blob: blob, filemode: mode, file: file)
            } else {
                try FileIO.remove(file, root: root)
                try index.remove(path)
            }
        }
        try index.write()
    }
}

/// What the working tree and index held for some paths before a transaction touched them.
final class WorkdirUndo {
    private let repository: Repository
    private let root: String
    /// The index as read (fresh from disk) when the snapshot was taken; the transaction edits it.
    let index: IndexEditor
    private var files: [(path: String, present: Bool, bytes: [UInt8]?, permissions: mode_t?)] = []
    private var entries: [(path: String, entry: git_index_entry?)] = []

    init(repository: Repository, paths: [String]) throws {
        self.repository = repository
        root = repository.workdir ?? ""
        index = try IndexEditor(repository)
        for path in paths {
            // A link anywhere on the way would make the write land outside the repository.
            if let link = Links.first(root: root, relative: path) { throw GitError(.conflict, link.message) }
            let file = root + path
            files.append((path, FileIO.exists(file), try FileIO.read(file), FileIO.permissions(file)))
            entries.append((path, index.entry(path)))
        }
    }

    /// Refuses to overwrite what the user changed and did not commit: each working-tree file
    /// must hold the tip's version or the new content already (a file the user deleted, by
    /// `rm` or `git rm`, counts as changed when the tip has it and the command would write
    /// it), and the index must hold the tip's version or the new one (`git rm --cached`, or a
    /// staged edit, is the user's change too) unless the new content is the working file's
    /// own (`kpi commit` commits what the user edited).
    func checkNoUncommittedEdits(tipBlobs: [String: ObjectID], newBlobs: [String: ObjectID]) throws {
        let staged = Dictionary(entries.map { ($0.path, $0.entry.map { ObjectID($0.id) }) }, uniquingKeysWith: { a, _ in a })
        for f in files {
            let tip = tipBlobs[f.path], new = newBlobs[f.path]
            var onDisk: ObjectID? = nil
            if let bytes = f.bytes {
                let id = try repository.hash(bytes)
                if id != tip && id != new {
                    throw GitError(.conflict, "\(f.path) has uncommitted changes that this command would overwrite; commit them first (or undo them), then try again")
                }
                onDisk = id
            } else if f.present {   // a folder, symlink or other non-file in the way
                throw GitError(.conflict, "\(f.path) exists in the working tree but is not a regular file")
            } else if tip != nil && new != nil {
                throw GitError(.conflict, "\(f.path) was deleted in the working tree and the deletion is not committed; this command would bring the file back. Commit the deletion (kpi commit) or restore the file (git checkout -- \(f.path)), then try again")
            }
            let inIndex = staged[f.path] ?? nil
            if inIndex != tip && inIndex != new && !(onDisk != nil && onDisk == new) {
                let what = inIndex == nil ? "has its deletion staged (git rm)" : "has a staged change (git add)"
                throw GitError(.conflict, "\(f.path) \(what), not committed; this command would undo it. Commit it first (or unstage it with git restore --staged \(f.path)), then try again")
            }
        }
    }

    /// Puts every file's previous bytes (or absence) and index entry back.
    func restore() throws {
        for f in files {
            if let bytes = f.bytes {
                try FileIO.writeAtomically(bytes, to: root + f.path, permissions: f.permissions ?? 0o644)
            } else {
                try FileIO.remove(root + f.path, root: root)
            }
        }
        let index = try IndexEditor(repository)
        for e in entries { try index.restore(e.entry, path: e.path) }
        try index.write()
    }
}
