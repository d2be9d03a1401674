import CGit2

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

/// How a commit transaction runs, beyond what it writes and who signs it.
///
/// - `branch`: the branch committed to (default: HEAD's branch).
/// - `updateWorkingTree`: for a non-bare repository whose checked-out branch is the one
///   committed to, also write the files and their index entries (other staged or
///   unstaged changes stay exactly as they were). Ignored for bare repositories.
/// - `allowEmpty`: commit even when the tree would not change.
/// - `overwriteUncommitted`: by default a path whose working-tree file differs from both
///   the tip's version and the new content (an uncommitted edit) stops the commit with
///   `.conflict` instead of being overwritten.
/// - `mergeParents`: further parents after the tip, for a merge commit (e.g. sync: the
///   changes are the files where the merged tree differs from the tip's; the working
///   tree is brought along like for any other commit). A merge may leave the tree unchanged.
/// - `lockTimeout`: seconds to wait for another writer's ledger lock.
/// - `maxAttempts`: how many times the plan is computed again when the tip moves.
public struct CommitOptions: Sendable {
    public var branch: String?
    public var updateWorkingTree: Bool
    public var allowEmpty: Bool
    public var overwriteUncommitted: Bool
    public var mergeParents: [ObjectID]
    public var lockTimeout: Double
    public var maxAttempts: Int

    public init(branch: String? = nil, updateWorkingTree: Bool = true, allowEmpty: Bool = false,
                overwriteUncommitted: Bool = false, mergeParents: [ObjectID] = [],
                lockTimeout: Double = 30, maxAttempts: Int = 8) {
        self.branch = branch
        self.updateWorkingTree = updateWorkingTree
        self.allowEmpty = allowEmpty
        self.overwriteUncommitted = overwriteUncommitted
        self.mergeParents = mergeParents
        self.lockTimeout = lockTimeout
        self.maxAttempts = maxAttempts
    }
}

extension Repository {
    /// Commits `changes` (path → new bytes, nil = delete) as one commit whose parent is the
    /// branch tip. For read-modify-write edits use `commit(author:committer:options:plan:)`,
    /// which computes the changes from the tip under the ledger lock (so two writers never
    /// overwrite each other's edits).
    @discardableResult
    public func commitFiles(
        _ changes: [String: [UInt8]?],
        message: String,
        author: Signature,
        committer: Signature,
        options: CommitOptions = CommitOptions()
    ) throws -> ObjectID {
        try commit(author: author, committer: committer, options: options) { _ in
            CommitPlan(files: changes, message: message)
        }
    }

