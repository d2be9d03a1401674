import Foundation
import GitStore

/// Where the history caches' encodings (`EventCache.put`, `TipCache.put`) are written: a
/// `[UInt8]`, or `CacheBytes` for the big files of a full scan.
protocol CacheSink {
    mutating func append(_ byte: UInt8)
    mutating func append(raw: UnsafeRawBufferPointer)
    /// `n`'s 4 bytes, little-endian.
    mutating func appendLittleEndian(_ n: UInt32)
}

extension Array: CacheSink where Element == UInt8 {
    mutating func append(raw: UnsafeRawBufferPointer) { append(contentsOf: raw.assumingMemoryBound(to: UInt8.self)) }

    mutating func appendLittleEndian(_ n: UInt32) {
        Swift.withUnsafeBytes(of: n.littleEndian) { append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
    }
}

extension CacheSink {
    /// An object id's 20 raw bytes.
    mutating func append(id: ObjectID) { id.withRawBytes { append(raw: $0) } }

    /// An object id's 40 lowercase hexadecimal digits (`ObjectID.appendHex`).
    mutating func append(hexOf id: ObjectID) {
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        id.withRawBytes { raw in
            Swift.withUnsafeMutableBytes(of: &digits) { d in
                for k in 0..<20 {
                    let high = raw[k] >> 4, low = raw[k] & 0xF
                    d[2 * k] = high < 10 ? 48 + high : 87 + high
                    d[2 * k + 1] = low < 10 ? 48 + low : 87 + low
                }
            }
        }
        Swift.withUnsafeBytes(of: digits) { append(raw: $0) }
    }
}

/// A growing run of bytes written through a pointer: `tip-v1` a piece of 256 KB at a time and
/// each group of `subjects-v1`, in one buffer reused for each, before `CacheFileWriter` writes
/// them (encoding straight into the writer costs more a field). A cold scan of
/// 10,000 commits writes `tip-v1` and `subjects-v1` in some two million pieces (lengths, short strings, ids), and
/// `Array.append(contentsOf:)` took ~110 instructions a piece (BENCHMARKS.md, session 10); here
/// a piece is a capacity check and a copy. Grown by `realloc`, which moves a large block's pages
/// rather than copying them and touching fresh ones.
final class CacheBytes: CacheSink {
    private(set) var start: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 16)
        start = malloc(self.capacity)!.assumingMemoryBound(to: UInt8.self)
    }

    deinit { free(start) }

    /// Room for `n` more bytes.
    @inline(__always) private func room(_ n: Int) {
        if capacity - count < n { grow(n) }
    }

    private func grow(_ n: Int) {
        capacity = max(capacity * 2, count + n)
        start = realloc(start, capacity)!.assumingMemoryBound(to: UInt8.self)
    }

    func append(_ byte: UInt8) {
        room(1)
        start[count] = byte
        count += 1
    }

    func append(raw: UnsafeRawBufferPointer) {
        let n = raw.count
        guard n > 0 else { return }
        room(n)
        memcpy(start + count, raw.baseAddress!, n)
        count += n
    }

    func append(contentsOf bytes: [UInt8]) { bytes.withUnsafeBytes { append(raw: $0) } }

    func appendLittleEndian(_ n: UInt32) {
        room(4)
        UnsafeMutableRawPointer(start + count).storeBytes(of: n.littleEndian, as: UInt32.self)
        count += 4
    }

    /// Forgets the bytes written, keeping the room (a buffer reused for one piece after another).
    func removeAll() { count = 0 }

    /// The bytes written so far, lent to `body`.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: start, count: count))
    }
}
