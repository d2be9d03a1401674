import GitStore
import LedgerFormat

/// Reads a whole ledger: every file parsed and read into the model, then the checks that span
/// files. One bad file never hides another's problems.
public enum LedgerLoader {
    /// The largest ledger file read (256 MB): a bigger one is refused, before it is read, with a
    /// located error, so a stray huge or binary file cannot exhaust memory. Real ledger files are
    /// one subject's quarter: kilobytes.
    public static let maxFileBytes = 256 << 20

    /// The located error for a file over `maxFileBytes`.
    public static func tooLarge(_ path: String, size: Int) -> Diagnostic {
        Finding.fileTooLarge(size: size).atStart(of: path)
    }

    /// Every ledger file of `source`; a file refused as it is read (a symbolic link, a file over
    /// `maxFileBytes`) is left out with its located error, so the scores that need it are
    /// incomplete rather than the whole read refused. Each file is read, parsed and read into
    /// the model in turn and its bytes and parse let go (`recordBlobIDs`: the records files'
    /// blob ids are kept, for `kpi check`). `cacheIn`: the git directory whose parsed-file cache
    /// (`ParsedFileCache`) to use: a file whose reading it holds is not parsed again, and not
    /// read at all when its blob id is known without reading it (a commit's tree, or the
    /// index's stat data of a `DirectorySource` given the index); what is read is added to it.
    /// `noteWorkingFiles`: a `DirectorySource` keeps what the load learnt of each file
    /// (`WorkingFiles`: git's status of the working files is worked out from it).
    public static func load(from source: LedgerSource, checks: Bool = true, recordBlobIDs: Bool = false,
                            cacheIn gitDir: String? = nil, noteWorkingFiles: Bool = false) throws -> Ledger {
        try load(from: source, checks: checks, recordBlobIDs: recordBlobIDs, cacheIn: gitDir, noteWorkingFiles: noteWorkingFiles,
                 byQuarterFrom: nil).0
    }

    /// The same; from `byQuarterFrom` files listed on, with a parsed-file cache, a quarter
    /// folder at a time (`Reading.runByQuarter`): the ledger then holds the organisation and
    /// every message but no sheet, and the `QuarterSheets` returned gives each quarter's
    /// (docs/architecture.md, "Memory"). `listed` is told, once the files are listed and before
    /// any is read, whether the load is a quarter at a time.
    public static func load(from source: LedgerSource, checks: Bool = true, recordBlobIDs: Bool = false,
                            cacheIn gitDir: String? = nil, noteWorkingFiles: Bool = false,
                            byQuarterFrom: Int?, listed: ((Bool) -> Void)? = nil) throws -> (Ledger, QuarterSheets?) {
        let cache = gitDir.flatMap { ParsedFileCache(gitDir: $0) }
        let paths: PathList
        var knownBlob: (@Sendable (Int, String) -> ObjectID?)?
        // A commit's files are listed with their blob ids, and each is read by its id.
        var treeBlobs: [ObjectID?]?
        let tree = source as? TreeSource
        if let tree {
            let listed = try tree.ledgerFileBlobs()
            paths = PathList(listed.lazy.map(\.path))
            let blobs = listed.map(\.blob)
            treeBlobs = blobs
            if cache != nil { knownBlob = { i, _ in blobs[i] } }
        } else {
            paths = try source.ledgerFiles()
        }
        // A folder's files are read on every core (each read is a few system calls); a commit's
        // blobs one by one (a libgit2 repository is not shared between threads).
        let bytes: FileBytes
        if let folder = source as? DirectorySource {
            // With no entry in the cache (a first run), asking the index first finds nothing:
            // each file's bytes are read all the same, and need their blob ids (the cache's keys,
            // git's status). The index, read meanwhile on a thread of its own, gives them for the
            // files whose stat data it vouches for once it is there (no SHA-1 of their bytes);
            // not on a ledger of many files, whose index (21 MB for 219,000 files) would be held
            // through the whole load.
            let wantsBlobs = cache != nil || noteWorkingFiles
            if let cache, !cache.isEmpty, let index = folder.index {
                knownBlob = { _, path in folder.knownBlob(path, in: index) }
            } else if wantsBlobs, paths.count < vouchedFilesLimit {
                folder.readIndexAhead()
            }
            bytes = .concurrent { i, path in Result { try folder.read(path, vouchedBy: wantsBlobs ? folder.indexIfRead : nil, hint: i) } }
        } else if let tree, let blobs = treeBlobs {
            bytes = .serial { i, path in Result { try blobs[i].map { try tree.read(path, blob: $0) } ?? tree.read(path) } }
        } else {
            bytes = .serial { i, path in Result { try source.read(path) } }
        }
        let folder = noteWorkingFiles ? source as? DirectorySource : nil
        var read = Reading(paths: paths, bytes: bytes, keepDocuments: false, recordBlobIDs: recordBlobIDs, cache: cache,
                           knownBlob: knownBlob, knownBlobIsRead: treeBlobs != nil, noteStates: folder != nil)
        var sheets: QuarterSheets?
        let ledger: Ledger
        let byQuarter = byQuarterFrom.map { paths.count >= $0 && checks && cache != nil } ?? false
        listed?(byQuarter)
        if byQuarter, let cache {
            cache.keepsEntries = true
            (ledger, sheets) = read.runByQuarter(Ledger(), cache: cache)
        } else {
            ledger = read.run(Ledger(), checks: checks, sheetChecksOnly: false)
        }
        if let error = read.error {
            sheets?.letGo()
            throw error
        }
        folder?.notes.finish(paths: paths, states: read.states)
        cache?.save()
        return (ledger, sheets)
    }

