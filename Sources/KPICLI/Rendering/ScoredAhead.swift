import Foundation
import LedgerCore

/// The batches of a `ScoreStream` scored on a thread of its own, from the moment this is made,
/// while the caller writes the batch before (`kpi score --format json`): scoring and writing
/// each take both cores in turn, and each waited at its end for its last item and then for the
/// other; now one fills the other's gaps. At most one scored batch waits to be written.
package final class ScoredAhead: @unchecked Sendable {
    private var slot: [SubjectScore]??
    private let filled = DispatchSemaphore(value: 0)
    private let emptied = DispatchSemaphore(value: 1)

    package convenience init(_ scores: ScoreStream) {
        self.init { put in scores.forEachBatch(put) }
    }

    /// The batches `produce` hands to its argument, in order (a report scored a quarter at a time).
    package init(producing produce: @escaping @Sendable (_ put: ([SubjectScore]) -> Void) -> Void) {
        Thread { [self] in
            produce { put($0) }
            put(nil)
        }.start()
    }

    /// The batches in order, each given to `body` on the caller's thread.
    package func forEachBatch(_ body: ([SubjectScore]) -> Void) {
        while let batch = take() { body(batch) }
    }

    /// A batch, or nil for the end; waits while the one before is not taken.
    private func put(_ batch: [SubjectScore]?) {
        emptied.wait()
        slot = .some(batch)
        filled.signal()
    }

    private func take() -> [SubjectScore]? {
        filled.wait()
        let batch = slot!
        slot = nil
        emptied.signal()
        return batch
    }
}
