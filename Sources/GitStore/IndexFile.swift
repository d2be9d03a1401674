import CLibCrypto
#if canImport(Glibc)
import Glibc
#endif

/// git's index file in its usual form — version 2, entries plus at most the cache-tree
/// extension (`TREE`), as git and libgit2 write it unless a sparse checkout, `git add -N`, a
/// split or untracked cache asks for more — edited as bytes. Reading scans the entries' fixed
/// headers; writing copies the unchanged entries' bytes and appends a SHA-1 (libcrypto's).
/// libgit2's `git_index_open`/`git_index_write` did the same with its collision-detecting
/// SHA-1 run twice and a hash map of every path: ~120 M instructions for the 13,000 entries
/// of a 1,000-person ledger, a third of a `kpi record` (BENCHMARKS.md). The result is
/// byte for byte what libgit2 writes for the same edits (`IndexFileTests`); any other index
/// (`init?` returns nil) is edited through libgit2 as before.
struct IndexFile {
    /// An entry: its bytes in `original` (unchanged), or new bytes.
    enum Entry {
        case kept(Range<Int>)
        case written([UInt8])
    }

    /// The file's bytes.
    let original: [UInt8]
    private(set) var entries: [Entry]
    /// The cache-tree extension, when the index has one.
    private(set) var tree: CacheTree?
    /// SHA-1 states of `original` (without its checksum) after every `checkpointEvery` bytes, the
    /// first the initial state; kept by `written()` for the next index this process writes, which
    /// shares its bytes up to the first changed entry and is hashed from the last state before
    /// it (the whole index's SHA-1 was a tenth of a record's instructions). Empty when read from disk.
    private var checkpoints: [SHA_CTX] = []
    static let checkpointEvery = 4096

    /// The index in `bytes`; nil when it is not in the usual form (or its checksum is wrong:
    /// libgit2 then reports the damage).
    init?(_ bytes: [UInt8]) {
        let end = bytes.count - 20
        guard end >= 12, bytes[0..<4].elementsEqual("DIRC".utf8), IndexFile.be32(bytes, 4) == 2,
              IndexFile.sha1(bytes[..<end]) == Array(bytes[end...]) else { return nil }
        let count = Int(IndexFile.be32(bytes, 8))
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        var at = 12
        var last: (path: Range<Int>, stage: Int)?
        for _ in 0..<count {
            guard at + 62 < end else { return nil }
            let flags = Int(bytes[at + 60]) << 8 | Int(bytes[at + 61])
            guard flags & 0x4000 == 0 else { return nil }   // extended flags: version 3 only
            var length = flags & 0xFFF
            if length == 0xFFF {
                guard let nul = bytes[(at + 62)..<end].firstIndex(of: 0) else { return nil }
                length = nul - at - 62
            }
            let size = (62 + length + 8) & ~7
            guard at + size <= end, bytes[at + 62 + length] == 0 else { return nil }
            // In git's order, or libgit2 would sort it first.
            let path = (at + 62)..<(at + 62 + length), stage = (flags >> 12) & 3
            if let last {
                let before = bytes[last.path], now = bytes[path]
                guard before.lexicographicallyPrecedes(now) || (before.elementsEqual(now) && last.stage < stage) else { return nil }
            }
            last = (path, stage)
            entries.append(.kept(at..<(at + size)))
            at += size
        }
        var tree: CacheTree?
        while at < end {
            guard at + 8 <= end else { return nil }
            let size = Int(IndexFile.be32(bytes, at + 4))
            guard bytes[at..<(at + 4)].elementsEqual("TREE".utf8), tree == nil, size <= end - at - 8,
                  let t = CacheTree(bytes[(at + 8)..<(at + 8 + size)]) else { return nil }
            tree = t
            at += 8 + size
        }
        original = bytes
        self.entries = entries
        self.tree = tree
    }

    /// The index whose entries (and cache tree) are known: no need to read them from `bytes`.
    private init(original bytes: [UInt8], entries: [Entry], tree: CacheTree?, checkpoints: [SHA_CTX]) {
        original = bytes
        self.entries = entries
        self.tree = tree
        self.checkpoints = checkpoints
    }

    // MARK: Entries

    /// An entry's bytes.
    func bytes(of entry: Entry) -> ArraySlice<UInt8> {
        switch entry {
        case .kept(let r): return original[r]
        case .written(let b): return b[...]
        }
    }

    /// The path of an entry (its bytes after the 62-byte header, up to the NUL).
    static func path(_ e: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let start = e.startIndex + 62
        return e[start..<(e[start...].firstIndex(of: 0) ?? e.endIndex)]
    }

    static func stage(_ e: ArraySlice<UInt8>) -> Int { Int(e[e.startIndex + 60] >> 4) & 3 }

