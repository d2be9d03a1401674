import GitStore
import LedgerFormat

/// How a load gets the bytes of the file at an index of its sorted paths.
enum FileBytes {
    /// All at hand, in path order.
    case given([[UInt8]])
    /// Read on any thread (a folder's files), with their blob id when the index vouches for
    /// the bytes read (`DirectorySource.read(_:vouchedBy:)`: they are then not hashed). Given
    /// the file's index and its path (made a `String` once per file by the load).
    case concurrent(@Sendable (Int, String) -> Result<(bytes: [UInt8], blob: ObjectID?), any Error>)
    /// Read one at a time on the calling thread (a commit's blobs: a libgit2 repository is not
    /// shared between threads).
    case serial((Int, String) -> Result<[UInt8], any Error>)
}

extension LedgerLoader {
    /// One load: each file read, parsed and read into the model in turn, on every core, its
    /// bytes and parse let go as soon as it is read unless `keepDocuments` (a message's place is
    /// in its `SourceRef`). The settings and the catalog are read first (the fiscal year decides
    /// quarters, units decide values); every other file depends only on them. Messages come out
    /// in the order of a load of one file after the other: refusals and layout and parse errors
    /// in path order, then each file's own by kind (`order`), then the checks that span files.
    struct Reading {
        let paths: PathList
        let bytes: FileBytes
        let keepDocuments: Bool
        let recordBlobIDs: Bool
        /// Each file's `WorkingFiles.State` is noted (`states`): the working files of a folder.
        let noteStates: Bool
        /// What the load found of each file (`noteStates`), by index.
        private(set) var states: [WorkingFiles.State] = []
        /// The first file (in path order) that could not be read other than by a refusal: the
        /// load throws it.
        private(set) var error: (any Error)?

        /// Files read before the rest (the others depend on them), in this order of kinds.
        static let first: [LedgerFileKind] = [.settings, .metric, .scorecard]
        /// The order of kinds whose messages follow one another.
        static let order: [LedgerFileKind] = first + [.person, .team, .goals, .records, .review, .calibration]
        /// Files read on every core between two merges into the model: bounds what is held at once.
        static let chunk = 4096

        /// The parsed-file cache: a file whose reading it holds is not read again.
        let cache: ParsedFileCache?
        /// The blob id of the file at an index (and path) when it is known without reading the
        /// file (its commit's tree says it, or the index's stat data vouches for the working file).
        let knownBlob: (@Sendable (Int, String) -> ObjectID?)?
        /// The bytes read for a file are the object `knownBlob` names (a commit's blob, read by
        /// its id), so its id is not worked out again from them.
        let knownBlobIsRead: Bool

        init(paths: PathList, bytes: FileBytes, keepDocuments: Bool, recordBlobIDs: Bool, cache: ParsedFileCache? = nil,
             knownBlob: (@Sendable (Int, String) -> ObjectID?)? = nil, knownBlobIsRead: Bool = false, noteStates: Bool = false) {
            self.paths = paths
            self.bytes = bytes
            self.keepDocuments = keepDocuments
            self.recordBlobIDs = recordBlobIDs
            self.noteStates = noteStates
            self.cache = keepDocuments ? nil : cache
            self.knownBlob = knownBlob
            self.knownBlobIsRead = knownBlobIsRead
        }

        /// What one file gave.
        struct Outcome: Sendable {
            /// Refused by the source as it was read (a symbolic link, a file too large).
            var refused: [Diagnostic] = []
            /// A layout, size or parse problem.
            var front: [Diagnostic] = []
            var failure: (any Error)?
            /// `kind/id` of a file that could not be parsed.
            var unreadable: String?
            /// A metric, scorecard, person or team left out by its file's errors (`kind/id`), and
            /// where the first is: what names it points there.
            var broken: (key: String, at: String)?
            /// The file's own messages, read into the model.
            var diagnostics: [Diagnostic] = []
            var model: Model?
            var document: LedgerDocument?
            /// A records file's blob id (`recordBlobIDs`); with a cache, every file's read
            /// before the others (the context of the cache's keys).
            var blobID: ObjectID?
            /// Its key in the parsed-file cache: used from it, or to be added as `stored` (its
            /// encoding, put in the cache's blocks as soon as it was made).
            var cacheKey: ObjectID?
            var stored: ParsedFileCache.Stored?
            /// What is known of its content (`noteStates`).
            var state: WorkingFiles.State = .unknown
        }

