import CGit2
#if canImport(Glibc)
import Glibc
#endif

/// The objects a commit writes (its blobs, trees and the commit), written as loose objects the
/// way git and libgit2 write them: `objects/xx/<38 hex>`, deflated (zlib, fastest level, as
/// libgit2's default; stored uncompressed in the zlib stream when it fits in one file-system
/// block, see `storedUpTo`), read-only, and named only once whole, so a reader sees the whole object
/// or none; flushed (the file, then its folder) only when git's configuration asks
/// (docs/reliability.md, step 6). An object already there as a loose file has its time
/// refreshed instead, as libgit2 does, so `git gc` keeps it.
///
/// Each object is first an unnamed file of `objects/` (`O_TMPFILE`), given its name by
/// `linkat` once written: no temporary name to create and delete, and a kill before the link
/// leaves nothing. Where the file system has no unnamed files (or `/proc` is not mounted), a
/// temporary file `tmp_obj_kpi-PID-N` is linked into place as git does; one a killed write
/// leaves is unreferenced and harmless (`git gc` removes `tmp_obj_*` files).
///
/// Why not `git_odb_write`: it looked for each new object in every pack and, not finding it,
/// listed the pack folder again (five system calls), and set up and freed zlib's 256 KiB of
/// state for every object; libgit2's tree builder then read each new tree back.
final class LooseObjectWriter {
    let folder: String
    let flushes: Bool
    /// Two zlib streams, reused: objects up to `smallObject` bytes (a commit, its trees, a
    /// sheet) go through one whose hash table is 16 KiB (memLevel 6), which `deflateReset`
    /// clears per object (64 KiB at zlib's default: a tenth of a record's instructions). A
    /// smaller table made deflating a tree of a hundred files 2.7× slower (more collisions).
    private var stream = z_stream()
    private var smallStream = z_stream()
    static let smallObject = 64 << 10
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    private var counter = 0
    private let pid = getpid()
    /// False once the file system refused an unnamed file: named temporary files from then on.
    private var unnamed = true

    init(objectsFolder: String, flushes: Bool) throws {
        folder = objectsFolder.hasSuffix("/") ? objectsFolder : objectsFolder + "/"
        self.flushes = flushes
        guard kpi_deflate_init(&stream, Z_BEST_SPEED) == Z_OK else { throw GitError(.io, "cannot set up zlib") }
        guard kpi_deflate_init_small(&smallStream, Z_BEST_SPEED, 6) == Z_OK else {
            deflateEnd(&stream)
            throw GitError(.io, "cannot set up zlib")
        }
    }

    deinit {
        deflateEnd(&stream)
        deflateEnd(&smallStream)
    }

    /// Writes `bytes` as an object of `type` unless a loose object with its id exists; its id.
    func write(_ bytes: UnsafeRawBufferPointer, type: git_object_t) throws -> ObjectID {
        var oid = git_oid()
        try check(git_odb_hash(&oid, bytes.baseAddress, bytes.count, type), "git_odb_hash")
        let id = ObjectID(oid)
        let hex = id.hex
        let dir = folder + hex.prefix(2)
        let path = dir + "/" + hex.dropFirst(2)
        if utimes(path, nil) == 0 { return id }
        if unnamed {
            let fd = kpi_open_unnamed(String(folder.dropLast()), 0o444)
            if fd >= 0 {
                defer { close(fd) }
                try fill(fd, bytes, type: type, name: path)
                if try place(fd: fd, path, dir) { return id }
            }
            // No unnamed files here (EOPNOTSUPP, EISDIR, …) or no /proc to link one by: as git does.
            unnamed = false
        }
        counter += 1
        let temp = folder + "tmp_obj_kpi-\(pid)-\(counter)-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        guard fd >= 0 else { throw GitError(.io, "cannot create \(temp): \(FileIO.errnoText())") }
        do {
            defer { close(fd) }
            try fill(fd, bytes, type: type, name: temp)
        } catch {
            unlink(temp)
            throw error
        }
        defer { unlink(temp) }
        var linked = place(temp, path)
        if !linked, errno == ENOENT {
            try makeFolder(dir)
            linked = place(temp, path)
        }
        guard linked else { throw GitError(.io, "cannot write \(path): \(FileIO.errnoText())") }
        if flushes { try FileIO.makeDurable([dir]) }
        return id
    }

