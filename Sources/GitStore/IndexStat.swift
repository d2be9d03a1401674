import CLibCrypto
#if canImport(Glibc)
import Glibc
#endif

/// Which working-tree files still hold the blob their index entry names, known from the stat
/// data the index keeps, as `git status` knows it: a file whose size, times, inode and mode
/// match its stage-0 entry is unchanged since it was staged, unless the entry is racily clean
/// (the file was modified no earlier than the index was written, so a later change in the same
/// clock tick would leave the same stat data): such a file is not vouched for and must be
/// hashed. Read-only; an index not in the usual form (`IndexFile`) vouches for nothing.
public struct IndexStat: Sendable {
    /// Where each stage-0 entry starts in `bytes`, in the index's order (git's: by path bytes).
    private let entries: [Int]
    private let bytes: [UInt8]
    /// When the index file was last written (seconds, nanoseconds).
    private let written: (Int, Int)
    /// What only git's status of the index asks, in one box: a copy of an `IndexStat` (the
    /// report cache's walk copies it per name) retains one reference for it, not one per array.
    private let status: StatusParts

    private final class StatusParts: Sendable {
        /// Where each entry at another stage (a conflict) starts.
        let conflicts: [Int]
        /// The cache-tree extension (which folders' trees the index knows), when it has one.
        let tree: CacheTree?

        init(conflicts: [Int], tree: CacheTree?) {
            self.conflicts = conflicts
            self.tree = tree
        }
    }

    /// The index file of the repository whose git directory is `gitDir`: `GIT_INDEX_FILE` when
    /// set, else `index` in it.
    public static func path(gitDir: String, environment: [String: String] = [:]) -> String {
        environment["GIT_INDEX_FILE"] ?? ((gitDir.hasSuffix("/") ? gitDir : gitDir + "/") + "index")
    }

    /// How many entries the index of the repository whose git directory is `gitDir` holds, as
    /// its header says (nothing else read); nil when there is no index or it is not one.
    public static func entryCount(gitDir: String, environment: [String: String] = [:]) -> Int? {
        let fd = open(path(gitDir: gitDir, environment: environment), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 12)
        guard read(fd, &header, 12) == 12, header[0..<4].elementsEqual("DIRC".utf8) else { return nil }
        return header[8..<12].reduce(0) { $0 << 8 | Int($1) }
    }

    /// The index of the repository whose git directory is `gitDir` (GIT_INDEX_FILE honoured);
    /// nil when there is none or it is not in the usual form.
    public init?(gitDir: String, environment: [String: String] = [:]) {
        let path = Self.path(gitDir: gitDir, environment: environment)
        var st = stat()
        guard stat(path, &st) == 0, let bytes = IndexStat.readAll(path), let file = IndexFile(bytes) else { return nil }
        // `IndexFile` checked the order; no path is made into a `String` (a look-up is a binary
        // search on the bytes: a dictionary of every path cost more than all the look-ups).
        var entries: [Int] = [], conflicts: [Int] = []
        entries.reserveCapacity(file.entries.count)
        for e in file.entries {
            guard case .kept(let r) = e else { continue }
            if IndexFile.stage(bytes[r]) == 0 { entries.append(r.lowerBound) } else { conflicts.append(r.lowerBound) }
        }
        self.entries = entries
        status = StatusParts(conflicts: conflicts, tree: file.tree)
        self.bytes = bytes
        written = (Int(st.st_mtim.tv_sec), st.st_mtim.tv_nsec)
    }

    /// A stage-0 entry, as `entries(under:)` gives them.
    public struct Entry: Sendable {
        /// Its repository path's UTF-8 bytes.
        public let path: ArraySlice<UInt8>
        public let mode: UInt32
        public let blob: ObjectID
        /// git's "assume unchanged" bit: its working file is not looked at.
        public let assumeUnchanged: Bool
    }