        /// A file read into the model, waiting to be put in its place.
        enum Model: Sendable {
            case person(Person), team(Team), goals(SheetKey, GoalSheet), records(SheetKey, RecordSheet)
            case review(SheetKey, Review), calibration(SheetKey, Calibration)

            /// A sheet of a quarter folder.
            var isQuarterSheet: Bool {
                switch self {
                case .goals, .records, .review, .calibration: return true
                case .person, .team: return false
                }
            }

            /// Put in its place in `ledger` (moved, not copied).
            consuming func place(into ledger: inout Ledger) {
                switch consume self {
                case .person(let p): ledger.people[p.id] = p
                case .team(let t): ledger.teams[t.id] = t
                case .goals(let k, let s): ledger.goalSheets[k] = s
                case .records(let k, let s): ledger.recordSheets[k] = s
                case .review(let k, let r): ledger.reviews[k] = r
                case .calibration(let k, let c): ledger.calibrations[k] = c
                }
            }
        }

        mutating func run(_ base: Ledger, checks: Bool, sheetChecksOnly: Bool) -> Ledger {
            var started = start(base)
            let s = started.0
            let rest = FileRuns(paths.indices.lazy.filter { !(s.kinds.kind($0).map(Self.first.contains) ?? false) })
            s.a.reserve(rest)
            cache?.reserve(rest.count)
            readGroups([rest], s, placements: &started.1) { _ in }
            var ledger = finish(s)
            if checks { LedgerChecks.run(&ledger, sheetsOnly: sheetChecksOnly) }
            return ledger
        }

        /// What a load has once the settings and catalog are read (`start`): the model being
        /// put together, every file's kind, and what the other files are read against.
        struct Started {
            let a: Assembly
            let kinds: Kinds
            let firstFile: Int32
            let shell: Ledger
            let decoder: RecordDecoder
        }

        /// The ledger put together, every file's messages in their order; the load's error and
        /// states noted.
        mutating func finish(_ s: Started) -> Ledger {
            error = s.a.error
            states = s.a.states
            return s.a.finished()
        }

        /// The settings and the catalog read (every other file depends only on them); with
        /// every file's placement, let go by `read`.
        func start(_ base: Ledger) -> (Started, Placements) {
            let firstFile = Int32(base.paths.count)
            // Each file's placement, made once on every core, is kept for the whole load only as
            // its kind (a byte), and whole for each chunk of files until that chunk is read: a
            // million sheets' placements, with their ids and quarters, are 10 MB.
            let paths = self.paths
            let placements = Placements(first: 0, Parallel.map(Array(paths.indices)) { paths.withUTF8($0, LedgerLayout.classify(utf8:)) })
            let kinds = Kinds(placements)
            let kind = kinds.kind
            let a = Assembly(base, paths: paths, kinds: kinds, cache: cache, keepDocuments: keepDocuments, noteStates: noteStates)

            // The settings and the catalog: parsed on every core, read in order.
            let early = paths.indices.filter { kind($0).map(Self.first.contains) ?? false }
            var parsed: [(Int, LedgerDocument)] = []
            var context: [(path: String, blob: ObjectID?)] = []
            for (i, o) in zip(early, outcomes(early, kinds: placements, firstFile: firstFile, shell: nil, decoder: nil)) {
                a.take(o, at: i)
                if let doc = o.document { parsed.append((i, doc)) }
                context.append((paths[i], o.blobID))
            }
            cache?.setContext(context)
            for k in Self.first {
                for (i, doc) in parsed where kind(i) == k {
                    guard case .file(let lp) = placements[i] else { continue }
                    var reader = FileReader(doc: doc, file: firstFile + Int32(i))
                    LedgerLoader.read(lp, with: &reader, into: &a.ledger)
                    LedgerLoader.noteBroken(lp, reader.diagnostics, in: &a.ledger)
                    a.own[k, default: []] += reader.messages
                    if keepDocuments { a.ledger.keptDocuments[doc.path] = doc }
                }
            }

            // Everything else, a chunk at a time: read on every core against the settings and
            // catalog (a shell of the ledger without people, teams or sheets), and put in place
            // while the next chunk is read (`Parallel.map`'s `alongside`): the placing is serial
            // and would otherwise leave every core but one idle.
            var shell = a.ledger
            shell.people = [:]
            shell.teams = [:]
            shell.goalSheets = [:]
            shell.recordSheets = [:]
            shell.reviews = [:]
            shell.calibrations = [:]
            shell.diagnostics = []
            shell.keptDocuments = [:]
            shell.recordBlobIDs = [:]
            let decoder = RecordDecoder(catalog: a.ledger.metrics)
            a.restStarted = true
            return (Started(a: a, kinds: kinds, firstFile: firstFile, shell: shell, decoder: decoder), placements)
        }