    /// Below this many files a cold load of working files has the index vouch for their bytes
    /// (`DirectorySource.read(_:vouchedBy:)`); from it on they are hashed.
    static let vouchedFilesLimit = 50_000

    /// Loads from (relative path, content) pairs into the model alone: no file's parse is kept
    /// (`extend` keeps them, for the recording path that edits them).
    public static func load(files: [(path: String, bytes: [UInt8])], checks: Bool = true) -> Ledger {
        let order = pathOrder(files.map(\.path))
        var read = Reading(paths: PathList(order.lazy.map { files[$0].path }), bytes: .given(order.map { files[$0].bytes }),
                           keepDocuments: false, recordBlobIDs: false)
        return read.run(Ledger(), checks: checks, sheetChecksOnly: false)
    }

    /// `base` (already read, usually the settings, catalog, people and teams) with more files
    /// read into it: a recording command parses the organisation once and its sheets on top.
    /// `files` must not repeat files of `base`; the cross-file checks run over the whole. The
    /// parsed files are kept (`Ledger.document(at:)`): the recording path edits them.
    public static func extend(_ base: Ledger, with files: [(path: String, bytes: [UInt8])], checks: Bool = true,
                              sheetChecksOnly: Bool = false) -> Ledger {
        let order = pathOrder(files.map(\.path))
        var read = Reading(paths: PathList(order.lazy.map { files[$0].path }), bytes: .given(order.map { files[$0].bytes }),
                           keepDocuments: true, recordBlobIDs: false)
        return read.run(base, checks: checks, sheetChecksOnly: sheetChecksOnly)
    }

    /// A metric, scorecard, person or team its own errors left out: what names it will point here.
    static func noteBroken(_ lp: LedgerPath, _ diagnostics: [Diagnostic], in ledger: inout Ledger) {
        let left: Bool
        switch lp.kind {
        case .metric: left = ledger.metrics[lp.id] == nil
        case .scorecard: left = ledger.scorecards[lp.id] == nil
        case .person: left = ledger.people[lp.id] == nil
        case .team: left = ledger.teams[lp.id] == nil
        default: return
        }
        guard left, let first = diagnostics.filter({ $0.severity == .error }).min(by: { ($0.line, $0.column) < ($1.line, $1.column) }) else { return }
        ledger.broken["\(lp.kind.rawValue)/\(lp.id)"] = first.place
    }

    /// `records`: reads the usual record items of a records file straight from its bytes.
    static func read(_ lp: LedgerPath, with r: inout FileReader, into ledger: inout Ledger, records: RecordDecoder? = nil) {
        guard isNamedByID(lp, &r) else { return }
        switch lp.kind {
        case .settings: readSettings(&r, &ledger)
        case .metric: readMetric(lp.id, &r, &ledger)
        case .scorecard: readScorecard(lp.id, &r, &ledger)
        case .person: readPerson(lp.id, &r, &ledger)
        case .team: readTeam(lp.id, &r, &ledger)
        case .goals, .records, .review: readSheet(lp, &r, ledger, records: records)?.place(into: &ledger)
        case .calibration: readCalibration(lp, &r, &ledger)
        }
    }

