import Foundation
import GitStore
import LedgerFormat

/// `kpi check`'s warning about records that cannot be actuals: a record dated after the commit
/// that added it (the author's own day), or, not yet committed, after today. A record's commit is
/// found by walking HEAD's first-parent history back until every record of the files is accounted
/// for (records are matched by date, metric and value as written; see docs/scoring.md, "Dates").
public enum RecordDates {
    /// What the warnings need of HEAD before any record is read (`read`): its records files' blob
    /// ids, and its own commit with the records files it changed. `Ahead` reads it on a thread of
    /// its own while the working files are loaded, so the records, once loaded, are only matched.
    public struct Head: @unchecked Sendable {
        let repository: Repository?
        /// The ledger's folder inside the repository ("" at its root; else ending in "/").
        let prefix: String
        let commit: ObjectID?
        /// The blob id of every records file in HEAD's tree, by path in the repository.
        let committed: [String: ObjectID]
        /// HEAD's commit and its changes under the records folder against its first parent.
        let first: Step?

        /// `prefix`: the ledger's folder inside the repository ("" at its root).
        public static func read(repository: Repository?, prefix: String) throws -> Head {
            guard let repository, let head = try repository.headCommit() else {
                return Head(repository: repository, prefix: prefix, commit: nil, committed: [:], first: nil)
            }
            let folder = prefix + LedgerLayout.folder(of: .records)!
            let listed = try files(under: folder, in: try repository.commit(head).tree, repository)
            return Head(repository: repository, prefix: prefix, commit: head, committed: listed.blobs,
                        first: try Step(head, folder, repository, headFiles: listed))
        }
    }

    /// `Head.read` of the ledger found from `start`, begun on a thread of its own (with its own
    /// repository: a libgit2 repository is not shared between threads) and handed over once
    /// read: `kpi check` begins it before its load, which lists the files on one core meanwhile.
    public final class Ahead: @unchecked Sendable {
        private var result: Result<Head, any Error> = .success(Head(repository: nil, prefix: "", commit: nil, committed: [:], first: nil))
        private let done = DispatchSemaphore(value: 0)

        /// As `LedgerSnapshot.load` finds the repository from `start`: none for a folder without
        /// git (its records are judged against today).
        public init(start: String) {
            Thread { [self] in
                result = Result {
                    let store = try LedgerSnapshot.store(from: start)
                    return try Head.read(repository: store?.repository, prefix: store.map { $0.location.repositoryPath("") } ?? "")
                }
                done.signal()
            }.start()
        }

        /// HEAD's side, once read (an error of its reading is thrown here).
        public func head() throws -> Head {
            done.wait()
            done.signal()
            return try result.get()
        }
    }

    /// One commit of the walk, with its changes under the records folder against its first parent.
    struct Step {
        let commit: Commit
        /// Each changed file's path and its blob id before (nil: added by the commit).
        let changes: [(path: String, before: ObjectID?)]

        /// `headFiles`: the commit's own files under the folder, when listed already (a root
        /// commit's changes are every one of them, added).
        init(_ id: ObjectID, _ folder: String, _ repository: Repository, headFiles: (blobs: [String: ObjectID], paths: [String])? = nil) throws {
            commit = try repository.commit(id)
            if commit.parents.isEmpty, let headFiles {
                changes = headFiles.paths.map { ($0, nil) }
                return
            }
            let parentTree = try commit.parents.first.map { try repository.commit($0).tree }
            changes = try repository.changes(from: parentTree, to: commit.tree, under: [folder]).map { ($0.path, $0.oldBlob) }
        }
    }

