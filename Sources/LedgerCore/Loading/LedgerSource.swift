import Foundation
import GitStore
import LedgerFormat
import Synchronization

/// Somewhere ledger files can be read from: a working directory, or a commit's tree.
public protocol LedgerSource {
    /// Relative, `/`-separated paths of every file under the ledger's own folders, sorted.
    func ledgerFiles() throws -> PathList
    func read(_ path: String) throws -> [UInt8]
}

/// A ledger in a plain directory (with or without git). Symbolic links are listed where they
/// are and refused when read, never followed: a linked file or folder could be anywhere.
public struct DirectorySource: LedgerSource, Sendable {
    public let root: String
    /// Folders already checked for links on the way (a ledger's thousands of files share a
    /// few dozen folders): each is checked once per source.
    private let folders = CheckedFolders()
    /// What the listing skipped, and what a load learnt of each file (git's status of the
    /// working files is worked out from it: `WorkingFiles`).
    let notes: WorkingFiles
    /// The git index of the repository the folder is in, read when first asked (a load with an
    /// empty parsed-file cache never asks), and the folder's path in it: which files are known
    /// unchanged since they were staged (the parsed-file cache's keys).
    private let indexFile: IndexOnce?
    let indexPrefix: String
    /// The ledger's files listed on a thread of their own ahead of the load (`listedAhead`).
    private let ahead: Ahead?

    public init(root: String) { self.init(root: root, index: nil, prefix: "") }

    /// `index`: the git index of the repository holding `root`, at `prefix` (the ledger's
    /// folder relative to the work tree, "" at its root).
    public init(root: String, index: IndexStat?, prefix: String) {
        self.init(root: root, notes: WorkingFiles(root: root), indexFile: index.map { IndexOnce(loaded: $0) }, prefix: prefix, ahead: nil)
    }

    /// The index of the repository whose git directory is `gitDir` (`environment`: GIT_INDEX_FILE
    /// honoured), read the first time `index` is asked. `listed`: a source of the same folder
    /// made by `listedAhead`, whose listing (and what it noted) this one takes.
    public init(root: String, gitDir: String, environment: [String: String], prefix: String, listed: DirectorySource? = nil) {
        let listed = listed?.root == root ? listed : nil
        self.init(root: root, notes: listed?.notes ?? WorkingFiles(root: root), indexFile: IndexOnce(gitDir: gitDir, environment: environment),
                  prefix: prefix, ahead: listed?.ahead)
    }

    private init(root: String, notes: WorkingFiles, indexFile: IndexOnce?, prefix: String, ahead: Ahead?) {
        self.root = root
        self.notes = notes
        self.indexFile = indexFile
        indexPrefix = prefix.isEmpty ? "" : prefix + "/"
        self.ahead = ahead
    }

    /// The folder's ledger files (`ledgerFiles()`) listed from now on, on a thread of their own:
    /// the listing is serial, and a command can have it done while it starts (parses its command
    /// line) on a core that would be idle. `ledgerFiles()` waits for it.
    public static func listedAhead(root: String) -> DirectorySource {
        let source = DirectorySource(root: root, notes: WorkingFiles(root: root), indexFile: nil, prefix: "", ahead: Ahead())
        Thread { source.ahead!.set(source.files(under: LedgerLayout.ledgerRoots)) }.start()
        return source
    }

    /// A listing made on another thread, waited for once.
    private final class Ahead: @unchecked Sendable {
        private var paths = PathList()
        private let done = DispatchSemaphore(value: 0)

        func set(_ listed: PathList) {
            paths = listed
            done.signal()
        }

        var value: PathList {
            done.wait()
            done.signal()
            return paths
        }
    }

    /// The git index, when the folder is a work tree's and the index is readable.
    var index: IndexStat? { indexFile?.value }

