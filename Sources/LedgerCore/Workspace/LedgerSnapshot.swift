import Foundation
import GitStore

/// The ledger a read-only command looks at: the working files by default, or a revision.
public struct LedgerSnapshot {
    public let ledger: Ledger
    /// The commit it was read from (full id), nil for a plain folder without git.
    public let revision: String?
    public let store: LedgerStore?
    /// True when the ledger was read from the working files (their commit is `revision`).
    public var fromWorkingTree = false
    /// What the load learnt of the working files, when asked (`workingFiles: true`).
    public var working: WorkingFiles?
    /// Each quarter's sheets, when the working files were loaded a quarter at a time
    /// (`byQuarterFrom`): `ledger` then holds the organisation and every message, no sheet.
    public var quarterSheets: QuarterSheets?

    /// The ledger's repository found from `start`; nil when there is none (a plain folder may
    /// still hold a ledger). A repository that holds ledgers elsewhere is refused: it says where.
    static func store(from start: String) throws -> LedgerStore? {
        do { return try LedgerStore.open(from: start) } catch let e as LedgerError {
            if case .refused = e { throw e }
            return nil
        }
    }

    /// `at`: any revision git accepts; `asOf`: the last commit on or before that day. Without
    /// either: the working tree when there is one (what the user sees and edits), else HEAD.
    /// `recordBlobIDs`: the ledger keeps its records files' blob ids (`kpi check`'s record dates).
    /// `workingFiles`: what the load learnt of each working file is kept (`working`), for git's
    /// status of them (`PendingUncommitted`).
    /// `byQuarterFrom`: the working files, from that many on, are loaded a quarter at a time
    /// (`LedgerLoader.load(from:byQuarterFrom:listed:)`, `quarterSheets`); `listed` is told
    /// whether they are, before any is read (not called for a revision).
    public static func load(from start: String, at: String? = nil, asOf: Day? = nil, recordBlobIDs: Bool = false,
                            workingFiles: Bool = false, byQuarterFrom: Int? = nil,
                            listed: ((Bool) -> Void)? = nil) throws -> LedgerSnapshot {
        let store = try Self.store(from: start)
        if at != nil || asOf != nil {
            guard let store else { throw LedgerError.refused(.needsGit()) }
            let commit: ObjectID?
            if let at { commit = try store.resolve(at) } else {
                commit = try store.commit(asOf: asOf!)
                if commit == nil { throw LedgerError.refused(.noCommit(onOrBefore: asOf!)) }
            }
            return LedgerSnapshot(ledger: try store.ledger(at: commit, recordBlobIDs: recordBlobIDs), revision: commit?.hex, store: store)
        }
        if let root = store?.root ?? LedgerLocator.findRoot(from: start),
           FileManager.default.fileExists(atPath: root + "/" + LedgerLayout.settingsFile) {
            let head = try store?.headCommit()
            let source = Self.workingFiles(root, store)
            let (ledger, sheets) = try LedgerLoader.load(from: source, recordBlobIDs: recordBlobIDs, cacheIn: store?.repository.gitDir,
                                                         noteWorkingFiles: workingFiles, byQuarterFrom: byQuarterFrom, listed: listed)
            var snapshot = LedgerSnapshot(ledger: ledger, revision: head?.hex, store: store)
            snapshot.quarterSheets = sheets
            snapshot.fromWorkingTree = true
            if workingFiles { snapshot.working = source.notes }
            return snapshot
        }
        if let store, store.root == nil, let head = try store.headCommit() {
            return LedgerSnapshot(ledger: try store.ledger(at: head, recordBlobIDs: recordBlobIDs), revision: head.hex, store: store)
        }
        throw LedgerError.notALedger(start)
    }

    /// The ledger's working files at `root`, with the index of its repository when the files are
    /// its work tree (the parsed-file cache knows unchanged files from the index's stat data);
    /// listed already when `listAhead` began listing the same folder.
    static func workingFiles(_ root: String, _ store: LedgerStore?) -> DirectorySource {
        aheadLock.lock()
        let listed = ahead?.root == root ? ahead : nil
        ahead = nil
        aheadLock.unlock()
        guard let store, store.root == root else { return listed ?? DirectorySource(root: root) }
        return DirectorySource(root: root, gitDir: store.repository.gitDir, environment: ProcessInfo.processInfo.environment,
                               prefix: store.location.prefix, listed: listed)
    }

    /// The listing begun by `listAhead`, for the next load of the working files.
    nonisolated(unsafe) private static var ahead: DirectorySource?
    private static let aheadLock = NSLock()

    /// Begins listing the files of the ledger found from `start`, on a thread of its own, for the
    /// next load of its working files in this process (`load`, which takes the listing when it
    /// is of the same folder; any other load lists as before). `kpi score` asks it before its
    /// command line is parsed, on the core that would be idle meanwhile.
    @discardableResult
    public static func listAhead(from start: String) -> DirectorySource? {
        guard let root = LedgerLocator.findRoot(from: start) else { return nil }
        let listing = DirectorySource.listedAhead(root: root)
        aheadLock.lock()
        ahead = listing
        aheadLock.unlock()
        return listing
    }

    /// The ledger files read from the working tree that differ from `revision` (staged,
    /// modified, deleted or new), by git's status (unchanged files known by the index's stat
    /// data); empty for a snapshot of a commit. Asked only by what reports it: it costs a walk.
    public func uncommittedLedgerFiles() throws -> [String] {
        guard fromWorkingTree, revision != nil, let store else { return [] }
        working?.listedAgain = true
        return try store.uncommittedLedgerFiles()
    }
}
