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
///   blob id of its bytes, read and hashed, and its executable bit (git's status compares it);
///   a link's target; a folder's .gitignore and .gitattributes.
/// Computing it costs an `lstat` per file and a read of the index, as `git status` does.
public struct ReportInputs: Sendable {
    /// The SHA-1 of all of the above.
    public let key: ObjectID
    /// The repository's git directory (the cache is kept in its `kpi/` folder).
    public let gitDir: String
    /// Ledger files named, and how many of them were read and hashed (the index did not vouch for them).
    public let files: Int
    public let hashed: Int
    /// The SHA-1 of the inputs besides the ledger's names, with the index known by its file's
    /// identity rather than read: what `Head.of` gives when nothing changed.
    public let head: ObjectID
    /// Given `changedSince`: whether the index, a name the walk looked at, a folder or its
    /// rules changed (its change time) at or after that time.
    public let touched: Bool

    /// The inputs besides the ledger's names, cheap to take: the command, the binary, where the
    /// ledger is, HEAD, the index file's identity (device, inode, size, times: not its
    /// content), git's configuration and the ignore and attribute files outside the ledger.
    public struct Head: Sendable {
        public let key: ObjectID
        public let gitDir: String
        /// The ledger's folder.
        public let root: String

        /// The head of a command started in `start`; nil as `ReportInputs.of` is.
        public static func of(start: String, context: [UInt8], environment: [String: String] = ProcessInfo.processInfo.environment) -> Head? {
            guard let place = Place(start: start, environment: environment) else { return nil }
            return Head(key: place.head(context), gitDir: place.gitDir, root: place.root)
        }
    }

    /// Where the inputs are, and the fields that are not the ledger's names.
    struct Place {
        let binary: [UInt8]
        let store: LedgerStore
        let root: String, workTree: String, gitDir: String, indexPath: String
        let head: ObjectID?
        let config: GitConfigEntries
        let rules: [String]

        init?(start: String, environment: [String: String]) {
            guard let binary = ParsedFileCache.binaryIdentity,
                  let store = try? LedgerStore.open(from: start), let root = store.root, let workTree = store.location.workTree,
                  FileManager.default.fileExists(atPath: root + "/" + LedgerLayout.settingsFile),
                  let head = try? store.headCommit(), let config = try? store.repository.configEntries() else { return nil }
            self.binary = binary
            self.store = store
            self.root = root
            self.workTree = workTree
            self.head = head
            self.config = config
            gitDir = store.repository.gitDir
            indexPath = environment["GIT_INDEX_FILE"] ?? ((gitDir.hasSuffix("/") ? gitDir : gitDir + "/") + "index")
            rules = ReportInputs.ruleFiles(gitDir: gitDir, workTree: workTree, prefix: store.location.prefix, config: config,
                                           environment: environment)
        }

        /// The fields besides the index and the ledger's names, fed in the key's order around
        /// the index's field (`index`).
        func feed(_ feed: inout KeyFeed, context: [UInt8], index: () -> [UInt8]) {
            feed.field("kpi-report-inputs 3")
            feed.field(binary)
            feed.field(context)
            feed.field(gitDir)
            feed.field(workTree)
            feed.field(store.location.prefix)
            feed.field(head?.hex ?? "")
            feed.field(index())
            for e in config.entries { feed.field(e.name + "=" + e.value) }
            for path in rules { feed.field(path); feed.field(ReportInputs.contentID(of: path)) }
        }

        /// The head's key: the index by its file's identity.
        func head(_ context: [UInt8]) -> ObjectID {
            var feed = KeyFeed()
            self.feed(&feed, context: context) {
                var st = stat()
                guard stat(indexPath, &st) == 0 else { return Array("absent \(errno)".utf8) }
                return Array("\(st.st_dev) \(st.st_ino) \(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) \(st.st_ctim.tv_sec).\(st.st_ctim.tv_nsec)".utf8)
            }
            return ObjectID(bytes: feed.finish())!
        }
    }