    /// Whether the file's name is a valid id (the settings file aside); if not, reported.
    static func isNamedByID(_ lp: LedgerPath, _ r: inout FileReader) -> Bool {
        if lp.kind != .settings, !Identifier.isValid(lp.id) {
            r.report(nil, .fileNameNotAnID(lp.id))
            return false
        }
        return true
    }

    static func readSettings(_ r: inout FileReader, _ ledger: inout Ledger) {
        let shape = FileShape.of(.settings)
        guard let f = r.topLevel(shape) else { return }
        var s = LedgerSettings()
        if let name = r.text(f["name"], "name") { s.name = name }
        if let m = r.integer(f["fiscal_year_start"], "fiscal_year_start", range: 1...12) { s.fiscalYearStart = m }
        for n in r.list(f["admins"], "admins") {
            guard let admin = r.text(n, "admins") else { continue }
            // The audit knows who made a commit by email: an id here would grant nothing, silently.
            if !admin.contains("@") { r.report(n, .adminNotEmail(admin)) }
            s.admins.append(admin)
        }
        s.signaturesRequired = r.choice(f["signatures"], "signatures", SignaturePolicy.self) == .required
        if let scoring = f["scoring"], !r.doc.isEmpty(scoring) {
            let scoringShape = shape["scoring"]!
            let sf = r.fields(scoring, scoringShape)
            if let cap = readCap(sf["cap"], &r) { s.cap = cap }
            if let (b, _) = r.number(sf["bonus_cap"], "bonus_cap", unit: .score) {
                if b < 0 { r.report(sf["bonus_cap"], .negativeBonusCap(b)) } else { s.bonusCap = b }
            }
            if sf["ratings"] != nil {
                var bands: [RatingBand] = []
                for item in r.list(sf["ratings"], "ratings") {
                    let bf = r.fields(item, scoringShape["ratings"]!)
                    guard let grade = r.text(bf["grade"], "grade") else { continue }
                    let min = r.number(bf["min"], "min", unit: .score)?.0 ?? 0
                    bands.append(RatingBand(grade: grade, min: min))
                }
                if !bands.isEmpty { s.ratings = bands.sorted { $0.min > $1.min } }
                if let lowest = s.ratings.last, lowest.min > 0, let node = sf["ratings"] { r.report(node, .unratedScores(below: lowest)) }
            }
        }
        if let policies = f["policies"], !r.doc.isEmpty(policies) {
            let pf = r.fields(policies, shape["policies"]!)
            if let (v, _) = r.number(pf["max_stretch"], "max_stretch", unit: .percent) { s.maxStretch = v / 100 }
            if let (v, _) = r.number(pf["min_ltv_cac"], "min_ltv_cac", unit: .ratio) { s.minLtvCac = v }
        }
        readReviewCycleSettings(f, shape, &r, &s)
        ledger.settings = s
    }

    /// `scoring.cap` as a multiple of the target: `120%`, or a bare `1.2` as docs/scoring.md
    /// writes it (a bare number above 10 is read as percent: `120` is 120%). A cap below 100%
    /// would keep every goal from counting as met, so it is refused rather than scored.
    static func readCap(_ n: NodeID?, _ r: inout FileReader) -> Number? {
        guard let n, let text = r.text(n, "cap") else { return nil }
        let percent = text.hasSuffix("%")
        guard let (v, _) = r.number(n, "cap", unit: percent ? .percent : .ratio) else { return nil }
        let cap = percent || v > 10 ? v / 100 : v
        guard cap >= 1 else {
            r.report(n, .capBelowTarget(text))
            return nil
        }
        return cap
    }

