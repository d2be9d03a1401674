import Foundation

/// `LedgerSnapshot.uncommittedLedgerFiles()` asked before the snapshot is loaded and computed on
/// a thread of its own meanwhile: git's status of the ledger's folders (the index read, every
/// file's stat data compared, HEAD's tree against the index) needs nothing the load makes, and
/// was a serial part of `kpi score --format json` after it. Its own `LedgerStore` (a libgit2
/// repository is not shared between threads), found from the same folder as the snapshot's.
public final class PendingUncommitted: @unchecked Sendable {
    private var result: Result<[String], any Error> = .success([])
    private let done = DispatchSemaphore(value: 0)

    public init(start: String) {
        Thread { [self] in
            result = Result { try LedgerStore.open(from: start).uncommittedLedgerFiles() }
            done.signal()
        }.start()
    }

    /// What `snapshot.uncommittedLedgerFiles()` gives, `snapshot` having been loaded from the
    /// same folder: empty for a snapshot of a commit or of a folder without git.
    public func files(for snapshot: LedgerSnapshot) throws -> [String] {
        done.wait()
        done.signal()
        guard snapshot.fromWorkingTree, snapshot.revision != nil, snapshot.store != nil else { return [] }
        return try result.get()
    }
}
