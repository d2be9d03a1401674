import CGit2
#if canImport(Glibc)
import Glibc
#endif

/// File-system helpers for the working tree: atomic writes, reads, deletions.
public enum FileIO {
    static func errnoText(_ e: Int32 = errno) -> String { String(cString: strerror(e)) }

    /// The bytes of a regular file, or nil when there is none (or it is not a regular file).
    static func read(_ path: String) throws -> [UInt8]? {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw GitError(.io, "cannot stat \(path): \(errnoText())")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        // O_NOFOLLOW: a link put in place after the lstat is not followed either.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw GitError(.io, "cannot open \(path): \(errnoText())") }
        defer { close(fd) }
        return try read(fd, size: Int(st.st_size), path: path)
    }

    /// The rest of the open file `fd`, expected to hold `size` bytes. Read straight into the
    /// result, sized by the stat (one more byte to see the end at once); a file that grew
    /// meanwhile is read on in doubled steps. No zeroed scratch buffer per file: a ledger is
    /// thousands of small files. `regular`: `fd` is a regular file, where a read that returns
    /// less than asked, with the stat's size in, has reached the end (no second read to see it
    /// return 0).
    static func read(_ fd: Int32, size: Int, path: String, regular: Bool = false) throws -> [UInt8] {
        var out = [UInt8]()
        var capacity = size + 1
        while true {
            var failed: Int32 = 0
            let previous = out
            out = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                count = previous.count
                if count > 0 { previous.withUnsafeBufferPointer { buffer.baseAddress!.initialize(from: $0.baseAddress!, count: count) } }
                while count < capacity {
                    let n = Glibc.read(fd, buffer.baseAddress! + count, capacity - count)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failed = errno
                        return
                    }
                    if n == 0 { return }
                    count += n
                    // Short of the stat's size, a read may be short for another reason (FUSE,
                    // network file systems): read on until one returns 0.
                    if regular && count < capacity && count >= size { return }
                }
            }
            if failed != 0 { throw GitError(.io, "cannot read \(path): \(errnoText(failed))") }
            if out.count < capacity { return out }
            capacity *= 2
        }
    }

    /// Whether `a` and `b` hold the same bytes (memcmp; `==` compares them one at a time).
    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in a.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, a.count) == 0 } }
    }

    /// Whether anything (file, folder, symlink) exists at `path`.
    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// Permission bits of an existing regular file, nil if none.
    static func permissions(_ path: String) -> mode_t? {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return st.st_mode & 0o7777
    }

    static func makeFolders(_ folder: String) throws {
        if folder.isEmpty { return }
        var st = stat()
        if stat(folder, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw GitError(.io, "\(folder) is not a folder") }
            return
        }
        if let slash = folder.lastIndex(of: "/"), slash != folder.startIndex {
            try makeFolders(String(folder[..<slash]))
        }
        if mkdir(folder, 0o777) != 0 && errno != EEXIST {
            throw GitError(.io, "cannot create folder \(folder): \(errnoText())")
        }
    }

    /// Writes all of `bytes` to an open descriptor.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], name: String) throws {
        try bytes.withUnsafeBytes { try writeAll(fd, $0, name: name) }
    }

    /// Writes all of `buf` to an open descriptor, again after a signal interrupts a write (the
    /// one such loop: the caches of LedgerCore and the CLI write through it too).
    public static func writeAll(_ fd: Int32, _ buf: UnsafeRawBufferPointer, name: String) throws {
        var offset = 0
        while offset < buf.count {
            let n = write(fd, buf.baseAddress! + offset, buf.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw GitError(.io, "cannot write \(name): \(errnoText())")
            }
            offset += n
        }
    }

    /// The names in a folder (not "." or ".."); empty when it cannot be read.
    static func list(_ folder: String) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let e = readdir(dir) {
            let name = withUnsafePointer(to: e.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The temporary name `writeAtomically` uses for `path`'s file name: `.NAME.kpi-PID-N.tmp`.
    static func isTemporary(_ name: String, for fileName: String? = nil) -> Bool {
        guard name.hasPrefix("."), name.hasSuffix(".tmp"), name.contains(".kpi-") else { return false }
        if let fileName { return name.hasPrefix(".\(fileName).kpi-") }
        return true
    }

    /// A new temporary name beside `path` (`.NAME.kpi-PID-N.tmp`, see `isTemporary`): one that
    /// the next kpi removes once its writer is gone (docs/reliability.md).
    public static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")!
        return "\(path[..<slash])/.\(path[path.index(after: slash)...]).kpi-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
    }

    /// Writes `bytes` to a temporary file beside `path`, fsyncs it and renames it over `path`:
    /// readers see the old or the new file, never half of one.
    /// `durable: false` skips the fsync, for scratch files nobody needs after a crash.
    static func writeAtomically(_ bytes: [UInt8], to path: String, permissions: mode_t, durable: Bool = true) throws {
        let temp = try writeTemporary(bytes, for: path, permissions: permissions)
        do {
            if durable { try makeDurable([temp]) }
            try rename(temp, to: path)
        } catch {
            unlink(temp)
            throw error
        }
    }

    /// Writes `bytes` to a new temporary file beside `path` (`.NAME.kpi-PID-N.tmp`, see
    /// `isTemporary`) and returns its name; `makeDurable` and `rename` finish the write.
    static func writeTemporary(_ bytes: [UInt8], for path: String, permissions: mode_t) throws -> String {
        try makeFolders(String(path[..<path.lastIndex(of: "/")!]))
        let temp = temporaryPath(for: path)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw GitError(.io, "cannot create \(temp): \(errnoText())") }
        defer { close(fd) }
        _ = fchmod(fd, permissions)
        do { try writeAll(fd, bytes, name: temp) } catch {
            unlink(temp)
            throw error
        }
        return temp
    }

    static func rename(_ temp: String, to path: String) throws {
        guard Glibc.rename(temp, path) == 0 else { throw GitError(.io, "cannot rename \(temp) to \(path): \(errnoText())") }
    }

    /// Up to this many files are fsynced one by one; more are made durable by one `syncfs(2)`
    /// of their file system, since a device flush per file was most of a 1,000-file import.
    static let fsyncEachUpTo = 4

    /// Makes the written data of `paths` durable: one fsync each for a few files, one
    /// `syncfs` per file system for more (docs/reliability.md, "The order of a write").
    static func makeDurable(_ paths: [String]) throws {
        var filesystems: [UInt: String] = [:]
        for p in paths {
            if paths.count > fsyncEachUpTo {
                var st = stat()
                guard stat(p, &st) == 0 else { throw GitError(.io, "cannot stat \(p): \(errnoText())") }
                if filesystems[UInt(st.st_dev)] == nil { filesystems[UInt(st.st_dev)] = p }
                continue
            }
            try sync(p) { fsync($0) }
        }
        for p in filesystems.values { try sync(p) { kpi_syncfs($0) } }
    }

    private static func sync(_ path: String, _ call: (Int32) -> Int32) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw GitError(.io, "cannot open \(path): \(errnoText())") }
        defer { close(fd) }
        guard call(fd) == 0 else { throw GitError(.io, "cannot fsync \(path): \(errnoText())") }
    }

    /// Deletes a file, then the folders it leaves empty (up to, not including, `root`).
    static func remove(_ path: String, root: String) throws {
        if unlink(path) != 0 && errno != ENOENT {
            throw GitError(.io, "cannot delete \(path): \(errnoText())")
        }
        var folder = path
        while let slash = folder.lastIndex(of: "/") {
            folder = String(folder[..<slash])
            if folder.count + 1 <= root.count { break }
            if rmdir(folder) != 0 { break }
        }
    }
}