    static func readMetric(_ id: String, _ r: inout FileReader, _ ledger: inout Ledger) {
        let shape = FileShape.of(.metric)
        guard let f = r.topLevel(shape) else { return }
        let names = readNames(f["names"], &r)
        let dimension = r.id(f["dimension"], "dimension", what: "dimension")
        let unit = r.choice(f["unit"], "unit", MetricUnit.self)
        let direction = r.choice(f["direction"], "direction", Direction.self)
        let aggregate = r.choice(f["aggregate"], "aggregate", Aggregation.self)
        var formula: Formula?
        let formulaText = r.text(f["formula"], "formula")
        if let text = formulaText, let n = f["formula"] {
            do {
                formula = try Formula.parse(text)
            } catch {
                r.diagnostics.append(formulaDiagnostic(error, node: n, doc: r.doc))
            }
        }
        if f["aggregate"] == nil, f["formula"] == nil {
            r.report(f.map, .metricNeedsAggregateOrFormula)
        }
        guard let name = r.text(f["name"], "name"), let dimension, let unit, let direction else { return }
        ledger.metrics[id] = Metric(id: id, name: name, names: names, dimension: dimension.value, unit: unit,
                                    direction: direction, aggregate: aggregate, formula: formula,
                                    formulaText: formulaText, description: r.text(f["description"], "description"),
                                    ref: r.startRef)
    }

    static func formulaDiagnostic(_ error: FormulaError, node: NodeID, doc: LedgerDocument) -> Diagnostic {
        var d = doc.diagnostic(at: node, .error, .invalidFormula, Finding.invalidFormula(error).message)
        // A plain formula sits on one line: point at the offending character.
        if doc.style(node) == .plain { d.column += error.column - 1 }
        return d
    }

    static func readNames(_ n: NodeID?, _ r: inout FileReader) -> [String: String] {
        guard let n, !r.doc.isEmpty(n) else { return [:] }
        guard r.doc.kind(n) == .mapping else {
            r.report(n, .namesNotPerLanguage)
            return [:]
        }
        var out: [String: String] = [:]
        for (k, v) in r.doc.entries(n) {
            if let s = r.text(v, "names") { out[r.doc.string(k)] = s }
        }
        return out
    }

    static func readScorecard(_ id: String, _ r: inout FileReader, _ ledger: inout Ledger) {
        let shape = FileShape.of(.scorecard)
        guard let f = r.topLevel(shape) else { return }
        _ = readNames(f["names"], &r)
        var dims: [ScorecardDimension] = []
        for item in r.list(f["dimensions"], "dimensions") {
            let df = r.fields(item, shape["dimensions"]!)
            _ = readNames(df["names"], &r)
            guard let did = r.id(df["id"], "id", what: "dimension") else { continue }
            let min = r.number(df["min"], "min", unit: .percent)?.0
            let max = r.number(df["max"], "max", unit: .percent)?.0
            if let min, let max, min > max { r.report(df["min"], .dimensionMinAboveMax(min, max)) }
            let metrics = r.textList(df["metrics"], "metrics")
            for m in metrics where !Identifier.isValid(m.value) {
                r.report(nil, .invalidID(m.value, what: "metric"))
            }
            dims.append(ScorecardDimension(id: did.value, name: r.text(df["name"], "name"), min: min, max: max,
                                           metrics: metrics.map(\.value), ref: r.ref(item)))
        }
        var coreMin = 2, coreMax = 4
        if let c = f["core_kpis"], !r.doc.isEmpty(c) {
            let cf = r.fields(c, shape["core_kpis"]!)
            coreMin = r.integer(cf["min"], "min", range: 0...100) ?? coreMin
            coreMax = r.integer(cf["max"], "max", range: 0...100) ?? coreMax
        }
        // The name is optional (docs/format.md): without one the scorecard goes by its id.
        let name = r.text(f["name"], "name") ?? id
        ledger.scorecards[id] = Scorecard(id: id, name: name, dimensions: dims, coreMin: coreMin, coreMax: coreMax,
                                          ref: r.startRef)
    }

    static func readPerson(_ id: String, _ r: inout FileReader, _ ledger: inout Ledger) {
        let shape = FileShape.of(.person)
        guard let f = r.topLevel(shape) else { return }
        _ = readNames(f["names"], &r)
        let email = r.text(f["email"], "email")
        if let email, let n = f["email"], !hasAt(email) { r.report(n, .notAnEmail(email)) }
        let person = Person(id: id, name: r.text(f["name"], "name") ?? id, email: email,
                            manager: r.id(f["manager"], "manager", what: "person"),
                            team: r.id(f["team"], "team", what: "team"), level: r.text(f["level"], "level"),
                            scorecard: r.id(f["scorecard"], "scorecard", what: "scorecard"),
                            signingKeys: readSigningKeys(f["signing_keys"], &r), ref: r.startRef)
        ledger.people[id] = person
    }