    /// The blob id of the file at `path` when the index's stat data vouches for it (a plain
    /// file, unchanged since it was staged, on a path with no link); nil otherwise.
    func knownBlob(_ path: String, in index: IndexStat) -> ObjectID? {
        var st = stat()
        if let folder = Self.folder(of: path) {
            let checked = folders.check(root: root, folder: folder)
            if checked.link != nil { return nil }
            if checked.fd >= 0 {
                guard fstatat(checked.fd, path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[path.utf8.index(after: $0)...]) } ?? path,
                              &st, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
                return index.blob(indexPrefix + path, st)
            }
        }
        guard lstat(root + "/" + path, &st) == 0 else { return nil }
        return index.blob(indexPrefix + path, st)
    }

    public func ledgerFiles() throws -> PathList { ahead?.value ?? files(under: LedgerLayout.ledgerRoots) }

    /// Every file and symbolic link at or under the top-level names `roots`, sorted; names
    /// starting with `.` (editors' swap files, kpi's temporary files) are skipped. Packed
    /// (`PathList`): a ledger's paths are held to the end of the command.
    public func files(under roots: [String]) -> PathList {
        var out = PathList()
        // Each folder's names sorted as it is listed (short names, a few hundred at a time) give
        // the paths in order unless a name sorts between a folder and what it holds (`a-b`
        // after `a/x`): checked in one pass, and only then sorted whole (`inOrder`).
        visit(under: roots.sorted(), ordered: true) { path, kind in if kind != .folder { out.append(path) } }
        return out.inOrder()
    }

    /// What a name in the ledger's folders is.
    public enum EntryKind: Sendable { case file, link, folder }

    /// Calls `body` with each file, symbolic link and folder at or under the top-level names
    /// `roots` (what `files(under:)` lists, and the folders they are in), a folder before what
    /// it holds; `ordered`: each folder's names sorted (the same tree, the same calls).
    /// A link is not followed.
    public func visit(under roots: [String], ordered: Bool = false, _ body: (String, EntryKind) -> Void) {
        notes.beginListing()
        for top in roots { walk(top, ordered: ordered, body) }
    }

    private func walk(_ relative: String, ordered: Bool, _ body: (String, EntryKind) -> Void) {
        var st = stat()
        guard lstat(root + "/" + relative, &st) == 0 else { return }
        switch st.st_mode & S_IFMT {
        case S_IFREG: body(relative, .file)
        case S_IFLNK:
            notes.linked = true
            body(relative, .link)
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
        guard let dir = opendir(root + "/" + folder) else {
            notes.noteUnlisted()
            return
        }
        let number = notes.noteFolder(folder)
        var entries: [(key: UInt64, name: String, type: UInt8)] = []
        while let e = readdir(dir) {
            var key: UInt64 = 0
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                key = Self.orderKey(raw)
                return String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") {
                entries.append((key, name, e.pointee.d_type))
                continue
            }
            // git's rules in the folder: the report cache's key names their content.
            if name == ".gitignore" { notes.noteRules(.ignore, in: number) }
            if name == ".gitattributes" { notes.noteRules(.attributes, in: number) }
            if name != ".", name != "..", !notes.hidden {
                // Skipped, though git's status would look at it: a folder (it may hold ledger
                // files, or be another repository), a file of the ledger's, or git's attributes.
                let type = Int32(e.pointee.d_type)
                notes.hidden = type != Int32(DT_REG) || name == ".gitattributes" || LedgerLayout.isLedgerFile(folder + "/" + name)
            }
        }
        closedir(dir)
        // Any fixed order will do (`files(under:)` sorts the whole when its paths are not in
        // order); this is String's for ASCII names (their bytes' order): by each name's first 8
        // bytes as one number, then as strings, at a fraction of comparing strings throughout.
        if ordered { entries.sort { $0.key != $1.key ? $0.key < $1.key : $0.name < $1.name } }
        for (_, name, type) in entries {
            let path = Self.joined(folder, name)
            switch Int32(type) {
            case Int32(DT_REG): body(path, .file)
            case Int32(DT_LNK):
                notes.linked = true
                body(path, .link)
            case Int32(DT_DIR):
                body(path, .folder)
                list(path, ordered: ordered, body)
            case Int32(DT_UNKNOWN): walk(path, ordered: ordered, body)
            default: continue
            }
        }
    }

    /// The first 8 bytes of a NUL-terminated name as a big-endian number (zeros from its end
    /// on): names whose keys differ are in their bytes' order.
    static func orderKey(_ name: UnsafeRawBufferPointer) -> UInt64 {
        var key: UInt64 = 0
        var ended = false
        for i in 0..<Swift.min(8, name.count) {
            if name[i] == 0 { ended = true }
            key = key << 8 | (ended ? 0 : UInt64(name[i]))
        }
        return name.count >= 8 ? key : key << UInt64(8 * (8 - name.count))
    }

    /// `folder/name`, made in one allocation (two appends grew the string twice per file).
    static func joined(_ folder: String, _ name: String) -> String {
        var folder = folder, name = name
        return folder.withUTF8 { a in
            name.withUTF8 { b in
                String(unsafeUninitializedCapacity: a.count + 1 + b.count) { out in
                    _ = out.initialize(fromContentsOf: a)
                    out[a.count] = UInt8(ascii: "/")
                    _ = UnsafeMutableBufferPointer(rebasing: out[(a.count + 1)...]).initialize(fromContentsOf: b)
                    return a.count + 1 + b.count
                }
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

    public func read(_ path: String) throws -> [UInt8] { try read(path, vouchedBy: nil).bytes }

    /// The file's bytes and, given `index`, their blob id when the file's stat data taken after
    /// the read vouch for them (`Links.readFile`'s `expected`, `IndexStat.blob`: unchanged since
    /// staged, not racily clean), so they need not be hashed; nil otherwise. `hint`: where the
    /// file's entry is expected in the index (its number among the ledger's sorted paths).
    func read(_ path: String, vouchedBy index: IndexStat?, hint: Int = -1) throws -> (bytes: [UInt8], blob: ObjectID?) {
        func refuse(_ link: Links.Found) -> LedgerError {
            LedgerError.invalid([Diagnostic(path: path, line: 1, column: 1, code: .symbolicLink, message: link.message)])
        }
        // The folder part, found on the bytes (`/` is ASCII).
        var whole = path
        let slash: Int? = whole.withUTF8 { b in
            var i = b.count
            while i > 0 { i -= 1; if b[i] == UInt8(ascii: "/") { return i } }
            return nil
        }
        var dir: Int32 = -1
        if let slash {
            let folder = whole.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[..<slash]), as: UTF8.self) }
            let checked = folders.check(root: root, folder: folder)
            if let link = checked.link { throw refuse(link) }
            dir = checked.fd
        }
        // Opened from its folder, already open, when it is (no walk of the whole path per file).
        // (A read error is not shown, only that the file is unreadable: the relative path will do.)
        let staged: IndexStat.Staged?
        if let index {
            if indexPrefix.isEmpty {
                staged = whole.withUTF8 { index.staged($0, hint: hint) }
            } else {
                var full = indexPrefix + path
                staged = full.withUTF8 { index.staged($0, hint: hint) }
            }
        } else {
            staged = nil
        }
        let expected = staged.map { index!.size($0) }
        let file: Links.File?
        var st = stat()
        if dir >= 0, let slash {
            file = path.withCString { try? Links.readFile($0 + slash + 1, in: dir, limit: LedgerLoader.maxFileBytes, describedAs: path,
                                                          expected: expected, status: &st) }
        } else {
            let full = root + "/" + path
            file = full.withCString { try? Links.readFile($0, in: AT_FDCWD, limit: LedgerLoader.maxFileBytes, describedAs: path,
                                                          expected: expected, status: &st) }
        }
        // git's executable bit (the owner's): rare, so noted by path.
        if st.st_mode & S_IFMT == S_IFREG, st.st_mode & S_IXUSR != 0 { notes.noteExecutable(path) }
        switch file {
        case .bytes(let bytes)?:
            // Vouched for by the stat data taken after the read (`expected` given).
            guard let index, let staged, Int(st.st_size) == bytes.count else { return (bytes, nil) }
            return (bytes, index.blob(staged, st))
        case .link?:
            guard let link = Links.first(root: root, relative: path) else { throw LedgerError.unreadable(path) }
            throw refuse(link)
        case .tooLarge(let size)?: throw LedgerError.invalid([LedgerLoader.tooLarge(path, size: size)])
        case .none?, nil: throw LedgerError.unreadable(path)
        }
    }

    /// The index, read on a thread of its own from now on (`indexIfRead`), when the source has one.
    func readIndexAhead() {
        guard let indexFile else { return }
        Thread { _ = indexFile.value }.start()
    }

    /// The index when it has been read already (`readIndexAhead`); nil, without waiting, before.
    var indexIfRead: IndexStat? { indexFile?.ifRead }
}

