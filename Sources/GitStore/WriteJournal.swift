#if canImport(Glibc)
import Glibc
#endif

/// The write journal, `.git/kpi/journal-v3`: what a write is about to do, written in place into
/// that one file before the write touches the working tree, the index or the branch. Its last
/// line is `end` and the SHA-1 of every byte before that line; when the write is over that
/// line's `end` is rewritten as `done`. The file never shrinks: no file is created, renamed,
/// emptied or deleted per write, so the file system frees no block for it (on an ext4 mounted
/// with `discard` each freed block is a device request the write waits for, and a file emptied
/// has its next content allocated at once when it is closed; BENCHMARKS.md, "In-process
/// recording, session 8"). Bytes after the end line are left of an earlier, longer journal, whose
/// own end line was rewritten as `done` when its write was over: so the file describes a write
/// in progress exactly when a line starts with `end `. A journal cut short — its kpi killed while
/// writing it, before anything it describes was touched — has no such line, or one whose
/// checksum does not hold, and is nothing. A kpi killed after writing it leaves it whole; the
/// next kpi command reads it and finishes the write one way or the other (see
/// `Repository.recoverInterruptedWrite`). The journals of earlier kpi are still read and
/// recovered: `.git/kpi/write-journal` (session 7: ending in `end`, emptied when done) and
/// `.git/kpi/journal` (whole or absent). See docs/reliability.md.
struct WriteJournal: Equatable {
    /// One path the write changes: its working file before (a blob id, nil: absent) and
    /// after (nil: deleted).
    struct File: Equatable {
        var path: String
        var before: ObjectID?
        var beforePermissions: mode_t
        var after: ObjectID?
        var afterMode: UInt32
    }

    var owner: ProcessOwner
    var ref: String
    var old: ObjectID?
    var new: ObjectID
    var summary: String
    var files: [File]

    static let fileName = "journal-v3"
    static func path(_ gitDir: String) -> String { gitDir + "kpi/" + fileName }
    /// Where earlier kpi kept their journals: emptied when done (session 7), whole or absent.
    static let emptiedFileName = "write-journal"
    static func emptiedPath(_ gitDir: String) -> String { gitDir + "kpi/" + emptiedFileName }
    static func legacyPath(_ gitDir: String) -> String { gitDir + "kpi/journal" }

    /// How a journal's last line starts, and what it is rewritten to when its write is over
    /// (the same length: those bytes alone are written).
    static let endMark = Array("end ".utf8), doneMark = Array("done".utf8)
    /// The end line's length: the mark, 40 hexadecimal digits and a line feed.
    static let endLineLength = 45

    /// The journal's lines without their `end` line (version 3; 2 with `legacy`).
    private func body(version: Int) -> [UInt8] {
        var t: [UInt8] = []
        t.reserveCapacity(256 + files.count * 160)
        func add(_ s: String) { t += s.utf8 }
        func id(_ o: ObjectID?) { if let o { o.appendHex(to: &t) } else { t.append(UInt8(ascii: "-")) } }
        add("kpi-journal \(version)\nowner \(owner.text)\nref ")
        hexText(ref, into: &t)
        add("\nold "); id(old)
        add("\nnew "); id(new)
        add("\nsummary "); hexText(summary, into: &t)
        t.append(10)
        for f in files {
            add("file "); hexText(f.path, into: &t)
            t.append(32); id(f.before)
            add(" " + String(f.beforePermissions, radix: 8) + " "); id(f.after)
            add(" " + String(f.afterMode, radix: 8) + "\n")
        }
        return t
    }

    /// The journal as written: its lines, then `end` and the SHA-1 of the bytes before that line.
    var bytes: [UInt8] {
        var t = body(version: 3)
        let sum = Self.sha1(t[...])
        t += "end ".utf8
        for b in sum { t.append(ObjectID.hexDigit(b >> 4)); t.append(ObjectID.hexDigit(b & 0xF)) }
        t.append(10)
        return t
    }

    /// As session 7's kpi wrote it into `.git/kpi/write-journal` (version 2, a last line `end`).
    var emptiedFormText: String { String(decoding: body(version: 2), as: UTF8.self) + "end\n" }