    /// Whether an email holds its `@`: of ASCII, whether its bytes do (Foundation's search for a
    /// text was ~5,000 instructions a person); else as Foundation finds it.
    static func hasAt(_ email: String) -> Bool {
        email.utf8.allSatisfy { $0 < 0x80 } ? email.utf8.contains(UInt8(ascii: "@")) : email.contains("@")
    }

    /// `signing_keys:` — one SSH public key per item, as in an allowed-signers line.
    static func readSigningKeys(_ n: NodeID?, _ r: inout FileReader) -> [SSHPublicKey] {
        var keys: [SSHPublicKey] = []
        for item in r.list(n, "signing_keys") {
            guard let text = r.text(item, "signing_keys") else { continue }
            switch SSHPublicKey.parse(text) {
            case .success(let key): keys.append(key)
            case .failure(let e): r.report(item, .invalidSigningKey(e.message))
            }
        }
        return keys
    }

    static func readTeam(_ id: String, _ r: inout FileReader, _ ledger: inout Ledger) {
        let shape = FileShape.of(.team)
        guard let f = r.topLevel(shape) else { return }
        _ = readNames(f["names"], &r)
        ledger.teams[id] = Team(id: id, name: r.text(f["name"], "name") ?? id,
                                lead: r.id(f["lead"], "lead", what: "person"),
                                parent: r.id(f["parent"], "parent", what: "team"),
                                scorecard: r.id(f["scorecard"], "scorecard", what: "scorecard"), ref: r.startRef)
    }

