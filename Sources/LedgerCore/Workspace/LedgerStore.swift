import Foundation
import GitStore
import LedgerFormat

/// A ledger inside a git repository (with a working tree or bare): reading it at any revision,
/// and the write transaction every recording command goes through. The ledger may be a
/// subfolder of a larger repository (`location.prefix`): its trees are read from that folder
/// and its writes go there; paths given to and returned by the store are ledger paths.
public final class LedgerStore {
    public let repository: Repository
    /// Where the ledger is in the repository.
    public let location: LedgerLocation
    /// The organisation (settings, catalog, people, teams) last read, by the ids of the trees and
    /// blob it came from: many writes in one process (an importer, a server) parse it once.
    private var organisationCache: (key: [ObjectID], ledger: Ledger)?
    /// Who may change what in that organisation (`Authority`), made when a write first asks.
    private var authorityCache: (key: [ObjectID], authority: Authority)?
    /// What this process's writes learnt about small sheets at the tip, by blob id.
    let memo = RecordingMemo()

    /// The ledger at `location` (by default: at the root of the repository's work tree).
    public init(repository: Repository, location: LedgerLocation? = nil) {
        self.repository = repository
        self.location = location ?? LedgerLocation(gitDir: repository.gitDir,
                                                   workTree: repository.workdir.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 },
                                                   prefix: "")
    }

    /// Finds the ledger containing `start` (a bare repository works too): see `LedgerLocation.find`.
    /// `requireLedger: false` accepts a repository without commits and without ledger.yaml
    /// (`kpi remote add` and `kpi sync` fill an empty repository from its remote).
    public static func open(from start: String, requireLedger: Bool = true) throws -> LedgerStore {
        let (location, repository) = try LedgerLocation.find(from: start)
        let store = LedgerStore(repository: repository, location: location)
        try store.refuseNoLedger(start: start, unborn: !requireLedger)
        return store
    }

    /// A repository without a ledger where the command started (a monorepo's root, a project
    /// that is not a ledger, an empty repository) is refused, naming the ledgers its HEAD holds;
    /// with `unborn`, a repository without commits passes.
    func refuseNoLedger(start: String, unborn: Bool) throws {
        if let root, FileManager.default.fileExists(atPath: root + "/" + LedgerLayout.settingsFile) { return }
        guard let head = try headCommit() else {
            if unborn { return }
            throw LedgerError.notALedger(start)
        }
        let top = try repository.commit(head).tree
        if let tree = try location.tree(in: top, of: repository), try repository.entry(at: LedgerLayout.settingsFile, in: tree) != nil { return }
        let ledgers = try LedgerLocation.ledgers(in: top, of: repository)
        guard !ledgers.isEmpty else { throw LedgerError.notALedger(start) }
        throw LedgerError.refused(.ledgersBelow(start, ledgers, workTree: location.workTree))
    }

    /// Finishes a write a killed kpi left in the repository containing `start` (if any, and if
    /// no kpi is writing now); returns what it did, for stderr. See docs/reliability.md.
    public static func recoverInterruptedWrite(from start: String) -> [String] {
        guard let repository = try? Repository.open(from: start, environment: ProcessInfo.processInfo.environment) else { return [] }
        do { return try repository.recoverInterruptedWrite() } catch let e as GitError {
            return ["could not finish a write a killed kpi left: \(e.message)"]
        } catch {
            return ["could not finish a write a killed kpi left: \(error)"]
        }
    }

    /// The ledger's folder on disk without a trailing slash, nil when bare.
    public var root: String? { location.folder }

    /// The ledger's tree in `commit`; nil when that revision has no ledger folder.
    public func tree(of commit: ObjectID) throws -> ObjectID? {
        try location.tree(in: try repository.commitTree(commit), of: repository)
    }

    public func headCommit() throws -> ObjectID? { try repository.headCommit() }

    /// The ledger files in the work tree that differ from HEAD (staged, modified, deleted or new),
    /// by git's status (unchanged files known by the index's stat data); none in a bare repository.
    public func uncommittedLedgerFiles() throws -> [String] {
        guard root != nil else { return [] }
        return try repository.status(under: LedgerLayout.committedRoots.map(location.repositoryPath)).compactMap { s in
            guard let path = location.ledgerPath(s.path), LedgerLayout.isLedgerFile(path) else { return nil }
            return path
        }
    }

    /// The quarters this ledger has closed (`kpi close`).
    public func closedQuarters() throws -> ClosedQuarters { try ClosedQuarters(repository: repository, prefix: location.prefix) }

    /// The ledger as committed at `commit` (empty when nil, for an unborn branch).
    public func ledger(at commit: ObjectID?, checks: Bool = true, recordBlobIDs: Bool = false) throws -> Ledger {
        guard let commit, let tree = try tree(of: commit) else { return Ledger() }
        return try LedgerLoader.load(from: TreeSource(repository: repository, tree: tree), checks: checks, recordBlobIDs: recordBlobIDs,
                                     cacheIn: repository.gitDir)
    }

    /// Revision text (`HEAD`, a tag, `HEAD~2`, an id) to a commit.
    public func resolve(_ revision: String) throws -> ObjectID {
        do { return try repository.resolve(revision) } catch {
            throw LedgerError.refused(.unknownRevision(revision))
        }
    }

    /// The ledger as it stood at the end of `day`, like `git rev-list -1 --first-parent
    /// --before`: the newest commit on HEAD's first-parent line that entered the ledger
    /// (committer date, in the committer's own time zone) on or before that day.
    public func commit(asOf day: Day) throws -> ObjectID? {
        guard let head = try headCommit() else { return nil }
        for id in try repository.walk(from: head, firstParentOnly: true) {
            let c = try repository.commit(id).committer
            if CivilTime.localDay(time: c.time, offsetMinutes: c.offsetMinutes) <= Int64(day.daysSinceEpoch) { return id }
        }
        return nil
    }

    /// What a recording command wants to do, computed from the ledger at the branch tip.
    public struct Change {
        public var files: [String: [UInt8]?]
        public var message: String
        public init(files: [String: [UInt8]?], message: String) {
            self.files = files
            self.message = message
        }
    }

    /// Read → modify → validate → commit, under the ledger lock, so two writers never build on
    /// the same tip: `make` sees the ledger at the tip (its settings, metrics, scorecards, people
    /// and teams; goal sheets, records and reviews as bytes in `files`) and returns the files to write. The
    /// result is refused when a changed file has errors; GitStore refuses when a changed file
    /// has edits in the working tree that are not committed (they would be lost). Returns the
    /// commit and the warnings the change causes (those the ledger did not have before it).
    public func transact(author: Signature, committer: Signature,
                         _ make: (_ tip: ObjectID?, _ ledger: Ledger, _ files: TipFiles) throws -> Change)
        throws -> (commit: ObjectID, warnings: [Diagnostic]) {
        var warnings: [Diagnostic] = []
        var prepared: Prepared?
        let id = try repository.commit(author: author, committer: committer, options: CommitOptions(lockTimeout: 60)) { tip in
            let p = try prepare(tip: tip, make)
            prepared = p
            warnings = p.warnings
            return CommitPlan(files: repositoryPaths(p.change.files), message: p.change.message)
        }
        if let prepared, !prepared.summaries.isEmpty { saveSummaries(prepared, commit: id) }
        if let prepared, !prepared.records.isEmpty, let tree = try? tree(of: id) {
            // The records of the files just written, by their new blob ids: the next write to
            // one of them looks for duplicates without reading it.
            for (path, keys) in prepared.records {
                if let e = try? repository.entry(at: path, in: tree), e.kind == .blob { memo.keep(records: keys, of: e.id) }
            }
        }
        return (id, warnings)
    }

    /// Keeps the summaries of the large records files the commit wrote, by their new blob ids.
    func saveSummaries(_ prepared: Prepared, commit: ObjectID) {
        guard let tree = (try? tree(of: commit)) ?? nil else { return }
        for s in prepared.summaries {
            guard let entry = try? repository.entry(at: s.path, in: tree), entry.kind == .blob else { continue }
            RecordsSummary.save(s, blob: entry.id, replacing: try? prepared.files.blobID(s.path), in: repository)
        }
    }

    /// The change `make` would commit on the current tip, refused exactly as `transact` refuses
    /// it, with nothing written (`kpi import --dry-run`).
    public func preview(_ make: (_ tip: ObjectID?, _ ledger: Ledger, _ files: TipFiles) throws -> Change) throws -> Change {
        try prepare(tip: try headCommit(), make).change
    }

    /// A change checked on a tip: the warnings it causes, and the summaries of the large records
    /// files it writes (kept once it is committed).
    struct Prepared {
        var change: Change
        var warnings: [Diagnostic]
        var summaries: [RecordsSummary]
        var files: TipFiles
        /// The records of the small records files the change writes, as the loader read them.
        var records: [String: Set<RecordingMemo.RecordKey>] = [:]
    }

    /// The change and the warnings it causes, or the refusal of its errors.
    func prepare(tip: ObjectID?, _ make: (_ tip: ObjectID?, _ ledger: Ledger, _ files: TipFiles) throws -> Change)
        throws -> Prepared {
        let files = TipFiles(repository: repository, tree: try tip.flatMap { try tree(of: $0) })
        // `make` decides from the settings, catalog, people and teams (the model of those
        // files) and reads the few sheets it changes: reading and parsing every sheet of the
        // ledger was most of a recording command.
        let organisation = try self.organisation(files)
        // `make` needs the model only; the checks that matter run on the result.
        let change = try make(tip, organisation, files)
        let (found, summaries, records) = try Self.newDiagnostics(change.files, files: files, organisation: organisation)
        let errors = found.filter { $0.severity == .error }
        if !errors.isEmpty { throw LedgerError.invalid(errors) }
        return Prepared(change: change, warnings: found, summaries: summaries, files: files, records: records)
    }

    /// Ledger paths of a change as repository paths: the one place a write gains the prefix.
    public func repositoryPaths(_ files: [String: [UInt8]?]) -> [String: [UInt8]?] {
        if location.prefix.isEmpty { return files }
        return Dictionary(uniqueKeysWithValues: files.map { (location.repositoryPath($0.key), $0.value) })
    }

    /// The settings, catalog, people and teams at the tip, unchecked; reused while the trees
    /// they come from are unchanged (content addressing makes the key exact).
    func organisation(_ files: TipFiles) throws -> Ledger {
        var key: [ObjectID] = []
        if let tree = files.tree {
            for e in try repository.treeEntries(tree) where LedgerLayout.ledgerRoots.contains(e.name) && !Self.isSheet(e.name + "/") {
                key.append(e.id)
            }
        }
        files.organisationKey = key
        memo.use(key)
        files.memo = memo
        files.authorities = { [weak self] ledger in
            guard let self else { return Authority(ledger) }
            if let hit = authorityCache, hit.key == key { return hit.authority }
            let made = Authority(ledger)
            authorityCache = (key, made)
            return made
        }
        if let hit = organisationCache, hit.key == key {
            files.organisation = hit.ledger
            return hit.ledger
        }
        var contents = key.isEmpty ? nil : OrganisationFiles.load(repository, key: key)
        var refused: [Diagnostic] = []
        if contents == nil {
            contents = try files.paths().filter { !Self.isSheet($0) }.compactMap { p in try files.readLoading(p, refused: &refused).map { (p, $0) } }
            if !key.isEmpty, refused.isEmpty { OrganisationFiles.save(contents!, key: key, in: repository) }
        }
        var ledger = LedgerLoader.load(files: contents!, checks: false)
        ledger.diagnostics = refused + ledger.diagnostics
        organisationCache = (key, ledger)
        files.organisation = ledger
        return ledger
    }

    /// The diagnostics a change brings: every error in a changed file, every error it causes
    /// elsewhere (a deleted person some sheet still names), and every warning the ledger did
    /// not have before (weights that no longer add up to 100), compared by file and message
    /// since a change moves lines. A sheet is checked against the settings, catalog, people and
    /// teams and the other sheets of its subject and quarter (a record's currency against its
    /// goal), so a change to sheets alone reads only those; a change to the catalog, people or
    /// teams can affect any file, and reads them all. A change to sheets alone looks its related
    /// sheets up by path, without listing the ledger's files (thousands on a large ledger).
    ///
    /// Records appended to a large records file the tip summarises (`RecordsAppend`) are read
    /// alone, with the summary's facts about the records before them; when they have any
    /// diagnostic the whole file is read as usual, so refusals are the same.
    /// Also returns the summaries of the large records files the change writes, and the records
    /// of the small ones it writes (read whole here), for `RecordingMemo`.
    static func newDiagnostics(_ changes: [String: [UInt8]?], files: TipFiles, organisation: Ledger) throws
        -> (found: [Diagnostic], summaries: [RecordsSummary], records: [String: Set<RecordingMemo.RecordKey>]) {
        let changed = Set(changes.keys)
        let onTop = changed.allSatisfy(isSheet)
        var appends: [String: RecordsAppend] = [:]
        if onTop {
            for (p, new) in changes { if let a = try RecordsAppend(path: p, new: new, tip: files, changed: changed) { appends[p] = a } }
        }
        // A large records file changed otherwise (an edit inside it, an append with a problem) is
        // checked in parts (`StreamingRecordsCheck`), not read into the model.
        var streamed: [String: StreamingRecordsCheck.Outcome] = [:]
        func stream(_ p: String) throws {
            guard onTop, appends[p] == nil, let new = changes[p] ?? nil, let goals = goalsPath(ofRecords: p) else { return }
            let goalsBytes: [UInt8]?
            if let g = changes[goals] { goalsBytes = g } else {
                do { goalsBytes = try files.read(goals) } catch { return }
            }
            let context = changes[goals] == nil ? try files.summaryContext(p) : nil
            // Checked already in the pass that found the change's own warnings: not read again.
            if let kept = files.checkedInParts(p, bytes: new, goals: goalsBytes, context: context) {
                streamed[p] = kept
                return
            }
            guard let check = StreamingRecordsCheck(path: p, bytes: new, goals: goalsBytes, organisation: organisation) else { return }
            streamed[p] = check.run(context: context)
        }
        for p in changed.sorted() { try stream(p) }
        // Sheets of the same subject and quarter check against each other (a record's currency
        // against its goal's target): a new error in one of them is the change's doing too.
        let places = Set(changed.compactMap(sheetPlace))
        // A goal may align to a team's goal of its quarter (docs/review-cycle.md): the teams'
        // sheets of the changed goal sheets' quarters are read too (teams are few).
        let alignable = Set(changed.filter { $0.hasPrefix(Self.goalsFolder) }.compactMap { sheetPlace($0)?.quarter }
            .flatMap { q in organisation.teams.keys.map { "\(Self.goalsFolder)\(q)/\($0).yaml" } })
        // The files read: sheets alone, those related to the change (by their paths: the sheets
        // of its places, and the teams' goal sheets); otherwise every file of the ledger.
        let candidates: Set<String> = onTop
            ? changed.union(alignable).union(places.flatMap { place in
                sheetFolders.map { "\($0)\(place.quarter)/\(place.subject).yaml" } })
            : Set(try files.paths()).union(changed)
        // The tip's version of a file checked in parts, checked in parts too (nil: read it whole).
        func beforeInParts(_ p: String, _ bytes: [UInt8]) throws -> StreamingRecordsCheck.Outcome? {
            guard let goals = goalsPath(ofRecords: p) else { return nil }
            let goalsBytes: [UInt8]?
            do { goalsBytes = try files.read(goals) } catch { return nil }
            return StreamingRecordsCheck(path: p, bytes: bytes, goals: goalsBytes, organisation: organisation)?.run(context: nil)
        }
        func load(after: Bool) throws -> Ledger {
            // Sheets alone: read on top of the organisation already parsed; otherwise everything.
            var list: [(String, [UInt8])] = []
            var refused: [Diagnostic] = []
            var inParts: [Diagnostic] = []
            for p in candidates {
                if let a = appends[p] {
                    // Before the change the file had no diagnostic (its summary says so).
                    list.append((p, after ? a.file : a.header))
                } else if after, let o = streamed[p] {
                    inParts += o.diagnostics
                } else if after, let new = changes[p] {
                    if let new { list.append((p, new)) }
                } else if let bytes = try files.readLoading(p, onlyFiles: onTop, refused: &refused) {
                    if streamed[p] != nil, let o = try beforeInParts(p, bytes) {
                        inParts += o.diagnostics
                    } else {
                        list.append((p, bytes))
                    }
                }
            }
            var ledger = onTop ? LedgerLoader.extend(organisation, with: list, sheetChecksOnly: true) : LedgerLoader.extend(Ledger(), with: list)
            ledger.diagnostics = refused + ledger.diagnostics + inParts
            return ledger
        }
        func key(_ d: Diagnostic) -> String { "\(d.severity)\u{0}\(d.path)\u{0}\(d.message)" }
        var afterLedger = try load(after: true)
        if !appends.isEmpty, !appends.values.allSatisfy({ $0.holds(in: afterLedger) }) {
            let dropped = appends.keys.sorted()
            appends = [:]
            for p in dropped { try stream(p) }
            afterLedger = try load(after: true)
        }
        // An append that holds leaves only corrections of earlier records in its small file's diagnostics.
        if !appends.isEmpty { afterLedger.diagnostics.removeAll { appends[$0.path] != nil } }
        let after = afterLedger.sortedDiagnostics
        let summaries = onTop ? summarise(changes, appends: appends, streamed: streamed, ledger: afterLedger, diagnostics: after, files: files) : []
        var records: [String: Set<RecordingMemo.RecordKey>] = [:]
        for (p, new) in changes where appends[p] == nil && streamed[p] == nil {
            guard let new, new.count < RecordsSummary.minimumBytes, case .file(let lp) = LedgerLayout.classify(p), lp.kind == .records,
                  let q = lp.quarter.flatMap(Quarter.init), let sheet = afterLedger.recordSheets[SheetKey(subject: lp.id, quarter: q)],
                  sheet.path == p else { continue }
            records[p] = Set(sheet.records.map { RecordingMemo.RecordKey(metric: $0.metric, date: $0.date, value: $0.value) })
        }
        // The ledger before the change is read only to tell new diagnostics from old ones: when
        // the result has no warning and no error outside the changed files (the usual write),
        // it is not read at all, so a write to a large file reads and checks it once.
        guard after.contains(where: { $0.severity == .warning || !changed.contains($0.path) }) else { return (after, summaries, records) }
        let was = Set(try load(after: false).diagnostics.map(key))
        let found = after.filter { d in
            let new = !was.contains(key(d))
            if d.severity == .warning { return new }
            return changed.contains(d.path) || (new && (!onTop || isSheet(d.path)))
        }
        return (found, summaries, records)
    }

    /// The summaries of the large records files a sheets-only change writes with no diagnostic:
    /// extended from the tip's for an append, made while checking it in parts or from the whole
    /// file otherwise.
    static func summarise(_ changes: [String: [UInt8]?], appends: [String: RecordsAppend],
                          streamed: [String: StreamingRecordsCheck.Outcome], ledger: Ledger,
                          diagnostics: [Diagnostic], files: TipFiles) -> [RecordsSummary] {
        var out: [RecordsSummary] = []
        for (p, new) in changes where p.hasPrefix(recordsFolder) {
            if let a = appends[p] {
                if let s = a.summary.appending(a, ledger: ledger) { out.append(s) }
                continue
            }
            if let o = streamed[p] {
                if let s = o.summary { out.append(s) }
                continue
            }
            guard let new, new.count >= RecordsSummary.minimumBytes, !diagnostics.contains(where: { $0.path == p }),
                  case .file(let lp) = LedgerLayout.classify(p), lp.kind == .records, let q = lp.quarter.flatMap(Quarter.init),
                  changes[LedgerLayout.path(.goals, id: lp.id, quarter: q)] == nil,
                  let context = try? files.summaryContext(p) else { continue }
            if let s = RecordsSummary.make(path: p, key: SheetKey(subject: lp.id, quarter: q), ledger: ledger, context: context) {
                out.append(s)
            }
        }
        return out
    }

    /// The subject and quarter folder of a per-quarter file, by its path alone
    /// (`goals/2026-Q3/alice.yaml`: alice, 2026-Q3).
    struct SheetPlace: Hashable {
        var subject: Substring
        var quarter: Substring
    }

    static func sheetPlace(_ path: String) -> SheetPlace? {
        guard isSheet(path) else { return nil }
        let parts = path.split(separator: "/")
        guard parts.count == 3, parts[2].hasSuffix(".yaml") else { return nil }
        return SheetPlace(subject: parts[2].dropLast(5), quarter: parts[1])
    }

    /// The folders of the per-quarter files, with a slash: `goals/`, `records/`, `reviews/`.
    static let goalsFolder = LedgerLayout.folder(of: .goals)! + "/", recordsFolder = LedgerLayout.folder(of: .records)! + "/"
    static let sheetFolders = [goalsFolder, recordsFolder, LedgerLayout.folder(of: .review)! + "/"]

    /// `goals/Q/S.yaml` for `records/Q/S.yaml`.
    static func goalsPath(ofRecords path: String) -> String? {
        guard path.hasPrefix(recordsFolder) else { return nil }
        return goalsFolder + path.dropFirst(recordsFolder.count)
    }

    /// A goals, records or review file (`goals/2026-Q3/alice.yaml`).
    static func isSheet(_ path: String) -> Bool { sheetFolders.contains { path.hasPrefix($0) } }
}