    /// The object's header and bytes deflated into `fd` (flushed when git's configuration asks).
    private func fill(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, type: git_object_t, name: String) throws {
        let header = Array("\(String(cString: git_object_type2string(type))) \(bytes.count)\0".utf8)
        if try fillStored(fd, header, bytes, name: name) {
            if flushes, fsync(fd) != 0 { throw GitError(.io, "cannot fsync \(name): \(FileIO.errnoText())") }
            return
        }
        let small = bytes.count <= Self.smallObject
        guard withStream(small, { deflateReset($0) }) == Z_OK else { throw GitError(.io, "zlib could not start an object") }
        var pending = 0
        try header.withUnsafeBytes { try deflate(fd, $0, small: small, finish: false, pending: &pending, name: name) }
        try deflate(fd, bytes, small: small, finish: true, pending: &pending, name: name)
        if flushes, fsync(fd) != 0 { throw GitError(.io, "cannot fsync \(name): \(FileIO.errnoText())") }
    }

    /// A zlib stream of stored (uncompressed) blocks is used for an object when it still fits in
    /// one block of the file system: the file takes that block whether the object is compressed or
    /// not, and deflating a commit and its small trees was a fifth of a record's instructions.
    /// git writes the same streams with `core.looseCompression = 0`; any zlib reads them.
    static let storedUpTo = 4096

