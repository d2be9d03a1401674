import Foundation

/// Cache files written on a thread of their own while the command goes on (docs/architecture.md,
/// "The caches"): one at a time, in the order asked, each through `CacheFile.replace` (a
/// temporary file renamed whole, so a process killed meanwhile leaves no cache file that could
/// be read). The process waits for them before it exits (an `atexit` handler), and a cache that
/// reads its file first waits too (`wait`), so a later load in the same process sees them.
/// A thread of its own, not a dispatch queue's: the loader's and scorer's `Parallel.map` take
/// the dispatch pool's threads, one per core.
public enum CacheWrites {
    nonisolated(unsafe) private static var last: DispatchSemaphore?
    nonisolated(unsafe) private static var registered = false
    private static let lock = NSLock()

    /// Runs `work` after the writes asked before it, on another thread.
    public static func start(_ work: @escaping @Sendable () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        if !registered {
            registered = true
            atexit { CacheWrites.wait() }
        }
        let before = last, done = DispatchSemaphore(value: 0)
        last = done
        let thread = Thread {
            if let before {
                before.wait()
                before.signal()
            }
            work()
            done.signal()
        }
        thread.start()
    }

    /// Returns once every write asked so far is finished.
    public static func wait() {
        lock.lock()
        let pending = last
        lock.unlock()
        guard let pending else { return }
        pending.wait()
        pending.signal()
    }
}
