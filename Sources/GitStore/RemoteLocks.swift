#if canImport(Glibc)
import Glibc
#endif

/// A push to a remote on a local path updates the remote's branch through its
/// `refs/heads/X.lock`, in this process: a kpi killed then leaves that lock in the *shared*
/// remote and every clone's push fails on it. So the push is announced first, in the
/// remote (`kpi/push-HOST-PID`: who pushes which ref to which commit) and here
/// (`.git/kpi/push-PID`: which remote), and the note removed after. A later kpi — the next
/// command in this clone, or a sync from any clone — finds a note whose writer is gone and
/// removes the lock it left (only when the lock holds that commit, or stays empty).
/// See docs/reliability.md.
struct PushNote {
    var owner: ProcessOwner
    var refs: [(ref: String, new: ObjectID)]

    var text: String {
        "owner \(owner.text)\n" + refs.map { "ref \($0.new.hex) \($0.ref)\n" }.joined()
    }

    init(owner: ProcessOwner, refs: [(ref: String, new: ObjectID)]) {
        self.owner = owner
        self.refs = refs
    }

    init?(text: String) {
        var owner: ProcessOwner? = nil
        var refs: [(String, ObjectID)] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("owner ") { owner = ProcessOwner(text: String(line.dropFirst(6))) }
            if line.hasPrefix("ref ") {
                let f = line.split(separator: " ", maxSplits: 2)
                if f.count == 3, let id = ObjectID(hex: String(f[1])) { refs.append((String(f[2]), id)) }
            }
        }
        guard let owner else { return nil }
        self.init(owner: owner, refs: refs)
    }
}

extension Repository {
    /// The git directory of a remote URL that names a local path; nil for network URLs.
    static func localRemoteGitDir(_ url: String) -> String? {
        var path = url
        if path.hasPrefix("file://") { path = String(path.dropFirst(7)) }
        else if path.contains("://") || (path.contains(":") && !path.hasPrefix("/") && !path.hasPrefix(".")) { return nil }
        guard let remote = try? Repository(path: path) else { return nil }
        return remote.gitDir
    }

    /// Removes ref locks that killed kpi pushes left in the repository at `gitDir`.
    static func clearStalePushLocks(remoteGitDir gitDir: String) -> [String] {
        let dir = gitDir + "kpi"
        var notes: [String] = []
        for name in FileIO.list(dir) where name.hasPrefix("push-") {
            let file = dir + "/" + name
            guard let bytes = (try? FileIO.read(file)) ?? nil,
                  let note = PushNote(text: String(decoding: bytes, as: UTF8.self)) else { continue }
            guard note.owner.isGone else { continue }
            for r in note.refs {
                if let done = clearStaleRefLock(gitDir: gitDir, r.ref, writing: r.new) {
                    notes.append(done + " (in the shared remote \(gitDir), by a killed kpi sync)")
                }
            }
            unlink(file)
        }
        // A note half-written when its kpi was killed: `.push-HOST-PID.kpi-PID-N.tmp`.
        for name in FileIO.list(dir) where name.hasPrefix(".push-\(ProcessOwner.hostName)-") && FileIO.isTemporary(name) {
            if let pid = Repository.temporaryOwner(name), Repository.isDead(pid) { unlink(dir + "/" + name) }
        }
        return notes
    }

    static func isDead(_ pid: Int32) -> Bool { kill(pid, 0) != 0 && errno == ESRCH }

    /// This clone's notes of fetches and pushes whose kpi is gone: the remote-tracking ref
    /// locks a fetch left here, the ref locks a push left in the remote, are removed.
    func cleanPushMarkers() -> [String] {
        let dir = gitDir + "kpi"
        var notes: [String] = []
        for name in FileIO.list(dir) where name.hasPrefix("syncing-") {
            let file = dir + "/" + name
            guard let bytes = (try? FileIO.read(file)) ?? nil else { continue }
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
            guard lines.count >= 3, let owner = ProcessOwner(text: lines[0]), owner.isGone else { continue }
            if lines[1] != "-" { notes += Repository.clearStalePushLocks(remoteGitDir: lines[1]) }
            notes += clearStaleFetchLocks(remote: lines[2])
            unlink(file)
        }
        return notes
    }

    /// Remote-tracking ref locks (and FETCH_HEAD's) a killed sync with `remote` left: only
    /// fetches and pushes write there, so a lock that stays unchanged for a moment is the dead one's.
    func clearStaleFetchLocks(remote: String) -> [String] {
        var locks = [gitDir + "FETCH_HEAD.lock"]
        let folder = gitDir + "refs/remotes/" + remote
        for name in FileIO.list(folder) where name.hasSuffix(".lock") { locks.append(folder + "/" + name) }
        var notes: [String] = []
        for lock in locks {
            var a = stat(), b = stat()
            guard lstat(lock, &a) == 0 else { continue }
            usleep(200_000)
            guard lstat(lock, &b) == 0, a.st_ino == b.st_ino, a.st_size == b.st_size, a.st_mtim.tv_nsec == b.st_mtim.tv_nsec else { continue }
            unlink(lock)
            notes.append("removed \(lock), left by a kpi sync that was killed")
        }
        return notes
    }

    /// Announces a sync with `remote` (`.git/kpi/syncing-PID`) until `end()` is called: a kpi
    /// killed while fetching or pushing leaves it, and the next kpi command clears the
    /// remote-tracking ref locks it left here and the ref locks it left in a local remote.
    public func beginSyncing(remote: String) throws -> SyncNote {
        let owner = ProcessOwner.current
        let url = (try? remoteURL(remote)) ?? nil
        let remoteDir = url.flatMap(Repository.localRemoteGitDir) ?? "-"
        let path = gitDir + "kpi/syncing-\(owner.pid)"
        try FileIO.writeAtomically(Array((owner.text + "\n" + remoteDir + "\n" + remote + "\n").utf8), to: path, permissions: 0o644)
        return SyncNote(path: path)
    }

    /// Runs `push` with the notes described above when the remote is a local path.
    func announcingPush(url: String, refspecs: [String], _ push: () throws -> Void) throws -> [String] {
        guard let remoteDir = Repository.localRemoteGitDir(url) else {
            try push()
            return []
        }
        let notes = Repository.clearStalePushLocks(remoteGitDir: remoteDir)
        var refs: [(ref: String, new: ObjectID)] = []
        for spec in refspecs {
            let parts = spec.drop { $0 == "+" }.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let id = try reference(parts[0]) else { continue }
            refs.append((parts[1], id))
        }
        let owner = ProcessOwner.current
        let remote = remoteDir + "kpi/push-\(owner.host)-\(owner.pid)"
        try FileIO.writeAtomically(Array(PushNote(owner: owner, refs: refs).text.utf8), to: remote, permissions: 0o644)
        defer { unlink(remote) }
        try push()
        return notes
    }
}

/// A sync in progress (see `Repository.beginSyncing`).
public final class SyncNote {
    let path: String
    init(path: String) { self.path = path }
    /// The sync is over (done or failed): nothing of it is left to clean.
    public func end() { unlink(path) }
    deinit { end() }
}
