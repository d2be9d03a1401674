#if canImport(Glibc)
import Glibc
#endif

/// git's own lock on the index, `.git/index.lock`, taken the way git takes it: created
/// exclusively (it fails while any git holds it), written with the whole new index, renamed
/// over `.git/index` — or deleted to give up. While kpi holds it no `git add`, `git commit`
/// or `git status` can read a half-made change or stage anything.
///
/// The lock is created as a hard link of `.git/kpi/index.lock-PID` (link(2) fails when the
/// name exists, like O_EXCL): the second name says, after a crash, that the lock is kpi's and
/// whose, so a lock left by a dead kpi is cleared safely while one held by git never is.
/// See docs/reliability.md.
final class IndexLock {
    let lockPath: String
    let markPath: String
    private var held = false
    /// The mark, open from its creation until the lock is committed or given up: the new
    /// index is written through it (no second open).
    private var fd: Int32 = -1
    private var filled = false

    static func paths(gitDir: String) -> (lock: String, kpiDir: String) {
        let dir = gitDir.hasSuffix("/") ? gitDir : gitDir + "/"
        return (dir + "index.lock", dir + "kpi")
    }

    /// Waits up to `timeout` seconds (with backoff) for another git to let go of the index.
    init(gitDir: String, timeout: Double) throws {
        let (lock, kpiDir) = IndexLock.paths(gitDir: gitDir)
        lockPath = lock
        markPath = kpiDir + "/index.lock-\(getpid())"
        try FileIO.makeFolders(kpiDir)
        fd = open(markPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 && errno == EEXIST {
            unlink(markPath)   // a leftover of this very pid's earlier run (a reused pid)
            fd = open(markPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw GitError(.io, "cannot create \(markPath): \(FileIO.errnoText())") }
        var waited = 0.0, delay = 0.002
        while link(markPath, lockPath) != 0 {
            let err = errno
            guard err == EEXIST, waited < timeout else {
                close(fd)
                fd = -1
                unlink(markPath)
                if err == EEXIST {
                    throw GitError(.locked, "the git index is locked: \(lockPath) exists, so another git command is running in this repository (it stayed for \(Int(timeout.rounded())) s). Wait for it to finish and try again; if no git command is running, delete \(lockPath) and try again")
                }
                throw GitError(.io, "cannot create \(lockPath): \(FileIO.errnoText(err))")
            }
            usleep(useconds_t(delay * 1_000_000))
            waited += delay
            delay = min(delay * 2, 0.1)
        }
        held = true
    }

    /// Replaces the lock's content with the whole new index. Not fsynced, as git does not by
    /// default (`core.fsync`): the index is derived from the commit and the working files.
    func write(_ bytes: [UInt8]) throws {
        guard held, fd >= 0 else { throw GitError(.io, "\(lockPath) is not held") }
        if filled, ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0 {
            throw GitError(.io, "cannot write \(lockPath): \(FileIO.errnoText())")
        }
        filled = true
        try FileIO.writeAll(fd, bytes, name: lockPath)
    }

    private func closeMark() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    /// Renames the lock over `.git/index`: the new index takes effect.
    func commit() throws {
        guard held else { return }
        let index = String(lockPath.dropLast(".lock".count))
        closeMark()
        guard rename(lockPath, index) == 0 else { throw GitError(.io, "cannot rename \(lockPath) to \(index): \(FileIO.errnoText())") }
        held = false
        unlink(markPath)
    }

    /// Gives the lock up, leaving `.git/index` as it was.
    func release() {
        closeMark()
        guard held else { return }
        if IndexLock.sameFile(lockPath, markPath) { unlink(lockPath) }
        unlink(markPath)
        held = false
    }

    deinit { release() }

    static func sameFile(_ a: String, _ b: String) -> Bool {
        var x = stat(), y = stat()
        return lstat(a, &x) == 0 && lstat(b, &y) == 0 && x.st_ino == y.st_ino && x.st_dev == y.st_dev
    }

    /// Clears index locks left by kpi processes that are gone: `.git/index.lock` only when it
    /// is the very file a dead kpi created. Returns what it did, for the user.
    /// Called only under the ledger lock: every kpi that takes an index lock holds the ledger
    /// lock until it lets go, and the kernel releases that with the process, so another pid's
    /// mark seen here belongs to a kpi that died.
    static func clearStale(gitDir: String) -> [String] {
        let (lock, kpiDir) = paths(gitDir: gitDir)
        var notes: [String] = []
        for name in FileIO.list(kpiDir) where name.hasPrefix("index.lock-") {
            guard let pid = Int32(name.dropFirst("index.lock-".count)), pid != getpid() else { continue }
            let mark = kpiDir + "/" + name
            if sameFile(lock, mark) {
                unlink(lock)
                notes.append("removed \(lock), left by kpi process \(pid) that was killed while writing")
            }
            unlink(mark)
        }
        return notes
    }
}
