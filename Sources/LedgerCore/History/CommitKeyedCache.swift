import GitStore

/// What the history caches kept by commit id share (`ChangeCache`, `EventCache`): the entries
/// in memory, whether any was added since the last write, and writing them as a whole, now or
/// on another thread (docs/architecture.md, "The caches").
protocol CommitKeyedCache: AnyObject {
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
        guard dirty else { return nil }
        dirty = false
        let entries = entries, path = path
        return { Self.write(entries, to: path) }
    }
}
