import Foundation
import GitStore

/// The identity of everything a read command's output over the working files depends on, as
/// one SHA-1 (docs/architecture.md, "The report cache"): equal keys, equal inputs, so the
/// output kept under one can be shown again. It holds
/// - what the command asked (`context`: the CLI's options, today, the environment it reads),
///   and the running binary (the parsed-file cache's identity of it: another build may word
///   or compute things otherwise);
/// - where the ledger is (git directory, work tree, folder) and HEAD's commit id (outputs name
///   it; record dates are checked against its history);
/// - the index, by its own checksum (git's status of the files is read from it), and git's
///   configuration and ignore and attribute rules (what status reports as untracked or changed);
/// - every name the loader lists under the ledger's folders (`DirectorySource.visit`: new,
///   deleted and untracked files alike) with its content: a file's blob id from the index when
///   its stat data vouches for it (`IndexStat.blob`: git's racily-clean rule included), else the
///   blob id of its bytes, read and hashed; a link's target; a folder's .gitignore and
///   .gitattributes.
/// Computing it costs an `lstat` per file and a read of the index, as `git status` does.
public struct ReportInputs: Sendable {
    /// The SHA-1 of all of the above.
    public let key: ObjectID
    /// The repository's git directory (the cache is kept in its `kpi/` folder).
    public let gitDir: String
    /// Ledger files named, and how many of them were read and hashed (the index did not vouch for them).
    public let files: Int
    public let hashed: Int

    /// The inputs of a command started in `start` that reads the working files, with the
    /// caller's own `context`; nil when they cannot be named so (no git work tree holding the
    /// ledger, an unborn or unreadable HEAD, an index not in the usual form, the running binary
    /// unknown): the command then runs as it would without a cache.
    public static func of(start: String, context: [UInt8], environment: [String: String] = ProcessInfo.processInfo.environment) -> ReportInputs? {
        guard let binary = ParsedFileCache.binaryIdentity,
              let store = try? LedgerStore.open(from: start), let root = store.root, let workTree = store.location.workTree,
              FileManager.default.fileExists(atPath: root + "/" + LedgerLayout.settingsFile),
              let head = try? store.headCommit(), let config = try? store.repository.configEntries() else { return nil }
        let gitDir = store.repository.gitDir
        let indexPath = environment["GIT_INDEX_FILE"] ?? ((gitDir.hasSuffix("/") ? gitDir : gitDir + "/") + "index")
        let index = IndexStat(gitDir: gitDir, environment: environment)
        if index == nil, access(indexPath, F_OK) == 0 { return nil }

        var feed = KeyFeed()
        feed.field("kpi-report-inputs 2")
        feed.field(binary)
        feed.field(context)
        feed.field(gitDir)
        feed.field(workTree)
        feed.field(store.location.prefix)
        feed.field(head.hex)
        feed.field(index.map { Array($0.checksum) } ?? Array("no index".utf8))
        for e in config.entries { feed.field(e.name + "=" + e.value) }

        // Ignore and attribute rules outside the ledger's folders: the repository's, the user's
        // (core.excludesFile / core.attributesFile, else git's default places), and each folder's
        // from the work tree's root down to the ledger's.
        let home = environment["HOME"] ?? NSHomeDirectory()
        let xdg = (environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config") + "/git/"
        func expanded(_ p: String) -> String { p.hasPrefix("~/") ? home + p.dropFirst(1) : p }
        var rules = [gitDir + "/info/exclude", gitDir + "/info/attributes",
                     expanded(config.value("core.excludesFile") ?? xdg + "ignore"),
                     expanded(config.value("core.attributesFile") ?? xdg + "attributes")]
        var folder = workTree
        for part in [""] + store.location.prefix.split(separator: "/").map(String.init) {
            if !part.isEmpty { folder += "/" + part }
            rules += [folder + "/.gitignore", folder + "/.gitattributes"]
        }
        for path in rules { feed.field(path); feed.field(contentID(of: path)) }

        // Every name the loader lists, in a fixed order, with its content, fed as the walk finds
        // it (nothing held per file: a million-record ledger has 219,000 of them).
        var walk = InputWalk(root: root, index: index, repositoryPrefix: store.location.prefix.isEmpty ? "" : store.location.prefix + "/",
                             feed: feed)
        walk.run(LedgerLayout.ledgerRoots)
        return ReportInputs(key: ObjectID(bytes: walk.feed.finish())!, gitDir: gitDir, files: walk.files, hashed: walk.hashed)
    }

    /// The git blob id of the file at `path` (a file too large for the loader: its size, which
    /// is all the loader reads of it), or a word saying why there is none.
    static func contentID(of path: String) -> [UInt8] { InputWalk.contentID(AT_FDCWD, Array(path.utf8) + [0]) }
}

/// The key's fields, each its length (8 bytes, little-endian) and its bytes, gathered and given
/// to SHA-1 a block at a time (a call per field cost more than the hashing).
struct KeyFeed {
    private let sha = SHA1Stream()
    private var buffer: [UInt8] = []
    /// Where the length of the field being written goes (`begin`).
    private var open = 0

