import Foundation
import GitStore

/// The parsed-file cache (docs/architecture.md, "The caches"): what reading each person, team,
/// goals, records and review file gave (`Reading.Outcome`: its model and its own messages), in
/// `.git/kpi/files-v1`, so a read command does not read, parse or check again a file it has
/// seen. An entry's key is the SHA-1 of the context the file was read in, its path and its blob
/// id; the context is the SHA-1 of the blob ids of the settings and catalog files (all a file is
/// read against) and of the running binary (its size, time and inode: another build may word a message differently). Any
/// change to those is another key, so an entry never goes stale; it is only ever unused. The
/// file is written whole and renamed (`CacheFile.replace`) and ends in the seal of the rest
/// (`CacheFile.seal`, 8 bytes): a damaged or foreign file is ignored as a whole. It keeps the entries the last load used, plus
/// older ones up to their size (another revision's, another ledger's of the repository).
///
/// Looked up from every core during a load (`entry` reads what `init` set and never changes);
/// a new entry's bytes are stored (`store`) on the core that read its file, as soon as they are
/// made, so a chunk of files never holds its encodings beside its model; `use`, `add` (which
/// notes a stored entry in path order) and `save` run on one thread at a time.
final class ParsedFileCache: @unchecked Sendable {
    static let name = "files-v1"
    /// Version 2: the file ends in its seal, not its SHA-1 (version 1). Version 3: a records
    /// file's metrics and sources named once each, a plain record's value with its style.
    static let magic = Array("kpi-files 3\n".utf8)

    let path: String
    /// The entries read from the file, in the file's order (a key the file holds twice: its
    /// first place, its last bytes), and each one's place there by its key.
    private let fileEntries: [(key: ObjectID, bytes: ArraySlice<UInt8>)]
    private let known: [ObjectID: Int32]
    /// The entries this load used or added, in order: 12 bytes each (a million sheets are
    /// 219,000 files), an added entry's key being stored in the blocks before its bytes.
    private var used: [Entry] = []
    /// Where this load noted each of `fileEntries` in `used`, -1 when unused (so it is noted
    /// once, and not kept again among the older ones). An added entry's key is in no file (it
    /// was looked up and missed), and a load reads each path once: nothing is kept of those.
    private var usedKnown: [Int32]
    private var added = 0
    /// The entries this load added, copied one after another into blocks of `blockSize` bytes
    /// as each file is read (an entry's own array is let go at once): on a first run over a
    /// million records they are held at their size, with no array's unused room or header per
    /// entry, until `save` writes them (docs/architecture.md, "The caches"). `blocks`, `held`
    /// and the spill file's state are changed under `storing` (any core stores).
    private var blocks: [[UInt8]] = []
    private let storing = NSLock()
    static let blockSize = 1 << 20
    /// Past `heldLimit` bytes of blocks, the full blocks are moved to a file of its own (created
    /// beside the cache and unlinked at once, so nothing is left behind), and from then on each
    /// block as it fills, and read back by `save`: a first run over a million records holds a
    /// block or two of entries, not the whole cache (a smaller one is written from memory, on a
    /// thread of its own while the command goes on).
    static let heldLimit = 8 << 20
    /// This cache's limit (`heldLimit`), set before its load stores anything.
    var heldLimit = ParsedFileCache.heldLimit
    private var held = 0
    /// Where each block moved out of memory lies in `spill`: its offset and size.
    private var spilled: [(offset: Int, count: Int)?] = []
    private var spill: Int32 = -1
    private var spillEnd = 0
    private var spillFailed = false

    /// Where an entry's bytes are: in the file read (the `n`th of `fileEntries`: `known`), or
    /// in `blocks` (where `store` put them). One `Stored` either way, 12 bytes (an enum of the
    /// two took 16).
    private typealias Entry = Stored

    /// Where `store` put an entry: its block, and its start and size there (its key's 20 bytes
    /// and then its own).
    struct Stored: Sendable {
        let block: Int32, start: Int32, count: Int32

        /// The `n`th entry of the file read (no block is numbered -1).
        static func known(_ n: Int32) -> Stored { Stored(block: -1, start: n, count: 0) }
        /// The entry of the file read this is, nil for one in the blocks.
        var known: Int32? { block < 0 ? start : nil }
    }
    /// The SHA-1 state after the context (its SHA-1, in a block of its own): each key goes on from it.
    private var context: IndexStat.SHA1AfterBlock?