    /// The inputs of a command started in `start` that reads the working files, with the
    /// caller's own `context`; nil when they cannot be named so (no git work tree holding the
    /// ledger, an unborn or unreadable HEAD, an index not in the usual form, the running binary
    /// unknown): the command then runs as it would without a cache. `changedSince`: `touched`
    /// says whether anything looked at changed at or after that time (a file system's time).
    public static func of(start: String, context: [UInt8], environment: [String: String] = ProcessInfo.processInfo.environment,
                          changedSince: timespec? = nil) -> ReportInputs? {
        guard let place = Place(start: start, environment: environment) else { return nil }
        let head = place.head(context)
        let index = IndexStat(gitDir: place.gitDir, environment: environment)
        if index == nil, access(place.indexPath, F_OK) == 0 { return nil }
        var feed = KeyFeed()
        place.feed(&feed, context: context) { index.map { Array($0.checksum) } ?? Array("no index".utf8) }

        // Every name the loader lists, in a fixed order, with its content, fed as the walk finds
        // it (nothing held per file: a million-record ledger has 219,000 of them).
        let prefix = place.store.location.prefix
        var walk = InputWalk(root: place.root, index: index, repositoryPrefix: prefix.isEmpty ? "" : prefix + "/", changedSince: changedSince)
        walk.run(LedgerLayout.ledgerRoots, into: &feed)
        // The index read is the one whose identity `head` holds when that is the same after it.
        let touched = walk.touched || (changedSince != nil && place.head(context) != head)
        return ReportInputs(key: ObjectID(bytes: feed.finish())!, gitDir: place.gitDir, files: walk.files, hashed: walk.hashed,
                            head: head, touched: touched)
    }

    /// The ignore and attribute files git reads outside the ledger's folders: the repository's,
    /// the user's (core.excludesFile / core.attributesFile, else git's default places), and each
    /// folder's from the work tree's root down to the ledger's (at `prefix`).
    static func ruleFiles(gitDir: String, workTree: String, prefix: String, config: GitConfigEntries,
                          environment: [String: String]) -> [String] {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let xdg = (environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config") + "/git/"
        func expanded(_ p: String) -> String { p.hasPrefix("~/") ? home + p.dropFirst(1) : p }
        var rules = [gitDir + "/info/exclude", gitDir + "/info/attributes",
                     expanded(config.value("core.excludesFile") ?? xdg + "ignore"),
                     expanded(config.value("core.attributesFile") ?? xdg + "attributes")]
        var folder = workTree
        for part in [""] + prefix.split(separator: "/").map(String.init) {
            if !part.isEmpty { folder += "/" + part }
            rules += [folder + "/.gitignore", folder + "/.gitattributes"]
        }
        return rules
    }

    /// The git blob id of the file at `path` (a file too large for the loader: its size, which
    /// is all the loader reads of it), or a word saying why there is none.
    static func contentID(of path: String) -> [UInt8] { InputWalk.contentID(AT_FDCWD, Array(path.utf8) + [0]) }
}

/// The key's fields, each its length (8 bytes, little-endian) and its bytes, gathered and given
/// to SHA-1 a block at a time (a call per field cost more than the hashing). A feed without a
/// SHA-1 only gathers (a part of the walk, fed to the key in its turn: `append(fields:)`).
struct KeyFeed {
    private let sha: SHA1Stream?
    private(set) var buffer: [UInt8] = []
    /// Where the length of the field being written goes (`begin`).
    private var open = 0

    init(hashing: Bool = true) {
        sha = hashing ? SHA1Stream() : nil
        buffer.reserveCapacity(hashing ? Self.block + 4096 : 4096)
    }

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

