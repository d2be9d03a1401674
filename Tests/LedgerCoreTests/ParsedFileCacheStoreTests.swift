import Foundation
import GitStore
import TestFolders
import XCTest
@testable import LedgerCore

/// A load stores each new entry of the parsed-file cache on the core that read its file, as soon
/// as it is made, and notes it in path order when its file is put in place (docs/architecture.md,
/// "The caches"). Whatever order the entries were stored in, from however many threads, the file
/// written is the one storing and noting each entry in turn gives, byte for byte — with blocks
/// moved out to the spill file and read back, entries larger than a block, and entries noted in
/// another order than they were stored across those blocks.
final class ParsedFileCacheStoreTests: XCTestCase {
    /// Entries of many sizes, more than the cache holds in memory (`heldLimit`), some larger
    /// than a block: the key and bytes of each, in the order they are noted.
    func entries() -> [(key: ObjectID, bytes: [UInt8])] {
        var sizes: [Int] = []
        var total = 0, n = 0
        while total < ParsedFileCache.heldLimit + 3 * ParsedFileCache.blockSize {
            // Mostly small and middling, every 97th larger than a block.
            let size = n % 97 == 96 ? ParsedFileCache.blockSize + 12_345 : 1 + (n * 7_919) % 60_000
            sizes.append(size)
            total += size
            n += 1
        }
        // Bytes that tell the entries apart: each a different stretch of one random run, and
        // its number first.
        var state: UInt64 = 42
        let run = (0..<(sizes.max()! + 4_096)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        return sizes.enumerated().map { i, size in
            let key = ObjectID(bytes: IndexStat.sha1(Array("entry \(i)".utf8)[...]))!
            let start = i * 37 % 4_096
            var bytes = Array(run[start..<(start + size)])
            withUnsafeBytes(of: UInt32(i).littleEndian) { for (k, b) in $0.prefix(size).enumerated() { bytes[k] = b } }
            return (key, bytes)
        }
    }

    /// The cache file a load of `entries` writes in `gitDir`, each entry stored by `store`.
    func written(_ entries: [(key: ObjectID, bytes: [UInt8])], in gitDir: String,
                 store: (ParsedFileCache) -> [ParsedFileCache.Stored]) throws -> [UInt8] {
        let cache = try XCTUnwrap(ParsedFileCache(gitDir: gitDir))
        let stored = store(cache)
        for s in stored { cache.add(s) }
        cache.save()
        CacheWrites.wait()
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: CacheFile.path(gitDir: gitDir, ParsedFileCache.name))))
    }

    func testEntriesStoredFromEveryThreadInAnyOrderAreWrittenAsStoredOneByOne() throws {
        let folder = TestFolders.make("kpi-files-store")
        let entries = entries()
        // The old path: each entry stored and noted in turn, on one thread.
        let inTurn = try written(entries, in: folder + "/one") { cache in entries.map { cache.store($0.key, $0.bytes) } }

        // Stored from four threads at once, in another order than they are noted in: shuffled
        // within runs of 24 (two cores each taking the next file), and every 50th stored 300
        // places late (a thread the scheduler parked), so entries of one block come before and
        // after those of others, spilled ones included.
        var order = Array(entries.indices)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for run in stride(from: 0, to: order.count, by: 24) {
            let end = min(run + 24, order.count)
            for i in (run..<end).reversed() where i > run {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                order.swapAt(i, run + Int(seed >> 33) % (i - run + 1))
            }
        }
        for i in stride(from: 0, to: order.count - 300, by: 50) { order.insert(order.remove(at: i), at: i + 300) }
        let shuffled = order
        let atOnce = try written(entries, in: folder + "/many") { cache in
            let slots = Slots(count: entries.count)
            DispatchQueue.concurrentPerform(iterations: 4) { t in
                for k in stride(from: t, to: shuffled.count, by: 4) {
                    slots.set(shuffled[k], cache.store(entries[shuffled[k]].key, entries[shuffled[k]].bytes))
                }
            }
            return slots.values
        }
        XCTAssertGreaterThan(inTurn.count, ParsedFileCache.heldLimit + 3 * ParsedFileCache.blockSize, "blocks were moved out")
        // The file's layout, written out by hand: each key (stored in the blocks before its
        // entry's bytes) comes out once, before its entry's length and bytes, in the order noted.
        var expected = ParsedFileCache.magic
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { expected += $0 } }
        u32(entries.count)
        for e in entries {
            expected += e.key.bytes
            u32(e.bytes.count)
            expected += e.bytes
        }
        expected += IndexStat.sha1(expected[...])
        XCTAssertTrue(inTurn == expected, "the file is not magic, count, then key, length and bytes of each entry, then its SHA-1")
        XCTAssertEqual(atOnce.count, inTurn.count)
        XCTAssertTrue(atOnce == inTurn, "the file differs from the one written entry by entry")

        // And read back, every entry is found with its bytes.
        let back = try XCTUnwrap(ParsedFileCache(gitDir: folder + "/many"))
        let wrong = entries.indices.filter { i in back.entry(entries[i].key).map { $0.elementsEqual(entries[i].bytes) } != true }
        XCTAssertEqual(wrong, [], "entries not read back as stored")
    }

    /// One place per entry, set by whichever thread stored it.
    private final class Slots: @unchecked Sendable {
        private var stored: [ParsedFileCache.Stored?]
        private let lock = NSLock()
        init(count: Int) { stored = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ s: ParsedFileCache.Stored) { lock.lock(); stored[i] = s; lock.unlock() }
        var values: [ParsedFileCache.Stored] { stored.map { $0! } }
    }
}