    /// The cache of the repository whose git directory is `gitDir`; nil when the running binary
    /// cannot be told apart from another build (no cache then).
    init?(gitDir: String) {
        guard ParsedFileCache.binaryIdentity != nil else { return nil }
        // One file for every ledger of the repository: a key holds the path and context.
        path = CacheFile.path(gitDir: gitDir, ParsedFileCache.name)
        // A save of this process still being written (`CacheWrites`) is read once finished.
        CacheWrites.wait()
        (fileEntries, known) = ParsedFileCache.entries(ParsedFileCache.read(path)) ?? ([], [:])
        usedKnown = Array(repeating: -1, count: fileEntries.count)
    }

    /// The entries of a cache file's body, nil when it is not one.
    private static func entries(_ body: ArraySlice<UInt8>?) -> ([(key: ObjectID, bytes: ArraySlice<UInt8>)], [ObjectID: Int32])? {
        guard let body else { return nil }
        var at = body.startIndex
        guard body.count >= magic.count + 4, body[at..<(at + magic.count)].elementsEqual(magic) else { return nil }
        at += magic.count
        func u32() -> Int? {
            guard body.endIndex - at >= 4 else { return nil }
            defer { at += 4 }
            return Int(body[at]) | Int(body[at + 1]) << 8 | Int(body[at + 2]) << 16 | Int(body[at + 3]) << 24
        }
        guard let count = u32(), count <= body.count / 24 else { return nil }
        var entries: [(key: ObjectID, bytes: ArraySlice<UInt8>)] = [], places: [ObjectID: Int32] = [:]
        entries.reserveCapacity(count)
        places.reserveCapacity(count)
        for _ in 0..<count {
            guard body.endIndex - at >= 20, let key = ObjectID(bytes: body[at..<(at + 20)]) else { return nil }
            at += 20
            guard let n = u32(), body.endIndex - at >= n else { return nil }
            if let p = places[key] {
                entries[Int(p)].bytes = body[at..<(at + n)]
            } else {
                places[key] = Int32(entries.count)
                entries.append((key, body[at..<(at + n)]))
            }
            at += n
        }
        guard at == body.endIndex else { return nil }
        return (entries, places)
    }

    /// Sets the context of every key from here on: the settings and catalog files, in path
    /// order, each with its blob id (nil: it was refused as it was read).
    func setContext(_ files: [(path: String, blob: ObjectID?)]) {
        var c = ParsedFileCache.magic + ParsedFileCache.binaryIdentity!
        for (path, blob) in files {
            c += Array(path.utf8) + [0]
            c += blob?.bytes ?? [0]
        }
        context = IndexStat.SHA1AfterBlock(block: IndexStat.sha1(c[...]))
    }

    /// The key of the file at `path` holding blob `blob`, in the context set: the SHA-1 of the
    /// context's block, the path, a 0 byte and the blob id (one compression for a usual path).
    func key(path: String, blob: ObjectID) -> ObjectID { context!.id(path, blob) }

    /// Whether the file held no entry (none, or it was damaged): no look-up can succeed.
    var isEmpty: Bool { known.isEmpty }

    /// The entry under `key`, if the file holds one (any thread).
    func entry(_ key: ObjectID) -> ArraySlice<UInt8>? { known[key].map { fileEntries[Int($0)].bytes } }

    /// Notes that this load used the entry under `key`; its number (`Reader`), nil when the
    /// file holds none.
    @discardableResult
    func use(_ key: ObjectID) -> Int? {
        guard let n = known[key] else { return nil }
        if usedKnown[Int(n)] < 0 {
            usedKnown[Int(n)] = Int32(used.count)
            used.append(.known(n))
        }
        return Int(usedKnown[Int(n)])
    }

    /// Room for noting `count` entries more (a load's files): the list is not grown by doubling.
    func reserve(_ count: Int) { used.reserveCapacity(used.count + count) }

    /// Copies a new entry's key and bytes into the blocks (any thread); `add` then notes it.
    func store(_ key: ObjectID, _ bytes: [UInt8]) -> Stored { bytes.withUnsafeBytes { store(key, $0) } }

    /// The same for bytes lent for the call (a load's encoding, made in memory of its own).
    func store(_ key: ObjectID, _ bytes: UnsafeRawBufferPointer) -> Stored {
        storing.lock()
        defer { storing.unlock() }
        let size = 20 + bytes.count
        // A block is only ever appended to within the room reserved for it: never moved.
        if blocks.isEmpty || blocks[blocks.count - 1].capacity - blocks[blocks.count - 1].count < size {
            if !blocks.isEmpty, held > heldLimit || spill >= 0 {
                for b in blocks.indices where spilled[b] == nil { moveOut(b) }
            }
            var block: [UInt8] = []
            block.reserveCapacity(max(Self.blockSize, size))
            blocks.append(block)
            spilled.append(nil)
        }
        let b = blocks.count - 1
        let start = blocks[b].count
        key.withRawBytes { blocks[b].append(contentsOf: $0) }
        blocks[b].append(contentsOf: bytes)
        held += size
        return Stored(block: Int32(b), start: Int32(start), count: Int32(bytes.count))
    }