    private mutating func flushIfFull() {
        guard let sha, buffer.count >= Self.block else { return }
        buffer.withUnsafeBytes { sha.update($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Starts a field whose bytes are appended (`append`) until `end`.
    mutating func begin() {
        flushIfFull()
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

    /// The fields another feed gathered (its `buffer`), as if they had been fed here.
    mutating func append(fields: [UInt8]) {
        flushIfFull()
        buffer += fields
    }

    mutating func finish() -> [UInt8] {
        buffer.withUnsafeBytes { sha!.update($0) }
        buffer.removeAll()
        return sha!.finish()
    }
}

/// The walk of `DirectorySource.visit(ordered: true)` — every file, link and folder under the
/// ledger's top-level names, names starting with `.` skipped, a link not followed — done on
/// bytes for the key, in two passes. The first lists the folders (each opened once, from its
/// parent, its names sorted by their bytes): the names to feed, in order. The second, on every
/// core a part of those names at a time, looks at each from its folder (`fstatat`,
/// `readlinkat`; a file's index entry found by its path's bytes) and writes its fields; the
/// parts are fed in order, so the key is the one a single pass would give. No `String` per
/// name: the walk is most of what a warm run costs. Given `changedSince`, it also notes whether
/// anything it looked at (a file, link or folder, a folder's rules) changed at or after then.
struct InputWalk {
    let root: String
    let index: IndexStat?
    let repositoryPrefix: [UInt8]
    let changedSince: timespec?
    private(set) var files = 0, hashed = 0
    private(set) var touched = false

    /// A folder listed: its ledger path, and which folder it is (a folder replaced between the
    /// passes is not looked into: the key is then one no other walk gives).
    private struct Folder {
        let path: [UInt8]
        let device: UInt64, inode: UInt64
        /// Why it could not be opened (errno), 0 when it was.
        let failure: Int32
    }

    /// A name to feed: in folder `folder`, with its terminating NUL; a folder's own entry names
    /// the folder it is (`listed`).
    private struct Item {
        enum Kind { case file, link, folder(listed: Int) }
        let folder: Int
        let name: [UInt8]
        let kind: Kind
    }

    private var folders: [Folder] = []
    private var items: [Item] = []
    /// Names looked at per part of the second pass.
    static let part = 256

    init(root: String, index: IndexStat?, repositoryPrefix: String, changedSince: timespec? = nil) {
        self.root = root
        self.index = index
        self.repositoryPrefix = Array(repositoryPrefix.utf8)
        self.changedSince = changedSince
    }

    /// Whether `st` changed (its change time, which no one can set back) at or after `since`.
    static func changed(_ st: stat, since: timespec?) -> Bool {
        guard let since else { return false }
        return (st.st_ctim.tv_sec, st.st_ctim.tv_nsec) >= (since.tv_sec, since.tv_nsec)
    }

    /// Feeds the fields of every name under the top-level names `roots` to `feed`.
    mutating func run(_ roots: [String], into feed: inout KeyFeed) {
        let top = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard top >= 0 else { return }
        defer { close(top) }
        var st = stat()
        guard fstat(top, &st) == 0 else { return }
        touched = InputWalk.changed(st, since: changedSince)
        folders = [Folder(path: [], device: UInt64(st.st_dev), inode: UInt64(st.st_ino), failure: 0)]
        for name in roots {
            let entry = Array(name.utf8) + [0]
            guard fstatat(top, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            switch st.st_mode & S_IFMT {
            case S_IFREG: items.append(Item(folder: 0, name: entry, kind: .file))
            case S_IFLNK: items.append(Item(folder: 0, name: entry, kind: .link))
            case S_IFDIR: list(top, entry, in: 0)
            default: continue
            }
        }
        let parts = Array(stride(from: 0, to: items.count, by: Self.part))
        let walk = self
        let fed = Parallel.map(parts, minimumItems: 2) { start in walk.fields(start..<min(start + Self.part, walk.items.count), top: top) }
        for f in fed {
            feed.append(fields: f.fields)
            files += f.files
            hashed += f.hashed
            touched = touched || f.touched
        }
    }

    /// First pass: the folder `name` in the open folder `parent` (number `at`), and what it holds.
    private mutating func list(_ parent: Int32, _ name: [UInt8], in at: Int) {
        let path = at == 0 ? Array(name.dropLast()) : folders[at].path + [UInt8(ascii: "/")] + name.dropLast()
        let number = folders.count
        items.append(Item(folder: at, name: name, kind: .folder(listed: number)))
        let fd = InputWalk.at(name) { openat(parent, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        var st = stat()
        guard fd >= 0, fstat(fd, &st) == 0, let dir = fdopendir(fd) else {
            let failure = errno
            if fd >= 0 { close(fd) }
            folders.append(Folder(path: path, device: 0, inode: 0, failure: failure == 0 ? EIO : failure))
            return
        }
        defer { closedir(dir) }
        folders.append(Folder(path: path, device: UInt64(st.st_dev), inode: UInt64(st.st_ino), failure: 0))
        var entries: [(name: [UInt8], type: UInt8)] = []
        while let e = readdir(dir) {
            let entry = withUnsafeBytes(of: e.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) + [0] }
            if entry[0] != UInt8(ascii: ".") { entries.append((entry, e.pointee.d_type)) }
        }
        // Byte order (the NUL ends a name before any longer one it starts).
        entries.sort { a, b in
            a.name.withUnsafeBufferPointer { x in b.name.withUnsafeBufferPointer { y in strcmp(x.baseAddress!, y.baseAddress!) < 0 } }
        }
        let listing = dirfd(dir)
        for (entry, type) in entries {
            var kind = Int32(type)
            if kind == Int32(DT_UNKNOWN) {
                guard InputWalk.at(entry, { fstatat(listing, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 else { continue }
                switch st.st_mode & S_IFMT {
                case S_IFREG: kind = Int32(DT_REG)
                case S_IFLNK: kind = Int32(DT_LNK)
                case S_IFDIR: kind = Int32(DT_DIR)
                default: continue
                }
            }
            switch kind {
            case Int32(DT_REG): items.append(Item(folder: number, name: entry, kind: .file))
            case Int32(DT_LNK): items.append(Item(folder: number, name: entry, kind: .link))
            case Int32(DT_DIR): list(listing, entry, in: number)
            default: continue
            }
        }
    }

    /// Second pass: the fields of the names `range`, each looked at from its folder, opened
    /// again from the ledger's folder `top` (and checked to be the folder listed).
    private func fields(_ range: Range<Int>, top: Int32) -> (fields: [UInt8], files: Int, hashed: Int, touched: Bool) {
        var feed = KeyFeed(hashing: false), files = 0, hashed = 0, touched = false
        var open = (folder: -1, fd: Int32(-1)), nextEntry = -1
        // Copied once for the part, not once per name.
        let index = self.index, folders = self.folders, changedSince = self.changedSince
        defer { if open.fd >= 0, open.fd != top { close(open.fd) } }
        /// The open folder `k`; -1 when it cannot be looked into as listed.
        func folder(_ k: Int) -> Int32 {
            if open.folder == k { return open.fd }
            if open.fd >= 0, open.fd != top { close(open.fd) }
            open = (k, -1)
            let f = folders[k]
            guard f.failure == 0 else { return -1 }
            let fd = k == 0 ? top : InputWalk.at(f.path + [0]) { openat(top, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
            var st = stat()
            guard fd >= 0 else { return -1 }
            guard fstat(fd, &st) == 0, UInt64(st.st_dev) == f.device, UInt64(st.st_ino) == f.inode else {
                if fd != top { close(fd) }
                return -1
            }
            if InputWalk.changed(st, since: changedSince) { touched = true }
            open.fd = fd
            return fd
        }
        /// Marks a folder changed between the passes: a key no walk gives again.
        func changed() {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            feed.append(Array("changed while walked \(getpid()) \(now.tv_sec).\(now.tv_nsec)".utf8))
        }
        for item in items[range] {
            let base = item.name[..<(item.name.count - 1)]
            feed.begin()
            switch item.kind {
            case .folder(let listed): feed.append(folders[listed].path)
            case .file, .link:
                if item.folder != 0 {
                    feed.append(folders[item.folder].path)
                    feed.append(UInt8(ascii: "/"))
                }
                feed.append(base)
            }
            feed.end()
            feed.begin()
            var from = item.folder
            switch item.kind {
            case .file: files += 1; feed.append(0x66)
            case .link: files += 1; feed.append(0x6C)
            case .folder(let listed): feed.append(0x64); from = listed
            }
            let dir = folder(from)
            if case .folder = item.kind, folders[from].failure != 0 {
                feed.append(Array("unreadable \(folders[from].failure)".utf8))
            } else if dir < 0 {
                changed()
            } else {
                switch item.kind {
                case .file:
                    var st = stat()
                    var blob: ArraySlice<UInt8>?
                    let looked = InputWalk.at(item.name, { fstatat(dir, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0
                    if looked {
                        if InputWalk.changed(st, since: changedSince) { touched = true }
                        if let index {
                            var path = repositoryPrefix
                            if item.folder != 0 { path += folders[item.folder].path + [UInt8(ascii: "/")] }
                            path += base
                            blob = path.withUnsafeBufferPointer { index.blob($0, st, next: &nextEntry) }
                        }
                    }
                    if let blob {
                        feed.append(blob)
                    } else {
                        hashed += 1
                        feed.append(InputWalk.contentID(dir, item.name, since: changedSince, touched: &touched))
                    }
                    if looked { InputWalk.feedExecutable(st.st_mode, into: &feed) }
                case .link:
                    var target = [UInt8](repeating: 0, count: Int(PATH_MAX))
                    let n = InputWalk.at(item.name) { readlinkat(dir, $0, &target, target.count) }
                    feed.append(n >= 0 ? Array(target[..<n]) : Array("unreadable \(errno)".utf8))
                    // Looked at after it is read: a link replaced meanwhile shows as changed.
                    var st = stat()
                    if changedSince != nil, InputWalk.at(item.name, { fstatat(dir, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0,
                       InputWalk.changed(st, since: changedSince) { touched = true }
                case .folder:
                    feed.append(InputWalk.contentID(dir, Array(".gitignore\0".utf8), since: changedSince, touched: &touched))
                    feed.append(InputWalk.contentID(dir, Array(".gitattributes\0".utf8), since: changedSince, touched: &touched))
                }
            }
            feed.end()
        }
        return (feed.buffer, files, hashed, touched)
    }

    /// A file's executable bit (the owner's), after its content: git's status compares it as
    /// well as the bytes (`chmod +x` alone makes a file changed), so the key must too.
    static func feedExecutable(_ mode: mode_t, into feed: inout KeyFeed) {
        if mode & S_IXUSR != 0 { feed.append(UInt8(ascii: "x")) }
    }

    /// `body` given the NUL-terminated `name` as a C string.
    static func at<T>(_ name: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        name.withUnsafeBufferPointer { body(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self)) }
    }

    /// `ReportInputs.contentID(of:)` of the name `name` in the open folder `dir` (or a path from
    /// `AT_FDCWD`).
    static func contentID(_ dir: Int32, _ name: [UInt8]) -> [UInt8] {
        var touched = false
        return contentID(dir, name, since: nil, touched: &touched)
    }

    /// The same, `touched` set when the file changed at or after `since`.
    static func contentID(_ dir: Int32, _ name: [UInt8], since: timespec?, touched: inout Bool) -> [UInt8] {
        var st = stat()
        guard at(name, { fstatat(dir, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 else { return Array("absent \(errno)".utf8) }
        if changed(st, since: since) { touched = true }
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
        // Looked at again once read: bytes changed while they were read show as changed.
        if since != nil, fstat(fd, &st) == 0, changed(st, since: since) { touched = true }
        return IndexStat.blobID(of: bytes).bytes
    }
}