    public static func warnings(_ ledger: Ledger, head: Head, today: Day) throws -> [Diagnostic] {
        let repository = head.repository, prefix = head.prefix
        var out: [Diagnostic] = []
        // The records still to account for, by path in the repository, in file order, with the
        // file's path in the ledger (filled below, once HEAD's files are known).
        var pending: [String: (path: String, records: [Record])] = [:]
        pending.reserveCapacity(ledger.recordSheets.count)
        /// How many records of each key the blob holds; nil when there is no blob (all added).
        func counts(_ blob: ObjectID?, _ path: String) throws -> [Key: Int]? {
            guard let repository, let blob else { return nil }
            guard case .records(let facts)? = FileFacts.read(try repository.blob(blob), path: path, kind: .records) else { return [:] }
            var n: [Key: Int] = [:]
            for f in facts {
                // Records are matched by their date as written: one written otherwise matches none.
                guard let day = Day(f.date), day.description == f.date else { continue }
                n[Key(day: day, metric: f.metric, value: f.value), default: 0] += 1
            }
            return n
        }
        /// Of `path`'s pending records, keeps as many of each key as `before` still holds (the
        /// earliest in file order); the others were added here and are returned, in file order,
        /// with the file's path in the ledger.
        func added(_ path: String, before blob: ObjectID?) throws -> (path: String, records: [Record]) {
            guard let file = pending.removeValue(forKey: path) else { return ("", []) }
            guard let before = try counts(blob, path), !before.isEmpty else { return file }
            var seen: [Key: Int] = [:], kept: [Record] = [], out: [Record] = []
            for r in file.records {
                let k = Key(day: r.date, metric: r.metric, value: r.valueText)
                let n = seen[k, default: 0] + 1
                seen[k] = n
                if n <= before[k] ?? 0 { kept.append(r) } else { out.append(r) }
            }
            if !kept.isEmpty { pending[path] = (file.path, kept) }
            return (file.path, out)
        }
        let committed = head.committed
        // A history of one commit (HEAD a root commit: a ledger imported in one commit): every
        // record of a file as committed was added by it, judged at once, with no look-up of its
        // path among those pending.
        var root = head.first.flatMap { $0.commit.parents.isEmpty ? AfterCommit($0.commit) : nil }
        var fromRoot: [Diagnostic] = []
        // The sheets in their files' order (the load's path order): the warnings come out in
        // the order they are shown.
        let sheets = Array(ledger.recordSheets.values.lazy.filter { !$0.records.isEmpty })
        let order = sheets.indices.sorted { sheets[$0].ref.file < sheets[$1].ref.file }
        // The usual case, a file as committed, needs no second reading; the others are read in
        // path order (only they are sorted: a ledger has tens of thousands of record files).
        var uncommitted: [String] = []
        for i in order {
            let sheet = sheets[i]
            let path = prefix.isEmpty ? sheet.path : prefix + sheet.path
            if let blob = committed[path], try blobID(sheet.path, ledger, repository) == blob {
                if root != nil {
                    for r in sheet.records where r.date > root!.day { fromRoot.append(root!.warning(r, path: sheet.path, ledger)) }
                } else {
                    pending[path] = (sheet.path, sheet.records)
                }
                continue
            }
            pending[path] = (sheet.path, sheet.records)
            uncommitted.append(path)
        }
        for path in uncommitted.sorted() {
            // `added` takes the file's records out of those pending; those its HEAD version
            // holds are put back, to be accounted for by the commits.
            for r in try added(path, before: committed[path]).records where r.date > today {
                out.append(RecordDates.afterToday(r, today: today, in: ledger))
            }
        }
        out += fromRoot
        guard let repository, let start = head.commit else { return out }
        let folder = prefix + LedgerLayout.folder(of: .records)!
        var step = head.first
        var current = start
        while !pending.isEmpty {
            let s = try step ?? Step(current, folder, repository)
            step = nil
            var judged = AfterCommit(s.commit)
            for change in s.changes {
                let file = try added(change.path, before: change.before)
                for r in file.records where r.date > judged.day { out.append(judged.warning(r, path: file.path, ledger)) }
            }
            guard let parent = s.commit.parents.first else { break }
            current = parent
        }
        return out
    }