        /// The files of each group read, a chunk at a time (never a chunk across a gap in a
        /// group's indices, so a chunk's placements are of its own files), each group's put in
        /// place before `afterGroup` is called with its number. `placements` is let go once each
        /// chunk's own are copied out; given none (`classifying`), each chunk's files are placed
        /// again as it is read: a load a quarter at a time holds no placement of another group's.
        func readGroups(_ groups: [FileRuns], _ s: Started, placements: inout Placements, classifying: Bool = false,
                        afterGroup: (Int) -> Void) {
            let a = s.a, paths = self.paths
            // Each chunk's files and group: its indices are made as it is read.
            var parts: [(group: Int, range: Range<Int>)] = []
            for (g, runs) in groups.enumerated() {
                for run in runs.runs {
                    for from in stride(from: run.lowerBound, to: run.upperBound, by: Self.chunk) {
                        parts.append((g, from..<min(from + Self.chunk, run.upperBound)))
                    }
                }
            }
            var windows = classifying ? [] : parts.map { placements.window(Array($0.range)) }
            placements = Placements(first: 0, [])
            var group = 0
            for (c, part) in parts.enumerated() {
                while group < part.group {
                    a.placeWaiting()
                    afterGroup(group)
                    group += 1
                }
                let indices = Array(part.range)
                let window: Placements
                if classifying {
                    window = Placements(first: indices[0], Parallel.map(indices) { paths.withUTF8($0, LedgerLayout.classify(utf8:)) })
                } else {
                    window = windows[c]
                    windows[c] = Placements(first: 0, [])
                }
                let done = outcomes(indices, kinds: window, firstFile: s.firstFile, shell: s.shell, decoder: s.decoder,
                                    alongside: { a.placeWaiting() })
                a.waiting = (indices, done)
            }
            while group < groups.count {
                a.placeWaiting()
                afterGroup(group)
                group += 1
            }
        }

        /// The model being put together: each chunk's outcomes put in place on whichever thread
        /// `Parallel.map` gives the work beside the next chunk's reading. One thread at a time
        /// touches it (the placing of a chunk; before and after the reading, the loading thread).
        final class Assembly: @unchecked Sendable {
            var ledger: Ledger
            var own: [LedgerFileKind: [Diagnostic]] = [:]
            /// A chunk's indices and outcomes, read and waiting to be put in place.
            var waiting: (part: [Int], outcomes: [Outcome]) = ([], [])
            /// The first file (in path order) that could not be read other than by a refusal.
            private(set) var error: (any Error)?
            /// Each file's state, when noted.
            private(set) var states: [WorkingFiles.State]
            private var errorIndex = Int.max
            /// Refusals of the settings and catalog (read first, in path order), then of the
            /// others by file index: a load a quarter at a time takes them out of path order.
            private var refused: [Diagnostic] = []
            private var laterRefused: [(index: Int, refused: [Diagnostic])] = []
            /// Set once the settings and catalog are taken.
            var restStarted = false
            /// The number the parsed-file cache gave each file's entry (`use`, `add`; -1: none),
            /// when noted (a load a quarter at a time reads sheets back by it).
            var entries: [Int32]?
            /// Sheets of a quarter folder with no entry in the cache (one it cannot keep, or a
            /// calibration), by file index, when noted: a load a quarter at a time keeps them.
            var kept: [Int: Model]?
            /// Layout, size and parse problems by file index (few files have any: not a list a file).
            private var front: [(index: Int, front: [Diagnostic])] = []
            private let paths: PathList
            private let kinds: Kinds
            private let cache: ParsedFileCache?
            private let keepDocuments: Bool

