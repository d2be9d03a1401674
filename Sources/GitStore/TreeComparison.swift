import CGit2
#if canImport(Glibc)
import Glibc
#endif

/// One path that differs between two trees.
public struct TreeChange: Hashable, Sendable {
    public enum Status: Sendable, Hashable {
        case added, modified, deleted
    }

    public let path: String
    public let oldBlob: ObjectID?
    public let newBlob: ObjectID?
    public let status: Status

    /// A change from its blobs (old nil: added; new nil: deleted), e.g. read back from a cache.
    public init(path: String, oldBlob: ObjectID?, newBlob: ObjectID?) {
        self.path = path
        self.oldBlob = oldBlob
        self.newBlob = newBlob
        self.status = oldBlob == nil ? .added : newBlob == nil ? .deleted : .modified
    }

    init(path: String, oldBlob: ObjectID?, newBlob: ObjectID?, status: Status) {
        self.path = path
        self.oldBlob = oldBlob
        self.newBlob = newBlob
        self.status = status
    }
}

/// A tree object's bytes as the object database holds them, walked in place as git walks them:
/// entries of `mode SP name NUL id(20 bytes)`, in git's order. libgit2's `git_tree_lookup`
/// parses every entry of a tree into a table; a history walk compares each commit's new
/// 750-entry folder with its parent's to find the one entry that changed, and that parse was
/// 29% of the instructions of a cold walk of 10,000 commits (BENCHMARKS.md, "Issue 16 item 3").
final class RawTree {
    /// Who holds the bytes: libgit2's object, or `PackReader`'s (shared, not copied).
    private let owner: AnyObject
    let bytes: UnsafePointer<UInt8>
    let count: Int

    /// Entry starts known in these bytes, about every `markEvery`-th entry from the first (at
    /// 0), in order; `marked`: how far entries were walked (an entry starts there). A comparison
    /// finds where two trees start to differ by walking entries from the last mark before that
    /// point, not from the first entry, and the newer tree takes the older one's marks below it
    /// (the same bytes there): walking history, each commit's 750-entry folder is walked from
    /// where the last walk of it stopped, not half of it again for every commit (`differing`).
    private(set) var marks: [Int] = [0]
    private(set) var marked = 0
    static let markEvery = 16

    /// Where an empty tree's no bytes are (never read).
    nonisolated(unsafe) private static let nothing = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

    init(_ object: Owned) {
        owner = object
        count = git_odb_object_size(object.raw)
        bytes = (git_odb_object_data(object.raw) ?? UnsafeRawPointer(RawTree.nothing)).assumingMemoryBound(to: UInt8.self)
    }

    init(_ object: ObjectBytes) {
        owner = object
        count = object.count
        bytes = UnsafePointer(object.bytes)
    }

    /// One entry's place in the bytes.
    struct Entry {
        /// Offsets of the entry (its mode), of the name's first byte, of the NUL after the
        /// name, and just past the id.
        var start: Int, nameStart: Int, nameEnd: Int, end: Int
        /// The mode as written (octal digits), e.g. 0o100644 or 0o40000.
        var mode: UInt32
        var isTree: Bool { mode & 0o170000 == 0o040000 }
        var idStart: Int { nameEnd + 1 }
    }

    /// The entry starting at `offset` (`offset` < `count`).
    func entry(at offset: Int, tree id: ObjectID) throws -> Entry {
        var i = offset, mode: UInt32 = 0
        while i < count, bytes[i] != 0x20 {
            let d = bytes[i] &- 0x30
            guard d < 8, mode < 0o10000000 else { throw RawTree.damaged(id) }
            mode = mode << 3 | UInt32(d)
            i += 1
        }
        guard i > offset, i + 1 < count else { throw RawTree.damaged(id) }
        let nameStart = i + 1
        guard let nul = memchr(bytes + nameStart, 0, count - nameStart) else { throw RawTree.damaged(id) }
        let nameEnd = nameStart + (UnsafeRawPointer(nul) - UnsafeRawPointer(bytes + nameStart))
        guard nameEnd > nameStart, nameEnd + 21 <= count else { throw RawTree.damaged(id) }
        return Entry(start: offset, nameStart: nameStart, nameEnd: nameEnd, end: nameEnd + 21, mode: mode)
    }