    init() { buffer.reserveCapacity(Self.block + 4096) }

    static let block = 1 << 16

    mutating func field(_ bytes: some Collection<UInt8>) {
        begin()
        buffer += bytes
        end()
    }

    mutating func field(_ text: String) {
        var t = text
        t.withUTF8 { field(UnsafeRawBufferPointer($0)) }
    }

    mutating func field(_ bytes: UnsafeRawBufferPointer) {
        begin()
        buffer += bytes
        end()
    }

    /// Starts a field whose bytes are appended (`append`) until `end`.
    mutating func begin() {
        if buffer.count >= Self.block {
            buffer.withUnsafeBytes { sha.update($0) }
            buffer.removeAll(keepingCapacity: true)
        }
        open = buffer.count
        for _ in 0..<8 { buffer.append(0) }
    }

    mutating func append(_ byte: UInt8) { buffer.append(byte) }
    mutating func append(_ bytes: ArraySlice<UInt8>) { buffer.append(contentsOf: bytes) }
    mutating func append(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }
    mutating func append(_ bytes: UnsafeRawBufferPointer) { buffer += bytes }

    mutating func end() {
        var n = UInt64(buffer.count - open - 8)
        for i in 0..<8 {
            buffer[open + i] = UInt8(truncatingIfNeeded: n)
            n >>= 8
        }
    }

    mutating func finish() -> [UInt8] {
        buffer.withUnsafeBytes { sha.update($0) }
        buffer.removeAll()
        return sha.finish()
    }
}

/// The walk of `DirectorySource.visit(ordered: true)` — every file, link and folder under the
/// ledger's top-level names, names starting with `.` skipped, a link not followed — done on
/// bytes for the key: each folder opened once and its names looked at from it (`fstatat`,
/// `readlinkat`, `openat`), each folder's names sorted by their bytes, and a file's index entry
/// found by its path's bytes. No `String` per name: the walk is most of what a warm run costs.
/// Names are passed with their terminating NUL.
struct InputWalk {
    let root: String
    let index: IndexStat?
    var feed: KeyFeed
    var files = 0, hashed = 0
    /// The repository path of the folder being listed, ending in `/` (or the prefix alone):
    /// the ledger path is what follows the prefix.
    private var path: [UInt8]
    private let prefixCount: Int
    /// Where the index's entry of the next file is expected (`IndexStat.blob(_:_:next:)`).
    private var nextEntry = 0

    init(root: String, index: IndexStat?, repositoryPrefix: String, feed: KeyFeed) {
        self.root = root
        self.index = index
        self.feed = feed
        path = Array(repositoryPrefix.utf8)
        prefixCount = path.count
    }

