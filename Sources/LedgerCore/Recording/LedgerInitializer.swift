import Foundation
import GitStore

/// `kpi init`: a first commit holding ledger.yaml, the KPI catalog, the scorecards and the JSON
/// Schemas — in a new repository, or in the repository whose work tree already holds the folder
/// (a ledger in a subfolder of a larger repository, docs/repositories.md).
public enum LedgerInitializer {
    /// What `create` made.
    public struct Created: Sendable {
        public var commit: ObjectID
        /// The existing repository's work tree the ledger was created in (nil: a repository
        /// was created, or the folder was already one's root).
        public var insideWorkTree: String?
        /// The ledger's folder in that repository ("" at its root).
        public var prefix: String
    }

    @discardableResult
    public static func create(at path: String, name: String, bare: Bool = false,
                              identity: (Repository) throws -> (author: Signature, committer: Signature)) throws -> Created {
        let fm = FileManager.default
        let existed = fm.fileExists(atPath: path)
        if fm.fileExists(atPath: path + "/" + LedgerLayout.settingsFile) { throw LedgerError.alreadyALedger(path) }
        let parent = (path as NSString).deletingLastPathComponent
        if let outer = LedgerLocator.findRoot(from: parent), outer != path {
            throw LedgerError.refused(.insideLedger(path, outer))
        }
        var repo: Repository
        var createdRepository = false
        var location: LedgerLocation? = nil
        if let r = try? Repository(path: path) {
            repo = r
        } else if !bare, let (r, found) = enclosing(path) {
            repo = r
            location = found
        } else {
            repo = try Repository.create(at: path, bare: bare, initialBranch: "main")
            createdRepository = true
        }
        let prefix = location?.prefix ?? ""
        if let head = try repo.headCommit(), let tree = try repo.subtree(prefix, in: try repo.commit(head).tree),
           try repo.entry(at: LedgerLayout.settingsFile, in: tree) != nil {
            throw LedgerError.alreadyALedger(path)
        }
        do {
            let (author, committer) = try identity(repo)
            let files = CatalogFiles.all(ledgerName: name).mapValues { Optional($0) }
            let clashes = repo.isBare ? [] : files.keys.filter { fm.fileExists(atPath: path + "/" + $0) }
            if !clashes.isEmpty {
                throw LedgerError.refused(.initClashes(path, Array(clashes)))
            }
            let store = LedgerStore(repository: repo, location: location)
            let commit = try repo.commitFiles(store.repositoryPaths(files),
                                              message: CommitMessage("init: ledger \(name) with the KPI catalog and scorecards").text(),
                                              author: author, committer: committer)
            return Created(commit: commit, insideWorkTree: location?.workTree, prefix: prefix)
        } catch {
            // Leave the folder as it was: remove only what this command created.
            if createdRepository {
                if existed {
                    try? fm.removeItem(atPath: bare ? path : path + "/.git")
                } else {
                    try? fm.removeItem(atPath: path)
                }
            } else if location != nil, !existed {
                try? fm.removeItem(atPath: path)
            }
            throw error
        }
    }

    /// The repository whose work tree contains `path` (which may not exist yet), with the
    /// ledger's location in it; nil outside every work tree.
    static func enclosing(_ path: String) -> (Repository, LedgerLocation)? {
        var dir = path
        while !FileManager.default.fileExists(atPath: dir) {
            let up = (dir as NSString).deletingLastPathComponent
            if up == dir || up.isEmpty { return nil }
            dir = up
        }
        guard let repository = try? Repository.open(from: dir, environment: ProcessInfo.processInfo.environment),
              let workdir = repository.workdir else { return nil }
        let top = LedgerLocation.canonical(workdir)
        let ancestor = LedgerLocation.canonical(dir)
        let full = ancestor + String(path.dropFirst(dir.count))
        guard full == top || full.hasPrefix(top + "/") else { return nil }
        let prefix = full == top ? "" : String(full.dropFirst(top.count + 1))
        return (repository, LedgerLocation(gitDir: repository.gitDir, workTree: top, prefix: prefix))
    }
}
