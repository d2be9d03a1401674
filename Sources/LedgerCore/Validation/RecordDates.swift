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
        func key(_ date: String, _ metric: String, _ value: String) -> String { "\(date)\u{0}\(metric)\u{0}\(value)" }
        // The records still to account for, by path in the repository, then by key (file order).
        var pending: [String: [String: [Record]]] = [:]
        var local: [String: String] = [:]
        for sheet in ledger.recordSheets.values {
            local[prefix + sheet.path] = sheet.path
            for r in sheet.records { pending[prefix + sheet.path, default: [:]][key(r.date.description, r.metric, r.valueText), default: []].append(r) }
        }
        func counts(_ blob: ObjectID?, _ path: String) throws -> [String: Int] {
            guard let repository, let blob, case .records(let facts)? = FileFacts.read(try repository.blob(blob), path: path, kind: .records) else { return [:] }
            var n: [String: Int] = [:]
            for f in facts { n[key(f.date, f.metric, f.value), default: 0] += 1 }
            return n
        }
        /// Keeps of each key's pending records as many as `before` still holds (the earliest in
        /// file order); the others were added here and are returned.
        func added(_ path: String, before: [String: Int]) -> [Record] {
            var out: [Record] = []
            for (k, records) in pending[path] ?? [:] {
                let kept = min(records.count, before[k] ?? 0)
                out += records[kept...]
                pending[path]![k] = kept == 0 ? nil : Array(records[..<kept])
            }
            if pending[path]?.isEmpty == true { pending[path] = nil }
            return out.sorted { $0.ref < $1.ref }
        }
        let head = try repository?.headCommit()
        // Not committed yet: judged against today.
        let headTree = try head.flatMap { try repository?.commit($0).tree }
        for path in pending.keys.sorted() {
            let blob = try headTree.flatMap { try repository?.entry(at: path, in: $0)?.id }
            // The usual case, a file as committed, needs no second reading.
            if let blob, let own = local[path], try blobID(own, ledger, repository) == blob { continue }
            for r in added(path, before: try counts(blob, path)) where r.date > today {
                out.append(RecordDates.afterToday(r, today: today, in: ledger))
            }
        }
        guard let repository, var current = head else { return out }
        while !pending.isEmpty {
            let c = try repository.commit(current)
            let day = Day(daysSinceEpoch: Int32(CivilTime.localDay(time: c.author.time, offsetMinutes: c.author.offsetMinutes)))
            let parent = c.parents.first
            let parentTree = try parent.map { try repository.commit($0).tree }
            let changed = try repository.changes(from: parentTree, to: c.tree, under: [prefix + "records"])
            for change in changed where pending[change.path] != nil {
                for r in added(change.path, before: try counts(change.oldBlob, change.path)) where r.date > day {
                    out.append(ledger.diagnostic(r.ref, .recordAfterItsCommit(r.date, commit: c.id.short, day, by: c.author.name)))
                }
            }
            guard let parent else { break }
            current = parent
        }
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
    static func recordAfterItsCommit(_ date: Day, commit: String, _ day: Day, by author: String) -> Finding {
        Finding(.warning, .futureRecord, "this record is dated \(date), after the commit that added it (\(commit), \(day) by \(author)): an actual cannot be measured before its day; check the date")
    }
    static func recordAfterToday(_ date: Day, today: Day) -> Finding {
        Finding(.warning, .futureRecord, "this record is dated \(date), after today (\(today)): an actual cannot be measured before its day; check the date")
    }
}
