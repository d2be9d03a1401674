import Foundation

/// `LedgerSnapshot.uncommittedLedgerFiles()` asked before the snapshot is loaded, its index's
/// half worked out on a thread of its own meanwhile: the index read and HEAD's trees compared
/// with it (`UncommittedFiles.indexHalf`), with its own `LedgerStore` (a libgit2 repository is
/// not shared between threads), found from the same folder as the snapshot's. The working
/// files' half is then what the load learnt of them (`LedgerSnapshot.working`): no file is
/// listed or looked at again. Where only libgit2's status can say, it is asked: on the thread
/// when the index's half says so, after the load when the working files do.
public final class PendingUncommitted: @unchecked Sendable {
    /// The index's half, or git's whole answer when only libgit2's status could say.
    private enum Found {
        case index(UncommittedFiles)
        case files([String])
        /// Worked out from the working files and the index's half, which is then let go (the
        /// index's entries and bytes: 38 MB for 219,000 files) before the report is written.
        case answered([String])
    }
    private var result: Result<Found, any Error> = .success(.files([]))
    private let done = DispatchSemaphore(value: 0)

    public init(start: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        Thread { [self] in
            result = Result {
                let store = try LedgerStore.open(from: start)
                if let half = try UncommittedFiles.indexHalf(store, environment: environment) { return .index(half) }
                return .files(try store.uncommittedLedgerFiles())
            }
            done.signal()
        }.start()
    }

    /// What `snapshot.uncommittedLedgerFiles()` gives, `snapshot` having been loaded from the
    /// same folder (with `workingFiles: true`, else libgit2's status is asked now): empty for a
    /// snapshot of a commit or of a folder without git.
    public func files(for snapshot: LedgerSnapshot) throws -> [String] {
        done.wait()
        done.signal()
        guard snapshot.fromWorkingTree, snapshot.revision != nil, let store = snapshot.store else { return [] }
        switch try result.get() {
        case .files(let files):
            snapshot.working?.listedAgain = true
            return files
        case .answered(let files): return files
        case .index(let half):
            if let working = snapshot.working, let files = try half.files(working, store) {
                // The working files' states and the index's half let go; the answer kept for a second ask.
                working.forget()
                result = .success(.answered(files))
                return files
            }
            snapshot.working?.listedAgain = true
            // Kept too: a large ledger's `kpi score` asks twice (ScoreCommand's `settle`).
            let files = try store.uncommittedLedgerFiles()
            result = .success(.answered(files))
            return files
        }
    }
}
