import Foundation
import GitStore

/// `kpi sync`: fetch, merge the remote branch into the local one (by meaning, for ledger
/// files), push. Nothing of either side is ever lost: a conflict or a failure leaves the local
/// branch, working tree, index and the remote exactly as they were.
public final class LedgerSync {
    public enum Outcome: Equatable, Sendable {
        case upToDate
        /// The remote branch did not exist (or was behind): the local commits were pushed.
        case pushed(created: Bool)
        /// The local branch was behind (or unborn): moved forward to the remote's commit.
        case fastForwarded(ObjectID)
        /// Both had new commits: a merge commit with both parents, pushed.
        case merged(ObjectID)
    }

    public struct Report: Sendable {
        public var remote: String
        public var remoteBranch: String
        public var outcome: Outcome
        public var resolved: [MergeConflict]
    }

    /// A conflict with who made each side's change.
    public struct AttributedConflict: Sendable {
        public var conflict: MergeConflict
        public var oursAuthor: Signature?
        public var theirsAuthor: Signature?
    }

    public enum Failure: Error, CustomStringConvertible {
        case conflicts(remote: String, [AttributedConflict])
        case unreachable(remote: String, url: String, reason: String, viaLibgit2: Bool)
        case rejected(remote: String, reason: String)
        /// The remote branch no longer contains the tip it had at the previous sync (a force-push).
        case rewritten(remote: String, previous: ObjectID, now: ObjectID)
        case other(String)

        public var description: String {
            switch self {
            case .conflicts(let remote, let list):
                return "sync stopped: \(list.count) conflict\(list.count == 1 ? "" : "s") with \(remote)"
            case .unreachable(let remote, let url, var reason, let viaLibgit2):
                // libgit2 reads a path it cannot find as an unknown protocol; say what is meant.
                if !url.contains("://"), !url.contains("@"), !FileManager.default.fileExists(atPath: url.hasPrefix("file:") ? String(url.dropFirst(5)) : url) {
                    reason = "there is no repository at \(url)"
                }
                var text = "cannot reach remote '\(remote)' (\(url)): \(reason)\nNothing was changed: your local commits are kept; run `kpi sync` again when the remote is reachable."
                if viaLibgit2, let u = RemoteURL(url), !u.isLocal {
                    text += "\nIf `git fetch \(remote)` works on this machine, `kpi sync --transport git` (or `git config kpi.transport git`) lets git do the transfer (see docs/sync.md)."
                }
                return text
            case .rejected(let remote, let reason):
                return "remote '\(remote)' refused the push: \(reason)\nNothing was pushed; your local commits are kept."
            case .rewritten(let remote, let previous, let now):
                return "\(remote) no longer contains \(previous.short), its tip at the previous sync; it is now at \(now.short): its history was rewritten (force-pushed)\nNothing was merged or pushed. If the rewrite is intended, run `kpi sync --accept-rewrite` (the merge commit records it); see docs/sync.md."
            case .other(let m):
                return m
            }
        }
    }

    let store: LedgerStore
    var repository: Repository { store.repository }
    let author: Signature
    let committer: Signature
    let remoteOptions: RemoteOptions

    public init(store: LedgerStore, author: Signature, committer: Signature, remoteOptions: RemoteOptions) {
        self.store = store
        self.author = author
        self.committer = committer
        self.remoteOptions = remoteOptions
    }