    /// A goals, records or review file read against `ledger` (the settings and catalog), as the
    /// model it adds: a load reads each sheet on its own thread against one shared ledger, with
    /// no copy of it to write into.
    static func readSheet(_ lp: LedgerPath, _ r: inout FileReader, _ ledger: Ledger, records decoder: RecordDecoder? = nil) -> Reading.Model? {
        guard let folderQuarter = Quarter(lp.quarter ?? "") else {
            r.report(nil, .notAQuarterFolder(lp.quarter ?? ""))
            return nil
        }
        let shape = FileShape.of(lp.kind)
        guard let f = r.topLevel(shape) else { return nil }
        // A subject and quarter written as the file's name and folder spell them (almost every
        // sheet) are valid and match: nothing to read into a value or report.
        let subjectNode = f["subject"], quarterNode = f["quarter"]
        let asNamed = subjectNode.map { r.doc.scalarEquals($0, lp.id) } ?? false
        let asFiled = quarterNode.map { r.doc.scalarEquals($0, lp.quarter ?? "") } ?? false
        let subject = asNamed ? nil : r.id(subjectNode, "subject", what: "subject")
        let quarter = asFiled ? nil : r.quarter(quarterNode, "quarter")
        if let subject, subject.value != lp.id {
            r.report(subjectNode, .notItsFileName("subject", subject.value, lp.id))
        }
        if let quarter, quarter != folderQuarter, let n = quarterNode {
            r.report(n, .notItsFolder(quarter, folderQuarter))
        }
        let key = SheetKey(subject: lp.id, quarter: folderQuarter)
        let path = r.doc.path
        let subjectRef = subjectNode.map { r.ref($0) } ?? r.startRef
        switch lp.kind {
        case .goals:
            var goals: [Goal] = []
            var incompleteBecause: String?
            var drafts: [DraftGoal] = []
            let doc = r.doc, file = r.file
            // The array made to its size: grown by appends it would hold 8 goals' room for 5.
            let goalsNode = f["goals"]
            let items = r.list(goalsNode, "goals")
            goals.reserveCapacity(items.count)
            // Each kept goal's item, to find a metric's first goal: by a scan of the few goals a
            // sheet has, by a table past `scanned` (no table to make and hash for the usual 5).
            // A metric by its id in `NameTable.metrics`: a goal's metric is an id (lower_snake_case
            // ASCII, so the same bytes are the same text), and its text is made only for a message.
            var kept: [NodeID] = []
            var seen: [UInt32: NodeID] = [:]
            let scanned = 16
            if items.count <= scanned { kept.reserveCapacity(items.count) }
            doc.bytes.withUnsafeBufferPointer { b in
                for item in items {
                    guard let g = decoder?.decodeGoal(item, in: doc, bytes: b, file: file)
                        ?? readGoal(item, &r, ledger, leftOutBecause: &incompleteBecause, drafts: &drafts) else { continue }
                    let first = items.count <= scanned
                        ? goals.firstIndex { $0.metricNameID == g.metricNameID }.map { kept[$0] }
                        : seen[g.metricNameID]
                    if let first {
                        r.report(item, .duplicateGoal(g.metric.value, firstLine: r.doc.position(first).line))
                        continue
                    }
                    if items.count <= scanned { kept.append(item) } else { seen[g.metricNameID] = item }
                    goals.append(g)
                }
            }
            var bonus: [BonusItem] = []
            for item in r.list(f["bonus"], "bonus") {
                let bf = r.fields(item, shape["bonus"]!)
                guard let (p, _) = r.number(bf["points"], "points", unit: .score) else { continue }
                bonus.append(BonusItem(points: p, reason: r.text(bf["reason"], "reason"), ref: r.ref(item)))
            }
            return .goals(key, GoalSheet(subject: lp.id, quarter: folderQuarter,
                                         scorecard: r.id(f["scorecard"], "scorecard", what: "scorecard"),
                                         goals: goals, bonus: bonus, path: path,
                                         ref: goalsNode.map { r.ref($0) } ?? r.startRef, subjectRef: subjectRef,
                                         incompleteBecause: incompleteBecause, drafts: drafts,
                                         unreadMetrics: unreadMetrics(named: goalsNode, r.doc, ledger)))
        case .records:
            let items = r.list(f["records"], "records")
            var records: [Record] = []
            // Each record's item, kept only once an item is left out (else the items are it).
            var nodes: [NodeID]?
            records.reserveCapacity(items.count)
            let doc = r.doc, file = r.file
            var cursor = RecordDecoder.Cursor()
            doc.bytes.withUnsafeBufferPointer { b in
                for (n, item) in items.enumerated() {
                    if let rec = decoder?.decode(item, in: doc, bytes: b, file: file, cursor: &cursor) ?? readRecord(item, &r, ledger) {
                        records.append(rec)
                        nodes?.append(item)
                    } else if nodes == nil {
                        nodes = Array(items[..<n])
                    }
                }
            }
            for i in RecordSheet.apply(records).unmatched {
                let rec = records[i]
                r.report(correctsKey(nodes?[i] ?? items[i], r.doc), .unmatchedCorrection(rec))
            }
            return .records(key, RecordSheet(subject: lp.id, quarter: folderQuarter, records: records,
                                             path: path, ref: r.startRef, subjectRef: subjectRef))
        default:
            let ratingNode = f["rating"]
            if let rating = r.text(ratingNode, "rating"), !ledger.settings.ratings.contains(where: { $0.grade == rating }) {
                r.report(ratingNode, .notARating(rating, grades: ledger.settings.ratings.map(\.grade)))
            }
            var review = Review(subject: lp.id, quarter: folderQuarter,
                                reviewer: r.id(f["reviewer"], "reviewer", what: "person")?.value,
                                rating: r.text(ratingNode, "rating"), summary: r.text(f["summary"], "summary"),
                                notes: r.text(f["notes"], "notes"), path: path, ref: r.startRef, subjectRef: subjectRef)
            readAwards(f, &r, &review)
            return .review(key, review)
        }
    }

    /// The metrics goal items name (`goals` the list) whose file could not be parsed.
    static func unreadMetrics(named goals: NodeID?, _ doc: LedgerDocument, _ ledger: Ledger) -> [String] {
        guard let goals, ledger.unreadable.contains(where: { $0.hasPrefix("\(LedgerFileKind.metric.rawValue)/") }) else { return [] }
        return doc.items(goals).compactMap { item in
            guard let m = doc.value(forKey: "metric", in: item), doc.kind(m) == .scalar else { return nil }
            let id = doc.string(m)
            return ledger.isUnreadable(.metric, id) ? id : nil
        }
    }

