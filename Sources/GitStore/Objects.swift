import CGit2
#if canImport(Glibc)
import Glibc
#endif

/// A commit as read from the object database.
public struct Commit: Hashable, Sendable {
    public let id: ObjectID
    public let tree: ObjectID
    public let parents: [ObjectID]
    public let author: Signature
    public let committer: Signature
    /// The full message, as stored.
    public let message: String
    /// The first paragraph of the message, joined into one line (git's `%s`).
    public let summary: String

    /// A commit as read back from a cache (no object is written).
    public init(id: ObjectID, tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature,
                message: String, summary: String) {
        self.id = id
        self.tree = tree
        self.parents = parents
        self.author = author
        self.committer = committer
        self.message = message
        self.summary = summary
    }
}

/// One entry of a tree.
public struct TreeEntry: Hashable, Sendable {
    public enum Kind: Sendable, Hashable {
        case blob, tree, submodule
    }

    public let name: String
    public let id: ObjectID
    public let kind: Kind
    /// git's file mode: 0o100644, 0o100755, 0o120000 (symlink), 0o040000, 0o160000.
    public let filemode: UInt32

    public init(name: String, id: ObjectID, kind: Kind, filemode: UInt32) {
        self.name = name
        self.id = id
        self.kind = kind
        self.filemode = filemode
    }

    init(_ entry: OpaquePointer) {
        let type = git_tree_entry_type(entry)
        let kind: Kind = type == GIT_OBJECT_TREE ? .tree : (type == GIT_OBJECT_COMMIT ? .submodule : .blob)
        self.init(name: swiftString(git_tree_entry_name(entry)) ?? "",
                  id: ObjectID(git_tree_entry_id(entry)), kind: kind,
                  filemode: git_tree_entry_filemode(entry).rawValue)
    }
}

/// A change to a tree, by full path from its root.
public enum TreeUpdate: Hashable, Sendable {
    /// Put `blob` at `path` (folders created as needed); `filemode` 0o100644 or 0o100755.
    case upsert(String, ObjectID, filemode: UInt32 = 0o100644)
    /// Remove the entry at `path` (it must exist: `.notFound` otherwise).
    case remove(String)
}

extension Repository {
    // MARK: Reading

    public func commit(_ id: ObjectID) throws -> Commit {
        // A packed commit of the usual shape is read by GitStore itself (`PackReader`,
        // `UsualCommit`): libgit2's look-up, inflate and parse were ~35,000 instructions a commit.
        if let (type, object) = rawTrees.packs(of: self).read(id, keep: false), type == Int(GIT_OBJECT_COMMIT.rawValue),
           let (c, unsigned) = UsualCommit.read(id: id, UnsafeBufferPointer(start: object.bytes, count: object.count)) {
            if unsigned { unsignedCommits.insert(id) }
            return c
        }
        return try libgit2Commit(id)
    }

    /// `commit(_:)` through libgit2's parse (or, for a header libgit2 refuses, `CommitText`'s).
    func libgit2Commit(_ id: ObjectID) throws -> Commit {
        var oid = id.oid
        let c: Owned
        do {
            c = try owned("git_commit_lookup(\(id.short))", free: { git_commit_free($0) }) {
                git_commit_lookup($0, raw, &oid)
            }
        } catch let e as GitError where e.code != .notFound {
            // libgit2 refuses commits whose header another tool broke; read them leniently.
            return try CommitText.parse(id: id, rawObject(id, expecting: GIT_OBJECT_COMMIT))
        }
        // No "gpgsig" anywhere in the header: libgit2 would find no signature field in it.
        if let header = git_commit_raw_header(c.raw), strstr(header, "gpgsig") == nil { unsignedCommits.insert(id) }
        let count = git_commit_parentcount(c.raw)
        var parents: [ObjectID] = []
        parents.reserveCapacity(Int(count))
        for i in 0..<count { parents.append(ObjectID(git_commit_parent_id(c.raw, i))) }
        return Commit(id: id, tree: ObjectID(git_commit_tree_id(c.raw)), parents: parents,
                      author: Signature(git_commit_author(c.raw)),
                      committer: Signature(git_commit_committer(c.raw)),
                      message: swiftString(git_commit_message(c.raw)) ?? "",
                      summary: swiftString(git_commit_summary(c.raw)) ?? "")
    }