    /// Syncs HEAD's branch with `remote` (default: its upstream's remote, else `origin`).
    public func sync(remote requested: String?, resolution: MergeResolution? = nil, acceptRewrite: Bool = false) throws -> Report {
        guard let headRef = repository.headBranch, headRef.hasPrefix("refs/heads/") else {
            throw Failure.other("HEAD is detached: check out a branch before syncing")
        }
        let branch = String(headRef.dropFirst("refs/heads/".count))
        let upstream = try repository.upstream(ofBranch: branch)
        let remote = requested ?? upstream?.remote ?? "origin"
        guard let url = try repository.remoteURL(remote) else {
            throw Failure.other("no remote named '\(remote)': add one with `kpi remote add \(remote) URL` (or `git remote add`)")
        }
        var mergeRef = (upstream?.remote == remote ? upstream?.mergeRef : nil) ?? headRef
        var remoteShort: String { mergeRef.hasPrefix("refs/heads/") ? String(mergeRef.dropFirst("refs/heads/".count)) : mergeRef }
        var tracking: String { "refs/remotes/\(remote)/\(remoteShort)" }
        var label: String { "\(remote)/\(remoteShort)" }
        let viaLibgit2 = (try? remoteOptions.transport(config: repository.configEntries())) != .git
        // Announced, so a kpi killed mid-sync leaves no lock behind (docs/reliability.md).
        let note = try repository.beginSyncing(remote: remote)
        defer { note.end() }
        // What the remote branch held when this repository last synced with it (our own record:
        // a plain `git fetch` moves the remote-tracking ref, not this).
        var syncedRef: String { "refs/kpi/synced/\(remote)/\(remoteShort)" }
        let previous = try repository.reference(syncedRef) ?? repository.reference(tracking)

        var attempt = 0
        while true {
            attempt += 1
            do {
                try repository.fetch(remote: remote, options: remoteOptions)
                // No upstream yet and no remote branch of this name: follow the remote's
                // default branch (a `trunk`) rather than creating a second, unrelated one.
                if attempt == 1, upstream == nil, try repository.reference(tracking) == nil,
                   let remoteDefault = try repository.remoteDefaultBranch(remote: remote, options: remoteOptions) {
                    mergeRef = remoteDefault
                }
            } catch let e as GitError {
                throw Failure.unreachable(remote: remote, url: url, reason: e.message, viaLibgit2: viaLibgit2)
            }
            let theirs = try repository.reference(tracking)
            let local = try repository.headCommit()
            var rewriteNote: String? = nil
            if let previous, let theirs, previous != theirs, !(try repository.isAncestor(previous, of: theirs)) {
                guard acceptRewrite else { throw Failure.rewritten(remote: label, previous: previous, now: theirs) }
                rewriteNote = "Rewritten history accepted (--accept-rewrite): \(label) no longer contains \(previous.hex), its tip at the previous sync; it is now at \(theirs.hex)."
            }
            var outcome: Outcome
            var resolved: [MergeConflict] = []
            var toPush: ObjectID? = nil
            switch (local, theirs) {
            case (nil, nil):
                return Report(remote: remote, remoteBranch: remoteShort, outcome: .upToDate, resolved: [])
            case (let l?, nil):
                outcome = .pushed(created: true)
                toPush = l
            case (nil, let t?):
                try repository.fastForward(branch: branch, from: nil, to: t, logMessage: "sync: fast-forward to \(label)")
                outcome = .fastForwarded(t)
            case (let l?, let t?):
                if l == t {
                    outcome = .upToDate
                } else if try repository.isAncestor(l, of: t) {
                    try repository.fastForward(branch: branch, from: l, to: t, logMessage: "sync: fast-forward to \(label)")
                    outcome = .fastForwarded(t)
                } else if try repository.isAncestor(t, of: l) {
                    outcome = .pushed(created: false)
                    toPush = l
                } else {
                    let (id, settled) = try mergeRememberingStops(local: l, theirs: t, label: label, branch: branch,
                                                                  resolution: resolution, remote: remote, note: rewriteNote)
                    resolved = settled
                    outcome = .merged(id)
                    toPush = id
                }
            }
            if let toPush {
                do {
                    try repository.push(remote: remote, refspecs: ["\(headRef):\(mergeRef)"], options: remoteOptions)
                } catch let e as GitError where e.code == .refMoved && attempt < 3 {
                    continue   // someone pushed meanwhile: fetch and merge again
                } catch let e as GitError where e.code == .refMoved || e.code == .rejected {
                    throw Failure.rejected(remote: remote, reason: e.message)
                } catch let e as GitError {
                    throw Failure.unreachable(remote: remote, url: url, reason: e.message, viaLibgit2: viaLibgit2)
                }
                if try repository.reference(tracking) != toPush {
                    try? repository.updateReferenceNoted(tracking, to: toPush, expected: try repository.reference(tracking),
                                                    logMessage: "update by push")
                }
            }
            if upstream == nil {
                try repository.setUpstream(ofBranch: branch, remote: remote, mergeRef: mergeRef)
            }
            if let synced = try repository.reference(tracking) {
                try? repository.updateReferenceNoted(syncedRef, to: synced, expected: try repository.reference(syncedRef), logMessage: "kpi sync")
            }
            return Report(remote: remote, remoteBranch: remoteShort, outcome: outcome, resolved: resolved)
        }
    }