    /// Writes the object as one stored zlib block (header 78 01, the block, the Adler-32 of the
    /// bytes) when that fits in `storedUpTo`; false, nothing written, otherwise.
    private func fillStored(_ fd: Int32, _ header: [UInt8], _ bytes: UnsafeRawBufferPointer, name: String) throws -> Bool {
        let n = header.count + bytes.count
        let total = 2 + 5 + n + 4
        guard total <= Self.storedUpTo, total <= chunk.count else { return false }
        var adler = header.withUnsafeBufferPointer { adler32(1, $0.baseAddress, uInt($0.count)) }
        if let base = bytes.baseAddress { adler = adler32(adler, base.assumingMemoryBound(to: UInt8.self), uInt(bytes.count)) }
        try chunk.withUnsafeMutableBufferPointer { out in
            let o = out.baseAddress!
            // zlib header (deflate, 32 KiB window, no dictionary, check bits), then the one final
            // stored block: its type byte, LEN and its complement, both little-endian.
            o[0] = 0x78; o[1] = 0x01; o[2] = 0x01
            o[3] = UInt8(n & 0xff); o[4] = UInt8(n >> 8); o[5] = ~o[3]; o[6] = ~o[4]
            var at = 7
            for b in header { o[at] = b; at += 1 }
            if let base = bytes.baseAddress { (o + at).update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count) }
            at += bytes.count
            o[at] = UInt8(truncatingIfNeeded: adler >> 24); o[at + 1] = UInt8(truncatingIfNeeded: adler >> 16)
            o[at + 2] = UInt8(truncatingIfNeeded: adler >> 8); o[at + 3] = UInt8(truncatingIfNeeded: adler)
            try FileIO.writeAll(fd, UnsafeRawBufferPointer(start: o, count: total), name: name)
        }
        return true
    }

    /// Names the unnamed file `fd` `path` (an existing object there: the same bytes, by their
    /// id). False when the file system or a missing `/proc` does not allow it.
    private func place(fd: Int32, _ path: String, _ dir: String) throws -> Bool {
        let proc = "/proc/self/fd/\(fd)"
        var rc = linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW)
        if rc != 0, errno == ENOENT, FileIO.exists(proc) {
            try makeFolder(dir)
            rc = linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW)
        }
        guard rc == 0 || errno == EEXIST else { return false }
        if flushes { try FileIO.makeDurable([dir]) }
        return true
    }

    /// A fan-out folder `objects/xx` made (and, when flushing, its parent flushed).
    private func makeFolder(_ dir: String) throws {
        if mkdir(dir, 0o777) != 0 && errno != EEXIST { throw GitError(.io, "cannot create folder \(dir): \(FileIO.errnoText())") }
        if flushes { try FileIO.makeDurable([String(folder.dropLast())]) }
    }

    /// Puts the finished temporary file at `path`: a hard link, which never replaces an object
    /// already there (EEXIST: the same bytes, by their id); on a file system without hard links
    /// (EPERM, EXDEV, ENOTSUP, …) a rename, as git does. False with `errno` set otherwise.
    private func place(_ temp: String, _ path: String) -> Bool {
        if link(temp, path) == 0 || errno == EEXIST { return true }
        if errno == ENOENT { return false }
        return rename(temp, path) == 0
    }

    private func withStream<R>(_ small: Bool, _ body: (UnsafeMutablePointer<z_stream>) throws -> R) rethrows -> R {
        small ? try withUnsafeMutablePointer(to: &smallStream, body) : try withUnsafeMutablePointer(to: &stream, body)
    }

    /// Deflates `input` into the stream, collecting what comes out in `chunk` (`pending` bytes
    /// of it so far) and writing it to `fd` when full and at the end: a small object is one write.
    private func deflate(_ fd: Int32, _ input: UnsafeRawBufferPointer, small: Bool, finish: Bool, pending: inout Int, name: String) throws {
        var offset = 0
        repeat {
            // zlib counts in 32 bits: a larger input goes in pieces.
            let piece = min(input.count - offset, 1 << 30)
            offset += piece
            let last = finish && offset == input.count
            var done = false
            let start = input.baseAddress?.advanced(by: offset - piece).assumingMemoryBound(to: UInt8.self)
            try withStream(small) { z in
                z.pointee.next_in = UnsafeMutablePointer(mutating: start)
                z.pointee.avail_in = uInt(piece)
                repeat {
                    let rc: Int32 = chunk.withUnsafeMutableBufferPointer { out in
                        z.pointee.next_out = out.baseAddress! + pending
                        z.pointee.avail_out = uInt(out.count - pending)
                        let rc = CGit2.deflate(z, last ? Z_FINISH : Z_NO_FLUSH)
                        pending = out.count - Int(z.pointee.avail_out)
                        return rc
                    }
                    guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else { throw GitError(.io, "zlib failed (\(rc)) writing \(name)") }
                    done = rc == Z_STREAM_END
                    if pending == chunk.count || (done && pending > 0) {
                        try chunk.withUnsafeBytes { try FileIO.writeAll(fd, UnsafeRawBufferPointer(rebasing: $0[..<pending]), name: name) }
                        pending = 0
                    }
                } while last ? !done : z.pointee.avail_in > 0 || z.pointee.avail_out == 0
            }
        } while offset < input.count
    }
}

extension Repository {
    /// The writer of this repository's loose objects, flushing as git's configuration asks.
    var looseObjects: LooseObjectWriter {
        get throws {
            let flush = flushesCommits
            if let w = looseWriter, w.flushes == flush { return w }
            let w = try LooseObjectWriter(objectsFolder: commonDir + "objects", flushes: flush)
            looseWriter = w
            return w
        }
    }

    /// Writes an object of `type` holding `bytes` (loose), returns its id.
    func writeObject(_ bytes: [UInt8], type: git_object_t) throws -> ObjectID {
        let writer = try looseObjects
        return try bytes.withUnsafeBytes { try writer.write($0, type: type) }
    }
}
