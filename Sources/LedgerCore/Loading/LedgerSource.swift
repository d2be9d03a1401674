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
public struct DirectorySource: LedgerSource, Sendable {
    public let root: String
    /// Folders already checked for links on the way (a ledger's thousands of files share a
    /// few dozen folders): each is checked once per source.
    private let folders = CheckedFolders()
    /// The git index of the repository the folder is in, read when first asked (a load with an
    /// empty parsed-file cache never asks), and the folder's path in it: which files are known
    /// unchanged since they were staged (the parsed-file cache's keys).
    private let indexFile: IndexOnce?
    let indexPrefix: String

    public init(root: String) { self.init(root: root, index: nil, prefix: "") }

    /// `index`: the git index of the repository holding `root`, at `prefix` (the ledger's
    /// folder relative to the work tree, "" at its root).
    public init(root: String, index: IndexStat?, prefix: String) {
        self.root = root
        indexFile = index.map { IndexOnce(loaded: $0) }
        indexPrefix = prefix.isEmpty ? "" : prefix + "/"
    }

    /// The index of the repository whose git directory is `gitDir` (`environment`: GIT_INDEX_FILE
    /// honoured), read the first time `index` is asked.
    public init(root: String, gitDir: String, environment: [String: String], prefix: String) {
        self.root = root
        indexFile = IndexOnce(gitDir: gitDir, environment: environment)
        indexPrefix = prefix.isEmpty ? "" : prefix + "/"
    }

    /// The git index, when the folder is a work tree's and the index is readable.
    var index: IndexStat? { indexFile?.value }

    /// The blob id of the file at `path` when the index's stat data vouches for it (a plain
    /// file, unchanged since it was staged, on a path with no link); nil otherwise.
    func knownBlob(_ path: String, in index: IndexStat) -> ObjectID? {
        if let folder = Self.folder(of: path), folders.firstLink(root: root, folder: folder) != nil { return nil }
        var st = stat()
        guard lstat(root + "/" + path, &st) == 0 else { return nil }
        return index.blob(indexPrefix + path, st)
    }

    public func ledgerFiles() throws -> [String] { files(under: LedgerLayout.ledgerRoots) }

    /// Every file and symbolic link at or under the top-level names `roots`, sorted; names
    /// starting with `.` (editors' swap files, kpi's temporary files) are skipped.
    public func files(under roots: [String]) -> [String] {
        var out: [String] = []
        // Each folder's names sorted as it is listed (short names, a few hundred at a time) give
        // the paths in order unless a name sorts between a folder and what it holds (`a-b`
        // after `a/x`): checked in one pass, and only then sorted whole.
        visit(under: roots.sorted(), ordered: true) { path, kind in if kind != .folder { out.append(path) } }
        if zip(out, out.dropFirst()).contains(where: { !($0 < $1) }) { out.sort() }
        return out
    }

    /// What a name in the ledger's folders is.
    public enum EntryKind: Sendable { case file, link, folder }

    /// Calls `body` with each file, symbolic link and folder at or under the top-level names
    /// `roots` (what `files(under:)` lists, and the folders they are in), a folder before what
    /// it holds; `ordered`: each folder's names sorted (the same tree, the same calls).
    /// A link is not followed.
    public func visit(under roots: [String], ordered: Bool = false, _ body: (String, EntryKind) -> Void) {
        for top in roots { walk(top, ordered: ordered, body) }
    }

    private func walk(_ relative: String, ordered: Bool, _ body: (String, EntryKind) -> Void) {
        var st = stat()
        guard lstat(root + "/" + relative, &st) == 0 else { return }
        switch st.st_mode & S_IFMT {
        case S_IFREG: body(relative, .file)
        case S_IFLNK: body(relative, .link)
        case S_IFDIR:
            body(relative, .folder)
            list(relative, ordered: ordered, body)
        default:
            return
        }
    }

    /// The folder's entries: files and links by the type `readdir` gives (no `lstat` each),
    /// folders walked in turn; an entry of a type the file system does not say is looked at.
    private func list(_ folder: String, ordered: Bool, _ body: (String, EntryKind) -> Void) {
        guard let dir = opendir(root + "/" + folder) else { return }
        var entries: [(name: String, type: UInt8)] = []
        while let e = readdir(dir) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") { entries.append((name, e.pointee.d_type)) }
        }
        closedir(dir)
        // String order: any fixed order will do, and ASCII names compare as bytes on its fast path.
        if ordered { entries.sort { $0.name < $1.name } }
        for (name, type) in entries {
            let path = folder + "/" + name
            switch Int32(type) {
            case Int32(DT_REG): body(path, .file)
            case Int32(DT_LNK): body(path, .link)
            case Int32(DT_DIR):
                body(path, .folder)
                list(path, ordered: ordered, body)
            case Int32(DT_UNKNOWN): walk(path, ordered: ordered, body)
            default: continue
            }
        }
    }

    /// Whether anything (a file, a folder, a link) is at `path`.
    public func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(root + "/" + path, &st) == 0
    }

    /// The folder part of a relative path (before its last `/`), nil for a top-level name. Found
    /// on the bytes: `/` is ASCII, so its byte is a character boundary.
    static func folder(of path: String) -> String? {
        path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[..<$0]) }
    }

    public func read(_ path: String) throws -> [UInt8] {
        func refuse(_ link: Links.Found) -> LedgerError {
            LedgerError.invalid([Diagnostic(path: path, line: 1, column: 1, code: .symbolicLink, message: link.message)])
        }
        if let folder = Self.folder(of: path), let link = folders.firstLink(root: root, folder: folder) { throw refuse(link) }
        switch try? Links.readFile(root + "/" + path, limit: LedgerLoader.maxFileBytes) {
        case .bytes(let bytes)?: return bytes
        case .link?:
            guard let link = Links.first(root: root, relative: path) else { throw LedgerError.unreadable(path) }
            throw refuse(link)
        case .tooLarge(let size)?: throw LedgerError.invalid([LedgerLoader.tooLarge(path, size: size)])
        case .none?, nil: throw LedgerError.unreadable(path)
        }
    }
}

/// A git index read once, on first use, from whichever thread asks first.
final class IndexOnce: @unchecked Sendable {
    private var source: (gitDir: String, environment: [String: String])?
    private var index: IndexStat?
    private let lock = NSLock()

    init(loaded: IndexStat) { index = loaded }
    init(gitDir: String, environment: [String: String]) { source = (gitDir, environment) }

    var value: IndexStat? {
        lock.lock()
        defer { lock.unlock() }
        if let s = source {
            index = IndexStat(gitDir: s.gitDir, environment: s.environment)
            source = nil
        }
        return index
    }
}

/// The verdict of `Links.first` per folder, remembered (a source may be read from several threads).
final class CheckedFolders: @unchecked Sendable {
    private var known: [String: Links.Found?] = [:]
    private let lock = NSLock()

    func firstLink(root: String, folder: String) -> Links.Found? {
        lock.lock()
        defer { lock.unlock() }
        if let verdict = known[folder] { return verdict }
        let verdict = Links.first(root: root, relative: folder)
        known[folder] = verdict
        return verdict
    }
}
