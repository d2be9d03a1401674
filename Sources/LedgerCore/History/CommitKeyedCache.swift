import GitStore

/// What a history cache kept by commit id has (`ChangeCache`; `EventCache` keeps what it learnt apart): the entries
/// in memory, whether any was added since the last write, and writing them as a whole, now or
/// on another thread (docs/architecture.md, "The caches"). `SendableMetatype`: `writer`'s
/// closure calls the type's `write` on another thread.
protocol CommitKeyedCache: AnyObject, SendableMetatype {
    associatedtype Value: Sendable
    var path: String { get }
    var entries: [ObjectID: Value] { get }
    /// An entry was added since the file was last written.
    var dirty: Bool { get set }
    static func write(_ entries: [ObjectID: Value], to path: String)
}

extension CommitKeyedCache {
    func save() { writer()?() }

    /// What `save` writes, as it stands now, to be written on any thread (nil: nothing new).
    func writer() -> (@Sendable () -> Void)? {
        guard let entries = unwritten() else { return nil }
        let path = path
        return { Self.write(entries, to: path) }
    }

    /// The entries as they stand now when one was added since the last write (nil: nothing
    /// new), from then on counted as written: the caller writes them.
    func unwritten() -> [ObjectID: Value]? {
        guard dirty else { return nil }
        dirty = false
        return entries
    }
}
