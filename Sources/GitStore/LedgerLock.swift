#if canImport(Glibc)
import Glibc
#endif

/// The ledger's writer lock: an exclusive flock(2) on `<gitdir>/kpi.lock`.
///
/// flock belongs to the open file description, so a killed process releases it with its
/// descriptors, and two `LedgerLock`s in one process exclude each other too. The file itself
/// is never deleted (deleting a flock file lets two holders lock different inodes).
public final class LedgerLock {
    public let path: String
    private var fd: Int32

    /// Waits up to `timeout` seconds for the lock; throws `.locked` with a clear message.
    public init(gitDir: String, timeout: Double = 30) throws {
        let dir = gitDir.hasSuffix("/") ? gitDir : gitDir + "/"
        path = dir + "kpi.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw GitError(.io, "cannot open lock file \(path): \(String(cString: strerror(errno)))")
        }
        var waited = 0.0
        var delay = 0.001
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let err = errno
            guard err == EWOULDBLOCK || err == EINTR else {
                close(fd)
                throw GitError(.io, "cannot lock \(path): \(String(cString: strerror(err)))")
            }
            if waited >= timeout {
                close(fd)
                throw GitError(.locked, "another kpi process is writing to this ledger (\(path) stayed locked for \(Int(timeout.rounded())) s)")
            }
            usleep(useconds_t(delay * 1_000_000))
            waited += delay
            delay = min(delay * 2, 0.05)
        }
    }

    /// Releases the lock now (also done on deinit).
    public func unlock() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { unlock() }
}
