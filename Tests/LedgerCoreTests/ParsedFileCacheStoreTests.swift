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
        withUnsafeBytes(of: expected.withUnsafeBytes { CacheFile.seal($0) }.littleEndian) { expected += $0 }
        XCTAssertTrue(inTurn == expected, "the file is not magic, count, then key, length and bytes of each entry, then its seal")
        XCTAssertEqual(atOnce.count, inTurn.count)
        XCTAssertTrue(atOnce == inTurn, "the file differs from the one written entry by entry")

        // And read back, every entry is found with its bytes.
        let back = try XCTUnwrap(ParsedFileCache(gitDir: folder + "/many"))
        let wrong = entries.indices.filter { i in back.entry(entries[i].key).map { $0.elementsEqual(entries[i].bytes) } != true }
        XCTAssertEqual(wrong, [], "entries not read back as stored")
    }

    /// A later load writes the entries it used, each once, in the order it used or added them,
    /// then the file's other entries in the file's order while they total no more than those
    /// (the older ones kept); a key the file holds twice is one entry, at its first place with
    /// its last bytes. The file's layout written out by hand.
    func testALaterLoadWritesWhatItUsedOnceInTurnThenTheOlderEntriesInTheFilesOrder() throws {
        let folder = TestFolders.make("kpi-files-reuse")
        func key(_ name: String) -> ObjectID { ObjectID(bytes: IndexStat.sha1(Array(name.utf8)[...]))! }
        func bytes(_ name: String, _ count: Int) -> [UInt8] {
            let first = Int(name.utf8.first!)
            return (0..<count).map { (i: Int) -> UInt8 in UInt8(truncatingIfNeeded: i + first) }
        }
        func layout(_ entries: [(String, [UInt8])]) -> [UInt8] {
            var out = ParsedFileCache.magic
            func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out += $0 } }
            u32(entries.count)
            for (name, b) in entries {
                out += key(name).bytes
                u32(b.count)
                out += b
            }
            return out
        }
        let path = CacheFile.path(gitDir: folder, ParsedFileCache.name)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        // A file by hand: A to F, A again with other bytes, then H.
        let first: [(String, [UInt8])] = [("A", bytes("A", 10)), ("B", bytes("B", 20)), ("C", bytes("C", 30)), ("D", bytes("D", 40)),
                                          ("E", bytes("E", 50)), ("F", bytes("F", 70)), ("A", bytes("a", 11)), ("H", bytes("H", 5))]
        var file = layout(first)
        withUnsafeBytes(of: file.withUnsafeBytes { CacheFile.seal($0) }.littleEndian) { file += $0 }
        try Data(file).write(to: URL(fileURLWithPath: path))

        let cache = try XCTUnwrap(ParsedFileCache(gitDir: folder))
        XCTAssertEqual(cache.entry(key("A")).map(Array.init), bytes("a", 11), "a key written twice: its last bytes")
        XCTAssertEqual(cache.entry(key("E")).map(Array.init), bytes("E", 50))
        XCTAssertNil(cache.entry(key("G")))
        // Used out of the file's order, D twice; G added between; an unknown key used.
        cache.use(key("D"))
        cache.use(key("B"))
        cache.add(cache.store(key("G"), bytes("G", 35)))
        cache.use(key("D"))
        cache.use(key("X"))
        cache.use(key("C"))
        cache.save()
        CacheWrites.wait()
        // Used: D 40, B 20, G 35, C 30 = 125 bytes; then A (11 bytes, at its first place), E 50:
        // 61; F's 70 more would pass 125, and nothing after it is kept (H).
        var expected = layout([("D", bytes("D", 40)), ("B", bytes("B", 20)), ("G", bytes("G", 35)), ("C", bytes("C", 30)),
                               ("A", bytes("a", 11)), ("E", bytes("E", 50))])
        withUnsafeBytes(of: expected.withUnsafeBytes { CacheFile.seal($0) }.littleEndian) { expected += $0 }
        let written = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(written, expected, "the file is not the used entries once each in turn, then the older ones in the file's order")
    }

    /// A cache that keeps its entries (`keepsEntries`) writes the same file, and after `save`
    /// every entry the load used or added reads back by the number `use` or `add` gave it, as
    /// stored — blocks moved out to the spill file included, from two threads at once — until
    /// `letGo()`.
    func testEntriesKeptAfterTheSaveReadBackByTheirNumbers() throws {
        let folder = TestFolders.make("kpi-files-kept")
        let entries = entries()
        // A first load writes every 10th entry: the next one finds those in the file.
        let old = entries.indices.filter { $0 % 10 == 0 }
        _ = try written(old.map { entries[$0] }, in: folder + "/kept") { cache in old.map { cache.store(entries[$0].key, entries[$0].bytes) } }
        _ = try written(old.map { entries[$0] }, in: folder + "/plain") { cache in old.map { cache.store(entries[$0].key, entries[$0].bytes) } }

        func load(_ gitDir: String, keeps: Bool) throws -> (ParsedFileCache, [Int]) {
            let cache = try XCTUnwrap(ParsedFileCache(gitDir: gitDir))
            cache.keepsEntries = keeps
            let numbers = entries.indices.map { i in
                cache.use(entries[i].key) ?? cache.add(cache.store(entries[i].key, entries[i].bytes))
            }
            cache.save()
            CacheWrites.wait()
            return (cache, numbers)
        }
        let (cache, numbers) = try load(folder + "/kept", keeps: true)
        _ = try load(folder + "/plain", keeps: false)
        XCTAssertEqual(numbers, Array(entries.indices), "numbered in the order noted")
        func file(_ gitDir: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: CacheFile.path(gitDir: gitDir, ParsedFileCache.name))) }
        XCTAssertTrue(try file(folder + "/kept") == file(folder + "/plain"), "keeping the entries changes the file written")

        let wrong = Wrong()
        DispatchQueue.concurrentPerform(iterations: 2) { t in
            var reader = ParsedFileCache.Reader(cache)
            // One thread from the first, the other from the last: each reads blocks back.
            let order = t == 0 ? Array(entries.indices) : entries.indices.reversed()
            for i in order where reader.withEntry(numbers[i], { $0.elementsEqual(entries[i].bytes) }) != true { wrong.note(i) }
        }
        XCTAssertEqual(wrong.all, [], "entries not read back as stored")
        // A key used twice keeps its number.
        XCTAssertEqual(cache.use(entries[10].key), numbers[10])
        cache.letGo()
    }

    /// The entries read back wrong, from any thread.
    private final class Wrong: @unchecked Sendable {
        private var found: [Int] = []
        private let lock = NSLock()
        func note(_ i: Int) { lock.lock(); found.append(i); lock.unlock() }
        var all: [Int] { found.sorted() }
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