            init(_ base: Ledger, paths: PathList, kinds: Kinds, cache: ParsedFileCache?, keepDocuments: Bool,
                 noteStates: Bool) {
                states = noteStates ? Array(repeating: .unknown, count: paths.count) : []
                ledger = base
                // A whole-ledger load shares the list of paths rather than copying it.
                if ledger.paths.isEmpty { ledger.paths = paths } else { ledger.paths += paths }
                self.paths = paths
                self.kinds = kinds
                self.cache = cache
                self.keepDocuments = keepDocuments
            }

            /// Room for the people, teams and sheets of the files at `indices`, made once (a
            /// dictionary grown an entry at a time rehashes every key at each doubling).
            func reserve(_ indices: FileRuns) {
                // Counted in five integers (a dictionary by kind hashed every file: ~440 instructions).
                var people = 0, teams = 0, goals = 0, records = 0, reviews = 0
                for i in indices {
                    switch kinds.kind(i) {
                    case .person?: people += 1
                    case .team?: teams += 1
                    case .goals?: goals += 1
                    case .records?: records += 1
                    case .review?: reviews += 1
                    default: break
                    }
                }
                ledger.people.reserveCapacity(ledger.people.count + people)
                ledger.teams.reserveCapacity(ledger.teams.count + teams)
                ledger.goalSheets.reserveCapacity(ledger.goalSheets.count + goals)
                ledger.recordSheets.reserveCapacity(ledger.recordSheets.count + records)
                ledger.reviews.reserveCapacity(ledger.reviews.count + reviews)
                // Every file's parse, when kept (`LedgerLoader.extend`), by its path.
                if keepDocuments { ledger.keptDocuments.reserveCapacity(ledger.keptDocuments.count + indices.count) }
            }

            /// The outcome's refusals, layout and parse problems and failure, noted.
            func take(_ o: Outcome, at i: Int) {
                if !restStarted { refused += o.refused } else if !o.refused.isEmpty { laterRefused.append((i, o.refused)) }
                if !o.front.isEmpty { front.append((i, o.front)) }
                if let u = o.unreadable { ledger.unreadable.insert(u) }
                if let b = o.broken { ledger.broken[b.key] = b.at }
                if let e = o.failure, i < errorIndex { error = e; errorIndex = i }
                if !states.isEmpty { states[i] = kinds.kind(i) != nil ? o.state : .other }
                if let cache, let key = o.cacheKey {
                    let n = o.stored.map { cache.add($0) } ?? cache.use(key)
                    if entries != nil, let n { entries![i] = Int32(n) }
                }
            }

            /// The waiting chunk's outcomes put in place, each model moved into the ledger, not
            /// copied (a copy retains every string and array of a sheet).
            func placeWaiting() {
                let part = waiting.part
                var done = waiting.outcomes
                waiting = ([], [])
                for (n, i) in part.enumerated() {
                    // Moved out of the array (a copy of an outcome retains all it holds).
                    var o = Outcome()
                    swap(&o, &done[n])
                    take(o, at: i)
                    if let kind = kinds.kind(i), !o.diagnostics.isEmpty { own[kind, default: []] += o.diagnostics }
                    if let doc = o.document, keepDocuments { ledger.keptDocuments[doc.path] = doc }
                    if let id = o.blobID { ledger.recordBlobIDs[paths[i]] = id }
                    if kept != nil, entries?[i] ?? -1 < 0, let model = o.model, model.isQuarterSheet { kept![i] = model }
                    o.model.take()?.place(into: &ledger)
                }
            }