    /// Notes the entry `store` kept as `stored`, as used by this load (in the order the file
    /// will hold it: the load's path order).
    @discardableResult
    func add(_ stored: Stored) -> Int {
        used.append(stored)
        added += 1
        return used.count - 1
    }

    /// Whether `save` leaves the entries this load used or added readable (`Reader`) until
    /// `letGo()`, instead of letting them go once written: a pass that reads sheets back from
    /// the cache after the load (a quarter's at a time, docs/architecture.md, "Memory").
    var keepsEntries = false

    /// Reads back the entries this load used or added, by the numbers `use` and `add` gave,
    /// after `save` with `keepsEntries` and until `letGo()`. One per thread: it holds the blocks
    /// it last read back from the spill file.
    struct Reader {
        let cache: ParsedFileCache
        private var loaded = Loaded()

        init(_ cache: ParsedFileCache) { self.cache = cache }

        /// `body` of entry `n`'s bytes; nil when it lies in a block moved out that cannot be
        /// read back.
        mutating func withEntry<R>(_ n: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
            cache.withEntry(cache.used[n], loaded: &loaded) { _, bytes in body(bytes) }
        }
    }

    /// What `save` kept readable let go (after its write, if that is still going on).
    func letGo() {
        CacheWrites.wait()
        keepsEntries = false
        forget()
    }