    /// An object's bytes straight from the object database (no parsing).
    func rawObject(_ id: ObjectID, expecting type: git_object_t) throws -> [UInt8] {
        let odb = try owned("git_repository_odb", free: { git_odb_free($0) }) { git_repository_odb($0, raw) }
        var oid = id.oid
        let object = try owned("git_odb_read(\(id.short))", free: { git_odb_object_free($0) }) {
            git_odb_read($0, odb.raw, &oid)
        }
        guard git_odb_object_type(object.raw) == type else {
            throw GitError(.invalidArgument, "\(id.short) is not a \(String(cString: git_object_type2string(type)))")
        }
        let size = git_odb_object_size(object.raw)
        guard size > 0, let data = git_odb_object_data(object.raw) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: data, count: size))
    }

    func lookupTree(_ id: ObjectID) throws -> Owned {
        var oid = id.oid
        return try owned("git_tree_lookup(\(id.short))", free: { git_tree_free($0) }) {
            git_tree_lookup($0, raw, &oid)
        }
    }

    /// The entries of a tree, in git's order (cached by tree id).
    public func treeEntries(_ tree: ObjectID) throws -> [TreeEntry] {
        if let cached = treeCache[tree] { return cached }
        var entries: [TreeEntry] = []
        if let raw = writtenTrees[tree], let parsed = TreeBytes(raw) {
            // A tree this object just wrote (`patchedTree`): not read back through libgit2.
            entries = parsed.treeEntries()
        } else {
            let t = try lookupTree(tree)
            let count = git_tree_entrycount(t.raw)
            entries.reserveCapacity(count)
            for i in 0..<count { entries.append(TreeEntry(git_tree_entry_byindex(t.raw, i))) }
        }
        keepTreeEntries(tree, entries)
        return entries
    }

    /// Keeps a tree's entries for `treeEntries` (all of them dropped past `treeCacheLimit`).
    func keepTreeEntries(_ tree: ObjectID, _ entries: [TreeEntry]) {
        let count = entries.count
        if treeCacheEntries + count > Repository.treeCacheLimit {
            treeCache.removeAll(keepingCapacity: true)
            treeCacheEntries = 0
        }
        treeCache[tree] = entries
        treeCacheEntries += count
    }

    /// The entry at a slash-separated `path` below `tree`; nil when there is none.
    /// Walked through the cached listings (`treeEntries`): libgit2 caches no tree over 4 KiB, so
    /// each look-up in a folder of 1,000 files read, inflated and hashed its tree again.
    public func entry(at path: String, in tree: ObjectID) throws -> TreeEntry? {
        let names = path.split(separator: "/", omittingEmptySubsequences: false)
        if !names.contains(where: \.isEmpty) {
            var folder = tree
            for (i, name) in names.enumerated() {
                let entries = try treeEntries(folder)
                guard let e = Repository.find(name, in: entries) ?? entries.first(where: { $0.name == name }) else { return nil }
                if i == names.count - 1 { return e }
                guard e.kind == .tree else { return nil }
                folder = e.id
            }
        }
        let t = try lookupTree(tree)
        var out: OpaquePointer? = nil
        let rc = git_tree_entry_bypath(&out, t.raw, path)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_tree_entry_bypath(\(path))")
        defer { git_tree_entry_free(out) }
        return TreeEntry(out!)
    }

    /// The entry named `name` among a tree's entries, by binary search in git's order (a folder
    /// sorts as its name and "/"; libgit2's `git_tree_entry_byname` searches so too): loading a
    /// ledger at a commit looks up each of ~10,000 files by path, and a scan of a 750-file folder
    /// compared ~375 names per look-up. nil when not found so (`entry(at:in:)` then scans, for a
    /// tree another tool wrote out of order).
    static func find(_ name: Substring, in entries: [TreeEntry]) -> TreeEntry? {
        for asFolder in [false, true] {
            var lo = 0, hi = entries.count
            while lo < hi {
                let mid = (lo + hi) / 2
                let c = gitOrder(entries[mid], name, asFolder)
                if c == 0 { return entries[mid] }
                if c < 0 { lo = mid + 1 } else { hi = mid }
            }
        }
        return nil
    }

    /// An entry's name against `name` in git's order (each read as followed by "/" when a folder).
    private static func gitOrder(_ e: TreeEntry, _ name: Substring, _ nameIsFolder: Bool) -> Int {
        var a = e.name.utf8.makeIterator(), b = name.utf8.makeIterator()
        let slash = Int(UInt8(ascii: "/"))
        var aEnded = false, bEnded = false
        while true {
            var x = -1, y = -1
            if !aEnded { if let c = a.next() { x = Int(c) } else { aEnded = true; x = e.kind == .tree ? slash : -1 } }
            if !bEnded { if let c = b.next() { y = Int(c) } else { bEnded = true; y = nameIsFolder ? slash : -1 } }
            if x != y { return x < y ? -1 : 1 }
            if x == -1 { return 0 }
        }
    }

    /// The bytes of a blob (copied once). Through libgit2: `PackReader` was measured no cheaper
    /// for the blobs of a history (most are whole objects, where zlib is the cost; BENCHMARKS.md, s14-audit).
    public func blob(_ id: ObjectID) throws -> [UInt8] {
        var oid = id.oid
        let b = try owned("git_blob_lookup(\(id.short))", free: { git_blob_free($0) }) {
            git_blob_lookup($0, raw, &oid)
        }
        let size = Int(git_blob_rawsize(b.raw))
        guard size > 0, let content = git_blob_rawcontent(b.raw) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: content, count: size))
    }

    /// The bytes of the file at `path` below `tree`; nil when there is no file there.
    public func file(at path: String, in tree: ObjectID) throws -> [UInt8]? {
        guard let e = try entry(at: path, in: tree), e.kind == .blob else { return nil }
        return try blob(e.id)
    }

    /// A blob's size from the object header, without inflating its content where possible.
    public func blobSize(_ id: ObjectID) throws -> Int {
        let odb = try owned("git_repository_odb", free: { git_odb_free($0) }) { git_repository_odb($0, raw) }
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_ANY
        try check(git_odb_read_header(&size, &type, odb.raw, &oid), "git_odb_read_header(\(id.short))")
        return size
    }

    // MARK: Writing objects (no reference moves)

    public func writeBlob(_ bytes: [UInt8]) throws -> ObjectID {
        var oid = git_oid()
        try bytes.withUnsafeBytes { buf in
            _ = try check(git_blob_create_from_buffer(&oid, raw, buf.baseAddress, buf.count), "git_blob_create_from_buffer")
        }
        return ObjectID(oid)
    }

    /// The blob id `bytes` would get, without writing it.
    public func hash(_ bytes: [UInt8]) throws -> ObjectID { Repository.blobID(of: bytes) }

    /// The blob id of `bytes`, on any thread (it needs no repository: the id is a hash of the bytes).
    public static func blobID(of bytes: [UInt8]) -> ObjectID {
        _ = Libgit2.initialized
        var oid = git_oid()
        bytes.withUnsafeBytes { buf in _ = git_odb_hash(&oid, buf.baseAddress, buf.count, GIT_OBJECT_BLOB) }
        return ObjectID(oid)
    }

    /// A new tree: `base` (nil = empty) with `updates` applied; intermediate folders are
    /// created, and folders left empty by removals disappear.
    public func updateTree(base: ObjectID?, _ updates: [TreeUpdate]) throws -> ObjectID {
        let baseTree = try base.map { try lookupTree($0) }
        var cPaths: [UnsafeMutablePointer<CChar>] = []
        defer { cPaths.forEach { free($0) } }
        var list: [git_tree_update] = []
        list.reserveCapacity(updates.count)
        for update in updates {
            var u = git_tree_update()
            switch update {
            case let .upsert(path, blob, mode):
                try Repository.validate(path: path)
                u.action = GIT_TREE_UPDATE_UPSERT
                u.id = blob.oid
                u.filemode = git_filemode_t(rawValue: mode)
                cPaths.append(strdup(path))
            case let .remove(path):
                try Repository.validate(path: path)
                // libgit2 reports this as a generic error (-1); give callers a `.notFound`.
                guard let base, try entry(at: path, in: base) != nil else {
                    throw GitError(.notFound, "cannot remove '\(path)': it is not in the tree", call: "git_tree_create_updated")
                }
                u.action = GIT_TREE_UPDATE_REMOVE
                cPaths.append(strdup(path))
            }
            u.path = UnsafePointer(cPaths[cPaths.count - 1])
            list.append(u)
        }
        var oid = git_oid()
        try check(git_tree_create_updated(&oid, raw, baseTree?.raw, list.count, list), "git_tree_create_updated")
        return ObjectID(oid)
    }

    /// Writes a commit object; moves no reference (see `updateReference`).
    /// `treeWritten`: the tree was just written by this object (it need not be looked up).
    public func createCommit(tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature,
                             message: String, treeWritten: Bool = false) throws -> ObjectID {
        if !treeWritten { _ = try lookupTree(tree) }
        let odb = try owned("git_repository_odb", free: { git_odb_free($0) }) { git_repository_odb($0, raw) }
        for p in parents {
            var oid = p.oid
            guard git_odb_exists(odb.raw, &oid) == 1 else {
                throw GitError(.notFound, "parent commit \(p.short) does not exist", call: "createCommit")
            }
        }
        // Written as text, not through git_commit_create: that one loads each parent with
        // libgit2's strict parser and so could not build on a commit another tool damaged.
        let text = try CommitText.make(tree: tree, parents: parents, author: author, committer: committer, message: message)
        if let signer = try SSHSigner.configured(self, kind: "commit", request: signing) {
            return try createSignedCommit(signer, content: text)
        }
        let id = try writeObject(text, type: GIT_OBJECT_COMMIT)
        keepCommitTree(id, tree)
        return id
    }

    /// The tree of a commit: one this object wrote lately, else read.
    public func commitTree(_ id: ObjectID) throws -> ObjectID {
        if let kept = commitTrees[id] { return kept }
        return try commit(id).tree
    }

    func keepCommitTree(_ id: ObjectID, _ tree: ObjectID) {
        if commitTrees.count >= Repository.rawTreeLimit { commitTrees.removeAll(keepingCapacity: true) }
        commitTrees[id] = tree
    }

    /// A repository-relative path: no leading or trailing "/", no empty, "." or ".." parts, no ".git".
    static func validate(path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." || $0.lowercased() == ".git" }),
              !path.utf8.contains(0)
        else { throw GitError(.invalidArgument, "invalid repository path '\(path)'") }
    }
}