            /// The ledger with every file's messages, in the order of a load of one file after
            /// the other: refusals, then layout and parse problems in path order, then each
            /// file's own by kind.
            func finished() -> Ledger {
                var out = ledger
                ledger = Ledger()
                // Taken in path order, unless a quarter at a time: sorted (stable) by index.
                let later = laterRefused.sorted { $0.index < $1.index }.flatMap(\.refused)
                let fronts = front.sorted { $0.index < $1.index }.flatMap(\.front)
                out.diagnostics += refused + later + fronts + Reading.order.flatMap { own[$0] ?? [] }
                return out
            }
        }

        /// The files at `indices` read (and, given a `shell`, read into the model), on every core;
        /// with a cache, a file whose reading it holds is taken from it instead.
        /// `alongside`: serial work done beside the reading (`Parallel.map`).
        func outcomes(_ indices: [Int], kinds: Placements, firstFile: Int32, shell: Ledger?,
                              decoder: RecordDecoder?, alongside: (@Sendable () -> Void)? = nil) -> [Outcome] {
            let keep = keepDocuments || shell == nil, blobs = recordBlobIDs, paths = self.paths, noteStates = self.noteStates
            // The shell held once, in a box the closures share: a `Ledger?` unwrapped in each
            // file's reading was a copy of the ledger a file (its every field retained and released).
            let shellBox = shell.map(Shell.init), hasShell = shell != nil
            let cache = self.cache, knownBlob = self.knownBlob, knownBlobIsRead = self.knownBlobIsRead
            /// The file's placing when the cache may hold its reading (the settings and catalog,
            /// read first, are the context of its keys instead: their blob ids are noted).
            @Sendable func cacheable(_ i: Int) -> LedgerPath? {
                guard cache != nil, hasShell, case .file(let lp) = kinds[i], Outcome.isCached(lp.kind) else { return nil }
                return lp
            }
            /// The cache's outcome for the file at `i` holding `blob`, or its key when it has none.
            @Sendable func cached(_ i: Int, _ path: String, _ lp: LedgerPath, blob: ObjectID) -> Lookup {
                let key = cache!.key(path: path, blob: blob)
                guard let entry = cache!.entry(key),
                      var out = Outcome.decoded(entry, path: path, lp: lp, file: firstFile + Int32(i)) else {
                    return .missed(blob: blob, key: key)
                }
                out.cacheKey = key
                if blobs, lp.kind == .records { out.blobID = blob }
                if noteStates { out.state = .read(blob) }
                return .found(out)
            }
            /// The cache's answer for the file at `i` when its blob id is known without reading it.
            @Sendable func known(_ i: Int, _ path: String) -> Lookup? {
                guard let lp = cacheable(i), let blob = knownBlob?(i, path) else { return nil }
                var lookup = cached(i, path, lp, blob: blob)
                // The index's stat data vouched for the file: unchanged since it was staged.
                if noteStates, case .found(var out) = lookup { out.state = .vouched(blob); lookup = .found(out) }
                return lookup
            }
            /// `missed`: the blob id the file was expected to hold, and its key; `vouched`: the
            /// blob id of the bytes fetched, when known without hashing them.
            @Sendable func process(_ i: Int, _ path: String, _ fetched: Result<[UInt8], any Error>, missed: Lookup? = nil,
                                   vouched: ObjectID? = nil) -> Outcome {
                var out = Outcome()
                let bytes: [UInt8]
                switch fetched {
                case .success(let b): bytes = b
                case .failure(LedgerError.invalid(let d)): out.refused = d; return out
                case .failure(let e): out.failure = e; return out
                }
                switch kinds[i] {
                case .outside: return out
                case .misplaced(let why):
                    out.front = [Diagnostic(path: path, line: 1, column: 1, severity: .warning, code: .misplacedFile, message: why)]
                case .misnamed(let why):
                    out.front = [Diagnostic(path: path, line: 1, column: 1, severity: .error, code: .fileName, message: why)]
                case .file(let lp):
                    if bytes.count > maxFileBytes {
                        out.front = [tooLarge(path, size: bytes.count)]
                        return out
                    }
                    // The blob of the bytes read (the file may have changed since its stat):
                    // the cache may hold it all the same (a file touched, or racily clean).
                    var key: ObjectID?
                    if cache != nil, !hasShell || cacheable(i) != nil {
                        let blob = (knownBlobIsRead ? knownBlob?(i, path) : nil) ?? vouched ?? IndexStat.blobID(of: bytes)
                        if noteStates { out.state = .read(blob) }
                        if !hasShell || (blobs && lp.kind == .records) { out.blobID = blob }
                        if hasShell {
                            if case .missed(blob, let k)? = missed {
                                key = k
                            } else {
                                switch cached(i, path, lp, blob: blob) {
                                case .found(let hit): return hit
                                case .missed(_, let k): key = k
                                }
                            }
                        }
                    }
                    if noteStates, case .unknown = out.state { out.state = .read(vouched ?? IndexStat.blobID(of: bytes)) }
                    read(lp, bytes, i, path, into: &out)
                    if let key, let stored = out.encoded(path: path, file: firstFile + Int32(i), { cache!.store(key, $0) }) {
                        out.cacheKey = key
                        out.stored = stored
                    }
                }
                return out
            }
            /// The file's parse and reading into the model.
            @Sendable func read(_ lp: LedgerPath, _ bytes: [UInt8], _ i: Int, _ path: String, into out: inout Outcome) {
                // A records, goals, review, person or team file of the usual shape, read straight from
                // its bytes when no document is kept: what the general path makes, with no message.
                if !keep, let decoder {
                    let file = firstFile + Int32(i)
                    if lp.kind == .records, let sheet = decoder.recordSheet(of: bytes, lp, path: path, file: file) {
                        if blobs, out.blobID == nil { out.blobID = Repository.blobID(of: bytes) }
                        out.model = .records(SheetKey(subject: lp.id, quarter: sheet.quarter), sheet)
                        return
                    }
                    if lp.kind == .goals, let sheet = decoder.goalSheet(of: bytes, lp, path: path, file: file) {
                        out.model = .goals(SheetKey(subject: lp.id, quarter: sheet.quarter), sheet)
                        return
                    }
                    if lp.kind == .person || lp.kind == .team, let model = decoder.entity(of: bytes, lp, file: file) {
                        out.model = model
                        return
                    }
                    if lp.kind == .review, let shell = shellBox,
                       let review = decoder.review(of: bytes, lp, path: path, file: file, ratings: shell.ledger.settings.ratings) {
                        out.model = .review(SheetKey(subject: lp.id, quarter: review.quarter), review)
                        return
                    }
                }
                let doc: LedgerDocument
                do { doc = try LedgerParser.parse(bytes, path: path) } catch {
                    out.front = [error]
                    out.unreadable = "\(lp.kind.rawValue)/\(lp.id)"
                    if [.metric, .scorecard, .person, .team].contains(lp.kind) { out.broken = (out.unreadable!, error.place) }
                    return
                }
                if keep { out.document = doc }
                if blobs, lp.kind == .records, out.blobID == nil { out.blobID = Repository.blobID(of: bytes) }
                guard let shell = shellBox else { return }
                var reader = FileReader(doc: doc, file: firstFile + Int32(i))
                // A sheet is read against the shell as it is (no copy of the ledger per file).
                switch lp.kind {
                case .goals, .records, .review:
                    if LedgerLoader.isNamedByID(lp, &reader) {
                        out.model = LedgerLoader.readSheet(lp, &reader, shell.ledger, records: decoder)
                    }
                    out.diagnostics = reader.messages
                    return
                default: break
                }
                var local = shell.ledger
                LedgerLoader.read(lp, with: &reader, into: &local, records: decoder)
                if lp.kind == .person || lp.kind == .team {
                    LedgerLoader.noteBroken(lp, reader.diagnostics, in: &local)
                    let key = "\(lp.kind.rawValue)/\(lp.id)"
                    if let at = local.broken[key] { out.broken = (key, at) }
                }
                out.diagnostics = reader.messages
                out.model = Self.model(of: lp, takenFrom: &local)
            }
            switch bytes {
            case .given(let all):
                return Parallel.map(indices, alongside: alongside) { i in process(i, paths[i], .success(all[i])) }
            case .concurrent(let read):
                return Parallel.map(indices, alongside: alongside) { i in
                    // The path made a `String` once for the file (`PathList` holds it packed).
                    let path = paths[i]
                    let lookup = known(i, path)
                    if case .found(let out)? = lookup { return out }
                    let fetched = read(i, path)
                    return process(i, path, fetched.map(\.bytes), missed: lookup, vouched: try? fetched.get().blob)
                }
            case .serial(let read):
                // A commit's blobs: the cache's outcomes first, then the others read one by one.
                let lookups = Parallel.map(indices, alongside: alongside) { i in known(i, paths[i]) }
                var done: [Outcome?] = lookups.map { if case .found(let out)? = $0 { return out } else { return nil } }
                let missing = indices.indices.filter { done[$0] == nil }
                let fetched = missing.map { Fetched(index: indices[$0], bytes: read(indices[$0], paths[indices[$0]]), missed: lookups[$0]) }
                for (k, o) in zip(missing, Parallel.map(fetched) { f in process(f.index, paths[f.index], f.bytes, missed: f.missed) }) { done[k] = o }
                return done.map { $0! }
            }
        }