/// The files of the tip a transaction builds on, read only when asked for (each once).
public final class TipFiles {
    let repository: Repository
    let tree: ObjectID?
    private var cache: [String: [UInt8]?] = [:]

    init(repository: Repository, tree: ObjectID?) {
        self.repository = repository
        self.tree = tree
    }

    private var listing: [String]?

    /// Every ledger file's path (trees only; no file is read), listed once.
    public func paths() throws -> [String] {
        if let listing { return listing }
        let found = try tree.map { try TreeSource(repository: repository, tree: $0).files(under: LedgerLayout.ledgerRoots) } ?? []
        listing = found
        return found
    }

    /// The organisation's tree and blob ids at the tip, and its model (set when the transaction
    /// reads it).
    var organisationKey: [ObjectID]?
    var organisation: Ledger?
    /// `Authority` of the organisation (kept by the store while its trees are unchanged).
    fileprivate var authorities: ((Ledger) -> Authority)?
    /// The store's facts about tip files read with this organisation.
    var memo: RecordingMemo?

    /// Who may change what in `organisation`, the model this transaction read (`ledger`).
    func authority(_ ledger: Ledger) -> Authority { authorities?(ledger) ?? Authority(ledger) }
    private var summaries: [String: RecordsSummary?] = [:]
    /// Large records files of the change already checked in parts on this tip, with the bytes,
    /// goals file and summary context checked (nil outcome: to be read whole).
    private var inParts: [String: (bytes: [UInt8], goals: [UInt8]?, context: [ObjectID]?, outcome: StreamingRecordsCheck.Outcome?)] = [:]

