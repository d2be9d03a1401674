import Foundation
import GitStore

/// `kpi init`: a new repository (or an existing one without a ledger) with a first commit
/// holding ledger.yaml, the KPI catalog, the scorecards and the JSON Schemas.
public enum LedgerInitializer {
    public static func create(at path: String, name: String, bare: Bool = false,
                              identity: (Repository) throws -> (author: Signature, committer: Signature)) throws -> ObjectID {
        let fm = FileManager.default
        let existed = fm.fileExists(atPath: path)
        if fm.fileExists(atPath: path + "/" + LedgerLayout.settingsFile) { throw LedgerError.alreadyALedger(path) }
        let parent = (path as NSString).deletingLastPathComponent
        if let outer = LedgerLocator.findRoot(from: parent), outer != path {
            throw LedgerError.refused("\(path) lies inside the ledger at \(outer); create the new ledger somewhere else (nothing was changed)")
        }
        var repo: Repository
        var createdRepository = false
        if let r = try? Repository(path: path) {
            repo = r
            if let head = try r.headCommit(), try r.entry(at: LedgerLayout.settingsFile, in: try r.commit(head).tree) != nil {
                throw LedgerError.alreadyALedger(path)
            }
        } else {
            repo = try Repository.create(at: path, bare: bare, initialBranch: "main")
            createdRepository = true
        }
        do {
            let (author, committer) = try identity(repo)
            let files = CatalogFiles.all(ledgerName: name).mapValues { Optional($0) }
            let clashes = repo.isBare ? [] : files.keys.filter { fm.fileExists(atPath: path + "/" + $0) }
            if !clashes.isEmpty {
                throw LedgerError.refused("\(path) already has \(clashes.sorted().prefix(3).joined(separator: ", ")); nothing was changed")
            }
            return try repo.commitFiles(files, message: "init: ledger \(name) with the KPI catalog and scorecards\n",
                                        author: author, committer: committer)
        } catch {
            // Leave the folder as it was: remove only what this command created.
            if createdRepository {
                if existed {
                    try? fm.removeItem(atPath: bare ? path : path + "/.git")
                } else {
                    try? fm.removeItem(atPath: path)
                }
            }
            throw error
        }
    }
}
