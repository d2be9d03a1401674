import Foundation

/// Texts that records repeat by the million — metric ids and sources — each kept once for the
/// process and named by a 4-byte id, so a `Record` holds two ids instead of two 16-byte
/// `String`s (docs/architecture.md, "Model").
///
/// A name is found by its exact bytes (no Unicode equivalence: the bytes written are the bytes
/// read back). Adding takes a lock; reading a name back by its id does not: names are written
/// into chunks that never move before their id is handed out, and an id reaches another thread
/// only inside a value passed through the synchronisation that hands over any value.
/// Names are never removed: a process holds the distinct metric ids and sources of the
/// ledgers it read (a long-running `kpi serve` too; they are few beside the records).
///
/// No count of names is refused: chunk k holds `firstChunk` × 2^k names, so the 32 chunks of
/// the list, allocated whole, hold every id a `UInt32` can name (and 1 + the id that a record
/// keeps for a source), and memory runs out long before: each name takes more than 32 bytes.
final class NameTable: @unchecked Sendable {
    static let metrics = NameTable()
    static let sources = NameTable()

    /// Names by id, in chunks of growing size (`firstChunk`, twice that, ...); the chunk list is
    /// allocated whole, so a reader never sees it move.
    private static let chunkLimit = 32
    private let firstChunk: Int
    private let firstChunkShift: Int
    private let chunks: UnsafeMutablePointer<UnsafeMutablePointer<String>?>
    private var count = 0
    private let lock = NSLock()
    /// Open addressing by FNV-1a of the bytes: 1 + id, 0 for an empty slot.
    private var slots: [UInt32] = Array(repeating: 0, count: 64)
    private var hashes: [UInt64] = []

    /// `firstChunk`: the names the first chunk holds, a power of two (tests give a small one, so
    /// a few thousand names fill many chunks).
    init(firstChunk: Int = 4096) {
        precondition(firstChunk > 0 && firstChunk & (firstChunk - 1) == 0, "a chunk size is a power of two")
        self.firstChunk = firstChunk
        firstChunkShift = firstChunk.trailingZeroBitCount
        chunks = .allocate(capacity: Self.chunkLimit)
        chunks.initialize(repeating: nil, count: Self.chunkLimit)
    }

    /// The chunk that holds id `i`, and where in it: chunk k starts at `firstChunk` × (2^k − 1).
    @inline(__always) private func place(of i: Int) -> (chunk: Int, offset: Int) {
        let k = Int.bitWidth - 1 - ((i >> firstChunkShift) + 1).leadingZeroBitCount
        return (k, i - ((firstChunk << k) - firstChunk))
    }

    /// The name with id `id` (one this table handed out).
    @inline(__always) func name(_ id: UInt32) -> String {
        let (k, offset) = place(of: Int(id))
        return chunks[k].unsafelyUnwrapped[offset]
    }

    /// The id of `name`, added when new.
    func id(_ name: String) -> UInt32 {
        var bytes = name
        return bytes.withUTF8 { id(utf8: $0, made: { name }) }
    }

    /// The id of the name whose UTF-8 bytes are `bytes`, added when new.
    func id(utf8 bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        id(utf8: bytes, made: { String(decoding: bytes, as: UTF8.self) })
    }

    /// The id of `name` when the table holds it: nothing is added.
    func existingID(_ name: String) -> UInt32? {
        var name = name
        let h = name.withUTF8 { Self.hash($0) }
        lock.lock()
        defer { lock.unlock() }
        return name.withUTF8 { find($0, h) }
    }

    private func id(utf8 bytes: UnsafeBufferPointer<UInt8>, made: () -> String) -> UInt32 {
        let h = Self.hash(bytes)
        lock.lock()
        defer { lock.unlock() }
        if let id = find(bytes, h) { return id }
        let id = count
        let (k, offset) = place(of: id)
        if offset == 0 { chunks[k] = .allocate(capacity: firstChunk << k) }
        (chunks[k].unsafelyUnwrapped + offset).initialize(to: made())
        count += 1
        hashes.append(h)
        if count * 2 > slots.count {
            slots = Array(repeating: 0, count: slots.count * 2)
            for i in 0..<count { place(UInt32(i), hashes[i]) }
        } else {
            place(UInt32(id), h)
        }
        return UInt32(id)
    }

    private func place(_ id: UInt32, _ h: UInt64) {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] != 0 { s = (s + 1) & mask }
        slots[s] = id + 1
    }

    private func find(_ bytes: UnsafeBufferPointer<UInt8>, _ h: UInt64) -> UInt32? {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] != 0 {
            let id = slots[s] - 1
            if hashes[Int(id)] == h, Self.same(name(id), bytes) { return id }
            s = (s + 1) & mask
        }
        return nil
    }

    /// The last few names a reader looked up and their ids, so a file whose records repeat a
    /// handful of metrics and sources takes the table's lock a few times, not once a record.
    struct Memo {
        private var names: [String] = []
        private var ids: [UInt32] = []
        private var next = 0

        mutating func id(_ name: String, in table: NameTable) -> UInt32 {
            for i in names.indices where NameTable.same(names[i], name) { return ids[i] }
            let id = table.id(name)
            if names.count < 8 {
                names.append(name)
                ids.append(id)
            } else {
                names[next] = name
                ids[next] = id
                next = (next + 1) % 8
            }
            return id
        }
    }

    /// Whether `s` is exactly the bytes `b` (no Unicode equivalence).
    @inline(__always) static func same(_ s: String, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard s.utf8.count == b.count else { return false }
        if b.isEmpty { return true }
        return s.utf8.withContiguousStorageIfAvailable { memcmp($0.baseAddress!, b.baseAddress!, b.count) == 0 }
            ?? s.utf8.elementsEqual(b)
    }

    /// Whether `a` and `b` are the same bytes.
    @inline(__always) static func same(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return b.utf8.withContiguousStorageIfAvailable { same(a, $0) } ?? a.utf8.elementsEqual(b.utf8)
    }

    /// FNV-1a of a name's bytes (also the catalog's metric table in `RecordDecoder`).
    @inline(__always) static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for x in b { h = (h ^ UInt64(x)) &* 0x100_0000_01b3 }
        return h
    }
}
