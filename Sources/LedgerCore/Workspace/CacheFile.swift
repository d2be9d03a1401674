import Foundation
import GitStore

/// A file of one of kpi's caches in `.git/kpi/` (docs/architecture.md, "The caches"): written
/// to a temporary file and renamed (a reader never sees half of one), ending in a checksum of
/// its content, so a truncated or edited file is ignored as a whole. A cache only saves time:
/// a failed write is ignored.
package enum CacheFile {
    /// `.git/kpi/<name>`; a ledger in a sub-folder of its repository (`prefix`, that folder)
    /// keeps files of its own, `<name>-<checksum of prefix>` (the same commit changes different
    /// files in each ledger).
    static func path(gitDir: String, _ name: String, prefix: String = "") -> String {
        (gitDir.hasSuffix("/") ? gitDir : gitDir + "/") + "kpi/" + name + (prefix.isEmpty ? "" : "-" + hexChecksum(Array(prefix.utf8)))
    }

    static func path(_ repository: Repository, _ name: String) -> String { path(gitDir: repository.gitDir, name) }

    /// The content of a cache file, nil when there is none or its checksum does not match.
    static func read(_ path: String) -> ArraySlice<UInt8>? {
        guard let data = FileManager.default.contents(atPath: path), data.count >= 8 else { return nil }
        let bytes = [UInt8](data)
        let body = bytes[..<(bytes.count - 8)]
        let sum = bytes[(bytes.count - 8)...].withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        return checksum(body) == sum ? body : nil
    }

    static func write(_ body: [UInt8], to path: String) {
        var bytes = body
        withUnsafeBytes(of: checksum(body[...]).littleEndian) { bytes.append(contentsOf: $0) }
        replace(path, with: bytes)
    }

    /// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so a reader
    /// never sees half a file; a failure leaves no temporary file and is otherwise ignored.
    static func replace(_ path: String, with bytes: [UInt8]) {
        replace(path) { write in bytes.withUnsafeBytes { write($0) } }
    }

    /// The same for a file written in pieces: `produce` hands each piece to `write` in order
    /// (false: it failed, and nothing more need be written) and returns whether all went well.
    /// A large cache (the parsed files of a million records) is never held whole to be written.
    static func replace(_ path: String, writing produce: (_ write: (UnsafeRawBufferPointer) -> Bool) -> Bool) {
        guard let file = temporary(for: path) else { return }
        let written = produce { piece in (try? FileIO.writeAll(file.fd, piece, name: file.name)) != nil }
        install(file, over: path, written: written)
    }

    /// A new temporary file beside `path` (its folder made when missing), open for writing; nil
    /// when it cannot be made.
    static func temporary(for path: String) -> (fd: Int32, name: String)? {
        let dir = (path as NSString).deletingLastPathComponent
        // The house's temporary name: a writer killed mid-write (Ctrl-C while a cache is written
        // in the background) leaves a file the next kpi command removes.
        let tmp = FileIO.temporaryPath(for: path)
        // Plain writes, not fsynced (Foundation's `Data.write` fsyncs): a cache file a crash
        // tears only costs time, its checksum rejects it.
        guard (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil else { return nil }
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        return fd >= 0 ? (fd, tmp) : nil
    }

    /// Closes a `temporary` file and renames it over `path` when all of it was `written`;
    /// otherwise (or when the rename fails) removes it.
    static func install(_ file: (fd: Int32, name: String), over path: String, written: Bool) {
        close(file.fd)
        if !written || rename(file.name, path) != 0 { unlink(file.name) }
    }

    // The history caches end in a line of text instead: "\nEND <16 hex digits>\n" (`hexSeal`).

    /// Replaces `path` with `body` followed by the line "END <its checksum>", written in turn
    /// rather than copied into one array (the history caches of 10,000 commits are 50 MB).
    static func replaceSealed(_ path: String, body: [UInt8]) {
        body.withUnsafeBytes { replaceSealed(path, body: $0) }
    }

    static func replaceSealed(_ path: String, body: UnsafeRawBufferPointer) {
        let end = Array("\nEND \(hexSeal(body))\n".utf8)
        replace(path) { write in write(body) && end.withUnsafeBytes { write($0) } }
    }

    /// The body of what `replaceSealed` wrote; nil when the file is missing, does not start with
    /// `header` (checked first: another key's file is not checksummed for nothing), or its
    /// checksum does not match.
    static func readSealed(_ path: String, header: [UInt8] = []) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return unsealed([UInt8](data), header: header)
    }

    static func unsealed(_ bytes: [UInt8], header: [UInt8] = []) -> [UInt8]? {
        let tail = 1 + 4 + 16 + 1  // "\nEND ", the checksum, "\n"
        guard bytes.count >= header.count + tail, bytes.last == 10, bytes[..<header.count].elementsEqual(header) else { return nil }
        let body = Array(bytes[..<(bytes.count - tail)])
        guard bytes[body.count...].elementsEqual(Array("\nEND \(hexSeal(body))\n".utf8)) else { return nil }
        return body
    }

    /// `checksum` as 16 hex digits.
    static func hexChecksum(_ bytes: some Collection<UInt8>) -> String {
        let s = String(checksum(bytes), radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// FNV-1a, 64 bits.
    static func checksum(_ bytes: some Collection<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }
}