    /// The warnings about records a commit added dated after its author's day: the words after
    /// the date written once for the commit, and a message once for each date (a commit may add
    /// tens of thousands of records, of a few dates: one text shared, not one made per record).
    struct AfterCommit {
        let day: Day
        private let id: ObjectID
        private let author: String
        private var tail: String?
        private var last: (date: Day, finding: Finding)?

        init(_ c: Commit) {
            day = RecordDates.day(c)
            id = c.id
            author = c.author.name
        }

        /// The warning about `r`, in the file at `path` in the ledger (its sheet's: not made again).
        mutating func warning(_ r: Record, path: String, _ ledger: Ledger) -> Diagnostic {
            if last?.date != r.date {
                if tail == nil { tail = Finding.afterItsCommit(commit: id.short, day, by: author) }
                last = (r.date, .recordAfterItsCommit(r.date, tail: tail!))
            }
            let f = last!.finding, p = r.ref.position
            return Diagnostic(path: path, line: p.line, column: p.column, severity: f.severity, code: f.code, message: f.message)
        }
    }

    /// The author's own day of a commit: what its records are judged against.
    static func day(_ c: Commit) -> Day {
        Day(daysSinceEpoch: Int32(CivilTime.localDay(time: c.author.time, offsetMinutes: c.author.offsetMinutes)))
    }

    /// What matches a record with an earlier version of its file: its date, metric and value as written.
    struct Key: Hashable {
        let day: Day
        let metric: String
        let value: String
    }

    /// Every file at or under `folder` in `tree`: the blobs' (files' and links') ids by path, and
    /// every path in the tree's order (the paths' order), submodules too (a change all the same
    /// to a commit that adds one).
    static func files(under folder: String, in tree: ObjectID, _ repository: Repository) throws -> (blobs: [String: ObjectID], paths: [String]) {
        var blobs: [String: ObjectID] = [:], paths: [String] = []
        func walk(_ tree: ObjectID, _ prefix: String) throws {
            let entries = try repository.treeEntries(tree)
            blobs.reserveCapacity(blobs.count + entries.count)
            paths.reserveCapacity(paths.count + entries.count)
            for e in entries {
                if e.kind == .tree {
                    try walk(e.id, prefix + e.name + "/")
                    continue
                }
                let path = prefix + e.name
                if e.kind == .blob { blobs[path] = e.id }
                paths.append(path)
            }
        }
        if let top = try repository.entry(at: folder, in: tree), top.kind == .tree { try walk(top.id, folder + "/") }
        return (blobs, paths)
    }

    /// The blob id of the records file at `path` as read: from the load, else from its kept parse.
    static func blobID(_ path: String, _ ledger: Ledger, _ repository: Repository?) throws -> ObjectID? {
        if let id = ledger.recordBlobIDs[path] { return id }
        return try ledger.document(at: path).flatMap { try repository?.hash($0.bytes) }
    }

    /// The warning for a record dated after today, in `kpi check` and when writing alike.
    static func afterToday(_ r: Record, today: Day, in ledger: Ledger) -> Diagnostic {
        ledger.diagnostic(r.ref, .recordAfterToday(r.date, today: today))
    }
}

extension Finding {
    /// The warning with the words after its date made once for all the records of a commit
    /// (`afterItsCommit`): a commit may add tens of thousands of them.
    static func recordAfterItsCommit(_ date: Day, tail: String) -> Finding {
        var message = "this record is dated "
        message.reserveCapacity(message.utf8.count + 10 + tail.utf8.count)
        message += date.description
        message += tail
        return Finding(.warning, .futureRecord, message)
    }
    static func afterItsCommit(commit: String, _ day: Day, by author: String) -> String {
        ", after the commit that added it (\(commit), \(day) by \(author)): an actual cannot be measured before its day; check the date"
    }
    static func recordAfterToday(_ date: Day, today: Day) -> Finding {
        Finding(.warning, .futureRecord, "this record is dated \(date), after today (\(today)): an actual cannot be measured before its day; check the date")
    }
}