        /// Each file's kind, a byte a file: what the load asks of every file before and while it
        /// reads them (`Placements` holds the rest of a placement only for a chunk's files).
        struct Kinds: Sendable {
            private let kinds: [LedgerFileKind?]

            init(_ placements: Placements) {
                kinds = placements.values.map { p in
                    if case .file(let lp) = p { return lp.kind }
                    return nil
                }
            }

            /// The kind of ledger file at index `i`; nil when its path is none.
            func kind(_ i: Int) -> LedgerFileKind? { kinds[i] }
        }

        /// The placements of the files at the indices from `first` on.
        struct Placements: Sendable {
            let first: Int
            let values: [LedgerLayout.Placement]

            init(first: Int, _ values: [LedgerLayout.Placement]) {
                self.first = first
                self.values = values
            }

            /// The placement of the file at index `i`.
            subscript(i: Int) -> LedgerLayout.Placement { values[i - first] }

            /// Those of the files from the first to the last of `indices` (ascending), copied out.
            func window(_ indices: [Int]) -> Placements {
                guard let low = indices.first, let high = indices.last else { return Placements(first: 0, []) }
                return Placements(first: low, Array(values[(low - first)...(high - first)]))
            }
        }

        /// What the cache answered for a file.
        enum Lookup: Sendable {
            case found(Outcome)
            case missed(blob: ObjectID, key: ObjectID)
        }

