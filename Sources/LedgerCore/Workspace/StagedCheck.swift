import GitStore
import LedgerFormat

/// `kpi check --staged`, what the git hooks run: the change `git commit` is about to make,
/// held to the rules `kpi commit` applies to the same change (docs/hooks.md). Only the staged
/// files' problems count (and the errors they cause elsewhere), not every warning the ledger
/// already had; files outside any ledger are not looked at.
public enum StagedCheck {
    /// The diagnostics of the staged change, with paths from the repository's root (what git
    /// shows), and the ledgers it touches (their folders, "" for the root).
    public struct Outcome {
        public var diagnostics: [Diagnostic] = []
        public var ledgers: [String] = []
    }

    /// `indexFile`: the index git gave the hook (`GIT_INDEX_FILE`), else the repository's.
    /// Without `message` (the pre-commit hook, which runs before the message exists): the
    /// files' checks and the warnings `kpi commit` gives, judged for `author` (git's author of
    /// the commit). With it (the commit-msg hook, after the pre-commit hook passed): only the
    /// rule that needs the message, a closed quarter's `Reopen-Reason:`.
    public static func run(repository: Repository, indexFile: String?, author: Signature, message: String?) throws -> Outcome {
        let index = try StagedIndex(repository, file: indexFile)
        let headTree = try repository.headCommit().map { try repository.commit($0).tree }
        // A merge being committed (`git merge`, `git pull`): a file staged as the merged branch
        // has it came with that branch, whose commits were judged when they were made.
        let mergeTree = try (try? repository.resolve("MERGE_HEAD")).map { try repository.commit($0).tree }
        var byLedger: [String: [String: [UInt8]?]] = [:]
        var merged: Set<String> = []
        var roots: [String: String?] = [:]
        for change in try index.changes(from: headTree) {
            guard let prefix = ledgerFolder(of: change.path, index: index, known: &roots) else { continue }
            let relative = String(change.path.dropFirst(prefix.count))
            guard LedgerLayout.isLedgerFile(relative) else { continue }
            byLedger[prefix, default: [:]][relative] = try change.blob.map { try repository.blob($0) }
            if let mergeTree, try repository.entry(at: change.path, in: mergeTree)?.id == change.blob { merged.insert(change.path) }
        }
        var outcome = Outcome()
        let root = LedgerStore(repository: repository).location
        let reason = message.flatMap(ClosedQuarters.reopenReason(inMessage:))
        for prefix in byLedger.keys.sorted() {
            let files = byLedger[prefix]!
            let folder = prefix.isEmpty ? "" : String(prefix.dropLast())
            outcome.ledgers.append(folder)
            let location = LedgerLocation(gitDir: root.gitDir, workTree: root.workTree, prefix: folder)
            let tree = try headTree.flatMap { try location.tree(in: $0, of: repository) }
            var found: [Diagnostic] = []
            if message == nil {
                let store = LedgerStore(repository: repository, location: location)
                let tip = TipFiles(repository: repository, tree: tree)
                let organisation = try store.organisation(tip)
                found = try LedgerStore.newDiagnostics(files, files: tip, organisation: organisation).found
                found += try Recorder(store: store, author: author, committer: author)
                    .changeWarnings(files, ledger: organisation, tip: tip, judged: tree != nil)
            }
            if message != nil, reason == nil {
                let closed = try ClosedQuarters(repository: repository, prefix: folder)
                for path in files.keys.sorted() where !merged.contains(prefix + path) {
                    guard let q = closed.quarter(ofPath: path) else { continue }
                    found.append(Finding.closedQuarterStaged(q, tag: closed.tagName(q)).atStart(of: path))
                }
            }
            outcome.diagnostics += found.map { d in
                var d = d
                d.path = prefix + d.path
                return d
            }
        }
        outcome.diagnostics.sort { ($0.path, $0.line, $0.column, $0.message) < ($1.path, $1.line, $1.column, $1.message) }
        return outcome
    }

    /// The folder (with a trailing "/", "" for the root) of the ledger `path` belongs to: its
    /// nearest folder whose `ledger.yaml` is staged; nil when no folder above it has one.
    static func ledgerFolder(of path: String, index: StagedIndex, known: inout [String: String?]) -> String? {
        var folder = Substring(path)
        var visited: [String] = []
        while true {
            let cut = folder.lastIndex(of: "/")
            folder = cut.map { folder[...$0] } ?? ""
            let key = String(folder)
            if let hit = known[key] { for v in visited { known[v] = .some(hit) }; return hit }
            visited.append(key)
            if index.blob(at: key + LedgerLayout.settingsFile) != nil {
                for v in visited { known[v] = .some(key) }
                return key
            }
            if folder.isEmpty { break }
            folder = folder.dropLast()
        }
        for v in visited { known[v] = .some(nil) }
        return nil
    }
}

extension Finding {
    static func closedQuarterStaged(_ quarter: Quarter, tag: String) -> Finding {
        Finding(.error, .quarterClosed, "\(quarter) is closed (tag \(tag)); to commit this change anyway, end the commit message with a line `\(ClosedQuarters.reasonTrailer): why` (the audit reports the change with that reason)")
    }
}
