import Foundation
import GitStore

/// The blobs a cold audit's load of the tip read (`rating_overridden`), kept by id for the
/// history scan running beside it: every file at the tip is a version the scan reads too, and
/// reading a blob from a pack (its delta chain inflated) was ~30,000 instructions, paid twice
/// (BENCHMARKS.md, s12-audit). A blob is given once (`take` lets it go); what the scan never
/// asks for is let go when it is `closed`. Holds at most `limit` bytes: past that, a blob is
/// not kept and the scan reads it itself.
final class BlobShelf: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var kept: [ObjectID: [UInt8]] = [:]
    private var size = 0
    private var closed = false

    static let limit = 64 << 20

    func put(_ blob: ObjectID, _ bytes: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        guard !closed, size + bytes.count <= BlobShelf.limit, kept.updateValue(bytes, forKey: blob) == nil else { return }
        size += bytes.count
    }

    /// How many blobs are kept.
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return kept.count
    }

    func take(_ blob: ObjectID) -> [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        guard let bytes = kept.removeValue(forKey: blob) else { return nil }
        size -= bytes.count
        return bytes
    }

    /// Lets every blob go and keeps none from now on (the scan is done).
    func close() {
        lock.lock()
        let old = kept
        kept = [:]
        size = 0
        closed = true
        lock.unlock()
        _ = old
    }
}