    static func damaged(_ id: ObjectID) -> GitError {
        GitError(.other(-1), "tree \(id.short) is damaged: an entry is not `mode name NUL id`", call: "tree(\(id.short))")
    }

    /// The same entry, byte for byte (mode as written, name and id).
    func same(_ a: Entry, as other: RawTree, _ b: Entry) -> Bool {
        a.end - a.start == b.end - b.start && memcmp(bytes + a.start, other.bytes + b.start, a.end - a.start) == 0
    }

    /// git's order of two entries: by name bytes, a folder's name read as if followed by "/"
    /// (so "a-b" < "a/" < "a.b" < "a0" when `a` is a folder); zero only for the same name and kind.
    func order(_ a: Entry, _ other: RawTree, _ b: Entry) -> Int32 {
        let la = a.nameEnd - a.nameStart, lb = b.nameEnd - b.nameStart
        let n = min(la, lb)
        let c = memcmp(bytes + a.nameStart, other.bytes + b.nameStart, n)
        if c != 0 { return c }
        let ca: UInt8 = la > n ? bytes[a.nameStart + n] : (a.isTree ? 0x2F : 0)
        let cb: UInt8 = lb > n ? other.bytes[b.nameStart + n] : (b.isTree ? 0x2F : 0)
        return Int32(ca) - Int32(cb)
    }

    /// Where two trees' entries may first differ (an entry boundary in both: the entries before
    /// it are the same bytes) and how many bytes both end with.
    static func differing(_ o: RawTree, _ n: RawTree) -> (start: Int, sameTail: Int) {
        let shorter = min(o.count, n.count)
        let x = UnsafeRawPointer(o.bytes), y = UnsafeRawPointer(n.bytes)
        // A block at a time through memcmp, then a word, then a byte (memcmp says only whether).
        let block = 256
        var p = 0
        while p + block <= shorter, memcmp(x + p, y + p, block) == 0 { p += block }
        while p + 8 <= shorter, x.loadUnaligned(fromByteOffset: p, as: UInt64.self) == y.loadUnaligned(fromByteOffset: p, as: UInt64.self) {
            p += 8
        }
        while p < shorter, o.bytes[p] == n.bytes[p] { p += 1 }
        // The last entry boundary at or before `p`: each entry's name ends at the first NUL after
        // its start (a mode and a name hold none), and its id takes 20 bytes more.
        var start = o.lastMark(atOrBefore: p), entries = 0
        // Entries walked from a mark: a mark is set at each `markEvery`-th, past what is marked.
        while start < p, let nul = memchr(o.bytes + start, 0, o.count - start) {
            let end = UnsafeRawPointer(nul) - x + 21
            guard end <= p else { break }
            start = end
            entries += 1
            if entries == RawTree.markEvery {
                o.mark(start)
                entries = 0
            }
        }
        if start > o.marked { o.marked = start }
        n.takeMarks(of: o, below: start)
        let limit = shorter - start
        var t = 0
        while t + block <= limit, memcmp(x + o.count - t - block, y + n.count - t - block, block) == 0 { t += block }
        while t + 8 <= limit,
              x.loadUnaligned(fromByteOffset: o.count - t - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: n.count - t - 8, as: UInt64.self) {
            t += 8
        }
        while t < limit, o.bytes[o.count - t - 1] == n.bytes[n.count - t - 1] { t += 1 }
        return (start, t)
    }

    /// The last entry start marked at or before `offset` (one known to start an entry).
    func lastMark(atOrBefore offset: Int) -> Int {
        // Marks are in order; most comparisons look near the last one or two.
        var i = marks.count - 1
        while i > 0, marks[i] > offset { i -= 1 }
        return marks[i]
    }

    /// Notes the entry start `offset`, `markEvery` entries after the last mark, when it lies past
    /// the marks.
    func mark(_ offset: Int) {
        if offset > marks[marks.count - 1] { marks.append(offset) }
    }

    /// The marks of `other` below `limit` (an entry start in both), where these bytes are the
    /// same as `other`'s, when `other` knows more of them.
    func takeMarks(of other: RawTree, below limit: Int) {
        guard limit > marked, other !== self else { return }
        marks = Array(other.marks.prefix { $0 <= limit })
        marked = limit
    }