    /// The commit transaction: the "nothing is lost" rules of the ledger.
    ///
    ///  1. take the ledger lock (`<gitdir>/kpi.lock`, flock: released by the kernel on death) and
    ///     finish any write a killed kpi left (see `recoverUnderLedgerLock`);
    ///  2. read the branch tip, compute the changes, write blobs, the new tree and the commit
    ///     object — unreferenced objects only, harmless;
    ///  3. move the branch and bring the working tree and index along, inside git's own
    ///     `index.lock` with a journal (see `moveBranch`, docs/reliability.md). If the tip moved
    ///     (plain git committed meanwhile), nothing is left changed and the attempt starts again
    ///     from 2 on the new tip.
    /// An uncommitted edit to a path the commit writes stops it (`.conflict`) unless the caller
    /// says `overwriteUncommitted` — the tool never discards uncommitted edits.
    ///
    /// `makePlan` is called under the ledger lock with the branch tip (nil when unborn) and returns the
    /// files and the message; when the tip moves under the compare-and-swap (a writer that
    /// does not take the lock, e.g. plain git), the working tree is restored and `makePlan`
    /// is called again on the new tip (at most `options.maxAttempts` times).
    ///
    /// Throws `.nothingToCommit` when the tree would not change (unless `allowEmpty` or a
    /// merge), `.locked` when another writer holds the ledger lock past `lockTimeout`
    /// seconds, `.refMoved` when the branch kept moving for `maxAttempts` attempts.
    @discardableResult
    public func commit(
        author: Signature,
        committer: Signature,
        options: CommitOptions = CommitOptions(),
        plan makePlan: (_ tip: ObjectID?) throws -> CommitPlan
    ) throws -> ObjectID {
        let write = try beginBranchWrite(options.branch, lockTimeout: options.lockTimeout)
        defer { write.lock.unlock() }
        let refName = write.refName
        let touchWorkdir = options.updateWorkingTree && !isBare && write.checkedOut
        let mergeParents = options.mergeParents
        // Flushed to disk only as git's configuration asks (docs/reliability.md, step 6).
        let flush = flushesCommits
        if flush { GitSettings.setFsyncGitDirectory(true) }
        var attempt = 1
        while true {
            let tip = try reference(refName)
            let plan = try makePlan(tip)
            let changes = plan.files
            let message = plan.message
            let summary = message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: true).first.map(String.init) ?? ""
            let paths = changes.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for p in paths { try Repository.validate(path: p) }

            // The new tree: the tip's tree with only these paths replaced.
            let baseTree = try tip.map { try commitTree($0) }
            var updates: [TreeUpdate] = []
            var files: [FileChange] = []
            for path in paths {
                let existing = try baseTree.flatMap { try entry(at: path, in: $0) }
                if existing?.kind == .tree {
                    throw GitError(.invalidArgument, "'\(path)' is a folder in \(refName), not a file")
                }
                let mode: UInt32 = existing?.filemode == 0o100755 ? 0o100755 : 0o100644
                if let content = changes[path] ?? nil {
                    let blob = try writeObject(content, type: GIT_OBJECT_BLOB)
                    updates.append(.upsert(path, blob, filemode: mode))
                    files.append(FileChange(path: path, tipBlob: existing?.id, newBlob: blob, newMode: mode, newBytes: content))
                } else if existing != nil {
                    updates.append(.remove(path))
                    files.append(FileChange(path: path, tipBlob: existing?.id, newBlob: nil, newMode: mode))
                } else {
                    // Absent at the tip and deleted: a working file there is the user's.
                    files.append(FileChange(path: path, tipBlob: nil, newBlob: nil, newMode: mode))
                }
            }
            // Files put into folders the tip has (the usual write): its trees patched as bytes.
            var upserts: [(path: String, blob: ObjectID, mode: UInt32)] = []
            for u in updates { if case let .upsert(p, b, m) = u { upserts.append((p, b, m)) } }
            let patched = try baseTree.flatMap { base in upserts.count == updates.count ? try patchedTree(base: base, upserts) : nil }
            let tree = try patched ?? updateTree(base: baseTree, updates)
            if tree == baseTree && !options.allowEmpty && mergeParents.isEmpty {
                throw GitError(.nothingToCommit, "nothing to commit: \(refName) already holds these files")
            }
            let parents = (tip.map { [$0] } ?? []) + mergeParents
            let id = try createCommit(tree: tree, parents: parents, author: author, committer: committer, message: message,
                                      treeWritten: patched != nil)
            do {
                try moveBranch(refName, from: tip, to: id, summary: summary,
                               logMessage: Repository.reflogPrefix(parents.count) + summary,
                               files: files, touchWorkdir: touchWorkdir, overwriteUncommitted: options.overwriteUncommitted, flush: flush)
                return id
            } catch let error as GitError where error.code == .refMoved {
                guard attempt < options.maxAttempts else {
                    throw GitError(.refMoved, "\(refName) kept moving while this command wrote: another program committed first each of \(attempt) times, and nothing was written. Try again")
                }
                attempt += 1
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
        let write = try beginBranchWrite(branch, lockTimeout: lockTimeout)
        defer { write.lock.unlock() }
        let refName = write.refName
        let id = try createCommit(tree: tree, parents: parents, author: author, committer: committer, message: message)
        let summary = message.split(separator: "\n").first.map(String.init) ?? ""
        try moveBranch(refName, from: parents.first, to: id, summary: summary,
                       logMessage: Repository.reflogPrefix(parents.count) + summary,
                       files: [], touchWorkdir: false, overwriteUncommitted: false)
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
}