    /// The stage-0 entries at `path` or under it (`path/…`), in the index's order (by bytes).
    public func entries(under path: String) -> [Entry] {
        let p = Array(path.utf8)
        return bytes.withUnsafeBufferPointer { b -> [Entry] in
            func pathRange(_ at: Int) -> Range<Int> {
                let start = at + 62
                var length = Int(b[start - 2] & 0x0F) << 8 | Int(b[start - 1])
                if length == 0xFFF { while b[start + length] != 0 { length += 1 } }
                return start..<(start + length)
            }
            // The first entry not before `p` (a folder's entries follow it: "p" < "p/…" < "p0").
            var low = 0, high = entries.count
            while low < high {
                let mid = (low + high) / 2
                if b[pathRange(entries[mid])].lexicographicallyPrecedes(p) { low = mid + 1 } else { high = mid }
            }
            var out: [Entry] = []
            for at in entries[low...] {
                let r = pathRange(at)
                let name = b[r]
                guard name.starts(with: p) else { break }
                // `p` itself, or under it; a longer name that merely starts the same (`people2`) may
                // sort before `people/…` (`-` < `/`): skipped, not an end.
                guard name.count == p.count || b[r.lowerBound + p.count] == UInt8(ascii: "/") else { continue }
                let flags = Int(b[at + 60]) << 8 | Int(b[at + 61])
                out.append(Entry(path: bytes[r], mode: IndexFile.be32(bytes, at + 24),
                                 blob: ObjectID(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: b[(at + 40)..<(at + 60)])))!,
                                 assumeUnchanged: flags & 0x8000 != 0))
            }
            return out
        }
    }

    /// Whether an entry at another stage than 0 (a conflict) is at `path` or under it.
    public func conflicted(under path: String) -> Bool {
        let p = Array(path.utf8)
        return status.conflicts.contains { at in
            let name = IndexFile.path(bytes[at...])
            return name.starts(with: p) && (name.count == p.count || name[name.startIndex + p.count] == UInt8(ascii: "/"))
        }
    }

    /// The tree id the index's cache tree holds for the folder `path` (repository path, "" for
    /// the root), when it holds a valid one.
    public func cachedTree(_ path: String) -> ObjectID? {
        guard var node = status.tree?.root else { return nil }
        for part in path.split(separator: "/") {
            guard let child = node.children.first(where: { $0.name.elementsEqual(part.utf8) }) else { return nil }
            node = child
        }
        return node.id.flatMap { ObjectID(bytes: $0) }
    }

    /// The index file's own checksum (its last 20 bytes): another index, another value.
    public var checksum: ArraySlice<UInt8> { bytes[(bytes.count - 20)...] }

    /// `checksum` of the index of the repository whose git directory is `gitDir`
    /// (GIT_INDEX_FILE honoured), read alone, the index not parsed: .absent when there is no
    /// index file; nil when it cannot be read or is too short to be an index. Where the index
    /// is not in the usual form this still gives its last 20 bytes, where `IndexStat` gives
    /// nothing.
    public static func checksum(gitDir: String, environment: [String: String] = [:]) -> IndexChecksum? {
        let path = Self.path(gitDir: gitDir, environment: environment)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT ? .absent : nil }
        defer { close(fd) }
        var st = stat()
        // A header (12 bytes) and a checksum at least.
        guard fstat(fd, &st) == 0, st.st_size >= 32 else { return nil }
        var out = [UInt8](repeating: 0, count: 20)
        let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, 20, off_t(st.st_size - 20)) }
        return n == 20 ? .bytes(out) : nil
    }

    /// What `checksum(gitDir:environment:)` found.
    public enum IndexChecksum: Equatable, Sendable {
        case absent
        case bytes([UInt8])
    }

    /// Whether the index has a stage-0 entry at repository path `path` (tracked by git).
    public func tracks(_ path: String) -> Bool {
        var p = path
        return p.withUTF8 { entry($0) != nil }
    }

    /// Where the stage-0 entry of the path whose bytes are `path` starts, if there is one.
    /// `hint`: the position to look at first (a walk in the index's order finds each entry
    /// just after the last), set to the position found.
    private func entry(_ path: UnsafeBufferPointer<UInt8>, hint: inout Int) -> Int? {
        bytes.withUnsafeBufferPointer { b -> Int? in
            /// The entry at `i` against `path`, as `memcmp` orders them.
            func compare(_ i: Int) -> Int32 {
                let start = entries[i] + 62
                // The flags' 12 bits hold the path's length (0xFFF: that long or longer).
                var length = Int(b[start - 2] & 0x0F) << 8 | Int(b[start - 1])
                if length == 0xFFF { while b[start + length] != 0 { length += 1 } }
                let common = min(length, path.count)
                let c = common == 0 ? 0 : memcmp(b.baseAddress! + start, path.baseAddress!, common)
                return c != 0 ? c : (length < path.count ? -1 : (length > path.count ? 1 : 0))
            }
            if hint >= 0, hint < entries.count, compare(hint) == 0 { return entries[hint] }
            var low = 0, high = entries.count
            while low < high {
                let mid = (low + high) / 2
                let c = compare(mid)
                if c == 0 {
                    hint = mid
                    return entries[mid]
                }
                if c < 0 { low = mid + 1 } else { high = mid }
            }
            return nil
        }
    }

    private func entry(_ path: UnsafeBufferPointer<UInt8>) -> Int? {
        var hint = -1
        return entry(path, hint: &hint)
    }

    /// The blob id of the file at repository path `path`, whose `lstat` is `st`, when its index
    /// entry vouches for it; nil when it has no entry, differs from it, or is racily clean.
    public func blob(_ path: String, _ st: stat) -> ObjectID? {
        var p = path
        return p.withUTF8 { blob($0, st) }
    }

    /// The same for the path whose UTF-8 bytes are `path`. `next`: where a walk in the index's
    /// order expects the entry (one after the last found), advanced past the one found.
    /// Its 20 bytes, as the index holds them.
    public func blob(_ path: UnsafeBufferPointer<UInt8>, _ st: stat, next: inout Int) -> ArraySlice<UInt8>? {
        guard (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        var hint = next
        guard let at = entry(path, hint: &hint) else { return nil }
        next = hint + 1
        return vouched(at, st)
    }

    /// A stage-0 entry found by `staged(_:hint:)`.
    public struct Staged: Sendable {
        fileprivate let at: Int
    }

    /// The stage-0 entry of the path whose UTF-8 bytes are `path`, nil when it has none; `hint`:
    /// the entry's position in the index to look at first (a ledger at its repository's root
    /// lists its files in the index's order).
    public func staged(_ path: UnsafeBufferPointer<UInt8>, hint: Int) -> Staged? {
        var hint = hint
        return entry(path, hint: &hint).map(Staged.init)
    }

    /// The size the entry's stat data hold (0 when git smudged a racily clean entry).
    public func size(_ e: Staged) -> Int { Int(IndexFile.be32(bytes, e.at + 36)) }

    /// The entry's blob id when `st`, a file's `lstat` or `fstat`, vouches for it (`blob(_:_:)`).
    public func blob(_ e: Staged, _ st: stat) -> ObjectID? {
        guard (st.st_mode & S_IFMT) == S_IFREG, let id = vouched(e.at, st) else { return nil }
        return ObjectID(bytes: id)
    }

    public func blob(_ path: UnsafeBufferPointer<UInt8>, _ st: stat) -> ObjectID? {
        guard (st.st_mode & S_IFMT) == S_IFREG, let at = entry(path), let id = vouched(at, st) else { return nil }
        return ObjectID(bytes: id)
    }

    /// The blob id of the entry at `at` when `st` matches its stat data and it is not racily clean.
    private func vouched(_ at: Int, _ st: stat) -> ArraySlice<UInt8>? {
        guard at >= 0, at + 60 <= bytes.count else { return nil }
        // The fields read as words from the entry's bytes (`IndexFile.be32` checked each byte's
        // place: a cold load asks this of every file).
        let vouches = bytes.withUnsafeBytes { b -> Bool in
            func field(_ k: Int) -> UInt32 { UInt32(bigEndian: b.loadUnaligned(fromByteOffset: at + 4 * k, as: UInt32.self)) }
            func same<T: BinaryInteger>(_ k: Int, _ v: T) -> Bool { field(k) == UInt32(truncatingIfNeeded: v) }
            guard field(6) & 0o170000 == 0o100000,
                  same(0, st.st_ctim.tv_sec), same(1, st.st_ctim.tv_nsec), same(2, st.st_mtim.tv_sec), same(3, st.st_mtim.tv_nsec),
                  same(5, st.st_ino), same(7, st.st_uid), same(8, st.st_gid), same(9, st.st_size) else { return false }
            // Racily clean: modified at or after the index was written.
            let mtime = (Int(field(2)), Int(field(3)))
            return !(mtime.0 > written.0 || (mtime.0 == written.0 && mtime.1 >= written.1))
        }
        return vouches ? bytes[(at + 40)..<(at + 60)] : nil
    }

    /// git's id of a blob holding `content`: the SHA-1 of `blob <size>\0` and the content.
    /// A state on the stack and the header's digits written in place: a load hashes every file
    /// it reads, and a context allocated, a `String` header and an array per call cost about a
    /// third of hashing a file of 700 bytes.
    public static func blobID(of content: [UInt8]) -> ObjectID {
        var state = SHA_CTX()
        kpi_sha1_start(&state)
        // "blob " (5), at most 20 digits, the NUL: 26 bytes.
        var header: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &header) { h in
            var at = 0
            for b in "blob ".utf8 { h[at] = b; at += 1 }
            var digits = 1, rest = content.count / 10
            while rest > 0 { digits += 1; rest /= 10 }
            var n = content.count
            for k in stride(from: at + digits - 1, through: at, by: -1) {
                h[k] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            }
            at += digits
            h[at] = 0
            kpi_sha1_add(&state, h.baseAddress, at + 1)
        }
        content.withUnsafeBytes { kpi_sha1_add(&state, $0.baseAddress, $0.count) }
        var out: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &out) { o in
            kpi_sha1_end(&state, o.baseAddress!.assumingMemoryBound(to: UInt8.self))
            return ObjectID(bytes: UnsafeRawBufferPointer(rebasing: o[..<20]))!
        }
    }

    /// The SHA-1 of `bytes` (libcrypto's, on the CPU's SHA instructions where it has them).
    public static func sha1(_ bytes: ArraySlice<UInt8>) -> [UInt8] { IndexFile.sha1(bytes) }

    /// A SHA-1 state after one block of 64 bytes, kept: the ids of that block followed by
    /// different short texts are each worked out from it, with one compression fewer and
    /// nothing allocated (the parsed-file cache's keys: a load's context, then each file's path
    /// and blob id, one key per file read).
    public struct SHA1AfterBlock: @unchecked Sendable {
        private let state: SHA_CTX

        /// `prefix` (at most 64 bytes) and zeros after it, to a whole block.
        public init(block prefix: [UInt8]) {
            precondition(prefix.count <= 64, "a SHA-1 block is 64 bytes")
            var s = SHA_CTX()
            kpi_sha1_start(&s)
            let block = prefix + [UInt8](repeating: 0, count: 64 - prefix.count)
            block.withUnsafeBytes { kpi_sha1_add(&s, $0.baseAddress, 64) }
            state = s
        }

        /// The SHA-1 of the block, then `text`'s UTF-8 bytes, a 0 byte and `id`'s 20 bytes.
        public func id(_ text: String, _ id: ObjectID) -> ObjectID {
            var s = state
            var text = text
            text.withUTF8 { kpi_sha1_add(&s, $0.baseAddress, $0.count) }
            var zero: UInt8 = 0
            kpi_sha1_add(&s, &zero, 1)
            id.withRawBytes { kpi_sha1_add(&s, $0.baseAddress, $0.count) }
            var out: (UInt64, UInt64, UInt64) = (0, 0, 0)
            return withUnsafeMutableBytes(of: &out) { o in
                kpi_sha1_end(&s, o.baseAddress!.assumingMemoryBound(to: UInt8.self))
                return ObjectID(bytes: UnsafeRawBufferPointer(rebasing: o[..<20]))!
            }
        }
    }

    private static func readAll(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = Int(st.st_size)
        var out = [UInt8](repeating: 0, count: size)
        var got = 0
        while got < size {
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, size - got) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return nil }
            got += n
        }
        return out
    }
}
