import GitStore

/// A ledger as it stands in one commit's tree: reads blobs straight from the object database.
public struct TreeSource: LedgerSource {
    public let repository: Repository
    public let tree: ObjectID

    public init(repository: Repository, tree: ObjectID) {
        self.repository = repository
        self.tree = tree
    }

    public func ledgerFiles() throws -> [String] {
        var out: [String] = []
        for entry in try repository.treeEntries(tree) where LedgerLayout.ledgerRoots.contains(entry.name) {
            if entry.kind == .tree {
                try collect(entry.id, prefix: entry.name + "/", into: &out)
            } else if entry.name == LedgerLayout.settingsFile {
                out.append(entry.name)
            }
        }
        return out.sorted()
    }

    private func collect(_ tree: ObjectID, prefix: String, into out: inout [String]) throws {
        for e in try repository.treeEntries(tree) {
            if e.kind == .tree {
                try collect(e.id, prefix: prefix + e.name + "/", into: &out)
            } else {
                out.append(prefix + e.name)
            }
        }
    }

    public func read(_ path: String) throws -> [UInt8] {
        guard let e = try repository.entry(at: path, in: tree) else { throw LedgerError.unreadable(path) }
        let size = try repository.blobSize(e.id)
        if size > LedgerLoader.maxFileBytes { throw LedgerError.invalid([LedgerLoader.tooLarge(path, size: size)]) }
        return try repository.blob(e.id)
    }
}