    /// Moves the full block `b` to the spill file; it stays in memory when that cannot be done.
    private func moveOut(_ b: Int) {
        guard !spillFailed else { return }
        if spill < 0 {
            let name = path + ".spill-\(getpid())"
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            spill = open(name, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard spill >= 0 else { spillFailed = true; return }
            unlink(name)
        }
        // A write that fails part-way leaves the file's offset unknown: no block is moved after it.
        guard (try? blocks[b].withUnsafeBytes({ try FileIO.writeAll(spill, $0, name: path) })) != nil else {
            spillFailed = true
            return
        }
        spilled[b] = (spillEnd, blocks[b].count)
        spillEnd += blocks[b].count
        held -= blocks[b].count
        blocks[b] = []
    }

    deinit { if spill >= 0 { close(spill) } }

    /// The blocks last read back from the spill file, two of them: entries are written in path
    /// order, and two cores stored them in about that order, each file's as it was read, so an
    /// entry of the next block can come before the last one of the block before.
    private struct Loaded {
        var slots: [(block: Int, bytes: [UInt8])] = [(-1, []), (-1, [])]
        /// The slot read back least recently.
        var older = 0
    }

    /// The key and bytes of an entry this load used or added; nil when a block moved out cannot
    /// be read back.
    private func withEntry<R>(_ e: Entry, loaded: inout Loaded, _ body: (ObjectID, UnsafeRawBufferPointer) -> R) -> R? {
        if let n = e.known {
            let e = fileEntries[Int(n)]
            return e.bytes.withUnsafeBytes { body(e.key, $0) }
        }
        return withBytes(e, loaded: &loaded) { entry in
            body(ObjectID(bytes: UnsafeRawBufferPointer(rebasing: entry[..<20]))!, UnsafeRawBufferPointer(rebasing: entry[20...]))
        }
    }

    /// The key and then the bytes `store` put in the blocks as `at`.
    private func withBytes<R>(_ at: Stored, loaded: inout Loaded, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        let b = Int(at.block), range = Int(at.start)..<(Int(at.start) + 20 + Int(at.count))
        guard let (offset, count) = spilled[b] else {
            return blocks[b].withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range])) }
        }
        var slot = loaded.slots.firstIndex { $0.block == b } ?? -1
        if slot < 0 {
            slot = loaded.older
            loaded.slots[slot].block = -1
            guard readBack(offset: offset, count: count, into: &loaded.slots[slot].bytes) else { return nil }
            loaded.slots[slot].block = b
        }
        loaded.older = 1 - slot
        return loaded.slots[slot].bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// `count` bytes of the spill file from `offset`, in place of `buffer`'s (read into memory
    /// not filled first).
    private func readBack(offset: Int, count: Int, into buffer: inout [UInt8]) -> Bool {
        var failed = false
        buffer = []
        buffer = [UInt8](unsafeUninitializedCapacity: count) { b, n in
            var got = 0
            while got < count {
                let r = pread(spill, b.baseAddress! + got, count - got, off_t(offset + got))
                if r < 0, errno == EINTR { continue }
                guard r > 0 else { failed = true; break }
                got += r
            }
            n = got
        }
        return !failed
    }

    private func count(_ e: Entry) -> Int {
        e.known.map { fileEntries[Int($0)].bytes.count } ?? Int(e.count)
    }

    /// Writes the file when this load added entries: the used ones, then the older ones while
    /// they total no more than the used ones (so the file stays near the ledger's own size
    /// however many revisions are read).
    func save() {
        guard added > 0 else { return }
        added = 0
        // Written while the command scores and renders (`CacheWrites`), unless blocks were
        // moved out (a large first run): then before the load returns, its entries let go
        // before scoring; but entries kept to be read back after the load (`keepsEntries`, a
        // load a quarter at a time) are held either way until `letGo()`, which waits for the
        // write: then it is written beside git's status and the first quarter's read-back
        // (one core was idle for its ~0.1 s on the million), holding a block or two more.
        if spilled.allSatisfy({ $0 == nil }) || keepsEntries {
            CacheWrites.start { self.write() }
        } else {
            write()
        }
    }

    private func write() {
        var entries = used
        let usedBytes = used.reduce(0) { $0 + count($1) }
        var kept = 0
        for n in fileEntries.indices where usedKnown[n] < 0 {
            let count = fileEntries[n].bytes.count
            guard kept + count <= usedBytes else { break }
            kept += count
            entries.append(.known(Int32(n)))
        }
        // The 4-byte lengths and counts bound the file.
        guard ParsedFileCache.magic.count + 4 + usedBytes + kept + 24 * entries.count < Int(Int32.max) else { return }
        // Written a piece at a time, never held whole, and sealed as it is written: the seal
        // takes 8 bytes a step (a multiply and an xor), faster than libcrypto's SHA-1 on the
        // CPU's SHA instructions over the megabytes of a cold year (BENCHMARKS.md, s14-cold).
        CacheFile.replace(path) { write in
            var sealer = CacheFile.Sealer()
            var piece: [UInt8] = []
            piece.reserveCapacity(ParsedFileCache.blockSize)
            func flush() -> Bool {
                defer { piece.removeAll(keepingCapacity: true) }
                return piece.withUnsafeBytes { sealer.update($0); return write($0) }
            }
            func put(_ bytes: UnsafeRawBufferPointer) -> Bool {
                if piece.count + bytes.count > ParsedFileCache.blockSize, !flush() { return false }
                if bytes.count >= ParsedFileCache.blockSize {
                    sealer.update(bytes)
                    return write(bytes)
                }
                piece.append(contentsOf: bytes)
                return true
            }
            func u32(_ v: Int) -> Bool {
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { put($0) }
            }
            guard ParsedFileCache.magic.withUnsafeBytes({ put($0) }), u32(entries.count) else { return false }
            var loaded = Loaded()
            for e in entries {
                guard withEntry(e, loaded: &loaded, { key, bytes in
                    key.withRawBytes { put($0) } && u32(bytes.count) && put(bytes)
                }) == true else { return false }
            }
            guard flush() else { return false }
            return withUnsafeBytes(of: sealer.finish().littleEndian) { write($0) }
        }
        // A cache is saved once, at the end of its load: what it held is let go, unless it is
        // read back after the load (`letGo()` then).
        if !keepsEntries { forget() }
    }

    /// The entries this load used and added let go.
    private func forget() {
        used = []
        usedKnown = Array(repeating: -1, count: fileEntries.count)
        blocks = []
        spilled = []
        held = 0
        if spill >= 0 { close(spill) }
        spill = -1
    }

    /// The file's body, nil when there is none or its trailing seal does not match.
    static func read(_ path: String) -> ArraySlice<UInt8>? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size >= 8, st.st_size < Int32.max else { return nil }
        let size = Int(st.st_size)
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, n in
            var got = 0
            while got < size {
                let r = Glibc.read(fd, buf.baseAddress! + got, size - got)
                if r < 0, errno == EINTR { continue }
                guard r > 0 else { break }
                got += r
            }
            n = got
        }
        guard bytes.count == size else { return nil }
        let seal = bytes.withUnsafeBytes { b in
            (CacheFile.seal(UnsafeRawBufferPointer(rebasing: b[..<(size - 8)])), UInt64(littleEndian: b.loadUnaligned(fromByteOffset: size - 8, as: UInt64.self)))
        }
        guard seal.0 == seal.1 else { return nil }
        return bytes[..<(size - 8)]
    }

    /// The running program's size, modification time and inode; nil when unknown (no cache then).
    static let binaryIdentity: [UInt8]? = {
        var st = stat()
        guard stat("/proc/self/exe", &st) == 0 else { return nil }
        return Array("\(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) \(st.st_ino) \(st.st_dev)".utf8)
    }()
}