extension String {
    /// The pieces between occurrences of `separator` (no Foundation in GitStore).
    func components(_ separator: String) -> [Substring] {
        var parts: [Substring] = []
        var rest = self[...]
        while let r = rest.firstRange(of: separator) {
            parts.append(rest[..<r.lowerBound])
            rest = rest[r.upperBound...]
        }
        parts.append(rest)
        return parts
    }
}

extension Repository {
    /// The bytes of a working-tree file (path relative to the working tree); nil when it
    /// does not exist, is not a regular file, or the repository is bare.
    public func workdirFile(_ path: String) throws -> [UInt8]? {
        guard let root = workdir else { return nil }
        try Repository.validate(path: path)
        if let link = Links.first(root: root, relative: path) { throw GitError(.conflict, link.message) }
        return try FileIO.read(root + path)
    }
}

/// A copy of a non-bare repository's index, changed by path, whose bytes go into kpi's
/// `index.lock` (never to `.git/index` itself, see `IndexLock`). An index in git's usual form
/// is edited as bytes (`IndexFile`); any other through libgit2, on a scratch copy in
/// `.git/kpi/`.
final class IndexEditor {
    private var file: IndexFile?
    private var library: Owned?
    private let scratch: String

    /// `throughLibgit2`: never edit the bytes (tests compare the two).
    init(_ repository: Repository, throughLibgit2: Bool = false) throws {
        let kpiDir = repository.gitDir + "kpi"
        scratch = kpiDir + "/index-\(getpid())"
        let current = try FileIO.read(repository.gitDir + "index")
        // The index this process wrote last, found unchanged byte for byte: its checksum is not
        // computed again (a SHA-1 of the whole index, the 13,000 entries of a large ledger),
        // nor its entries scanned.
        if !throughLibgit2, let current, let ours = repository.writtenIndex, FileIO.same(current, ours.original) {
            file = ours
        } else if !throughLibgit2, let current, let parsed = IndexFile(current) {
            file = parsed
        } else {
            try useLibrary(current)
        }
    }