    func keepCheckedInParts(_ path: String, bytes: [UInt8], goals: [UInt8]?, context: [ObjectID]?,
                            outcome: StreamingRecordsCheck.Outcome?) {
        inParts[path] = (bytes, goals, context, outcome)
    }

    /// The outcome kept for `path` checked as these bytes, against this goals file and context
    /// (the same array: compared by identity first, so a 100 MB file is not compared byte by byte);
    /// nil when it was not checked so.
    func checkedInParts(_ path: String, bytes: [UInt8], goals: [UInt8]?, context: [ObjectID]?) -> StreamingRecordsCheck.Outcome?? {
        guard let kept = inParts[path], kept.bytes == bytes, kept.goals == goals, kept.context == context else { return nil }
        return .some(kept.outcome)
    }

    /// The blob id of a file at the tip, nil when there is none.
    func blobID(_ path: String) throws -> ObjectID? {
        guard let tree, let e = try repository.entry(at: path, in: tree), e.kind == .blob else { return nil }
        return e.id
    }

    /// What a records file's summary must have been checked against: the organisation and the
    /// goals file of its subject and quarter, as at the tip.
    func summaryContext(_ recordsPath: String) throws -> [ObjectID]? {
        guard let organisationKey, let goals = LedgerStore.goalsPath(ofRecords: recordsPath) else { return nil }
        return organisationKey + [try blobID(goals) ?? ObjectID(hex: String(repeating: "0", count: 40))!]
    }

