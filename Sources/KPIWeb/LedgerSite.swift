import Dispatch
import Foundation
import GitStore
import KPICLI
import LedgerCore

/// The ledger as the server sees it: the branch tip, re-read whenever the tip moves (a CLI
/// write, a sync, a plain `git commit`), so the server never needs a restart. libgit2 objects
/// have one owner, so every use of the repository runs on one serial queue; requests wait
/// their turn there (reads of a cached tip are quick).
final class LedgerSite: @unchecked Sendable {
    private let queue = DispatchQueue(label: "kpi.serve.ledger")
    private let store: LedgerStore
    private var current: Tip?
    private var history: HistoryReports?

    /// What the pages of one request see: the ledger at one commit, and the repository.
    struct Tip {
        let id: ObjectID?
        let ledger: Ledger
        /// Rendered pages of this tip, by URL and session-free key (dropped when the tip moves).
        var pages: [String: String] = [:]
        var revision: String? { id?.hex }
    }

    /// Access for one request, on the queue: the tip, the store and the history reader.
    struct Context {
        let tip: Tip
        let store: LedgerStore
        let history: HistoryReports
        let site: LedgerSite

        func cachedPage(_ key: String, _ make: () throws -> String) rethrows -> String {
            if let hit = site.current?.pages[key], site.current?.id == tip.id { return hit }
            let page = try make()
            if site.current?.id == tip.id, (site.current?.pages.count ?? 0) < 200 { site.current?.pages[key] = page }
            return page
        }
    }

    init(store: LedgerStore) { self.store = store }

    var repository: Repository { store.repository }

    /// Runs `body` on the queue with the ledger at the current tip.
    func run<T: Sendable>(_ body: @escaping @Sendable (Context) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body(self.context()) })
            }
        }
    }

    /// Runs `body` on the queue with the store itself (writes: the recorder takes the ledger
    /// lock and compares-and-swaps the branch, like the CLI).
    func write<T: Sendable>(_ body: @escaping @Sendable (LedgerStore) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body(self.store) }) }
        }
    }

    /// The tip's id, read fresh (cheap: one reference lookup).
    func tipID() async throws -> ObjectID? {
        try await write { try $0.headCommit() }
    }

    private func context() throws -> Context {
        let head = try store.headCommit()
        if current == nil || current?.id != head {
            current = Tip(id: head, ledger: try store.ledger(at: head))
        }
        if history == nil { history = HistoryReports(store: store) }
        return Context(tip: current!, store: store, history: history!, site: self)
    }
}
