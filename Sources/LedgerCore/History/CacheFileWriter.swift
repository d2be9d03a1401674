import Foundation
import GitStore

/// A history cache file written as it is encoded (a `CacheSink`): the pieces go through a
/// buffer of 256 KB to a temporary file beside `path`, sealed as they pass (`CacheFile.Sealer`),
/// and `finishSealed` ends the file as `CacheFile.replaceSealed` does, then renames it into
/// place. Encoding each whole file into memory first, then writing it, touched ~45 MB of fresh
/// pages on a cold audit of 10,000 commits (a page fault each 4 KB, ~11,000 in all) for bytes
/// the process never reads again (BENCHMARKS.md, session 17). A failed write gives the file up:
/// nothing is renamed, the temporary file is removed (a cache only saves time).
final class CacheFileWriter: CacheSink {
    private let path: String
    private var file: (fd: Int32, name: String)?
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var count = 0
    private var sealer = CacheFile.Sealer()
    /// Bytes given so far, buffered or written: where the next piece stands in the file.
    private(set) var offset = 0

    init(path: String, capacity: Int = 1 << 18) {
        self.path = path
        self.capacity = max(capacity, 16)
        buffer = .allocate(capacity: self.capacity)
        file = CacheFile.temporary(for: path)
    }

    deinit {
        if let file { CacheFile.install(file, over: path, written: false) }
        buffer.deallocate()
    }

    func append(_ byte: UInt8) {
        if count == capacity { flush() }
        buffer[count] = byte
        count += 1
        offset += 1
    }

    func append(raw: UnsafeRawBufferPointer) {
        let n = raw.count
        guard n > 0 else { return }
        offset += n
        if n > capacity - count {
            flush()
            // A large piece (a block copied whole) goes to the file as it is.
            if n >= capacity {
                sealer.update(raw)
                put(raw)
                return
            }
        }
        memcpy(buffer + count, raw.baseAddress!, n)
        count += n
    }

    func append(contentsOf bytes: [UInt8]) { bytes.withUnsafeBytes { append(raw: $0) } }

    func appendLittleEndian(_ n: UInt32) {
        if capacity - count < 4 { flush() }
        UnsafeMutableRawPointer(buffer + count).storeBytes(of: n.littleEndian, as: UInt32.self)
        count += 4
        offset += 4
    }

    /// The bytes given so far, as the file holds them (written out first), mapped read-only
    /// from it: read back from the page cache, not held in memory a second time; the mapping
    /// stays valid once the file is finished (or given up). nil when nothing was given, the file
    /// was given up or it cannot be mapped. The caller unmaps it (`munmap`).
    func mapWritten() -> UnsafeRawBufferPointer? {
        flush()
        guard offset > 0, let f = file else { return nil }
        let fd = open(f.name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let p = mmap(nil, offset, PROT_READ, MAP_SHARED, fd, 0), p != MAP_FAILED else { return nil }
        return UnsafeRawBufferPointer(start: p, count: offset)
    }

    /// Ends the file with the line "END <the seal of every byte before it>", as
    /// `CacheFile.replaceSealed` does, and renames it over `path`.
    func finishSealed() {
        flush()
        let end = Array("\nEND \(CacheFile.hexSeal(sealer.finish()))\n".utf8)
        end.withUnsafeBytes { put($0) }
        finish()
    }

    /// Renames the file over `path` as it stands, after writing `start` over its first bytes
    /// when given (a head known only at the end, over a stand-in of its length given first).
    func finish(overwritingStart start: [UInt8]? = nil) {
        flush()
        if let start, let f = file {
            if lseek(f.fd, 0, SEEK_SET) == 0 { start.withUnsafeBytes { put($0) } } else { giveUp() }
        }
        guard let f = file else { return }
        file = nil
        CacheFile.install(f, over: path, written: true)
    }

    private func flush() {
        guard count > 0 else { return }
        let piece = UnsafeRawBufferPointer(start: buffer, count: count)
        sealer.update(piece)
        put(piece)
        count = 0
    }

    private func put(_ piece: UnsafeRawBufferPointer) {
        guard let f = file else { return }
        if (try? FileIO.writeAll(f.fd, piece, name: f.name)) == nil { giveUp() }
    }

    private func giveUp() {
        guard let f = file else { return }
        file = nil
        CacheFile.install(f, over: path, written: false)
    }
}