    /// A goal item's and a record item's shape (read once: a ledger has many of them).
    static let goalShape = FileShape.of(.goals)["goals"]!
    /// The same, with an empty `target` allowed: a drafted goal whose target the manager has not
    /// set yet (`targetGiven` warns about it).
    static let goalShapeDraftable = FileShape(what: goalShape.what, keys: goalShape.keys.map {
        $0.name == "target" ? FileShape.Key(name: $0.name, required: false, value: $0.value) : $0
    })
    static let recordShape = FileShape.of(.records)["records"]!

    /// `leftOutBecause`: set when the goal is left out because its metric's file is broken.
    /// `drafts`: a goal drafted without a target yet goes there, as written.
    static func readGoal(_ item: NodeID, _ r: inout FileReader, _ ledger: Ledger, leftOutBecause: inout String?,
                         drafts: inout [DraftGoal]) -> Goal? {
        let f = r.fields(item, goalShapeDraftable)
        guard let metricID = r.id(f["metric"], "metric", what: "metric") else { return nil }
        if !targetGiven(f, item, metricID.value, &r) {
            if f["target"] != nil { drafts.append(draftGoal(f, metricID.value, item, r)) }
            return nil
        }
        guard let metric = ledger.metrics[metricID.value] else {
            if ledger.isUnreadable(.metric, metricID.value) { return nil }
            let cause = ledger.brokenCause(.metric, metricID.value)
            if leftOutBecause == nil { leftOutBecause = cause }
            r.report(f["metric"], .unknownMetric(metricID.value, in: ledger), causedBy: cause)
            return nil
        }
        let target = r.number(f["target"], "target", unit: metric.unit, subject: metric.id)
        let baseline = r.number(f["baseline"], "baseline", unit: metric.unit, subject: metric.id)
        let weight = r.weight(f["weight"])
        if let (w, _) = weight, w < 0, let n = f["weight"] { r.report(n, .negativeWeight) }
        let method = r.choice(f["method"], "method", ScoringMethod.self)
        let core = r.bool(f["core"], "core") ?? false
        guard let (t, tText) = target else { return nil }
        var goal = Goal(metric: metricID, baseline: baseline?.0, target: t, baselineText: baseline?.1, targetText: tText,
                        weight: weight?.0, method: method, core: core, ref: r.ref(item))
        readAlignment(f, &r, &goal)
        return goal
    }

    /// The error of a correction no earlier record of the file matches.
    static func unmatchedCorrectionMessage(_ r: Record) -> String { Finding.unmatchedCorrection(r).message }

    /// The `corrects` key of a record item (errors about a correction point at it).
    static func correctsKey(_ item: NodeID, _ doc: LedgerDocument) -> NodeID? {
        doc.entries(item).first { doc.string($0.0) == "corrects" }?.0
    }

    static func readRecord(_ item: NodeID, _ r: inout FileReader, _ ledger: Ledger) -> Record? {
        let f = r.fields(item, recordShape)
        let date = r.day(f["date"], "date")
        guard let metricID = r.id(f["metric"], "metric", what: "metric") else { return nil }
        guard let metric = ledger.metrics[metricID.value] else {
            if ledger.isUnreadable(.metric, metricID.value) { return nil }
            r.report(f["metric"], .unknownMetric(metricID.value, in: ledger), causedBy: ledger.brokenCause(.metric, metricID.value))
            return nil
        }
        let value = r.number(f["value"], "value", unit: metric.unit, subject: metric.id)
        let note = r.text(f["note"], "note")
        let corrects = r.day(f["corrects"], "corrects")
        let confidence = r.integer(f["confidence"], "confidence", range: 1...10)
        if corrects != nil, (note ?? "").isEmpty {
            r.report(correctsKey(item, r.doc), .correctionWithoutNote)
        }
        guard let date, let (v, text) = value else { return nil }
        return Record(date: date, metric: metricID.value, value: v, valueText: text,
                      source: r.text(f["source"], "source"), note: note, ref: r.ref(item), corrects: corrects,
                      confidence: confidence)
    }
}

