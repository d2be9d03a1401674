#if canImport(Glibc)
import Glibc
#endif

/// The write journal, `.git/kpi/journal`: what a write is about to do, saved (fsynced, by
/// rename) before it touches the working tree, the index or the branch, and deleted when it
/// is done. A kpi killed in between leaves it behind; the next kpi command reads it and
/// finishes the write one way or the other (see `Repository.recoverInterruptedWrite`).
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

    static func path(_ gitDir: String) -> String { gitDir + "kpi/journal" }

    var text: String {
        func id(_ o: ObjectID?) -> String { o?.hex ?? "-" }
        var t = "kpi-journal 1\nowner \(owner.text)\nref \(hexText(ref))\nold \(id(old))\nnew \(new.hex)\nsummary \(hexText(summary))\n"
        for f in files {
            t += "file \(hexText(f.path)) \(id(f.before)) \(String(f.beforePermissions, radix: 8)) \(id(f.after)) \(String(f.afterMode, radix: 8))\n"
        }
        return t
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
        var sawHeader = false
        for line in text.split(separator: "\n") {
            let key = line.prefix { $0 != " " }
            let value = String(line.dropFirst(key.count + 1))
            switch key {
            case "kpi-journal": sawHeader = value == "1"
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
        guard sawHeader, let owner, let ref, let new else { return nil }
        self.init(owner: owner, ref: ref, old: old, new: new, summary: summary, files: files)
    }

    /// Saved atomically (temporary file, rename): the journal is whole or absent. `durable`
    /// false: the caller makes it durable together with the files it writes next.
    func save(_ gitDir: String, durable: Bool = true) throws {
        try FileIO.writeAtomically(Array(text.utf8), to: WriteJournal.path(gitDir), permissions: 0o644, durable: durable)
    }

    static func load(_ gitDir: String) throws -> WriteJournal? {
        guard let bytes = try FileIO.read(path(gitDir)) else { return nil }
        guard let journal = WriteJournal(text: String(decoding: bytes, as: UTF8.self)) else {
            throw GitError(.io, "\(path(gitDir)) is damaged; it describes a kpi write that was interrupted. Check `git status`, then delete that file")
        }
        return journal
    }

    static func remove(_ gitDir: String) { unlink(path(gitDir)) }
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