    func sameID(_ a: Entry, _ other: RawTree, _ b: Entry) -> Bool {
        memcmp(bytes + a.idStart, other.bytes + b.idStart, 20) == 0
    }

    /// The entry as a value (its name a `String`, its mode as libgit2 reports it).
    func value(_ e: Entry) -> TreeEntry {
        let name = String(decoding: UnsafeBufferPointer(start: bytes + e.nameStart, count: e.nameEnd - e.nameStart), as: UTF8.self)
        let id = ObjectID(bytes: UnsafeRawBufferPointer(start: bytes + e.idStart, count: 20))!
        let kind: TreeEntry.Kind = e.mode & 0o170000 == 0o160000 ? .submodule : e.isTree ? .tree : .blob
        return TreeEntry(name: name, id: id, kind: kind, filemode: RawTree.normalized(e.mode))
    }

    /// libgit2's `git_tree_entry_filemode`: old spellings (0o100664, 0o040000 …) read as git reads them.
    static func normalized(_ mode: UInt32) -> UInt32 {
        if mode & 0o170000 == 0o040000 { return 0o040000 }
        if mode & 0o111 != 0 { return 0o100755 }
        if mode & 0o170000 == 0o160000 { return 0o160000 }
        if mode & 0o170000 == 0o120000 { return 0o120000 }
        return 0o100644
    }
}

/// Tree objects lately compared, raw: walking history oldest first, each commit's trees are the
/// next commit's parent trees (neither libgit2's object cache nor its odb cache keeps an object
/// over 4 KiB). Two generations of at most `limit` each: when the newer one is full it becomes
/// the older one (the older one is let go), so the trees of the last few commits are always
/// kept; a tree found in the older generation moves to the newer one.
final class RawTrees {
    private var kept: [ObjectID: RawTree] = [:]
    private var older: [ObjectID: RawTree] = [:]
    private var database: Owned?
    /// The repository's packs, opened on first use and again when their folder changed.
    private var packs: PackReader?
    /// The second the pack folder was last looked at, and its modification time then.
    private var packsChecked = 0
    private var packsFolderTime = timespec()
    static let limit = 64

    func tree(_ id: ObjectID, in repository: Repository) throws -> RawTree {
        if let t = kept[id] { return t }
        if let t = older[id] {
            keep(t, id)
            return t
        }
        // From the packs by this process (`PackReader`), else through libgit2.
        if let (type, bytes) = packs(of: repository).read(id) {
            guard type == Int(GIT_OBJECT_TREE.rawValue) else {
                throw GitError(.notFound, "\(id.short) is not a tree", call: "git_odb_read(\(id.short))")
            }
            let t = RawTree(bytes)
            keep(t, id)
            return t
        }
        let odb: Owned
        if let d = database { odb = d } else {
            odb = try owned("git_repository_odb", free: { git_odb_free($0) }) { git_repository_odb($0, repository.raw) }
            database = odb
        }
        var oid = id.oid
        let object = try owned("git_odb_read(\(id.short))", free: { git_odb_object_free($0) }) {
            git_odb_read($0, odb.raw, &oid)
        }
        guard git_odb_object_type(object.raw) == GIT_OBJECT_TREE else {
            throw GitError(.notFound, "\(id.short) is not a tree", call: "git_odb_read(\(id.short))")
        }
        let t = RawTree(object)
        keep(t, id)
        return t
    }

    /// The repository's packs, opened on first use, and opened again when the pack folder's
    /// modification time moved (looked at once a second at most): a long-running `kpi serve`
    /// then lets go of the packs a `git gc` deleted, which stay mapped (their disk space held)
    /// for as long as a reader has them, and reads the ones a fetch or `gc` made itself.
    func packs(of repository: Repository) -> PackReader {
        let now = time(nil)
        if let p = packs, now == packsChecked { return p }
        packsChecked = now
        let objects = repository.commonDir + "objects/"
        var st = stat()
        let folderTime = stat(objects + "pack", &st) == 0 ? st.st_mtim : timespec()
        if let p = packs, folderTime.tv_sec == packsFolderTime.tv_sec, folderTime.tv_nsec == packsFolderTime.tv_nsec { return p }
        packs = nil  // the old reader's maps go before the new one maps
        let p = PackReader(objects: objects)
        packs = p
        packsFolderTime = folderTime
        return p
    }

