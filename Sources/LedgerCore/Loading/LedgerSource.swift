import Foundation
import GitStore
import LedgerFormat

/// Somewhere ledger files can be read from: a working directory, or a commit's tree.
public protocol LedgerSource {
    /// Relative, `/`-separated paths of every file under the ledger's own folders, sorted.
    func ledgerFiles() throws -> [String]
    func read(_ path: String) throws -> [UInt8]
}

/// A ledger in a plain directory (with or without git). Symbolic links are listed where they
/// are and refused when read, never followed: a linked file or folder could be anywhere.
public struct DirectorySource: LedgerSource {
    public let root: String

    public init(root: String) { self.root = root }

    public func ledgerFiles() throws -> [String] { files(under: LedgerLayout.ledgerRoots) }

    /// Every file and symbolic link at or under the top-level names `roots`, sorted; names
    /// starting with `.` (editors' swap files, kpi's temporary files) are skipped.
    public func files(under roots: [String]) -> [String] {
        var out: [String] = []
        for top in roots { walk(top, into: &out) }
        return out.sorted()
    }

    private func walk(_ relative: String, into out: inout [String]) {
        var st = stat()
        guard lstat(root + "/" + relative, &st) == 0 else { return }
        switch st.st_mode & S_IFMT {
        case S_IFREG, S_IFLNK:
            out.append(relative)
        case S_IFDIR:
            guard let dir = opendir(root + "/" + relative) else { return }
            var names: [String] = []
            while let e = readdir(dir) {
                let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if !name.hasPrefix(".") { names.append(name) }
            }
            closedir(dir)
            for name in names { walk(relative + "/" + name, into: &out) }
        default:
            return
        }
    }

    public func read(_ path: String) throws -> [UInt8] {
        if let link = Links.first(root: root, relative: path) {
            throw LedgerError.invalid([Diagnostic(path: path, line: 1, column: 1, code: .symbolicLink, message: link.message)])
        }
        var st = stat()
        if lstat(root + "/" + path, &st) == 0, Int(st.st_size) > LedgerLoader.maxFileBytes {
            throw LedgerError.invalid([LedgerLoader.tooLarge(path, size: Int(st.st_size))])
        }
        guard let bytes = try? Links.read(root: root, relative: path) else { throw LedgerError.unreadable(path) }
        return bytes
    }
}