    /// Moves the edits to libgit2: the index as it stands, on the scratch copy.
    private func useLibrary(_ bytes: [UInt8]?) throws {
        try FileIO.makeFolders(String(scratch[..<scratch.lastIndex(of: "/")!]))
        unlink(scratch)
        if let bytes {
            try FileIO.writeAtomically(bytes, to: scratch, permissions: 0o644, durable: false)
        }
        library = try owned("git_index_open", free: { git_index_free($0) }) { git_index_open($0, scratch) }
        file = nil
    }

    deinit { if library != nil { unlink(scratch) } }

    /// Whether the edits are made on the bytes (`IndexFile`) rather than through libgit2.
    var editsBytes: Bool { file != nil }

    /// The blob of the stage-0 entry of `path`.
    func stagedBlob(_ path: String) -> ObjectID? {
        if let file { return file.entry(path).map { ObjectID(bytes: $0[($0.startIndex + 40)..<($0.startIndex + 60)])! } }
        return git_index_get_bypath(library!.raw, path, 0).map { ObjectID($0.pointee.id) }
    }

    /// The modification time of a file (the index's), nil when it cannot be read.
    static func modified(_ path: String) -> timespec? {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mtim : nil
    }

    /// The stage-0 entry's stat data and blob, as git stores them.
    private struct Stat {
        var ctime: (UInt32, UInt32), mtime: (UInt32, UInt32), ino: UInt32, mode: UInt32, size: UInt32
        var id: ObjectID
    }

    private func stageZero(_ path: String) -> Stat? {
        if let file {
            guard let e = file.entry(path) else { return nil }
            let b = Array(e.prefix(60))
            func u(_ at: Int) -> UInt32 { IndexFile.be32(b, at) }
            return Stat(ctime: (u(0), u(4)), mtime: (u(8), u(12)), ino: u(20), mode: u(24), size: u(36),
                        id: ObjectID(bytes: b[40..<60])!)
        }
        guard let e = git_index_get_bypath(library!.raw, path, 0)?.pointee else { return nil }
        return Stat(ctime: (UInt32(bitPattern: e.ctime.seconds), e.ctime.nanoseconds),
                    mtime: (UInt32(bitPattern: e.mtime.seconds), e.mtime.nanoseconds),
                    ino: e.ino, mode: e.mode, size: e.file_size, id: ObjectID(e.id))
    }

