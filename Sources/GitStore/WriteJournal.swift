#if canImport(Glibc)
import Glibc
#endif

/// The write journal, `.git/kpi/write-journal`: what a write is about to do, written in place
/// into that one file before the write touches the working tree, the index or the branch, and
/// emptied (not deleted) when it is done — no file is created, renamed or deleted per write.
/// Its last line is `end`: a journal without it was being written when its kpi was killed,
/// before anything it describes was touched, and is cleared as nothing. An empty or absent
/// file: no write in progress. A kpi killed after writing it leaves it whole; the next kpi
/// command reads it and finishes the write one way or the other (see
/// `Repository.recoverInterruptedWrite`). `.git/kpi/journal`, the whole-or-absent file
/// (written by rename) of kpi before session 7, is still read and recovered.
/// See docs/reliability.md.
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

    static let fileName = "write-journal"
    static func path(_ gitDir: String) -> String { gitDir + "kpi/" + fileName }
    /// Where an earlier kpi kept its journal (whole or absent).
    static func legacyPath(_ gitDir: String) -> String { gitDir + "kpi/journal" }

    var text: String {
        func id(_ o: ObjectID?) -> String { o?.hex ?? "-" }
        var t = "kpi-journal 2\nowner \(owner.text)\nref \(hexText(ref))\nold \(id(old))\nnew \(new.hex)\nsummary \(hexText(summary))\n"
        for f in files {
            t += "file \(hexText(f.path)) \(id(f.before)) \(String(f.beforePermissions, radix: 8)) \(id(f.after)) \(String(f.afterMode, radix: 8))\n"
        }
        return t + "end\n"
    }

    init(owner: ProcessOwner, ref: String, old: ObjectID?, new: ObjectID, summary: String, files: [File]) {
        self.owner = owner
        self.ref = ref
        self.old = old
        self.new = new
        self.summary = summary
        self.files = files
    }

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
        // Version 2 ends with `end`; version 1 (`.git/kpi/journal`) was whole by its rename.
        guard version == 1 || (version == 2 && ended), let owner, let ref, let new else { return nil }
        self.init(owner: owner, ref: ref, old: old, new: new, summary: summary, files: files)
    }

    /// Written in place into `.git/kpi/write-journal` (empty when no write is in progress; a
    /// damaged journal recovery could not read is overwritten, as it was replaced before).
    /// Not flushed: with `flush` the caller makes it durable together with the files it
    /// writes next (docs/reliability.md, step 6).
    func save(_ gitDir: String) throws {
        let path = WriteJournal.path(gitDir)
        var fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 && errno == ENOENT {
            try FileIO.makeFolders(gitDir + "kpi")
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw GitError(.io, "cannot open \(path): \(FileIO.errnoText())") }
        defer { close(fd) }
        try FileIO.writeAll(fd, Array(text.utf8), name: path)
    }

    /// The journal a killed kpi left, with the file it is in; nil when there is none. A
    /// journal without its `end` line is cleared here (its write had touched nothing): the
    /// caller holds the ledger lock, so no live writer is writing it.
    static func load(_ gitDir: String) throws -> (journal: WriteJournal, path: String)? {
        for path in [path(gitDir), legacyPath(gitDir)] {
            guard let bytes = try FileIO.read(path), !bytes.isEmpty else { continue }
            if path == self.path(gitDir), !bytes.suffix(5).elementsEqual("\nend\n".utf8) {
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

    /// Whether `.git/kpi/write-journal` describes a write (is not empty).
    static func isInUse(_ gitDir: String) -> Bool {
        var st = stat()
        return lstat(path(gitDir), &st) == 0 && st.st_size > 0
    }

    /// The write is over: its journal emptied in place (a legacy journal at `path` deleted).
    static func remove(_ gitDir: String, at path: String? = nil) {
        if let path, path != self.path(gitDir) { unlink(path) } else { _ = truncate(self.path(gitDir), 0) }
    }
}

private func hexText(_ s: String) -> String {
    s.utf8.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
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