    static func sha1(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        let s = SHA1Stream()
        s.update(bytes)
        return s.finish()
    }

    init(owner: ProcessOwner, ref: String, old: ObjectID?, new: ObjectID, summary: String, files: [File]) {
        self.owner = owner
        self.ref = ref
        self.old = old
        self.new = new
        self.summary = summary
        self.files = files
    }

    /// A journal from its text (versions 1 and 2; version 3 through `init?(journal:)`).
    init?(text: String) {
        var owner: ProcessOwner?, ref: String?, old: ObjectID?, new: ObjectID?, summary = ""
        var files: [File] = []
        var version = 0, ended = false
        for line in text.split(separator: "\n") {
            guard !ended else { return nil }
            let key = line.prefix { $0 != " " }
            let value = String(line.dropFirst(key.count + 1))
            switch key {
            case "kpi-journal": version = Int(value) ?? -1
            case "end": ended = true
            case "owner": owner = ProcessOwner(text: value)
            case "ref": ref = unhex(value)
            case "old": old = ObjectID(hex: value)
            case "new": new = ObjectID(hex: value)
            case "summary": summary = unhex(value) ?? ""
            case "file":
                let f = value.split(separator: " ").map(String.init)
                guard f.count == 5, let path = unhex(f[0]), let perm = mode_t(f[2], radix: 8), let mode = UInt32(f[4], radix: 8) else { return nil }
                files.append(File(path: path, before: ObjectID(hex: f[1]), beforePermissions: perm, after: ObjectID(hex: f[3]), afterMode: mode))
            default: return nil
            }
        }
        // Version 3 and 2 end with `end` (3's checked before); version 1 (`.git/kpi/journal`) was whole by its rename.
        guard version == 1 || ((version == 2 || version == 3) && ended), let owner, let ref, let new else { return nil }
        self.init(owner: owner, ref: ref, old: old, new: new, summary: summary, files: files)
    }

    /// What the bytes of `.git/kpi/journal-v3` hold.
    enum Found: Equatable {
        /// No line starts with `end ` before one starts with `done`: absent, empty, done, or cut
        /// short before its end line.
        case none
        /// An end line whose checksum does not hold: cut short inside it (at `at`).
        case cut(at: Int)
        /// Whole, but not a journal this kpi reads.
        case damaged
        /// A write in progress, or one a killed kpi left; its end line at `at`.
        case journal(WriteJournal, at: Int)
    }

    /// Reads the file's bytes: the journal up to its first line starting with `end `, whose
    /// SHA-1 must be that of the bytes before it (what follows is left of an earlier journal).
    /// A line starting with `done` first ends the reading: the last journal written is over, or
    /// was cut short before its end line and what follows is an earlier one's (a file that once
    /// held the journal of a large import is not read to its end for every write).
    static func read(_ bytes: [UInt8]) -> Found {
        var at = 0
        while at < bytes.count {
            let nl = bytes[at...].firstIndex(of: 10) ?? bytes.count
            if bytes[at..<nl].starts(with: doneMark) { return .none }
            if bytes[at..<nl].starts(with: endMark) {
                var hex: [UInt8] = []
                for b in sha1(bytes[..<at]) { hex.append(ObjectID.hexDigit(b >> 4)); hex.append(ObjectID.hexDigit(b & 0xF)) }
                guard nl < bytes.count, bytes[(at + endMark.count)..<nl].elementsEqual(hex) else { return .cut(at: at) }
                guard let j = WriteJournal(text: String(decoding: bytes[..<at], as: UTF8.self) + "end\n") else { return .damaged }
                return .journal(j, at: at)
            }
            at = nl + 1
        }
        return .none
    }

    /// Written in place into `.git/kpi/journal-v3` from its first byte, the file not emptied
    /// first (see the type's comment; a `write`, so a kill at it is one the crash tests make).
    /// Not flushed: with `flush` the caller makes it durable together with the files it writes
    /// next (docs/reliability.md, step 6). Returns where its end line is, for `markDone`.
    @discardableResult
    func save(_ gitDir: String) throws -> Int {
        let path = WriteJournal.path(gitDir)
        var fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 && errno == ENOENT {
            try FileIO.makeFolders(gitDir + "kpi")
            fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw GitError(.io, "cannot open \(path): \(FileIO.errnoText())") }
        defer { close(fd) }
        let whole = bytes
        try FileIO.writeAll(fd, whole, name: path)   // from the first byte: opened without O_APPEND
        return whole.count - Self.endLineLength
    }