    mutating func run(_ roots: [String]) {
        let dir = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { return }
        defer { close(dir) }
        for top in roots {
            let name = Array(top.utf8) + [0]
            var st = stat()
            guard fstatat(dir, top, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            switch st.st_mode & S_IFMT {
            case S_IFREG: file(dir, name)
            case S_IFLNK: link(dir, name)
            case S_IFDIR: folder(dir, name)
            default: continue
            }
        }
    }

    /// The field of `name`'s ledger path, in the folder being listed.
    private mutating func fieldPath(_ name: [UInt8]) {
        feed.begin()
        feed.append(path[prefixCount...])
        feed.append(name[..<(name.count - 1)])
        feed.end()
    }

    private mutating func file(_ dir: Int32, _ name: [UInt8]) {
        files += 1
        fieldPath(name)
        var st = stat()
        let statted = InputWalk.at(name) { fstatat(dir, $0, &st, AT_SYMLINK_NOFOLLOW) } == 0
        let count = path.count
        path += name[..<(name.count - 1)]
        let blob = statted ? path.withUnsafeBufferPointer { index?.blob($0, st, next: &nextEntry) } : nil
        path.removeLast(path.count - count)
        feed.begin()
        feed.append(0x66)
        if let blob {
            feed.append(blob)
        } else {
            hashed += 1
            feed.append(InputWalk.contentID(dir, name))
        }
        feed.end()
    }

    private mutating func link(_ dir: Int32, _ name: [UInt8]) {
        files += 1
        fieldPath(name)
        var target = [UInt8](repeating: 0, count: Int(PATH_MAX))
        let n = InputWalk.at(name) { readlinkat(dir, $0, &target, target.count) }
        feed.begin()
        feed.append(0x6C)
        feed.append(n >= 0 ? Array(target[..<n]) : Array("unreadable \(errno)".utf8))
        feed.end()
    }

    private mutating func folder(_ parent: Int32, _ name: [UInt8]) {
        fieldPath(name)
        let fd = InputWalk.at(name) { openat(parent, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        feed.begin()
        feed.append(0x64)
        if fd >= 0 {
            feed.append(InputWalk.contentID(fd, Array(".gitignore\0".utf8)))
            feed.append(InputWalk.contentID(fd, Array(".gitattributes\0".utf8)))
        } else {
            feed.append(Array("unreadable \(errno)".utf8))
        }
        feed.end()
        guard fd >= 0 else { return }
        guard let dir = fdopendir(fd) else {
            close(fd)
            return
        }
        defer { closedir(dir) }
        var entries: [(name: [UInt8], type: UInt8)] = []
        while let e = readdir(dir) {
            let entry = withUnsafeBytes(of: e.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) + [0] }
            if entry[0] != UInt8(ascii: ".") { entries.append((entry, e.pointee.d_type)) }
        }
        // Byte order (the NUL ends a name before any longer one it starts).
        entries.sort { a, b in
            a.name.withUnsafeBufferPointer { x in b.name.withUnsafeBufferPointer { y in strcmp(x.baseAddress!, y.baseAddress!) < 0 } }
        }
        let count = path.count
        path += name[..<(name.count - 1)]
        path.append(UInt8(ascii: "/"))
        let listing = dirfd(dir)
        for (entry, type) in entries {
            var kind = Int32(type)
            if kind == Int32(DT_UNKNOWN) {
                var st = stat()
                guard InputWalk.at(entry, { fstatat(listing, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 else { continue }
                switch st.st_mode & S_IFMT {
                case S_IFREG: kind = Int32(DT_REG)
                case S_IFLNK: kind = Int32(DT_LNK)
                case S_IFDIR: kind = Int32(DT_DIR)
                default: continue
                }
            }
            switch kind {
            case Int32(DT_REG): file(listing, entry)
            case Int32(DT_LNK): link(listing, entry)
            case Int32(DT_DIR): folder(listing, entry)
            default: continue
            }
        }
        path.removeLast(path.count - count)
    }

    /// `body` given the NUL-terminated `name` as a C string.
    static func at<T>(_ name: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        name.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self)) }
    }

    /// `ReportInputs.contentID(of:)` of the name `name` in the open folder `dir` (or a path from
    /// `AT_FDCWD`).
    static func contentID(_ dir: Int32, _ name: [UInt8]) -> [UInt8] {
        var st = stat()
        guard at(name, { fstatat(dir, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 else { return Array("absent \(errno)".utf8) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return Array("mode \(st.st_mode)".utf8) }
        if Int(st.st_size) > LedgerLoader.maxFileBytes { return Array("too large \(st.st_size)".utf8) }
        let fd = at(name) { openat(dir, $0, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
        guard fd >= 0 else { return Array("unreadable".utf8) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return Array("unreadable".utf8) }
            if n == 0 { break }
            bytes += chunk[..<n]
        }
        return IndexStat.blobID(of: bytes).bytes
    }
}
