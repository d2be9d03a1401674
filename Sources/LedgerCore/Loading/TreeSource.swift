import GitStore
import LedgerFormat

/// A ledger as it stands in one commit's tree: reads blobs straight from the object database.
public struct TreeSource: LedgerSource {
    public let repository: Repository
    public let tree: ObjectID
    /// Where each blob read by its id is left for a history scan beside this load (`BlobShelf`).
    let shelf: BlobShelf?

    public init(repository: Repository, tree: ObjectID) {
        self.init(repository: repository, tree: tree, shelf: nil)
    }

    init(repository: Repository, tree: ObjectID, shelf: BlobShelf?) {
        self.repository = repository
        self.tree = tree
        self.shelf = shelf
    }

    public func ledgerFiles() throws -> PathList { PathList(try files(under: LedgerLayout.ledgerRoots)) }

    /// Every file (and link) at or under the top-level names `roots`, sorted.
    public func files(under roots: [String]) throws -> [String] { try listing(under: roots).map(\.path) }

    /// Every ledger file, sorted, with its blob id when it is a plain file (a link's is not its
    /// content): what the parsed-file cache is keyed by, known without reading the blob.
    func ledgerFileBlobs() throws -> [(path: String, blob: ObjectID?)] { try listing(under: LedgerLayout.ledgerRoots) }

    private func listing(under roots: [String]) throws -> [(path: String, blob: ObjectID?)] {
        var out: [(path: String, blob: ObjectID?)] = []
        for entry in try repository.treeEntries(tree) where roots.contains(entry.name) {
            if entry.kind == .tree {
                try collect(entry.id, prefix: entry.name + "/", into: &out)
            } else if entry.kind == .blob {
                out.append((entry.name, TreeSource.plainBlob(entry)))
            }
        }
        return out.sorted { $0.path < $1.path }
    }

    private func collect(_ tree: ObjectID, prefix: String, into out: inout [(path: String, blob: ObjectID?)]) throws {
        for e in try repository.treeEntries(tree) {
            if e.kind == .tree {
                try collect(e.id, prefix: prefix + e.name + "/", into: &out)
            } else if e.kind == .blob {
                out.append((prefix + e.name, TreeSource.plainBlob(e)))
            }
        }
    }

    /// The entry's blob id when it is a plain (or executable) file.
    private static func plainBlob(_ e: TreeEntry) -> ObjectID? {
        e.filemode == 0o100644 || e.filemode == 0o100755 ? e.id : nil
    }

    public func read(_ path: String) throws -> [UInt8] {
        guard let e = try repository.entry(at: path, in: tree) else { throw LedgerError.unreadable(path) }
        try TreeSource.refuseLink(e, path: path, repository: repository)
        return try read(path, blob: e.id)
    }

    /// The file at `path` whose plain blob the listing gave (`ledgerFileBlobs`): read by its
    /// id, not found again by its path (a look-up through the path's trees, ~27,000
    /// instructions a file on the 750-file folders of a cold audit's tip; BENCHMARKS.md, s12-audit).
    func read(_ path: String, blob: ObjectID) throws -> [UInt8] {
        let size = try repository.blobSize(blob)
        if size > LedgerLoader.maxFileBytes { throw LedgerError.invalid([LedgerLoader.tooLarge(path, size: size)]) }
        let bytes = try repository.blob(blob)
        shelf?.put(blob, bytes)
        return bytes
    }

    /// git's file mode of a symbolic link.
    static let linkMode: UInt32 = 0o120000

    /// A committed symbolic link is refused like one in the working tree: its text is a path,
    /// not ledger content, and a checkout would point outside the repository.
    static func refuseLink(_ e: TreeEntry, path: String, repository: Repository) throws {
        guard e.filemode == linkMode else { return }
        let target = String(decoding: try repository.blob(e.id), as: UTF8.self)
        throw LedgerError.invalid([Diagnostic(path: path, line: 1, column: 1, code: .symbolicLink,
                                              message: Links.Found(path: path, target: target).message)])
    }
}