    /// The summary of a large records file at the tip, checked against the same organisation
    /// and goals file: the one kept for its content, else one made by reading the file in parts
    /// (its first kpi write after plain git wrote it), then kept. Nil when the file has any
    /// diagnostic or cannot be read in parts.
    func recordsSummary(_ path: String) throws -> RecordsSummary? {
        if let hit = summaries[path] { return hit }
        var found: RecordsSummary?
        // A small file never has one (`RecordsSummary.minimumBytes`): read, not looked up.
        if let bytes = try read(path), bytes.count < RecordsSummary.minimumBytes {
            summaries[path] = .some(nil)
            return nil
        }
        if let blob = try blobID(path), let context = try summaryContext(path) {
            if let s = RecordsSummary.load(repository, blob: blob), s.path == path, s.context == context {
                found = s
            } else if let s = try streamedSummary(path, context: context) {
                RecordsSummary.save(s, blob: blob, replacing: nil, in: repository)
                found = s
            }
        }
        summaries[path] = found
        return found
    }

    /// The summary of the tip's records file at `path` made by `StreamingRecordsCheck`.
    private func streamedSummary(_ path: String, context: [ObjectID]) throws -> RecordsSummary? {
        guard let organisation, let bytes = try read(path), let goals = LedgerStore.goalsPath(ofRecords: path) else { return nil }
        // A goals file that cannot be read (a link) leaves the currency its goals name unknown.
        let goalsBytes: [UInt8]?
        do { goalsBytes = try read(goals) } catch { return nil }
        return StreamingRecordsCheck(path: path, bytes: bytes, goals: goalsBytes, organisation: organisation)?
            .run(context: context)?.summary
    }