    private func keep(_ t: RawTree, _ id: ObjectID) {
        if kept.count >= RawTrees.limit {
            older = kept
            kept = [:]
            kept.reserveCapacity(RawTrees.limit)
        }
        kept[id] = t
    }

    /// Frees every object kept, and the object database handle.
    func clear() {
        kept.removeAll()
        older.removeAll()
        database = nil
        packs = nil
    }
}

extension Repository {
    /// The entry named `name` directly in `tree` (no "/" in `name`), found in the tree's raw
    /// bytes: `entry(at:in:)` builds a value of every entry of the tree first, which the audit's
    /// look-up of each commit's `ledger.yaml` paid 10,000 times on a cold run.
    public func entry(named name: String, in tree: ObjectID) throws -> TreeEntry? {
        let t = try rawTrees.tree(tree, in: self)
        var name = name
        return try name.withUTF8 { want in
            var i = 0
            while i < t.count {
                let e = try t.entry(at: i, tree: tree)
                if e.nameEnd - e.nameStart == want.count && memcmp(t.bytes + e.nameStart, want.baseAddress!, want.count) == 0 { return t.value(e) }
                i = e.end
            }
            return nil
        }
    }

    /// Every file below `tree` (under `prefixes`, nil = all) with its blob id, sorted by path.
    public func files(in tree: ObjectID, under prefixes: [String]? = nil) throws -> [(path: String, blob: ObjectID)] {
        try changes(from: nil, to: tree, under: prefixes).map { ($0.path, $0.newBlob!) }
    }

    /// The files that differ between two trees (nil = empty tree), limited to paths under
    /// `prefixes` (folder or file paths; nil = everything), sorted by path bytes.
    ///
    /// A recursive comparison that never opens a subtree whose id is the same on both sides,
    /// so its cost follows the size of the change, not of the ledger (libgit2's generic
    /// `git_diff_tree_to_tree` was measured ~15× slower on a 9,000-file ledger); each tree is
    /// walked in its raw bytes (`RawTree`), and only entries that differ become Swift values.
    /// A mode-only change (e.g. made executable) is reported as `.modified`.
    public func changes(from oldTree: ObjectID?, to newTree: ObjectID?, under prefixes: [String]? = nil) throws -> [TreeChange] {
        let filter = prefixes.map { list in
            PathFilter(list.map { p -> String in
                var s = p
                while s.hasSuffix("/") { s.removeLast() }
                return s
            })
        }
        if let filter, filter.paths.contains("") { return try changes(from: oldTree, to: newTree, under: nil) }
        var out: [TreeChange] = []
        try compareTrees(oldTree, newTree, base: "", filter: filter, into: &out)
        out.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return out
    }

    private func compareTrees(_ old: ObjectID?, _ new: ObjectID?, base: String, filter: PathFilter?,
                              into out: inout [TreeChange]) throws {
        if old == new { return }
        // Both trees' entries are in git's order, so one pass in step compares them.
        let o = try old.map { try rawTrees.tree($0, in: self) }, n = try new.map { try rawTrees.tree($0, in: self) }
        let oc = o?.count ?? 0, nc = n?.count ?? 0
        // Only the part between the bytes both trees start and end with is walked entry by
        // entry: a commit changing one file of a 750-file folder differs in one entry.
        let (start, same) = o.flatMap { o in n.map { RawTree.differing(o, $0) } } ?? (0, 0)
        let oTail = oc - same, nTail = nc - same
        var i = start, j = start
        var a = i < oc ? try o!.entry(at: i, tree: old!) : nil
        var b = j < nc ? try n!.entry(at: j, tree: new!) : nil
        while a != nil || b != nil {
            // What is left is the same bytes on both sides, hence the same entries.
            if i >= oTail, j >= nTail, oc - i == nc - j { break }
            let order: Int32
            if let x = a, let y = b {
                if o!.same(x, as: n!, y) {
                    i = x.end; j = y.end
                    a = i < oc ? try o!.entry(at: i, tree: old!) : nil
                    b = j < nc ? try n!.entry(at: j, tree: new!) : nil
                    continue
                }
                order = o!.order(x, n!, y)
            } else {
                order = a == nil ? 1 : -1
            }
            if order == 0 {
                let x = a!, y = b!
                // The same object under a mode spelt differently (0o100664 is read as 0o100644) is no change.
                if !(o!.sameID(x, n!, y) && RawTree.normalized(x.mode) == RawTree.normalized(y.mode)) {
                    try compareEntries(o!.value(x), n!.value(y), base: base, filter: filter, into: &out)
                }
                i = x.end; j = y.end
                a = i < oc ? try o!.entry(at: i, tree: old!) : nil
                b = j < nc ? try n!.entry(at: j, tree: new!) : nil
            } else if order < 0 {
                try compareEntries(o!.value(a!), nil, base: base, filter: filter, into: &out)
                i = a!.end
                a = i < oc ? try o!.entry(at: i, tree: old!) : nil
            } else {
                try compareEntries(nil, n!.value(b!), base: base, filter: filter, into: &out)
                j = b!.end
                b = j < nc ? try n!.entry(at: j, tree: new!) : nil
            }
        }
    }