    /// The merge commit of `local` and `theirs`; throws `.conflicts` with nothing written.
    func merge(local: ObjectID, theirs: ObjectID, label: String, branch: String, resolution: MergeResolution?,
               remote: String, note: String?) throws -> (ObjectID, [MergeConflict]) {
        var settled: [MergeConflict] = []
        var found: [MergeConflict] = []
        var base: ObjectID? = nil
        do {
            let id = try repository.commit(author: author, committer: committer,
                                              options: CommitOptions(branch: branch, mergeParents: [theirs])) { tip in
                guard let tip else { throw Failure.other("the branch became unborn while syncing") }
                base = try self.repository.mergeBase(tip, theirs)
                let r = try TreeMerge.merge(self.repository, base: base, ours: tip, theirs: theirs, resolution: resolution,
                                           ledgerPath: self.store.location.ledgerPath)
                if !r.conflicts.isEmpty {
                    found = r.conflicts
                    throw Failure.conflicts(remote: label, [])
                }
                settled = r.resolved
                var message = CommitMessage("sync: merge \(label) into \(branch)").text().trimmingScalars(in: "\n")
                if let note { message += "\n\n" + note }
                if !r.resolved.isEmpty {
                    let side = resolution == .theirs ? "theirs" : "ours"
                    message += "\n\nConflicts settled (\(side) kept):\n"
                    for c in r.resolved {
                        message += "  \(c.path): \(c.what): ours \(c.ours ?? "(removed)"), theirs \(c.theirs ?? "(removed)")\n"
                    }
                }
                return CommitPlan(files: r.changes, message: message)
            }
            return (id, settled)
        } catch Failure.conflicts {
            throw Failure.conflicts(remote: label, try found.map { c in
                AttributedConflict(conflict: c, oursAuthor: try lastAuthor(of: c, from: local, base: base),
                                   theirsAuthor: try lastAuthor(of: c, from: theirs, base: base))
            })
        } catch let e as GitError where e.code == .conflict {
            throw Failure.other("\(e.message)\nNothing was merged or pushed.")
        }
    }

    /// Where a stopped sync remembers the local tip it stopped at.
    var stopFile: String { repository.gitDir + "kpi/sync-stopped" }

    /// The merge, and what a manager does after a stop: "resolve it with `kpi goal set` (or an
    /// editor) and `kpi sync` again". When every conflict's local value was changed after the
    /// sync stopped (the local side decided), those decisions are kept as with `--ours`;
    /// otherwise the sync stops again, naming what is still undecided.
    func mergeRememberingStops(local: ObjectID, theirs: ObjectID, label: String, branch: String,
                               resolution: MergeResolution?, remote: String, note: String? = nil) throws -> (ObjectID, [MergeConflict]) {
        do {
            let result = try merge(local: local, theirs: theirs, label: label, branch: branch, resolution: resolution, remote: remote, note: note)
            try? FileManager.default.removeItem(atPath: stopFile)
            return result
        } catch Failure.conflicts(let r, let list) {
            let stoppedAt = (try? String(contentsOfFile: stopFile, encoding: .utf8)).flatMap { ObjectID(hex: $0.trimmingScalars(in: "\n ")) }
            if resolution == nil, let stoppedAt, stoppedAt != local, try repository.isAncestor(stoppedAt, of: local),
               try list.allSatisfy({ try value(of: $0.conflict, at: local) != value(of: $0.conflict, at: stoppedAt) }) {
                let result = try merge(local: local, theirs: theirs, label: label, branch: branch, resolution: .ours, remote: remote, note: note)
                try? FileManager.default.removeItem(atPath: stopFile)
                return result
            }
            // Remember the first stop (a later stop on top of it keeps the earlier reference point).
            let keepsEarlierStop = try stoppedAt.map { try repository.isAncestor($0, of: local) || $0 == local } ?? false
            if !keepsEarlierStop {
                try? FileManager.default.createDirectory(atPath: repository.gitDir + "kpi", withIntermediateDirectories: true)
                try? Data((local.hex + "\n").utf8).write(to: URL(fileURLWithPath: stopFile), options: .atomic)
            }
            throw Failure.conflicts(remote: r, list)
        }
    }

    /// A conflicting value as it stands in `commit`.
    func value(of c: MergeConflict, at commit: ObjectID?) throws -> String? {
        guard let commit else { return nil }
        let tree = try repository.commit(commit).tree
        guard let bytes = try repository.file(at: c.path, in: tree) else { return nil }
        if c.location.isEmpty { return String(decoding: bytes, as: UTF8.self) }
        return LedgerMerge.value(at: c.location, in: bytes, path: c.path)
    }

    /// The author of the newest commit between `base` and `tip` that changed the conflicting value.
    func lastAuthor(of c: MergeConflict, from tip: ObjectID, base: ObjectID?) throws -> Signature? {
        func value(_ commit: ObjectID?) throws -> String? { try self.value(of: c, at: commit) }
        for id in try repository.walk(from: tip, excluding: base.map { [$0] } ?? []) {
            let commit = try repository.commit(id)
            let mine = try value(id)
            var differs = true
            for p in commit.parents where try value(p) == mine { differs = false }
            if differs { return commit.author }
        }
        return nil
    }
}