    /// The committed bytes of a file the ledger's listing (`paths()`) holds at `path`; nil when
    /// the tip has no file there (nothing, or a folder).
    func readFile(_ path: String) throws -> [UInt8]? {
        try blobID(path) == nil ? nil : read(path)
    }

    /// `read` for loading the ledger around a change: a committed symbolic link is left out
    /// with its located error in `refused` (a change that removes or replaces it must be
    /// committable, and one elsewhere is not its concern).
    /// `onlyFiles`: as `readFile`.
    func readLoading(_ path: String, onlyFiles: Bool = false, refused: inout [Diagnostic]) throws -> [UInt8]? {
        do { return try onlyFiles ? readFile(path) : read(path) } catch LedgerError.invalid(let d) {
            refused += d
            return nil
        }
    }

    /// Whether the tip holds `path` as a symbolic link (which `read` refuses).
    public func isLink(_ path: String) throws -> Bool {
        guard let tree, let e = try repository.entry(at: path, in: tree) else { return false }
        return e.filemode == TreeSource.linkMode
    }

    /// A file's committed bytes, nil when the tip has no such file.
    public func read(_ path: String) throws -> [UInt8]? {
        if let hit = cache[path] { return hit }
        let entry = try tree.flatMap { try repository.entry(at: path, in: $0) }
        if let entry { try TreeSource.refuseLink(entry, path: path, repository: repository) }
        let bytes = try entry.map { try repository.blob($0.id) }
        cache[path] = bytes
        return bytes
    }
}
