import GitStore

/// What the writes of one process (an importer's loop, a server, `Recorder` in a program) learn
/// about small files at the tip and reuse on the next write: each fact kept by the blob id of
/// the file it was read from and the organisation (tree and blob ids) it was read with. A blob
/// id fixes the content, so a fact never goes stale: a file anyone changed — plain git
/// included — has another id and is read again. In memory only (docs/architecture.md, "The
/// caches"); a miss only costs the read it saves.
final class RecordingMemo {
    /// A record as duplicates are looked for (docs/scoring.md, "Duplicates"): its metric, day
    /// and value as a number.
    struct RecordKey: Hashable {
        var metric: String
        var date: Day
        var value: Number
    }

    private var organisation: [ObjectID]?
    /// The records of a records file, as the loader reads them (for `Recorder.duplicates`).
    private var records: [ObjectID: Set<RecordKey>] = [:]
    /// The metrics a goals file's goals use, their formulas' inputs included (`usedMetrics`).
    private var used: [ObjectID: Set<String>] = [:]
    /// Facts kept at most (a ledger of 1,000 people has 4,000 sheets a year).
    static let limit = 8192

    /// Facts read with `organisation` from now on: those of another organisation are dropped.
    func use(_ organisation: [ObjectID]) {
        guard organisation != self.organisation else { return }
        self.organisation = organisation
        records = [:]
        used = [:]
    }

    func records(of blob: ObjectID) -> Set<RecordKey>? { records[blob] }

    func keep(records keys: Set<RecordKey>, of blob: ObjectID) {
        if records.count >= Self.limit { records = [:] }
        records[blob] = keys
    }

    func usedMetrics(of goals: ObjectID) -> Set<String>? { used[goals] }

    func keep(usedMetrics metrics: Set<String>, of goals: ObjectID) {
        if used.count >= Self.limit { used = [:] }
        used[goals] = metrics
    }
}
