import CGit2
#if canImport(Glibc)
import Glibc
#endif

/// An object's bytes as `PackReader` rebuilt them, shared by whoever holds them (never copied).
final class ObjectBytes {
    let bytes: UnsafeMutablePointer<UInt8>
    let count: Int

    /// `room`: bytes allocated past the end (at least one: a stream one byte too long is seen).
    init(count: Int, room: Int = 1) {
        bytes = .allocate(capacity: count + max(room, 1))
        self.count = count
    }

    deinit { bytes.deallocate() }
}

/// The objects of a repository's packs (`objects/pack/*.idx` v2 and their `.pack`), read in
/// this process: a pack entry inflated, its delta chain applied, each object rebuilt on the way
/// kept by its place in the pack (`Generations`), so the next delta on it starts from it in place.
/// libgit2's delta-base cache copies a base out for every delta applied to it, and inflates with
/// a fresh zlib stream per object: a cold audit of 10,000 commits read ~40,000 tree objects at
/// ~27,000 instructions each that way (BENCHMARKS.md, s14-audit; docs/architecture.md).
///
/// Only what it can read for sure is answered: an object in no pack (loose, in an alternate
/// store), an index of another version, or anything out of shape is nil, and the caller reads it
/// through libgit2, which gives the error a damaged object deserves. zlib's checksum rejects a
/// damaged stream, as in libgit2 (objects are not hashed again, `Libgit2.initialized`).
final class PackReader {
    private struct Pack {
        let index: UnsafeRawBufferPointer
        let data: UnsafeRawBufferPointer
        let count: Int
        /// Where the 4-byte offsets start in `index`, and the 8-byte ones after them.
        var offsets: Int { 8 + 1024 + count * 24 }
        var largeOffsets: Int { offsets + count * 4 }
    }

    private var packs: [Pack] = []
    private var stream = z_stream()
    private var streamReady = false
    /// Objects rebuilt lately, by pack and offset (`key`).
    private var rebuilt = Generations<Int, (type: Int, bytes: ObjectBytes)>(limit: 16 << 20)

