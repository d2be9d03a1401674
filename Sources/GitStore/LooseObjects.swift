import CGit2
#if canImport(Glibc)
import Glibc
#endif

/// The objects a commit writes (its blobs, trees and the commit), written as loose objects the
/// way git and libgit2 write them: `objects/xx/<38 hex>`, deflated (zlib, fastest level, as
/// libgit2's default), read-only, through a temporary file linked into place, so a reader
/// sees the whole object or none; flushed (the file, then its folder) only when git's
/// configuration asks (docs/reliability.md, step 6). An object already there as a loose file
/// has its time refreshed instead, as libgit2 does, so `git gc` keeps it.
///
/// Why not `git_odb_write`: it looked for each new object in every pack and, not finding it,
/// listed the pack folder again (five system calls), and set up and freed zlib's 256 KiB of
/// state for every object; libgit2's tree builder then read each new tree back.
/// A temporary file a killed write leaves (`tmp_obj_kpi-PID-N`) is unreferenced and harmless;
/// `git gc` removes it (git prunes `tmp_obj_*` files).
final class LooseObjectWriter {
    let folder: String
    let flushes: Bool
    private var stream = z_stream()
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    private var counter = 0

    init(objectsFolder: String, flushes: Bool) throws {
        folder = objectsFolder.hasSuffix("/") ? objectsFolder : objectsFolder + "/"
        self.flushes = flushes
        guard kpi_deflate_init(&stream, Z_BEST_SPEED) == Z_OK else { throw GitError(.io, "cannot set up zlib") }
    }

    deinit { deflateEnd(&stream) }

    /// Writes `bytes` as an object of `type` unless a loose object with its id exists; its id.
    func write(_ bytes: UnsafeRawBufferPointer, type: git_object_t) throws -> ObjectID {
        var oid = git_oid()
        try check(git_odb_hash(&oid, bytes.baseAddress, bytes.count, type), "git_odb_hash")
        let id = ObjectID(oid)
        let hex = id.hex
        let dir = folder + hex.prefix(2)
        let path = dir + "/" + hex.dropFirst(2)
        if utimes(path, nil) == 0 { return id }
        counter += 1
        let temp = folder + "tmp_obj_kpi-\(getpid())-\(counter)-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        guard fd >= 0 else { throw GitError(.io, "cannot create \(temp): \(FileIO.errnoText())") }
        do {
            defer { close(fd) }
            let header = Array("\(String(cString: git_object_type2string(type))) \(bytes.count)\0".utf8)
            guard deflateReset(&stream) == Z_OK else { throw GitError(.io, "zlib could not start an object") }
            try header.withUnsafeBytes { try deflate(fd, $0, finish: false, name: temp) }
            try deflate(fd, bytes, finish: true, name: temp)
            if flushes, fsync(fd) != 0 { throw GitError(.io, "cannot fsync \(temp): \(FileIO.errnoText())") }
        } catch {
            unlink(temp)
            throw error
        }
        defer { unlink(temp) }
        var linked = place(temp, path)
        if !linked, errno == ENOENT {
            if mkdir(dir, 0o777) != 0 && errno != EEXIST { throw GitError(.io, "cannot create folder \(dir): \(FileIO.errnoText())") }
            if flushes { try FileIO.makeDurable([String(folder.dropLast())]) }
            linked = place(temp, path)
        }
        guard linked else { throw GitError(.io, "cannot write \(path): \(FileIO.errnoText())") }
        if flushes { try FileIO.makeDurable([dir]) }
        return id
    }

    /// Puts the finished temporary file at `path`: a hard link, which never replaces an object
    /// already there (EEXIST: the same bytes, by their id); on a file system without hard links
    /// (EPERM, EXDEV, ENOTSUP, …) a rename, as git does. False with `errno` set otherwise.
    private func place(_ temp: String, _ path: String) -> Bool {
        if link(temp, path) == 0 || errno == EEXIST { return true }
        if errno == ENOENT { return false }
        return rename(temp, path) == 0
    }

    /// Deflates `input` into the stream, writing what comes out to `fd` a chunk at a time.
    private func deflate(_ fd: Int32, _ input: UnsafeRawBufferPointer, finish: Bool, name: String) throws {
        var offset = 0
        repeat {
            // zlib counts in 32 bits: a larger input goes in pieces.
            let piece = min(input.count - offset, 1 << 30)
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.advanced(by: offset).assumingMemoryBound(to: UInt8.self))
            stream.avail_in = uInt(piece)
            offset += piece
            let last = finish && offset == input.count
            var done = false
            repeat {
                let produced: Int = try chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    let rc = CGit2.deflate(&stream, last ? Z_FINISH : Z_NO_FLUSH)
                    guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else { throw GitError(.io, "zlib failed (\(rc)) writing \(name)") }
                    done = rc == Z_STREAM_END
                    return out.count - Int(stream.avail_out)
                }
                if produced > 0 { try chunk.withUnsafeBytes { try FileIO.writeAll(fd, UnsafeRawBufferPointer(rebasing: $0[..<produced]), name: name) } }
            } while last ? !done : stream.avail_in > 0 || stream.avail_out == 0
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