    /// The blob `path`'s stage-0 entry names when the file's stat data match the entry as
    /// `git status` compares them (size, times, inode, a regular file), and the entry was
    /// written before the file could last change (older than the index file itself: an
    /// entry as new as the index is "racily clean", the file may have changed in that instant).
    func unchangedBlob(_ path: String, file: String, indexTime: timespec?) -> ObjectID? {
        guard let indexTime, let e = stageZero(path) else { return nil }
        var st = Glibc.stat()
        guard lstat(file, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
              e.size == UInt32(truncatingIfNeeded: st.st_size),
              e.ino == UInt32(truncatingIfNeeded: st.st_ino),
              e.mtime.0 == UInt32(truncatingIfNeeded: st.st_mtim.tv_sec),
              e.mtime.1 == UInt32(truncatingIfNeeded: st.st_mtim.tv_nsec),
              e.ctime.0 == UInt32(truncatingIfNeeded: st.st_ctim.tv_sec),
              e.ctime.1 == UInt32(truncatingIfNeeded: st.st_ctim.tv_nsec),
              (e.mode & 0o111 != 0) == (st.st_mode & 0o111 != 0) else { return nil }
        let entryTime = (Int(Int32(bitPattern: e.mtime.0)), Int(e.mtime.1))
        guard entryTime < (indexTime.tv_sec, indexTime.tv_nsec) else { return nil }
        return e.id
    }

    /// Adds (or replaces) `path` with `blob`, taking stat data from the file just written,
    /// so `git status` sees the file as clean without re-hashing it.
    func add(_ path: String, blob: ObjectID, filemode: UInt32, file: String) throws {
        var st = Glibc.stat()
        guard lstat(file, &st) == 0 else { throw GitError(.io, "cannot stat \(file): \(FileIO.errnoText())") }
        try put(path, blob: blob, filemode: filemode, stat: st)
    }

    /// `path` at `blob` without stat data: git compares the file's content to decide.
    func add(_ path: String, blob: ObjectID, filemode: UInt32) throws {
        try put(path, blob: blob, filemode: filemode, stat: nil)
    }

    private func put(_ path: String, blob: ObjectID, filemode: UInt32, stat st: Glibc.stat?) throws {
        if file?.collides(path) == true { try useLibrary(file!.bytes()) }
        if file != nil {
            file!.put(path, IndexFile.entry(path: path, blob: blob, mode: filemode, stat: st))
            return
        }
        var e = git_index_entry()
        if let st {
            e.ctime.seconds = Int32(truncatingIfNeeded: st.st_ctim.tv_sec)
            e.ctime.nanoseconds = UInt32(truncatingIfNeeded: st.st_ctim.tv_nsec)
            e.mtime.seconds = Int32(truncatingIfNeeded: st.st_mtim.tv_sec)
            e.mtime.nanoseconds = UInt32(truncatingIfNeeded: st.st_mtim.tv_nsec)
            e.dev = UInt32(truncatingIfNeeded: st.st_dev)
            e.ino = UInt32(truncatingIfNeeded: st.st_ino)
            e.uid = UInt32(truncatingIfNeeded: st.st_uid)
            e.gid = UInt32(truncatingIfNeeded: st.st_gid)
            e.file_size = UInt32(truncatingIfNeeded: st.st_size)
        }
        e.mode = filemode
        e.id = blob.oid
        let index = library!.raw
        // A stage-0 entry beside conflict stages 1–3 would make an invalid index.
        _ = git_index_conflict_remove(index, path)
        try path.withCString { p in
            e.path = p
            _ = try check(git_index_add(index, &e), "git_index_add(\(path))")
        }
    }

    func remove(_ path: String) throws {
        if file != nil { return file!.remove(path) }
        let rc = git_index_remove(library!.raw, path, 0)
        if rc == GIT_ENOTFOUND.rawValue { return }
        try check(rc, "git_index_remove(\(path))")
    }

    /// The changed index, when edited as bytes (nil: through libgit2, `bytes()`).
    func written() -> IndexFile? { file?.written() }

    /// The bytes of the changed index.
    func bytes() throws -> [UInt8] {
        if let file { return file.bytes() }
        try check(git_index_write(library!.raw), "git_index_write")
        guard let bytes = try FileIO.read(scratch) else { throw GitError(.io, "cannot read back \(scratch)") }
        return bytes
    }
}
