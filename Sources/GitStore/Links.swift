#if canImport(Glibc)
import Glibc
#endif

/// Symbolic links inside a working tree are never followed: a link in a ledger path
/// (`records/2026-Q4` → a folder elsewhere, `people/x.yaml` → /etc/passwd) would make kpi read
/// or write outside the repository. Every component of a path is checked with `lstat`, and the
/// file itself is opened with `O_NOFOLLOW` (docs/format.md, "Files kpi reads and writes").
public enum Links {
    /// A symbolic link found on the way to a file.
    public struct Found: Error, Sendable, Equatable {
        /// The link's path, relative like the path asked about (`records/2026-Q4`).
        public let path: String
        /// Where it points, as written in the link.
        public let target: String

        public init(path: String, target: String) {
            self.path = path
            self.target = target
        }

        /// A refusal a manager understands, naming the link.
        public var message: String {
            "\(path) is a symbolic link (to \(target)); kpi reads and writes only plain files and folders inside the repository and follows no links: replace it with the file or folder itself"
        }
    }

    /// The first component of `relative` (a `/`-separated path under the folder `root`) that is a
    /// symbolic link; nil when none is (the walk stops at the first component that does not exist).
    public static func first(root: String, relative: String) -> Found? {
        var prefix = ""
        for part in relative.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += prefix.isEmpty ? String(part) : "/" + part
            var st = stat()
            guard lstat(root + "/" + prefix, &st) == 0 else { return nil }
            if (st.st_mode & S_IFMT) == S_IFLNK {
                return Found(path: prefix, target: target(of: root + "/" + prefix))
            }
        }
        return nil
    }

    static func target(of path: String) -> String {
        var buf = [CChar](repeating: 0, count: 4097)
        let n = readlink(path, &buf, 4096)
        guard n >= 0 else { return "?" }
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// What `readFile` found.
    public enum File {
        case bytes([UInt8])
        /// The file itself is a symbolic link (not opened).
        case link
        /// Larger than the limit asked (not read): its size.
        case tooLarge(Int)
        /// Missing, or not a regular file.
        case none
    }

    /// The regular file at `path` (whose folders the caller has checked for links) with one
    /// `open`, one `fstat` and one `read`, no `lstat`: `O_NOFOLLOW` refuses a link in the file's
    /// own place, `O_NONBLOCK` keeps a FIFO from being waited on, and the `fstat` of what was
    /// opened says whether it is a regular file and how large.
    public static func readFile(_ path: String, limit: Int) throws -> File {
        var status = stat()
        return try path.withCString { try readFile($0, in: AT_FDCWD, limit: limit, describedAs: path, status: &status) }
    }

    /// The same for the file `name` in the open folder `dir` (`describedAs`: its path, for
    /// messages); `status` set to the regular file's `fstat`. `expected`: the size the file is
    /// expected to have (its git index entry's): it is then read first, into room for that, and
    /// `fstat`-ed after, so that `status` vouches for the bytes — when its size is theirs and its
    /// times are those the entry holds, the bytes are the entry's blob (any write before the
    /// `fstat` moved the file's change time), and the caller may take the index's blob id for
    /// them instead of hashing them (docs/architecture.md, "How a read command flows").
    /// Otherwise `fstat`, then one read sized by it.
    public static func readFile(_ name: UnsafePointer<CChar>, in dir: Int32, limit: Int, describedAs path: String,
                                expected: Int? = nil, status st: inout stat) throws -> File {
        let fd = openat(dir, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return errno == ELOOP ? .link : .none }
        defer { close(fd) }
        guard let expected, expected < limit else {
            guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return .none }
            let size = Int(st.st_size)
            if size > limit { return .tooLarge(size) }
            return .bytes(try FileIO.read(fd, size: size, path: path, regular: true))
        }
        // Room for one byte more than expected: a read that returns less has seen the end, when
        // the `fstat` after it says the file is that size.
        var failed: Int32 = 0
        let first = [UInt8](unsafeUninitializedCapacity: expected + 1) { buffer, count in
            while true {
                let n = Glibc.read(fd, buffer.baseAddress!, buffer.count)
                if n >= 0 { count = n; return }
                if errno != EINTR { failed = errno; return }
            }
        }
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return .none }
        let size = Int(st.st_size)
        if size > limit { return .tooLarge(size) }
        if failed != 0 { throw GitError(.io, "cannot read \(path): \(FileIO.errnoText(failed))") }
        if first.count == size, size <= expected { return .bytes(first) }
        // Not the size expected, or a short read on a file system where that is no end: read on
        // to the end, and looked at again after.
        let rest = try FileIO.read(fd, size: max(size - first.count, 0), path: path)
        guard fstat(fd, &st) == 0 else { return .none }
        return .bytes(first + rest)
    }

    /// The bytes of the regular file `relative` under `root`, read without following any link;
    /// nil when it does not exist or is not a regular file. Throws `Found` for a link on the way.
    public static func read(root: String, relative: String) throws -> [UInt8]? {
        if let link = first(root: root, relative: relative) { throw link }
        return try FileIO.read(root + "/" + relative)
    }
}
