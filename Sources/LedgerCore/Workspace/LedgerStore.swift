import Foundation
import GitStore
import LedgerFormat

/// A ledger inside a git repository (with a working tree or bare): reading it at any revision,
/// and the write transaction every recording command goes through.
public final class LedgerStore {
    public let repository: Repository

    public init(repository: Repository) { self.repository = repository }

    /// Finds the repository from `start` upward (a bare repository works too).
    public static func open(from start: String) throws -> LedgerStore {
        do {
            return LedgerStore(repository: try Repository.discover(from: start))
        } catch {
            throw LedgerError.notALedger(start)
        }
    }

    /// The working tree's root without a trailing slash, nil when bare.
    public var root: String? {
        repository.workdir.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    public func headCommit() throws -> ObjectID? { try repository.headCommit() }

    /// The ledger as committed at `commit` (empty when nil, for an unborn branch).
    public func ledger(at commit: ObjectID?, checks: Bool = true) throws -> Ledger {
        guard let commit else { return Ledger() }
        let tree = try repository.commit(commit).tree
        let source = TreeSource(repository: repository, tree: tree)
        let paths = try source.ledgerFiles()
        return LedgerLoader.load(files: try paths.map { ($0, try source.read($0)) }, checks: checks)
    }

    /// Revision text (`HEAD`, a tag, `HEAD~2`, an id) to a commit.
    public func resolve(_ revision: String) throws -> ObjectID {
        do { return try repository.resolve(revision) } catch {
            throw LedgerError.refused("unknown revision '\(revision)': \(error)")
        }
    }

    /// The last commit on HEAD's history whose author date is on or before `day` (end of day,
    /// in the author's own time zone).
    public func commit(asOf day: Day) throws -> ObjectID? {
        guard let head = try headCommit() else { return nil }
        let limit = Int64(day.daysSinceEpoch + 1) * 86_400
        for id in try repository.walk(from: head) {
            let c = try repository.commit(id)
            if c.author.time + Int64(c.author.offsetMinutes) * 60 < limit { return id }
        }
        return nil
    }

    /// What a recording command wants to do, computed from the ledger at the branch tip.
    public struct Change {
        public var files: [String: [UInt8]?]
        public var message: String
        public init(files: [String: [UInt8]?], message: String) {
            self.files = files
            self.message = message
        }
    }

    /// Read → modify → validate → commit, under the ledger lock, so two writers never build on
    /// the same tip: `make` sees the ledger at the tip and returns the files to write. The
    /// result is refused when a changed file has errors, or when a changed file has edits in
    /// the working tree that are not committed (they would be lost or committed unasked).
    public func transact(author: Signature, committer: Signature,
                         _ make: (_ tip: ObjectID?, _ ledger: Ledger, _ read: (String) throws -> [UInt8]?) throws -> Change)
        throws -> ObjectID {
        let lock = try LedgerLock(gitDir: repository.gitDir, timeout: 60)
        defer { lock.unlock() }
        var attempt = 0
        while true {
            attempt += 1
            let tip = try repository.headCommit()
            let tree = try tip.map { try repository.commit($0).tree }
            let ledger = try ledger(at: tip)
            let read: (String) throws -> [UInt8]? = { path in
                guard let tree, let e = try self.repository.entry(at: path, in: tree) else { return nil }
                return try self.repository.blob(e.id)
            }
            let change = try make(tip, ledger, read)
            try refuseUncommittedEdits(change.files.keys, tree: tree)
            try validate(change.files, against: tip, tree: tree)
            do {
                return try repository.commitFiles(change.files, message: change.message, author: author,
                                                  committer: committer, holdingLock: true, maxAttempts: 1)
            } catch let error as GitError where error.code == .refMoved && attempt < 8 {
                continue   // a plain `git commit` moved the branch: recompute on the new tip
            }
        }
    }

    /// Files the user changed by hand and has not committed stay theirs: refuse to overwrite.
    func refuseUncommittedEdits(_ paths: some Collection<String>, tree: ObjectID?) throws {
        guard root != nil else { return }
        for path in paths {
            let committed = try tree.flatMap { try repository.entry(at: path, in: $0) }.map { try repository.blob($0.id) }
            let onDisk = try repository.workdirFile(path)
            if onDisk != committed {
                throw LedgerError.refused("\(path) has edits that are not committed; commit them first (`kpi commit -m ...`) or undo them, then try again")
            }
        }
    }

    /// The changed files must load without errors in the ledger they will be part of.
    func validate(_ files: [String: [UInt8]?], against tip: ObjectID?, tree: ObjectID?) throws {
        var all: [String: [UInt8]] = [:]
        if let tree {
            let source = TreeSource(repository: repository, tree: tree)
            for p in try source.ledgerFiles() { all[p] = try source.read(p) }
        }
        for (p, bytes) in files { all[p] = bytes }
        let ledger = LedgerLoader.load(files: all.map { ($0.key, $0.value) })
        let errors = ledger.sortedDiagnostics.filter { $0.severity == .error && files.keys.contains($0.path) }
        if !errors.isEmpty { throw LedgerError.invalid(errors) }
    }
}
