import Foundation
import GitStore

/// What a load of the working files learnt of them that git's status asks too (the JSON's
/// `uncommitted`, `PendingUncommitted`): each file's content, known from the index's stat data
/// or as the blob id of the bytes read, and its executable bit; and whether the listing skipped
/// a name git would look at. Kept by the `DirectorySource` that was read, so the status needs
/// no `lstat` or listing of its own (docs/architecture.md, "How a read command flows").
public final class WorkingFiles: @unchecked Sendable {
    /// A listed file as the load found it.
    public enum State: Sendable {
        /// Not a ledger file (`LedgerLayout.isLedgerFile`): git's status of it is not asked.
        case other
        /// Not read, or refused (a link, a file too large): its content is not known.
        case unknown
        /// Its index entry's stat data vouches for it (unchanged since staged): that entry's blob id.
        case vouched(ObjectID)
        /// Read: the blob id of its bytes.
        case read(ObjectID)
    }

    /// The folder listed (the ledger's).
    public let root: String

    init(root: String) { self.root = root }

    /// The listing skipped a name starting with `.` that git's status would look at: a folder,
    /// a ledger file, or a `.gitattributes`.
    var hidden = false
    /// The listing found a symbolic link (git's status compares its target, the load refuses it).
    var linked = false
    /// Every folder the listing went into, in the order listed, with which of git's rule files
    /// (`.gitignore`, `.gitattributes`) it holds: with the paths, the names the report cache's
    /// key is made of (`ReportInputs.of(loaded:)`).
    private(set) var folders: [(path: String, rules: RuleFiles)] = []
    /// A folder the listing could not open.
    private(set) var unlisted = false
    /// git's status of the files was asked of libgit2 (which lists and looks at them again)
    /// rather than worked out from this load's notes.
    public internal(set) var listedAgain = false

    /// Which of git's rule files a folder holds (any type of entry: the key looks at each).
    public struct RuleFiles: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let ignore = RuleFiles(rawValue: 1)
        public static let attributes = RuleFiles(rawValue: 2)
    }

    /// A new listing begun: the folders of an earlier one forgotten.
    func beginListing() {
        folders = []
        unlisted = false
    }

    /// The folder `path` listed; returns its number (for `noteRules`).
    func noteFolder(_ path: String) -> Int {
        folders.append((path, []))
        return folders.count - 1
    }

    func noteRules(_ rules: RuleFiles, in folder: Int) { folders[folder].rules.insert(rules) }
    func noteUnlisted() { unlisted = true }
    private var executables: Set<String> = []
    private let lock = NSLock()
    /// The paths listed and each one's state, set once the load is done.
    private(set) var loaded: (paths: PathList, states: [State])?

    func noteExecutable(_ path: String) {
        lock.lock()
        executables.insert(path)
        lock.unlock()
    }

    /// The files read with their owner's executable bit set (once the load is done).
    private(set) var executable: Set<String> = []

    /// What the listing and the load learnt, as one value: read on another thread while the
    /// command goes on (`ReportInputs.of(loaded:)`); nil until the load is done.
    public var listing: Listing? {
        loaded.map { Listing(root: root, linked: linked, unlisted: unlisted, hidden: hidden, folders: folders,
                             paths: $0.paths, states: $0.states, executable: executable) }
    }

    public struct Listing: Sendable {
        public let root: String
        let linked: Bool, unlisted: Bool, hidden: Bool
        let folders: [(path: String, rules: RuleFiles)]
        let paths: PathList
        let states: [State]
        /// The files read with their owner's executable bit set.
        let executable: Set<String>
    }

    /// The states let go (a large ledger's are megabytes), once git's status is worked out.
    func forget() { loaded = nil }

    func finish(paths: PathList, states: [State]) {
        lock.lock()
        executable = executables
        lock.unlock()
        loaded = (paths, states)
    }
}