    /// `objects`: the repository's objects folder, ending in "/".
    init(objects: String) {
        let folder = objects + "pack/"
        guard let dir = opendir(folder) else { return }
        defer { closedir(dir) }
        var names: [String] = []
        while let e = readdir(dir) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".idx") { names.append(String(name.dropLast(4))) }
        }
        for name in names.sorted() {
            guard let index = Self.map(folder + name + ".idx") else { continue }
            guard let data = Self.map(folder + name + ".pack") else { Self.unmap(index); continue }
            if let pack = Self.pack(index: index, data: data) { packs.append(pack) } else { Self.unmap(index); Self.unmap(data) }
        }
    }

    deinit {
        for p in packs { Self.unmap(p.index); Self.unmap(p.data) }
        if streamReady { inflateEnd(&stream) }
    }

    /// The object's type (git's numbers: 1 commit, 2 tree, 3 blob, 4 tag) and bytes; nil when
    /// no pack holds it or it cannot be read here. `keep`: false keeps a whole object (not a
    /// delta's result) out of the objects kept, for objects read once (commits).
    func read(_ id: ObjectID, keep: Bool = true) -> (type: Int, bytes: ObjectBytes)? {
        for (i, pack) in packs.enumerated() {
            if let offset = Self.find(id, in: pack) { return object(pack: i, at: offset, keep: keep) }
        }
        return nil
    }

    // MARK: The index

    private static func pack(index: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer) -> Pack? {
        // Version 2: ff 74 4f 63, 0 0 0 2, fan-out, ids, CRCs, offsets, large offsets, two checksums.
        guard index.count >= 8 + 1024 + 40, index.load(as: UInt32.self) == UInt32(0xff744f63).bigEndian,
              index.load(fromByteOffset: 4, as: UInt32.self) == UInt32(2).bigEndian,
              data.count >= 12 + 20, data.load(as: UInt32.self) == UInt32(0x5041434b).bigEndian else { return nil }  // PACK
        let count = Int(UInt32(bigEndian: index.loadUnaligned(fromByteOffset: 8 + 255 * 4, as: UInt32.self)))
        guard index.count >= 8 + 1024 + count * 28 + 40 else { return nil }
        return Pack(index: index, data: data, count: count)
    }

    /// The offset in the pack of `id`'s entry; nil when the pack does not hold it.
    private static func find(_ id: ObjectID, in pack: Pack) -> Int? {
        let first = id.firstByte
        let fan = 8
        var low = first == 0 ? 0 : Int(UInt32(bigEndian: pack.index.loadUnaligned(fromByteOffset: fan + (first - 1) * 4, as: UInt32.self)))
        var high = Int(UInt32(bigEndian: pack.index.loadUnaligned(fromByteOffset: fan + first * 4, as: UInt32.self)))
        guard low <= high, high <= pack.count else { return nil }
        let ids = pack.index.baseAddress! + 8 + 1024
        while low < high {
            let mid = (low + high) / 2
            let c = id.order(against: ids + mid * 20)
            if c == 0 { return offset(of: mid, in: pack) }
            if c < 0 { high = mid } else { low = mid + 1 }
        }
        return nil
    }

    private static func offset(of i: Int, in pack: Pack) -> Int? {
        let small = UInt32(bigEndian: pack.index.loadUnaligned(fromByteOffset: pack.offsets + i * 4, as: UInt32.self))
        if small & 0x8000_0000 == 0 { return Int(small) }
        let at = pack.largeOffsets + Int(small & 0x7fff_ffff) * 8
        guard at + 8 <= pack.index.count - 40 else { return nil }
        let large = UInt64(bigEndian: pack.index.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        return large < UInt64(Int.max) ? Int(large) : nil
    }

    // MARK: The pack

    private struct Header {
        var type: Int
        var size: Int
        /// Where the entry's zlib stream starts.
        var streamStart: Int
        /// A delta's base, by offset in the same pack (nil for a whole object).
        var base: Int?
    }

    /// The entry header at `offset`: type and size, then a delta's base (offset or id).
    private static func header(at offset: Int, in pack: Pack) -> Header? {
        let d = pack.data, end = d.count - 20  // the pack's checksum closes it
        guard offset >= 12, offset < end else { return nil }
        var p = offset
        var c = d[p]; p += 1
        let type = Int(c >> 4 & 7)
        var size = Int(c & 15), shift = 4
        while c & 0x80 != 0 {
            guard p < end, shift <= 56 else { return nil }
            c = d[p]; p += 1
            size |= Int(c & 0x7f) << shift
            shift += 7
        }
        switch type {
        case 1...4:
            return Header(type: type, size: size, streamStart: p, base: nil)
        case 6:  // OFS_DELTA: the base's distance back, 7 bits a byte, each continuation adding one
            guard p < end else { return nil }
            c = d[p]; p += 1
            var back = Int(c & 0x7f)
            while c & 0x80 != 0 {
                guard p < end, back < Int.max >> 8 else { return nil }
                c = d[p]; p += 1
                back = (back + 1) << 7 | Int(c & 0x7f)
            }
            guard back > 0, back < offset else { return nil }
            return Header(type: type, size: size, streamStart: p, base: offset - back)
        case 7:  // REF_DELTA: the base's id, looked for in the same pack
            guard p + 20 <= end, let id = ObjectID(bytes: UnsafeRawBufferPointer(rebasing: d[p..<(p + 20)])),
                  let base = find(id, in: pack) else { return nil }
            return Header(type: type, size: size, streamStart: p + 20, base: base)
        default:
            return nil
        }
    }

    private static func key(pack: Int, offset: Int) -> Int { pack << 48 | offset }

    /// The object at `offset` of pack `i`: the deltas down to a whole object (or one rebuilt
    /// lately), then applied upwards, each result kept.
    private func object(pack i: Int, at offset: Int, keep: Bool) -> (type: Int, bytes: ObjectBytes)? {
        let pack = packs[i]
        if let known = rebuilt[Self.key(pack: i, offset: offset)] { return known }
        var deltas: [(offset: Int, header: Header)] = []
        var at = offset
        var bottom: (type: Int, bytes: ObjectBytes)
        while true {
            guard deltas.count < 10_000, let h = Self.header(at: at, in: pack) else { return nil }
            guard let base = h.base else {
                guard let bytes = inflated(pack, h.streamStart, size: h.size) else { return nil }
                bottom = (h.type, bytes)
                if keep || !deltas.isEmpty { rebuilt.put(bottom, bottom.bytes.count, Self.key(pack: i, offset: at)) }
                break
            }
            deltas.append((at, h))
            if let known = rebuilt[Self.key(pack: i, offset: base)] {
                bottom = known
                break
            }
            at = base
        }
        for (deltaOffset, h) in deltas.reversed() {
            guard let delta = inflated(pack, h.streamStart, size: h.size),
                  let bytes = Self.apply(delta, to: bottom.bytes) else { return nil }
            bottom = (bottom.type, bytes)
            rebuilt.put(bottom, bottom.bytes.count, Self.key(pack: i, offset: deltaOffset))
        }
        return bottom
    }

    /// zlib's fast loop needs 258 bytes of output room (`inflate_fast`, inffast.c).
    private static let inflateRoom = 258

    /// The zlib stream at `start` inflated, exactly `size` bytes long; nil otherwise.
    private func inflated(_ pack: Pack, _ start: Int, size: Int) -> ObjectBytes? {
        if !streamReady {
            guard kpi_inflate_init(&stream) == Z_OK else { return nil }
            streamReady = true
        } else {
            guard inflateReset(&stream) == Z_OK else { return nil }
        }
        // zlib decodes in its fast loop only while 258 bytes or more of output room are left, and
        // byte by byte in `inflate` itself after that: with room for exactly the object, a commit
        // or a tree's delta (a few hundred bytes) was decoded wholly the slow way (BENCHMARKS.md,
        // session 17). The room past the end is given to zlib; the size is checked after.
        let out = ObjectBytes(count: size, room: Self.inflateRoom)
        let available = pack.data.count - 20 - start
        guard available > 0, size < Int(UInt32.max) - Self.inflateRoom else { return nil }
        stream.next_in = UnsafeMutablePointer(mutating: pack.data.baseAddress!.assumingMemoryBound(to: UInt8.self) + start)
        stream.avail_in = UInt32(min(available, Int(UInt32.max)))
        stream.next_out = out.bytes
        stream.avail_out = UInt32(size + Self.inflateRoom)
        guard inflate(&stream, Z_FINISH) == Z_STREAM_END, Int(stream.total_out) == size else { return nil }
        return out
    }

    /// git's delta: the base's size and the result's (7 bits a byte, least significant first),
    /// then instructions: copy (bit 7 set; bits 0–3 say which offset bytes follow, 4–6 which
    /// size bytes; size 0 means 0x10000) or insert (1–127 literal bytes). nil when out of shape.
    static func apply(_ delta: ObjectBytes, to base: ObjectBytes) -> ObjectBytes? {
        let d = delta.bytes, n = delta.count
        var p = 0
        func size() -> Int? {
            var v = 0, shift = 0
            while p < n {
                let c = d[p]; p += 1
                v |= Int(c & 0x7f) << shift
                if c & 0x80 == 0 { return v }
                shift += 7
                if shift > 56 { return nil }
            }
            return nil
        }
        guard let baseSize = size(), baseSize == base.count, let resultSize = size() else { return nil }
        let out = ObjectBytes(count: resultSize)
        var w = 0
        while p < n {
            let c = d[p]; p += 1
            if c & 0x80 != 0 {
                var from = 0, count = 0
                for k in 0..<4 where c & (1 << k) != 0 {
                    guard p < n else { return nil }
                    from |= Int(d[p]) << (8 * k); p += 1
                }
                for k in 0..<3 where c & (0x10 << k) != 0 {
                    guard p < n else { return nil }
                    count |= Int(d[p]) << (8 * k); p += 1
                }
                if count == 0 { count = 0x10000 }
                guard from + count <= base.count, count <= resultSize - w else { return nil }
                (out.bytes + w).update(from: base.bytes + from, count: count)
                w += count
            } else if c != 0 {
                let count = Int(c)
                guard count <= n - p, count <= resultSize - w else { return nil }
                (out.bytes + w).update(from: d + p, count: count)
                w += count
                p += count
            } else {
                return nil
            }
        }
        return w == resultSize ? out : nil
    }

    // MARK: Files

    private static func map(_ path: String) -> UnsafeRawBufferPointer? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0, let p = mmap(nil, Int(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0),
              p != MAP_FAILED else { return nil }
        return UnsafeRawBufferPointer(start: p, count: Int(st.st_size))
    }

    private static func unmap(_ b: UnsafeRawBufferPointer) {
        munmap(UnsafeMutableRawPointer(mutating: b.baseAddress), b.count)
    }
}

/// Values kept in two generations of about `limit` bytes each: when the newer one is full it
/// becomes the older one (the older one is let go); a value found in the older one moves to
/// the newer one. So what was used lately stays, and the memory held stays under 2 × `limit`.
struct Generations<Key: Hashable, Value> {
    private var newer: [Key: (Value, Int)] = [:]
    private var older: [Key: (Value, Int)] = [:]
    private var newerBytes = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    subscript(key: Key) -> Value? {
        mutating get {
            if let e = newer[key] { return e.0 }
            guard let e = older[key] else { return nil }
            put(e.0, e.1, key)
            return e.0
        }
    }

    /// Keeps `value` of `bytes` bytes (more than `limit` alone: not kept).
    mutating func put(_ value: Value, _ bytes: Int, _ key: Key) {
        guard bytes <= limit else { return }
        if newerBytes + bytes > limit {
            older = newer
            newer = [:]
            newerBytes = 0
        }
        newer[key] = (value, bytes)
        newerBytes += bytes
    }
}