    /// The journal a killed kpi left, with the file it is in; nil when there is none. A
    /// journal cut inside its end line is marked done here (its write had touched nothing): the
    /// caller holds the ledger lock, so no live writer is writing it.
    static func load(_ gitDir: String) throws -> (journal: WriteJournal, path: String)? {
        let path = path(gitDir)
        if let bytes = try FileIO.read(path) {
            switch read(bytes) {
            case .none: break
            case .cut(let at): markDone(gitDir, endAt: at)
            case .damaged:
                throw GitError(.io, "\(path) is damaged; it describes a kpi write that was interrupted. Check `git status`, then delete that file")
            case .journal(let j, _): return (j, path)
            }
        }
        for path in [emptiedPath(gitDir), legacyPath(gitDir)] {
            guard let bytes = try FileIO.read(path), !bytes.isEmpty else { continue }
            if path == emptiedPath(gitDir), !bytes.suffix(5).elementsEqual("\nend\n".utf8) {
                _ = truncate(path, 0)
                continue
            }
            guard let journal = WriteJournal(text: String(decoding: bytes, as: UTF8.self)) else {
                throw GitError(.io, "\(path) is damaged; it describes a kpi write that was interrupted. Check `git status`, then delete that file")
            }
            return (journal, path)
        }
        return nil
    }

    /// Whether `.git/kpi/journal-v3` has a line starting with `end ` (a write in progress, or one
    /// a killed kpi left), or session 7's `.git/kpi/write-journal` is not empty.
    static func isInUse(_ gitDir: String, names: [String]) -> Bool {
        if names.contains(emptiedFileName) {
            var st = stat()
            if lstat(emptiedPath(gitDir), &st) == 0 && st.st_size > 0 { return true }
        }
        guard names.contains(fileName) else { return false }
        guard let bytes = try? FileIO.read(path(gitDir)) else { return true }   // there, but not readable: recovery says why
        return read(bytes) != .none
    }

    /// Marks the journal whose end line is at `endAt` done: `end` rewritten as `done` in place
    /// (nothing freed, see the type; `lseek` and `write`, so a kill at it is one the crash tests make).
    static func markDone(_ gitDir: String, endAt: Int) {
        let fd = open(path(gitDir), O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return }
        defer { close(fd) }
        guard lseek(fd, off_t(endAt), SEEK_SET) == off_t(endAt) else { return }
        _ = doneMark.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    /// The write is over: the journal in `.git/kpi/journal-v3` marked done (its end line found
    /// in the file unless given), or one of an earlier kpi at `path` emptied or deleted.
    static func remove(_ gitDir: String, at path: String? = nil, endAt: Int? = nil) {
        switch path {
        case nil, self.path(gitDir)?:
            if let endAt { return markDone(gitDir, endAt: endAt) }
            guard let bytes = try? FileIO.read(self.path(gitDir)) else { return }
            switch read(bytes) {
            case .journal(_, let at), .cut(let at): markDone(gitDir, endAt: at)
            case .none, .damaged: break
            }
        case emptiedPath(gitDir)?: _ = truncate(emptiedPath(gitDir), 0)
        case let other?: unlink(other)
        }
    }
}

/// Each UTF-8 byte of `s` as two lowercase hexadecimal digits.
private func hexText(_ s: String, into out: inout [UInt8]) {
    for b in s.utf8 { out.append(ObjectID.hexDigit(b >> 4)); out.append(ObjectID.hexDigit(b & 0xF)) }
}

private func unhex(_ s: String) -> String? {
    let u = Array(s.utf8)
    guard u.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    var i = 0
    while i < u.count {
        guard let b = UInt8(String(decoding: u[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
        bytes.append(b)
        i += 2
    }
    return String(decoding: bytes, as: UTF8.self)
}
