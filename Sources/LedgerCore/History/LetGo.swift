import Foundation

/// Something big let go on another thread (the facts, events and caches of a cold scan of
/// 10,000 commits take ~0.1–0.2 G instructions to free), so the caller goes on meanwhile.
///
/// The caller hands over every reference it holds (a stored property emptied, a local
/// `consume`d): the box is then the only holder, and `letGo` empties it on another thread, so
/// the value is freed there whichever thread lets go of the box last. (A closure that merely
/// captured the value raced the caller: when it ran first, the caller's own reference was the
/// last, and the caller freed it.)
final class LetGo: @unchecked Sendable {
    private var value: Any?

    private init(_ value: Any) { self.value = value }

    /// Frees `value` on another thread once the caller holds no other reference to it.
    static func letGo(_ value: consuming Any, then done: (@Sendable () -> Void)? = nil) {
        let box = LetGo(consume value)
        DispatchQueue.global().async {
            box.value = nil
            done?()
        }
    }
}