        private struct Fetched: Sendable {
            let index: Int
            let bytes: Result<[UInt8], any Error>
            let missed: Lookup?
        }

        /// The ledger a chunk's files are read against, shared by reference (`outcomes`).
        private final class Shell: Sendable {
            let ledger: Ledger
            init(_ ledger: Ledger) { self.ledger = ledger }
        }

        /// What reading one file put into a shell ledger, moved out of it (not copied: the shell
        /// is let go next).
        static func model(of lp: LedgerPath, takenFrom l: inout Ledger) -> Model? {
            switch lp.kind {
            case .person: return l.people.popFirst().map { .person($0.value) }
            case .team: return l.teams.popFirst().map { .team($0.value) }
            case .goals: return l.goalSheets.popFirst().map { .goals($0.key, $0.value) }
            case .records: return l.recordSheets.popFirst().map { .records($0.key, $0.value) }
            case .review: return l.reviews.popFirst().map { .review($0.key, $0.value) }
            case .calibration: return l.calibrations.popFirst().map { .calibration($0.key, $0.value) }
            case .settings, .metric, .scorecard: return nil
            }
        }
    }
}

extension FileReader {
    /// The file's messages, with the count of those not shown after them.
    var messages: [Diagnostic] {
        suppressed > 0 ? diagnostics + [Finding.moreProblemsNotShown(suppressed).atStart(of: doc.path)] : diagnostics
    }
}