    /// One name present on either side (and differing): a folder is compared in its turn, a
    /// file is a change.
    private func compareEntries(_ o: TreeEntry?, _ n: TreeEntry?, base: String, filter: PathFilter?,
                                into out: inout [TreeChange]) throws {
        let name = (o ?? n)!.name
        let path = base.isEmpty ? name : base + "/" + name
        let oTree = o.flatMap { $0.kind == .tree ? $0.id : nil }
        let nTree = n.flatMap { $0.kind == .tree ? $0.id : nil }
        let oFile = o.flatMap { $0.kind != .tree ? $0 : nil }
        let nFile = n.flatMap { $0.kind != .tree ? $0 : nil }
        if (oTree != nil || nTree != nil), filter?.wantsFolder(path) ?? true {
            try compareTrees(oTree, nTree, base: path, filter: filter, into: &out)
        }
        if oFile != nil || nFile != nil, filter?.wantsFile(path) ?? true {
            switch (oFile, nFile) {
            case let (a?, b?):
                out.append(TreeChange(path: path, oldBlob: a.id, newBlob: b.id, status: .modified))
            case let (a?, nil):
                out.append(TreeChange(path: path, oldBlob: a.id, newBlob: nil, status: .deleted))
            case let (nil, b?):
                out.append(TreeChange(path: path, oldBlob: nil, newBlob: b.id, status: .added))
            case (nil, nil):
                break
            }
        }
    }

}

/// The folder and file paths a comparison is limited to, each with "/" after it made once per
/// comparison: a cold walk of 10,000 commits asked some 380,000 times, building `path + "/"`
/// for every prefix each time.
struct PathFilter {
    let paths: [String]
    /// Each of `paths` as UTF-8: a path is compared with them byte for byte (`String.hasPrefix`,
    /// and a string made of each folder's path and "/", were ~240 instructions a call, 91 M on
    /// the main thread of a cold audit of 10,000 commits; BENCHMARKS.md, session 18).
    private let roots: [[UInt8]]

    init(_ paths: [String]) {
        self.paths = paths
        roots = paths.map { Array($0.utf8) }
    }

    /// A folder is worth opening if it lies under a prefix or is an ancestor of one.
    func wantsFolder(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { a in roots.contains { r in Self.isAtOrBelow(a, r) || Self.isAbove(a, r) } }
    }

    func wantsFile(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { a in roots.contains { r in Self.isAtOrBelow(a, r) } }
    }

    /// `a` is `root` or a path below it (`root` and "/" start it).
    static func isAtOrBelow(_ a: UnsafeBufferPointer<UInt8>, _ root: [UInt8]) -> Bool {
        let n = root.count
        guard a.count == n || (a.count > n && a[n] == 0x2F) else { return false }
        return root.withUnsafeBufferPointer { n == 0 || memcmp(a.baseAddress!, $0.baseAddress!, n) == 0 }
    }

    /// `root` is a path below `a` (`a` and "/" start it).
    static func isAbove(_ a: UnsafeBufferPointer<UInt8>, _ root: [UInt8]) -> Bool {
        let n = a.count
        guard root.count > n, root[n] == 0x2F else { return false }
        return root.withUnsafeBufferPointer { n == 0 || memcmp(a.baseAddress!, $0.baseAddress!, n) == 0 }
    }
}