extension Finding {
    // Files and folders.
    static func fileNameNotAnID(_ id: String) -> Finding {
        Finding(.error, .fileName, "the file name '\(id).yaml' is not a valid id: use lower_snake_case (a–z, digits and _)")
    }
    /// A sheet's folder is `wrong-folder`; a calibration's, `file-name`.
    static func notAQuarterFolder(_ folder: String, code: DiagnosticCode = .wrongFolder) -> Finding {
        Finding(.error, code, "'\(folder)' is not a quarter folder; name it like 2026-Q3")
    }
    /// `key` is the sheet's own key for whose file it is: subject, or a calibration's team.
    static func notItsFileName(_ key: String, _ value: String, _ fileID: String) -> Finding {
        Finding(.error, .wrongFolder, "\(key) '\(value)' does not match the file name \(fileID).yaml")
    }
    static func notItsFolder(_ quarter: Quarter, _ folder: Quarter) -> Finding {
        Finding(.error, .wrongFolder, "quarter \(quarter) does not match the folder \(folder)")
    }

    // Metrics, scorecards, people.
    static let metricNeedsAggregateOrFormula = Finding(.error, .missingKey, "a metric needs 'aggregate' (last, sum, mean, min or max) or 'formula'")
    static let namesNotPerLanguage = Finding(.error, .wrongShape, "'names' should list one name per language, like `zh: 用户留存率`")
    static func dimensionMinAboveMax(_ min: Number, _ max: Number) -> Finding {
        Finding(.error, .invalidValue, "the dimension's min (\(min)) is above its max (\(max))")
    }
    static func capBelowTarget(_ text: String) -> Finding {
        Finding(.error, .invalidValue, "a cap of \(text) would stop every goal short of its target; write 100% or more (120% lets a goal count up to 1.2 times its target)")
    }
    static func unratedScores(below lowest: RatingBand) -> Finding {
        Finding(.warning, .unratedScores, "no rating band starts at 0, so a score below \(lowest.min) gets no rating; add a lowest band, like `- grade: D` with `min: 0`")
    }
    static func negativeBonusCap(_ value: Number) -> Finding {
        Finding(.error, .invalidValue, "bonus_cap (\(value)) cannot be below 0; it is the most bonus points a sheet can add")
    }
    static func adminNotEmail(_ entry: String) -> Finding {
        Finding(.warning, .adminNotEmail, "admins lists people by email (the audit knows who made a commit by email), and '\(entry)' is not one; write that person's email")
    }
    static func notAnEmail(_ email: String) -> Finding { Finding(.error, .invalidValue, "'\(email)' is not an email address") }
    static func invalidSigningKey(_ why: String) -> Finding { Finding(.error, .invalidValue, "signing_keys: \(why)") }

    // Goals and records.
    static func unknownMetric(_ id: String, in ledger: Ledger) -> Finding { Finding(.error, .unknownMetric, Unknown.metric(id, in: ledger)) }
    static func duplicateGoal(_ metric: String, firstLine: Int) -> Finding {
        Finding(.error, .duplicateGoal, "metric \(metric) has a second goal in this sheet (the first is on line \(firstLine)); keep one")
    }
    static let negativeWeight = Finding(.error, .invalidValue, "a weight cannot be negative")
    static let correctionWithoutNote = Finding(.error, .correctionWithoutNote, "a correction needs a note saying why (add `note: ...` to this record)")
    /// A correction no earlier record of the file matches.
    static func unmatchedCorrection(_ r: Record) -> Finding {
        let day = r.corrects.map { "\($0)" } ?? ""
        return Finding(.error, .unmatchedCorrection, "corrects \(day), but no earlier \(r.metric) record in this file is dated \(day); a correction goes after the record it replaces")
    }
}

extension Finding {
    static func fileTooLarge(size: Int) -> Finding {
        let mb = Double(size) / 1_048_576
        return Finding(.error, .fileTooLarge, "the file is \(mb < 10_000 ? String(Int(mb.rounded())) : ">10000") MB; ledger files are limited to \(LedgerLoader.maxFileBytes >> 20) MB, so it was not read (split it: one file per subject and quarter)")
    }
    static func moreProblemsNotShown(_ count: Int) -> Finding {
        Finding(.error, .tooManyProblems, "\(count) more problems in this file not shown (only the first \(FileReader.maxDiagnostics) are)")
    }
    static func invalidFormula(_ error: FormulaError) -> Finding { Finding(.error, .invalidFormula, "formula: \(error.message)") }
}
