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

    /// The bytes of the regular file `relative` under `root`, read without following any link;
    /// nil when it does not exist or is not a regular file. Throws `Found` for a link on the way.
    public static func read(root: String, relative: String) throws -> [UInt8]? {
        if let link = first(root: root, relative: relative) { throw link }
        return try FileIO.read(root + "/" + relative)
    }

    /// `read` for a caller that has checked the path's components with `first` itself (each
    /// folder once for the many files in it): the file is still opened with `O_NOFOLLOW`.
    public static func readChecked(root: String, relative: String) throws -> [UInt8]? {
        try FileIO.read(root + "/" + relative)
    }
}