    /// The first position whose entry sorts at or after (`path`, `stage`), as git sorts them.
    func position(_ path: [UInt8], stage: Int) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            let e = bytes(of: entries[mid])
            let p = IndexFile.path(e)
            if p.lexicographicallyPrecedes(path) || (p.elementsEqual(path) && IndexFile.stage(e) < stage) {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return low
    }

    /// The stage-0 entry of `path`.
    func entry(_ path: String) -> ArraySlice<UInt8>? {
        let p = Array(path.utf8)
        let i = position(p, stage: 0)
        guard i < entries.count else { return nil }
        let e = bytes(of: entries[i])
        return IndexFile.stage(e) == 0 && IndexFile.path(e).elementsEqual(p) ? e : nil
    }

    /// Whether a stage-0 entry for `path` would collide with an entry for a folder above it or
    /// a file below it (libgit2 then removes those: left to libgit2).
    func collides(_ path: String) -> Bool {
        let p = Array(path.utf8)
        var folder = p[...]
        while let slash = folder.lastIndex(of: UInt8(ascii: "/")) {
            folder = folder[..<slash]
            let i = position(Array(folder), stage: 0)
            if i < entries.count, IndexFile.path(bytes(of: entries[i])).elementsEqual(folder) { return true }
        }
        let below = p + [UInt8(ascii: "/")]
        let i = position(below, stage: 0)
        return i < entries.count && IndexFile.path(bytes(of: entries[i])).starts(with: below)
    }

    /// Puts `entry` (stage 0) at its path, replacing that path's entries of every stage (a
    /// conflict resolved), as `git_index_conflict_remove` then `git_index_add` do.
    mutating func put(_ path: String, _ entry: [UInt8]) {
        let p = Array(path.utf8)
        let start = position(p, stage: 0)
        var end = start
        while end < entries.count, IndexFile.path(bytes(of: entries[end])).elementsEqual(p) { end += 1 }
        entries.replaceSubrange(start..<end, with: [.written(entry)])
        tree?.invalidate(p)
    }

    /// Removes the stage-0 entry of `path` (`git_index_remove(path, 0)`).
    mutating func remove(_ path: String) {
        let p = Array(path.utf8)
        let i = position(p, stage: 0)
        guard i < entries.count, IndexFile.stage(bytes(of: entries[i])) == 0,
              IndexFile.path(bytes(of: entries[i])).elementsEqual(p) else { return }
        entries.remove(at: i)
        tree?.invalidate(p)
    }

    /// A new entry's bytes: stat data, mode, blob id, flags (stage 0) and the path, padded
    /// with NULs to a multiple of 8.
    static func entry(path: String, blob: ObjectID, mode: UInt32, stat st: stat?) -> [UInt8] {
        var e: [UInt8] = []
        let p = Array(path.utf8)
        e.reserveCapacity((62 + p.count + 8) & ~7)
        func put32<T: BinaryInteger>(_ v: T) {
            let u = UInt32(truncatingIfNeeded: v)
            e += [UInt8(u >> 24), UInt8(truncatingIfNeeded: u >> 16), UInt8(truncatingIfNeeded: u >> 8), UInt8(truncatingIfNeeded: u)]
        }
        if let st {
            for v in [Int(st.st_ctim.tv_sec), st.st_ctim.tv_nsec, Int(st.st_mtim.tv_sec), st.st_mtim.tv_nsec] { put32(v) }
            put32(st.st_dev); put32(st.st_ino)
            put32(mode)
            put32(st.st_uid); put32(st.st_gid); put32(st.st_size)
        } else {
            for _ in 0..<6 { put32(0) }
            put32(mode)
            for _ in 0..<3 { put32(0) }
        }
        e += blob.bytes
        let flags = min(p.count, 0xFFF)
        e += [UInt8(flags >> 8), UInt8(flags & 0xFF)]
        e += p
        e += [UInt8](repeating: 0, count: (62 + p.count + 8) & ~7 - e.count)
        return e
    }

    /// The whole file: header, entries, the cache tree, and the SHA-1 of all that.
    func bytes() -> [UInt8] { written().original }

