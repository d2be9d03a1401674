import GitStore
import LedgerFormat

/// `kpi check`'s warning about records that cannot be actuals: a record dated after the commit
/// that added it (the author's own day), or, not yet committed, after today. A record's commit is
/// found by walking HEAD's first-parent history back until every record of the files is accounted
/// for (records are matched by date, metric and value as written; see docs/scoring.md, "Dates").
public enum RecordDates {
    /// `prefix`: the ledger's folder inside the repository ("" at its root).
    public static func warnings(_ ledger: Ledger, repository: Repository?, prefix: String, today: Day) throws -> [Diagnostic] {
        var out: [Diagnostic] = []
        // The records still to account for, by path in the repository, in file order (filled
        // below, once HEAD's files are known).
        var pending: [String: [Record]] = [:]
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
        /// Keeps of each key's pending records as many as `before` still holds (the earliest in
        /// file order); the others were added here and are returned, in file order.
        func added(_ path: String, before: [Key: Int]?) -> [Record] {
            guard let records = pending[path] else { return [] }
            guard let before, !before.isEmpty else {
                pending[path] = nil
                return records
            }
            var seen: [Key: Int] = [:], kept: [Record] = [], out: [Record] = []
            for r in records {
                let k = Key(day: r.date, metric: r.metric, value: r.valueText)
                let n = seen[k, default: 0] + 1
                seen[k] = n
                if n <= before[k] ?? 0 { kept.append(r) } else { out.append(r) }
            }
            pending[path] = kept.isEmpty ? nil : kept
            return out
        }
        let head = try repository?.headCommit()
        // Not committed yet: judged against today.
        let headTree = try head.flatMap { try repository?.commit($0).tree }
        let committed = try headTree.flatMap { tree in try repository.map { try blobs(under: prefix + LedgerLayout.folder(of: .records)!, in: tree, $0) } } ?? [:]
        // The usual case, a file as committed, needs no second reading; the others are read in
        // path order (only they are sorted: a ledger has tens of thousands of record files).
        var uncommitted: [String] = []
        for sheet in ledger.recordSheets.values where !sheet.records.isEmpty {
            let path = prefix.isEmpty ? sheet.path : prefix + sheet.path
            pending[path] = sheet.records
            if let blob = committed[path], try blobID(sheet.path, ledger, repository) == blob { continue }
            uncommitted.append(path)
        }
        for path in uncommitted.sorted() {
            for r in added(path, before: try counts(committed[path], path)) where r.date > today {
                out.append(RecordDates.afterToday(r, today: today, in: ledger))
            }
        }
        guard let repository, var current = head else { return out }
        while !pending.isEmpty {
            let c = try repository.commit(current)
            let day = Day(daysSinceEpoch: Int32(CivilTime.localDay(time: c.author.time, offsetMinutes: c.author.offsetMinutes)))
            let parent = c.parents.first
            let parentTree = try parent.map { try repository.commit($0).tree }
            let changed = try repository.changes(from: parentTree, to: c.tree, under: [prefix + LedgerLayout.folder(of: .records)!])
            // Worked out once per commit: a commit may add thousands of records.
            var tail: String?
            for change in changed where pending[change.path] != nil {
                for r in added(change.path, before: try counts(change.oldBlob, change.path)) where r.date > day {
                    if tail == nil { tail = Finding.afterItsCommit(commit: c.id.short, day, by: c.author.name) }
                    out.append(ledger.diagnostic(r.ref, .recordAfterItsCommit(r.date, tail: tail!)))
                }
            }
            guard let parent else { break }
            current = parent
        }
        return out
    }

    /// What matches a record with an earlier version of its file: its date, metric and value as written.
    struct Key: Hashable {
        let day: Day
        let metric: String
        let value: String
    }

    /// The blob id of every file at or under `folder` in `tree`, by path.
    static func blobs(under folder: String, in tree: ObjectID, _ repository: Repository) throws -> [String: ObjectID] {
        var out: [String: ObjectID] = [:]
        func walk(_ tree: ObjectID, _ prefix: String) throws {
            for e in try repository.treeEntries(tree) {
                switch e.kind {
                case .tree: try walk(e.id, prefix + e.name + "/")
                case .blob: out[prefix + e.name] = e.id
                case .submodule: continue
                }
            }
        }
        if let top = try repository.entry(at: folder, in: tree), top.kind == .tree { try walk(top.id, folder + "/") }
        return out
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
