import Foundation
import GitStore

/// Where a ledger is (docs/repositories.md): its git repository, the work tree, and the folder
/// holding ledger.yaml inside it (the prefix, "" at the work tree's root). Found once, from the
/// folder a command starts in, the way git finds `.git`; every read, write, history walk, the
/// hooks and the merge driver take their paths from here. Ledger paths (`goals/2026-Q3/a.yaml`)
/// are relative to the ledger's folder; repository paths are relative to the work tree's root.
public struct LedgerLocation: Sendable, Equatable {
    /// The repository's git directory, ending in "/".
    public let gitDir: String
    /// The work tree's root without a trailing slash; nil for a bare repository.
    public let workTree: String?
    /// The ledger's folder relative to the work tree's root, without slashes at either end;
    /// "" when the ledger is the whole repository.
    public let prefix: String

    public init(gitDir: String, workTree: String?, prefix: String) {
        self.gitDir = gitDir
        self.workTree = workTree
        self.prefix = prefix.split(separator: "/").joined(separator: "/")
    }

    /// The ledger's folder on disk; nil for a bare repository.
    public var folder: String? { workTree.map { prefix.isEmpty ? $0 : $0 + "/" + prefix } }

    /// A ledger path as a path in the repository.
    public func repositoryPath(_ ledgerPath: String) -> String {
        prefix.isEmpty ? ledgerPath : prefix + "/" + ledgerPath
    }

    /// A repository path as a path in this ledger; nil when it lies outside the ledger's folder.
    public func ledgerPath(_ repositoryPath: String) -> String? {
        if prefix.isEmpty { return repositoryPath }
        guard repositoryPath.hasPrefix(prefix + "/") else { return nil }
        return String(repositoryPath.dropFirst(prefix.count + 1))
    }

    /// The ledger path of a file given by its path in the repository (git's `%P` to a merge
    /// driver): relative to the nearest folder above it, inside `workTree`, that holds
    /// ledger.yaml on disk; nil when no such folder holds it.
    public static func ledgerPath(ofRepositoryPath path: String, workTree: String) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        guard !parts.isEmpty else { return nil }
        for n in stride(from: parts.count - 1, through: 0, by: -1) {
            let folder = parts[..<n].joined(separator: "/")
            let top = workTree.hasSuffix("/") ? String(workTree.dropLast()) : workTree
            if FileManager.default.fileExists(atPath: top + (folder.isEmpty ? "" : "/" + folder) + "/" + LedgerLayout.settingsFile) {
                return parts[n...].joined(separator: "/")
            }
        }
        return nil
    }

    /// The ledger's tree inside a commit's tree; nil when that revision has no ledger folder.
    public func tree(in root: ObjectID, of repository: Repository) throws -> ObjectID? {
        try repository.subtree(prefix, in: root)
    }

    /// The ledger `start` lies in: the repository containing it (GIT_DIR and GIT_WORK_TREE
    /// honoured) and the nearest folder at or above `start`, inside the work tree, that holds
    /// ledger.yaml. No such folder (a bare repository, a deleted ledger.yaml): the work tree's
    /// root. Throws `notALedger` when `start` is in no repository.
    public static func find(from start: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (LedgerLocation, Repository) {
        let repository: Repository
        do { repository = try Repository.open(from: start, environment: environment) } catch {
            throw LedgerError.notALedger(start)
        }
        return (try locate(in: repository, from: start), repository)
    }

    /// The location of the ledger containing `start` in an open repository.
    public static func locate(in repository: Repository, from start: String) throws -> LedgerLocation {
        let gitDir = repository.gitDir
        guard let workdir = repository.workdir else { return LedgerLocation(gitDir: gitDir, workTree: nil, prefix: "") }
        let top = canonical(workdir)
        var prefix = ""
        if let found = LedgerLocator.findRoot(from: canonical(start), within: top), found != top {
            prefix = String(found.dropFirst(top.count + 1))
        }
        return LedgerLocation(gitDir: gitDir, workTree: top, prefix: prefix)
    }

    /// The folders holding a ledger.yaml in a commit's tree (at most `depth` folders deep, not
    /// below another ledger), sorted: the hint a command started outside any ledger gives.
    public static func ledgers(in tree: ObjectID, of repository: Repository, depth: Int = 4) throws -> [String] {
        var out: [String] = []
        func visit(_ tree: ObjectID, _ path: String, _ level: Int) throws {
            let entries = try repository.treeEntries(tree)
            if !path.isEmpty, entries.contains(where: { $0.name == LedgerLayout.settingsFile && $0.kind == .blob }) {
                out.append(path)
                return
            }
            guard level < depth else { return }
            for e in entries where e.kind == .tree && !e.name.hasPrefix(".") {
                try visit(e.id, path.isEmpty ? e.name : path + "/" + e.name, level + 1)
            }
        }
        try visit(tree, "", 0)
        return out.sorted()
    }

    /// An absolute path without a trailing slash, with symbolic links resolved (the work tree
    /// libgit2 reports and the folder a command starts in must compare equal).
    static func canonical(_ path: String) -> String {
        var p = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        return p
    }
}
