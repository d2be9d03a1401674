import CGit2

/// The new trees of a commit that puts files into folders its base tree already has — the
/// usual write: a record appended, a goal sheet changed — made from the base trees' bytes:
/// each tree on the way is copied with the entries of the changed files and folders replaced
/// (or a new file's entry inserted in git's order), hashed and written. libgit2's tree builder
/// (`git_tree_create_updated`) parsed each tree into a hash map of its entries, sorted and wrote
/// them again and read each new tree back. The result is the same tree, byte for byte
/// (`TreePatchTests`). Anything else — a removal, a new folder, an unborn branch, a tree not in
/// git's order or with a mode git would write otherwise — returns nil, and libgit2 builds it.
extension Repository {
    /// The base tree with `upserts` (path, blob, mode) applied, or nil when libgit2 must make it.
    func patchedTree(base: ObjectID, _ upserts: [(path: String, blob: ObjectID, mode: UInt32)]) throws -> ObjectID? {
        let root = TreePatchFolder()
        for u in upserts {
            var names = u.path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { Array($0) }
            let file = names.removeLast()
            var folder = root
            for n in names {
                if folder.files[n] != nil { return nil }
                if let f = folder.folders[n] { folder = f } else {
                    let f = TreePatchFolder()
                    folder.folders[n] = f
                    folder = f
                }
            }
            if folder.folders[file] != nil || folder.files[file] != nil { return nil }
            folder.files[file] = (u.blob, u.mode)
        }
        return try patch(base, root)
    }

    private func patch(_ id: ObjectID, _ changes: TreePatchFolder) throws -> ObjectID? {
        let raw = try rawTree(id)
        guard let tree = TreeBytes(raw) else { return nil }
        // The new files' entries not in the tree, in git's order (files sort by their names).
        var inserted: [(name: [UInt8], id: ObjectID, mode: UInt32)] = []
        var replaced: [Int: (id: ObjectID, mode: UInt32?)] = [:]
        for (name, file) in changes.files {
            if tree.index(of: name, folder: true) != nil { return nil }
            if let i = tree.index(of: name, folder: false) {
                replaced[i] = (file.id, file.mode)
            } else {
                inserted.append((name, file.id, file.mode))
            }
        }
        for (name, folder) in changes.folders {
            guard tree.index(of: name, folder: false) == nil, let i = tree.index(of: name, folder: true),
                  let sub = try patch(tree.id(of: i), folder) else { return nil }
            replaced[i] = (sub, nil)
        }
        inserted.sort { TreeBytes.order($0.name, false, $1.name, false) < 0 }
        // The base's entries as `treeEntries` listed them (the tip's, looked up by this write):
        // the new tree's are those with the same changes, so its bytes are not parsed again.
        let base = treeCache[id].flatMap { $0.count == tree.entries.count ? $0 : nil }
        var listed: [TreeEntry] = []
        if base != nil { listed.reserveCapacity(tree.entries.count + inserted.count) }
        func file(_ name: [UInt8], _ id: ObjectID, _ mode: UInt32) -> TreeEntry {
            TreeEntry(name: String(decoding: name, as: UTF8.self), id: id, kind: mode == 0o160000 ? .submodule : .blob, filemode: mode)
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count + inserted.reduce(0) { $0 + $1.name.count + 28 })
        func put(_ name: [UInt8], _ id: ObjectID, _ mode: UInt32) {
            out += String(mode, radix: 8).utf8
            out.append(UInt8(ascii: " "))
            out += name
            out.append(0)
            out += id.bytes
        }
        var next = 0
        for (i, e) in tree.entries.enumerated() {
            while next < inserted.count, TreeBytes.order(inserted[next].name, false, raw[e.name], e.isFolder) < 0 {
                put(inserted[next].name, inserted[next].id, inserted[next].mode)
                if base != nil { listed.append(file(inserted[next].name, inserted[next].id, inserted[next].mode)) }
                next += 1
            }
            if let r = replaced[i] {
                if let mode = r.mode { out += String(mode, radix: 8).utf8 } else { out += raw[e.start..<(e.name.lowerBound - 1)] }
                out.append(UInt8(ascii: " "))
                out += raw[e.name]
                out.append(0)
                out += r.id.bytes
                if let base {
                    let was = base[i]
                    listed.append(r.mode.map { file(raw[e.name].map { $0 }, r.id, $0) }
                                  ?? TreeEntry(name: was.name, id: r.id, kind: was.kind, filemode: was.filemode))
                }
            } else {
                out += raw[e.start..<(e.name.upperBound + 21)]
                if let base { listed.append(base[i]) }
            }
        }
        while next < inserted.count {
            put(inserted[next].name, inserted[next].id, inserted[next].mode)
            if base != nil { listed.append(file(inserted[next].name, inserted[next].id, inserted[next].mode)) }
            next += 1
        }
        if out == raw { return id }
        let written = try writeObject(out, type: GIT_OBJECT_TREE)
        keepRawTree(written, out)
        if base != nil { keepTreeEntries(written, listed) }
        return written
    }

