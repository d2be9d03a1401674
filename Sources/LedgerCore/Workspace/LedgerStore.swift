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
    /// the same tip: `make` sees the ledger at the tip (its settings, metrics, scorecards, people
    /// and teams; goal sheets, records and reviews as bytes in `files`) and returns the files to write. The
    /// result is refused when a changed file has errors; GitStore refuses when a changed file
    /// has edits in the working tree that are not committed (they would be lost).
    public func transact(author: Signature, committer: Signature,
                         _ make: (_ tip: ObjectID?, _ ledger: Ledger, _ files: [String: [UInt8]]) throws -> Change)
        throws -> ObjectID {
        try repository.commit(author: author, committer: committer, lockTimeout: 60) { tip in
            let tree = try tip.map { try repository.commit($0).tree }
            var files: [String: [UInt8]] = [:]
            if let tree {
                let source = TreeSource(repository: repository, tree: tree)
                for p in try source.ledgerFiles() { files[p] = try source.read(p) }
            }
            // `make` decides from the settings, catalog, people and teams (the model of those
            // files), and reads sheets from `files`: parsing every sheet of the ledger here was
            // four fifths of a recording command.
            let ledger = LedgerLoader.load(files: files.compactMap { path, bytes in Self.isSheet(path) ? nil : (path, bytes) })
            let change = try make(tip, ledger, files)
            for (p, bytes) in change.files { files[p] = bytes }
            // Errors in a file depend only on that file and the catalog, people, teams and
            // settings (LedgerChecks compares a sheet with those, never with other sheets), so
            // the other sheets need not be read again: the refusals are the same, for about half
            // the work of a recording command.
            let after = LedgerLoader.load(files: files.compactMap { path, bytes in
                change.files.keys.contains(path) || !Self.isSheet(path) ? (path, bytes) : nil
            })
            let errors = after.sortedDiagnostics.filter { $0.severity == .error && change.files.keys.contains($0.path) }
            if !errors.isEmpty { throw LedgerError.invalid(errors) }
            return CommitPlan(files: change.files, message: change.message)
        }
    }

    /// Goal sheets, records and reviews: the files nothing else refers to.
    static func isSheet(_ path: String) -> Bool {
        guard case .file(let lp) = LedgerLayout.classify(path) else { return false }
        return lp.kind == .goals || lp.kind == .records || lp.kind == .review
    }
}