    /// The whole file as the index it is (its entries where `bytes()` put them): the next
    /// edit of the same file by this process starts from it without scanning its entries.
    func written() -> IndexFile {
        var out: [UInt8] = []
        out.reserveCapacity(original.count + 4096)
        out += "DIRC".utf8
        for v in [UInt32(2), UInt32(entries.count)] { out += [UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)] }
        var kept: [Entry] = []
        kept.reserveCapacity(entries.count)
        for e in entries {
            let start = out.count
            out += bytes(of: e)
            kept.append(.kept(start..<out.count))
        }
        if let tree {
            let body = tree.bytes()
            let n = UInt32(body.count)
            out += "TREE".utf8
            out += [UInt8(n >> 24), UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)]
            out += body
        }
        let (sum, states) = checksum(out)
        out += sum
        return IndexFile(original: out, entries: kept, tree: tree, checkpoints: states)
    }

    /// The SHA-1 of `out`, and its states at every `checkpointEvery` bytes: resumed from the last
    /// kept state of `original` whose bytes before it `out` shares (none kept: from the start).
    private func checksum(_ out: [UInt8]) -> (sum: [UInt8], states: [SHA_CTX]) {
        let every = IndexFile.checkpointEvery
        var resume = 0
        if !checkpoints.isEmpty {
            let shared = min(out.count, original.count - 20)
            out.withUnsafeBytes { a in
                original.withUnsafeBytes { b in
                    while resume + 1 < checkpoints.count, (resume + 1) * every <= shared,
                          memcmp(a.baseAddress! + resume * every, b.baseAddress! + resume * every, every) == 0 { resume += 1 }
                }
            }
        }
        var states = Array(checkpoints.prefix(resume + 1))
        if states.isEmpty {
            var start = SHA_CTX()
            kpi_sha1_start(&start)
            states = [start]
        }
        var state = states[resume]
        var at = resume * every
        out.withUnsafeBytes { b in
            while at < out.count {
                let end = min(at + every, out.count)
                kpi_sha1_add(&state, b.baseAddress! + at, end - at)
                at = end
                if end % every == 0 { states.append(state) }
            }
        }
        var sum = [UInt8](repeating: 0, count: 20)
        sum.withUnsafeMutableBufferPointer { kpi_sha1_end(&state, $0.baseAddress) }
        return (sum, states)
    }

    static func be32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    /// libcrypto's SHA-1, fetched once: with `EVP_sha1()` OpenSSL 3 fetches it again for every
    /// digest, which costs more than hashing a short text (the parsed-file cache hashes one per file).
    nonisolated(unsafe) static let sha1Digest = EVP_MD_fetch(nil, "SHA1", nil) ?? EVP_sha1()

    /// A state on the stack: `EVP_Digest` allocates, initialises and frees a context per call,
    /// which cost twice the hashing of the parsed-file cache's short keys (one per file).
    static func sha1(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var state = SHA_CTX()
        kpi_sha1_start(&state)
        bytes.withUnsafeBytes { kpi_sha1_add(&state, $0.baseAddress, $0.count) }
        var out = [UInt8](repeating: 0, count: 20)
        out.withUnsafeMutableBufferPointer { kpi_sha1_end(&state, $0.baseAddress) }
        return out
    }
}

/// The index's cache-tree extension: for each folder the index holds, the number of entries
/// under it and its tree id, or -1 when it changed since (git then computes the tree again).
/// Folders are stored in pre-order, each followed by its subfolders.
struct CacheTree {
    struct Node {
        var name: ArraySlice<UInt8>
        /// The entry count as written ("-1" when invalid), and the tree id when valid.
        var count: ArraySlice<UInt8>
        var id: ArraySlice<UInt8>?
        var children: [Node]
    }

    var root: Node

    init?(_ bytes: ArraySlice<UInt8>) {
        var at = bytes.startIndex
        func node() -> Node? {
            guard let nul = bytes[at...].firstIndex(of: 0), let space = bytes[nul...].firstIndex(of: UInt8(ascii: " ")),
                  let lf = bytes[space...].firstIndex(of: 10) else { return nil }
            let name = bytes[at..<nul], count = bytes[(nul + 1)..<space]
            guard let entries = Int(String(decoding: count, as: UTF8.self)), entries >= -1,
                  let subtrees = Int(String(decoding: bytes[(space + 1)..<lf], as: UTF8.self)), subtrees >= 0 else { return nil }
            at = lf + 1
            var id: ArraySlice<UInt8>?
            if entries >= 0 {
                guard bytes.endIndex - at >= 20 else { return nil }
                id = bytes[at..<(at + 20)]
                at += 20
            }
            var children: [Node] = []
            for _ in 0..<subtrees {
                guard let c = node() else { return nil }
                children.append(c)
            }
            return Node(name: name, count: count, id: id, children: children)
        }
        guard let r = node(), at == bytes.endIndex else { return nil }
        root = r
    }

    /// Marks the folders above `path` changed (`git_tree_cache_invalidate_path`).
    mutating func invalidate(_ path: [UInt8]) {
        let folders = path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropLast()
        func walk(_ n: inout Node, _ rest: ArraySlice<ArraySlice<UInt8>>) {
            n.count = ArraySlice("-1".utf8)
            n.id = nil
            guard let first = rest.first, let i = n.children.firstIndex(where: { $0.name.elementsEqual(first) }) else { return }
            walk(&n.children[i], rest.dropFirst())
        }
        walk(&root, folders[...])
    }

    func bytes() -> [UInt8] {
        var out: [UInt8] = []
        func write(_ n: Node) {
            out += n.name
            out.append(0)
            out += n.count
            out += Array(" \(n.children.count)\n".utf8)
            if let id = n.id { out += id }
            for c in n.children { write(c) }
        }
        write(root)
        return out
    }
}