    /// A tree's bytes: one this process wrote lately, else from the object database.
    func rawTree(_ id: ObjectID) throws -> [UInt8] {
        if let kept = writtenTrees[id] { return kept }
        return try rawObject(id, expecting: GIT_OBJECT_TREE)
    }

    /// Keeps a tree just written (the next commit builds on it), a few dozen at most.
    func keepRawTree(_ id: ObjectID, _ bytes: [UInt8]) {
        if writtenTrees.count >= Repository.rawTreeLimit { writtenTrees.removeAll(keepingCapacity: true) }
        writtenTrees[id] = bytes
    }
    static let rawTreeLimit = 64
}

/// The changes below one folder: files (name → blob, mode) and folders.
private final class TreePatchFolder {
    var files: [[UInt8]: (id: ObjectID, mode: UInt32)] = [:]
    var folders: [[UInt8]: TreePatchFolder] = [:]
}

/// A tree object's entries (`mode name\0` and a 20-byte id each), located in its bytes; nil
/// when they are not as git writes them: in git's order, no name twice, one of git's modes.
struct TreeBytes {
    struct Entry {
        var start: Int
        var name: Range<Int>
        var isFolder: Bool
    }

    let raw: [UInt8]
    private(set) var entries: [Entry] = []
    /// The modes git writes (libgit2 copies any other as it finds it; those trees are left to it).
    static let modes: [[UInt8]] = ["100644", "100755", "120000", "40000", "160000"].map { Array($0.utf8) }

    init?(_ raw: [UInt8]) {
        self.raw = raw
        var at = 0
        while at < raw.count {
            guard let space = raw[at...].firstIndex(of: UInt8(ascii: " ")),
                  TreeBytes.modes.contains(where: { raw[at..<space].elementsEqual($0) }),
                  let nul = raw[(space + 1)...].firstIndex(of: 0), nul > space + 1, nul + 21 <= raw.count else { return nil }
            let folder = raw[at..<space].elementsEqual("40000".utf8)
            let e = Entry(start: at, name: (space + 1)..<nul, isFolder: folder)
            if let last = entries.last, TreeBytes.order(raw[last.name], last.isFolder, raw[e.name], e.isFolder) >= 0 { return nil }
            entries.append(e)
            at = nul + 21
        }
    }

    /// The entries as `treeEntries` lists them.
    func treeEntries() -> [TreeEntry] {
        entries.indices.map { i in
            let e = entries[i]
            let mode = UInt32(String(decoding: raw[e.start..<(e.name.lowerBound - 1)], as: UTF8.self), radix: 8)!
            return TreeEntry(name: String(decoding: raw[e.name], as: UTF8.self), id: id(of: i),
                             kind: e.isFolder ? .tree : (mode == 0o160000 ? .submodule : .blob), filemode: mode)
        }
    }

    func id(of i: Int) -> ObjectID { ObjectID(bytes: raw[(entries[i].name.upperBound + 1)..<(entries[i].name.upperBound + 21)])! }

    /// The entry of the file (`folder` false) or folder named `name` (a binary search in git's order).
    func index(of name: [UInt8], folder: Bool) -> Int? {
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            let e = entries[mid]
            if TreeBytes.order(raw[e.name], e.isFolder, name, folder) < 0 { low = mid + 1 } else { high = mid }
        }
        guard low < entries.count, entries[low].isFolder == folder, raw[entries[low].name].elementsEqual(name) else { return nil }
        return low
    }

    /// git's order of tree entries (`base_name_compare`): by name bytes, a folder's name as if it
    /// ended in `/`.
    static func order(_ a: some Collection<UInt8>, _ aFolder: Bool, _ b: some Collection<UInt8>, _ bFolder: Bool) -> Int {
        var i = a.startIndex, j = b.startIndex
        while i != a.endIndex && j != b.endIndex {
            if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
            i = a.index(after: i)
            j = b.index(after: j)
        }
        let c1: UInt8 = i != a.endIndex ? a[i] : (aFolder ? UInt8(ascii: "/") : 0)
        let c2: UInt8 = j != b.endIndex ? b[j] : (bFolder ? UInt8(ascii: "/") : 0)
        return c1 < c2 ? -1 : (c1 > c2 ? 1 : 0)
    }
}
