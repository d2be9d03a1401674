import Foundation

/// The sheets of a ledger of many files, read back a quarter at a time after a load that held
/// one quarter folder's sheets at a time (`LedgerLoader.loadByQuarter`; docs/architecture.md,
/// "Memory"). The load's ledger holds the organisation and every message, no sheet; each
/// quarter's sheets are decoded again from the parsed-file cache's entries of this load (by the
/// number each file's entry was given), or kept from the load when the cache cannot hold them
/// (a calibration, a value with no fixed-point form).
public final class QuarterSheets: @unchecked Sendable {
    private let cache: ParsedFileCache
    private let paths: PathList
    /// Each quarter folder's files, by file index in path order, by the folder's name.
    private let folders: [String: FileRuns]
    /// The cache's entry number of each file (-1: none).
    private let entries: [Int32]
    private let kept: [Int: LedgerLoader.Reading.Model]

    init(cache: ParsedFileCache, paths: PathList, folders: [String: FileRuns], entries: [Int32], kept: [Int: LedgerLoader.Reading.Model]) {
        self.cache = cache
        self.paths = paths
        self.folders = folders
        self.entries = entries
        self.kept = kept
    }

    /// A sheet the cache's entry was given for could not be read back (its block of the spill
    /// file unreadable): the quarter cannot be scored as loaded.
    public struct Unreadable: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "\(path): its reading could not be read back from the parsed-file cache's temporary file" }
    }

    /// `organisation` (the load's ledger) with the goal, records, review and calibration sheets
    /// of `quarter`, decoded on every core.
    public func ledger(of quarter: Quarter, organisation: Ledger) throws -> Ledger {
        var ledger = organisation
        // A folder's name is a quarter as `Quarter` reads it, or its files hold no sheet.
        let files = folders.filter { Quarter($0.key) == quarter }.values.flatMap { $0.lazy.map(Int32.init) }.sorted()
        let chunks = stride(from: 0, to: files.count, by: LedgerLoader.Reading.chunk / 4).map {
            Array(files[$0..<min($0 + LedgerLoader.Reading.chunk / 4, files.count)])
        }
        let cache = self.cache, paths = self.paths, entries = self.entries
        // One reader a chunk: it holds the spill file's blocks it last read back.
        let decoded = Parallel.map(chunks, minimumItems: 2) { chunk -> Result<[LedgerLoader.Reading.Model], Unreadable> in
            var reader = ParsedFileCache.Reader(cache)
            var names = RecentNames()
            var models: [LedgerLoader.Reading.Model] = []
            models.reserveCapacity(chunk.count)
            for i32 in chunk {
                let i = Int(i32), n = entries[i]
                guard n >= 0 else { continue }
                guard case .file(let lp) = LedgerLayout.classify(paths[i]) else { continue }
                let outcome = reader.withEntry(Int(n)) { bytes in
                    LedgerLoader.Reading.Outcome.decoded(bytes, path: paths[i], lp: lp, file: i32, names: &names)
                }
                guard let decodedOutcome = outcome, var out = decodedOutcome else { return .failure(Unreadable(path: paths[i])) }
                if let model = out.model.take() { models.append(model) }
            }
            return .success(models)
        }
        // Room made once for the sheets (a table grown a sheet at a time rehashes at each doubling).
        var count = (goals: 0, records: 0, reviews: 0)
        for case .success(let models) in decoded {
            for m in models {
                switch m {
                case .goals: count.goals += 1
                case .records: count.records += 1
                case .review: count.reviews += 1
                default: break
                }
            }
        }
        ledger.goalSheets.reserveCapacity(count.goals)
        ledger.recordSheets.reserveCapacity(count.records)
        ledger.reviews.reserveCapacity(count.reviews)
        for result in decoded {
            for model in try result.get() { model.place(into: &ledger) }
        }
        for i in files where entries[Int(i)] < 0 {
            kept[Int(i)]?.place(into: &ledger)
        }
        return ledger
    }

    /// The cache's entries of the load let go (once every quarter is scored).
    public func letGo() { cache.letGo() }
}

extension LedgerLoader.Reading {
    /// The load a quarter folder at a time (`LedgerLoader.loadByQuarter`): the settings and
    /// catalog, then every file outside a quarter folder (the organisation, misplaced and stray
    /// files), then each quarter folder's files (`goals/Q/`, `records/Q/`, `reviews/Q/`,
    /// `calibration/Q/`, in the order their paths sort), each group checked on its own
    /// (`LedgerChecks.sections`, joined section by section) and its sheets let go before the
    /// next. The ledger returned holds the organisation and every message in the order a whole
    /// load gives them; the sheets are read back by the `QuarterSheets` made of what is noted.
    mutating func runByQuarter(_ base: Ledger, cache: ParsedFileCache) -> (Ledger, QuarterSheets) {
        var started = start(base)
        let s = started.0
        let a = s.a
        var organisation = FileRuns()
        var byFolder: [String: FileRuns] = [:]
        for i in paths.indices where !(s.kinds.kind(i).map(Self.first.contains) ?? false) {
            if case .file(let lp) = started.1[i], let q = lp.quarter { byFolder[q, default: FileRuns()].append(i) } else { organisation.append(i) }
        }
        // A kind's files of one folder come before the next folder's in path order: the
        // folders in the order of their paths (`name/` compared as the paths are).
        let names = byFolder.keys.sorted { $0 + "/" < $1 + "/" }
        let groups = [organisation] + names.map { byFolder[$0]! }
        byFolder = [:]
        organisation = FileRuns()
        // Each chunk's files are placed again as it is read: every file's placement (40 bytes)
        // is not held through the load.
        started.1 = Placements(first: 0, [])
        a.entries = Array(repeating: -1, count: paths.count)
        a.kept = [:]
        a.reserve(groups[0])
        cache.reserve(paths.count)
        // Each block of new entries is moved to the spill file as soon as it is full: the
        // entries are read back a quarter at a time (the load holds one block, not eight).
        cache.heldLimit = 0
        var sections = CheckSections()
        readGroups(groups, s, placements: &started.1, classifying: true) { g in
            if g == 0 {
                sections = LedgerChecks.sections(a.ledger)
            } else {
                sections.append(LedgerChecks.sections(a.ledger, sheetsOnly: true))
                a.ledger.goalSheets = SheetTable()
                a.ledger.recordSheets = SheetTable()
                a.ledger.reviews = SheetTable()
                a.ledger.calibrations = [:]
            }
            if g + 1 < groups.count { a.reserve(groups[g + 1]) }
        }
        let folders = Dictionary(uniqueKeysWithValues: zip(names, groups.dropFirst()))
        let sheets = QuarterSheets(cache: cache, paths: paths, folders: folders, entries: a.entries!, kept: a.kept!)
        a.entries = nil
        a.kept = nil
        var ledger = finish(s)
        ledger.diagnostics += sections.joined
        return (ledger, sheets)
    }
}