/// A git index read once, on first use, from whichever thread asks first.
final class IndexOnce: @unchecked Sendable {
    private var source: (gitDir: String, environment: [String: String])?
    private var index: IndexStat?
    private let lock = NSLock()

    init(loaded: IndexStat) {
        index = loaded
        read.store(true, ordering: .releasing)
    }
    init(gitDir: String, environment: [String: String]) { source = (gitDir, environment) }

    var value: IndexStat? {
        lock.lock()
        defer { lock.unlock() }
        if let s = source {
            index = IndexStat(gitDir: s.gitDir, environment: s.environment)
            source = nil
            read.store(true, ordering: .releasing)
        }
        return index
    }

    /// Set once `index` is read (it is never written again).
    private let read = Atomic<Bool>(false)

    /// The index when it has been read already; nil, without waiting, while it is being read.
    var ifRead: IndexStat? { read.load(ordering: .acquiring) ? index : nil }
}

/// The verdict of `Links.first` per folder, remembered (a source may be read from several
/// threads), and each folder without a link kept open (`O_NOFOLLOW`, up to `maxOpen` of them),
/// so its files are opened from it: the kernel then looks up one name per file, not every
/// component of its path again.
final class CheckedFolders: @unchecked Sendable {
    private var known: [String: (link: Links.Found?, fd: Int32)] = [:]
    private var opened = 0
    private let lock = NSLock()
    static let maxOpen = 64

    func firstLink(root: String, folder: String) -> Links.Found? { check(root: root, folder: folder).link }

    /// The first link on the way to `folder`, or, when there is none, the folder open (-1 when it
    /// could not be opened, or enough are).
    func check(root: String, folder: String) -> (link: Links.Found?, fd: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if let verdict = known[folder] { return verdict }
        let link = Links.first(root: root, relative: folder)
        var fd: Int32 = -1
        if link == nil, opened < Self.maxOpen {
            fd = Glibc.open(root + "/" + folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd >= 0 { opened += 1 }
        }
        known[folder] = (link, fd)
        return (link, fd)
    }

    deinit {
        for (_, v) in known where v.fd >= 0 { close(v.fd) }
    }
}
