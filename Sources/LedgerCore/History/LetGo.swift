import Foundation

/// Something big let go on another thread (the facts, events and caches of a cold scan of
/// 10,000 commits take ~0.1–0.2 G instructions to free), so the caller goes on meanwhile.
///
/// The caller hands over every reference it holds (a stored property emptied, a local
/// `consume`d): the box is then the only holder, and `letGo` empties it on another thread, so
/// the value is freed there whichever thread lets go of the box last. (A closure that merely
/// captured the value raced the caller: when it ran first, the caller's own reference was the
/// last, and the caller freed it.)
///
/// A process that ends after one command (`keepUntilExit`) keeps what is let go instead, and the
/// system takes it back with the rest of the process at exit, as a compiler's front end does
/// (`clang -disable-free`): freeing a cold audit's ~10^6 objects one by one took ~0.25 G
/// instructions on the other core while the cache writes and the rules needed it.
public final class LetGo: @unchecked Sendable {
    private var value: Any?

    private init(_ value: Any) { self.value = value }

    nonisolated(unsafe) private static var kept: [LetGo]?
    private static let keptLock = NSLock()

    /// From now on, what is let go is kept until the process exits (a command's process, never
    /// one that goes on serving, as `kpi serve` does).
    public static func keepUntilExit() {
        keptLock.lock()
        defer { keptLock.unlock() }
        if kept == nil { kept = [] }
    }

    /// Frees `value` on another thread once the caller holds no other reference to it (or keeps
    /// it until the process exits, after `keepUntilExit`).
    static func letGo(_ value: consuming Any, then done: (@Sendable () -> Void)? = nil) {
        let box = LetGo(consume value)
        keptLock.lock()
        if kept != nil {
            kept!.append(box)
            keptLock.unlock()
            done?()
            return
        }
        keptLock.unlock()
        DispatchQueue.global().async {
            box.value = nil
            done?()
        }
    }
}
