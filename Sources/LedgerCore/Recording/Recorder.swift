import Glibc
import GitStore
import LedgerFormat

/// The recording commands' logic: each validates, writes the files it changes and commits them
/// as one commit with a message saying what changed (or the user's own).
public struct Recorder {
    public let store: LedgerStore
    public let author: Signature
    public let committer: Signature
    /// The user's `-m`, replacing the generated summary.
    public var message: String?
    /// `--reopen --reason`: allows writing into a closed quarter, recorded in the commit.
    public var reopenReason: String?
    /// `--allow-duplicates`: record a value identical to one already recorded (docs/scoring.md, "Duplicates").
    /// Refuse, rather than warn about, a change the audit would report as `unauthorized_change`
    /// (`kpi serve` with signed-in users: the server acts for them, docs/serve.md).
    public var refuseUnauthorized = false
    public var allowDuplicates = false
    /// The last day a record may be dated (the author's today; nil with `--allow-future`): an
    /// actual is measured, so a later date is usually a typo of the year or month.
    public var latestDate: Day?
    /// `--allow-future`: records dated after the author's day are meant; no warning either.
    public var futureAllowed = false

    public init(store: LedgerStore, author: Signature, committer: Signature, message: String? = nil, reopenReason: String? = nil) {
        self.store = store
        self.author = author
        self.committer = committer
        self.message = message
        self.reopenReason = reopenReason
    }

    public struct Result: Sendable {
        public let commit: ObjectID
        public let summary: String
        /// What the change made worse, for the CLI to show on standard error: the ledger's
        /// warnings it caused (weights no longer adding up to 100 ...) and the change's own
        /// (an author the audit will report, a record no goal uses), and files `kpi commit`
        /// left alone.
        public var warnings: [Diagnostic] = []
    }

    // MARK: Organisation

    public func addPerson(id: String, name: String, email: String?, manager: String?, team: String?,
                          scorecard: String?, level: String?) throws -> Result {
        try addSubject(.person, id: id, name: name, [("email", email), ("manager", manager), ("team", team),
                                                     ("level", level), ("scorecard", scorecard)])
    }

    public func addTeam(id: String, name: String, lead: String?, parent: String?, scorecard: String?) throws -> Result {
        try addSubject(.team, id: id, name: name, [("lead", lead), ("parent", parent), ("scorecard", scorecard)])
    }

    /// A new person or team file with `name` and the keys given; people and teams share one
    /// namespace of ids, so either kind using `id` refuses it.
    private func addSubject(_ kind: LedgerFileKind, id: String, name: String, _ keys: [(String, String?)]) throws -> Result {
        let what = kind == .person ? "person" : "team"
        try checkID(id, what)
        let path = LedgerLayout.path(kind, id: id)
        return try commit { _, ledger, read in
            if try read(path) != nil || (kind == .person ? ledger.teams[id] != nil : ledger.people[id] != nil) {
                throw LedgerError.refused(.alreadyExists(id, edit: path))
            }
            let pairs = [("name", YAMLValue.scalar(name))] + keys.compactMap { k, v in v.map { (k, YAMLValue.scalar($0)) } }
            let bytes = try SheetEdits.setKeys(pairs, in: nil, path: path, kind: kind).bytes
            return ([path: bytes], "\(what): add \(id) (\(name))")
        }
    }

    /// Changes a team's name, lead, parent or scorecard (`kpi team set`): a lead who is a member
    /// of the team can only be named once both exist.
    public func setTeam(id: String, name: String?, lead: String?, parent: String?, scorecard: String?) throws -> Result {
        try checkID(id, "team")
        let path = LedgerLayout.path(.team, id: id)
        return try commit { _, ledger, read in
            guard let existing = try read(path) else { throw LedgerError.refused(.unknownTeam(id, in: ledger)) }
            if let lead, ledger.people[lead] == nil { throw LedgerError.refused(.unknownPerson(lead, in: ledger)) }
            let pairs: [(String, YAMLValue?)] = [("name", name.map(YAMLValue.scalar)), ("lead", lead.map(YAMLValue.scalar)),
                                                 ("parent", parent.map(YAMLValue.scalar)), ("scorecard", scorecard.map(YAMLValue.scalar))]
            let (bytes, changes) = try SheetEdits.setKeys(pairs.compactMap { k, v in v.map { (k, $0) } }, in: existing, path: path, kind: .team)
            guard !changes.isEmpty else { throw LedgerError.refused(.unchanged("team \(id) already has these values")) }
            return ([path: bytes], "team: \(id) " + changes.map { "\($0.field) \($0.old ?? "none") → \($0.new ?? "none")" }.joined(separator: ", "))
        }
    }

    // MARK: Goals

    public func setGoal(subject: String, metric: String, quarter: Quarter, fields: SheetEdits.GoalFields) throws -> Result {
        try checkID(subject, "subject")
        try checkID(metric, "metric")
        let path = LedgerLayout.path(.goals, id: subject, quarter: quarter)
        return try commit { _, ledger, read in
            try requireSubject(subject, ledger)
            let m = try requireMetric(metric, ledger)
            try checkMethod(fields.method)
            // The options are checked as typed, so a refusal names the option, not a line of the
            // file that was about to be written.
            for (option, text, unit) in [("--target", fields.target, m.unit), ("--baseline", fields.baseline, m.unit)] {
                guard let text else { continue }
                if case .failure(let e) = LedgerValue.parse(text, unit: unit) {
                    throw LedgerError.refused(.invalidValue(option, text, for: metric, e.message))
                }
            }
            if let text = fields.weight, case .failure(let e) = LedgerValue.parseWeight(text) {
                throw LedgerError.refused(.invalidValue("--weight", text, for: "a weight", e.message))
            }
            let existing = try read(path)
            let (bytes, changes) = try SheetEdits.setGoal(in: existing, path: path, subject: subject, quarter: quarter,
                                                          metric: metric, fields: fields)
            // New when the sheet had no item for the metric (a drafted goal without a target exists).
            let isNew = !Self.goalItems(existing.flatMap { FileFacts.read($0, path: path, kind: .goals) }).contains { $0.metric == metric }
            guard !changes.isEmpty else {
                if isNew { throw LedgerError.refused(.noSuchGoal(subject, metric, quarter)) }
                throw LedgerError.refused(.unchanged("the \(metric) goal of \(subject) for \(quarter) already has these values"))
            }
            let each = changes.map { isNew ? "\($0.field) \($0.new ?? "")" : "\($0.field) \($0.old ?? "none") → \($0.new ?? "none")" }
            let head = "goal: \(subject) \(metric) \(quarter)"
            let whole = head + " " + (isNew ? "added (" + each.joined(separator: ", ") + ")" : each.joined(separator: ", "))
            // Too long for a subject: the fields it touched there, each change on a line below.
            let fitted = head + (isNew ? " added" : " changed") + " (" + changes.map(\.field).joined(separator: ", ") + ")\n\n" + each.joined(separator: "\n")
            return ([path: bytes], whole.count <= CommitMessage.subjectLimit ? whole : fitted)
        }
    }

    public func removeGoal(subject: String, metric: String, quarter: Quarter) throws -> Result {
        try checkID(subject, "subject")
        let path = LedgerLayout.path(.goals, id: subject, quarter: quarter)
        return try commit { _, _, read in
            guard let bytes = try read(path),
                  let (new, _) = try SheetEdits.removeGoal(in: bytes, path: path, metric: metric) else {
                throw LedgerError.refused(.noSuchGoal(subject, metric, quarter))
            }
            // The sheet's last goal (and no bonus): a sheet without goals is no sheet, so it goes.
            if case .goals(let goals, let bonus)? = FileFacts.read(new, path: path, kind: .goals), goals.isEmpty {
                guard bonus.isEmpty else {
                    throw LedgerError.refused(.lastGoalWithBonus(metric, path, subject, quarter))
                }
                let deleted: [String: [UInt8]?] = [path: nil]
                return (deleted, "goal: \(subject) \(metric) \(quarter) removed, the last of \(path)")
            }
            return ([path: new], "goal: \(subject) \(metric) \(quarter) removed")
        }
    }

    /// The goal sheet `kpi goal edit` opens: the sheet at the tip, or a new one to fill in
    /// (`exists` false), which left as it is commits nothing.
    public func goalSheetToEdit(subject: String, quarter: Quarter) throws -> (bytes: [UInt8], exists: Bool) {
        try checkID(subject, "subject")
        let path = LedgerLayout.path(.goals, id: subject, quarter: quarter)
        var found: [UInt8]?
        _ = try store.preview { _, ledger, files in
            try requireSubject(subject, ledger)
            found = try files.read(path)
            return LedgerStore.Change(files: [:], message: "")
        }
        if let found { return (found, true) }
        let text = "# " + Schemas.modeline(for: .goals, at: path) + "\nsubject: \(subject)\nquarter: \(quarter)\ngoals:\n  - metric: \n    target: \n"
        return (Array(text.utf8), false)
    }

    /// Replaces a goal sheet with the text the user edited (`kpi goal edit`): one sheet, one
    /// commit, refused with its diagnostics when the text has errors, and refused when the sheet
    /// changed at the tip since `was` was read (nil: there was none), so no one's change is lost
    /// while the editor was open.
    public func replaceGoals(subject: String, quarter: Quarter, was: [UInt8]?, with new: [UInt8]) throws -> Result {
        try checkID(subject, "subject")
        let path = LedgerLayout.path(.goals, id: subject, quarter: quarter)
        return try commit { _, ledger, read in
            try requireSubject(subject, ledger)
            let old = try read(path)
            guard old == was else {
                throw LedgerError.refused(.changedWhileEditing(path, subject, quarter))
            }
            guard new != old else { throw LedgerError.refused(.unchanged("the goals of \(subject) for \(quarter) are unchanged")) }
            let changes = Self.goalChanges(old.flatMap { FileFacts.read($0, path: path, kind: .goals) },
                                           FileFacts.read(new, path: path, kind: .goals))
            let head = "goals: \(subject) \(quarter) edited"
            let whole = head + (changes.isEmpty ? "" : " (" + changes.joined(separator: ", ") + ")")
            guard whole.count > CommitMessage.subjectLimit else { return ([path: new], whole) }
            // Too long for a subject: the goals it touched there, each change on a line below.
            var metrics: [String] = []
            for c in changes { if let m = c.split(separator: " ").first.map(String.init), !metrics.contains(m) { metrics.append(m) } }
            return ([path: new], head + " (" + metrics.joined(separator: ", ") + ")\n\n" + changes.joined(separator: "\n"))
        }
    }

    /// A goal sheet's items as written, each metric with its fields (none when not a sheet).
    static func goalItems(_ f: FileFacts?) -> [(metric: String, fields: [(String, String)])] {
        if case .goals(let g, _)? = f { return g }
        return []
    }

    /// "retention target 40% → 45%", "nps added", "csat removed": what an edit of a sheet changed.
    static func goalChanges(_ old: FileFacts?, _ new: FileFacts?) -> [String] {
        let goals = goalItems
        let before = Dictionary(goals(old).map { ($0.metric, Dictionary($0.fields, uniquingKeysWith: { $1 })) }, uniquingKeysWith: { $1 })
        let after = goals(new)
        var out: [String] = []
        for g in after {
            guard let was = before[g.metric] else { out.append("\(g.metric) added"); continue }
            let now = Dictionary(g.fields, uniquingKeysWith: { $1 })
            for key in Set(was.keys).union(now.keys).sorted() where was[key] != now[key] {
                out.append("\(g.metric) \(key) \(was[key] ?? "none") → \(now[key] ?? "none")")
            }
        }
        let kept = Set(after.map(\.metric))
        for g in goals(old) where !kept.contains(g.metric) { out.append("\(g.metric) removed") }
        return out
    }

    // MARK: Records

    public struct NewRecord: Sendable {
        public var subject: String
        public var metric: String
        public var date: Day
        public var value: String
        public var source: String?
        public var note: String?
        /// The day whose records of this metric this one replaces (docs/scoring.md, "Corrections").
        public var corrects: Day?
        /// A check-in's confidence, 1–10 (docs/review-cycle.md).
        public var confidence: Int?
        public init(subject: String, metric: String, date: Day, value: String, source: String? = nil, note: String? = nil,
                    corrects: Day? = nil, confidence: Int? = nil) {
            self.confidence = confidence
            self.subject = subject
            self.metric = metric
            self.date = date
            self.value = value
            self.source = source
            self.note = note
            self.corrects = corrects
        }

        /// "alice retention 42% on 2026-07-31", for messages.
        var text: String { "\(subject) \(metric) \(value) on \(date)" }

        var yaml: YAMLValue {
            let pairs: [(String, YAMLValue?)] = [("date", .scalar(date.description)),
                                                 ("corrects", corrects.map { .scalar($0.description) }), ("metric", .scalar(metric)),
                                                 ("value", .scalar(value)), ("source", source.map(YAMLValue.scalar)),
                                                 ("note", note.map(YAMLValue.scalar)),
                                                 ("confidence", confidence.map { .scalar(String($0)) })]
            return .map(pairs.compactMap { k, v in v.map { (k, $0) } })
        }
    }

    public func record(_ r: NewRecord) throws -> Result {
        try checkID(r.subject, "subject")
        try checkID(r.metric, "metric")
        return try commit(withFiles: { _, ledger, files in
            try requireSubject(r.subject, ledger)
            let m = try requireMetric(r.metric, ledger)
            let value: Number
            switch LedgerValue.parse(r.value, unit: m.unit) {
            case .success(let v): value = v
            case .failure(let e): throw LedgerError.refused(.invalidRecordValue(r.value, for: r.metric, e.message))
            }
            if let latest = latestDate, r.date > latest {
                throw LedgerError.refused(.futureDate(r.date, today: latest))
            }
            if let day = r.corrects { try checkCorrection(r, day, ledger: ledger, files: files) }
            if !allowDuplicates, case .recorded(let at)? = try duplicates([(r, value)], ledger: ledger, files: files)[0] {
                throw LedgerError.refused(.alreadyRecorded(r.text, at: at))
            }
            let written = try appendRecords([r], ledger: ledger, files: files)
            let what = r.corrects.map { "record: \(r.subject) \(r.metric) \($0) corrected to \(r.value)" + (r.date == $0 ? "" : " on \(r.date)") }
            return (written, what ?? "record: \(r.subject) \(r.metric) \(r.value) on \(r.date)")
        }, appended: { [r] })
    }

    /// All rows land in one commit, or none: one bad row refuses the file with its row number.
    /// `bytes` are UTF-8 (`CSVText.decode` reads other encodings); the separator is sniffed.
    public func importCSV(_ bytes: [UInt8], name: String) throws -> Result {
        try importRows(try Self.csvRows(bytes, name: name), name: name)
    }

    /// Rows of fields (a header row first, then records), each with its line or sheet row number:
    /// from a CSV file or a workbook's first sheet.
    public typealias ImportRows = [(line: Int, fields: [String])]

    /// The rows of an import, from CSV or a workbook (docs/spreadsheets.md), in one commit or none.
    public func importRows(_ rows: ImportRows, name: String) throws -> Result {
        let plan = try importPlan(rows, name: name)
        var imported: [NewRecord] = []
        return try commit(withFiles: { _, ledger, files in
            let (written, summary, records) = try plan(ledger, files)
            imported = records
            return (written, summary)
        }, appended: { imported })
    }

    /// What `kpi import --dry-run` shows: the records an import would write, where.
    public struct Preview: Sendable {
        public let summary: String
        public let records: [(path: String, record: String)]
    }

    /// The import checked exactly as `importCSV` checks it (rows, duplicates, closed quarters, the
    /// files it would write), committing nothing.
    public func previewImport(_ bytes: [UInt8], name: String) throws -> Preview {
        try previewImport(rows: try Self.csvRows(bytes, name: name), name: name)
    }

    public func previewImport(rows: ImportRows, name: String) throws -> Preview {
        let plan = try importPlan(rows, name: name)
        var preview = Preview(summary: "", records: [])
        _ = try store.preview { _, ledger, committed in
            let (files, summary, records) = try plan(ledger, committed)
            try checkClosed(files.keys)
            preview = Preview(summary: CommitMessage(summary).subject, records: records.map { (recordsPath($0, ledger), $0.text) })
            return LedgerStore.Change(files: files, message: summary)
        }
        return preview
    }

    typealias ImportPlan = (Ledger, TipFiles) throws -> ([String: [UInt8]?], String, [NewRecord])

    /// A CSV file's rows, with `,` `;` or tab as the separator, whichever its header uses.
    public static func csvRows(_ bytes: [UInt8], name: String) throws -> ImportRows {
        do { return try CSVReader.rows(bytes, separator: CSVText.separator(bytes)) } catch {
            throw LedgerError.invalid([Finding.unreadableCSV(error).at(name, line: error.row)])
        }
    }

    /// Reads the header now; the rows are checked against the ledger at the tip.
    func importPlan(_ rows: ImportRows, name: String) throws -> ImportPlan {
        guard let header = rows.first else { throw LedgerError.refused(.csvEmpty(name)) }
        let columns = header.fields.map { $0.trimmingScalars(in: " \u{FEFF}").lowercased() }
        for required in Finding.csvRequiredColumns where !columns.contains(required) {
            throw LedgerError.invalid([Finding.csvColumnMissing(required).at(name, line: header.line)])
        }
        for c in columns where !Finding.csvColumns.contains(c) {
            throw LedgerError.invalid([Finding.csvUnknownColumn(c).at(name, line: header.line)])
        }
        func col(_ fields: [String], _ name: String) -> String? {
            guard let i = columns.firstIndex(of: name), i < fields.count, !fields[i].isEmpty else { return nil }
            return fields[i]
        }
        return { ledger, files in
            var records: [(record: NewRecord, value: Number)] = []
            var lines: [Int] = []
            records.reserveCapacity(rows.count)
            var problems: [Diagnostic] = []
            for row in rows.dropFirst() {
                func bad(_ finding: Finding) { problems.append(finding.atRow(row.line, of: name)) }
                if row.fields.count != columns.count { bad(.csvFieldCount(row.fields.count, header: columns.count)); continue }
                guard let subject = col(row.fields, "subject"), let metric = col(row.fields, "metric"),
                      let dateText = col(row.fields, "date"), let value = col(row.fields, "value") else {
                    bad(.csvRowIncomplete); continue
                }
                guard Identifier.isValid(subject), ledger.isSubject(subject) else { bad(.unknownSubject(subject, in: ledger)); continue }
                guard let m = ledger.metrics[metric] else { bad(.unknownMetric(metric, in: ledger)); continue }
                guard let date = Day(imported: dateText) else { bad(.csvNotADate(dateText)); continue }
                let number: Number
                switch LedgerValue.parse(value, unit: m.unit) {
                case .success(let v): number = v
                case .failure(let e): bad(.invalidRecordValue(value, for: metric, e)); continue
                }
                records.append((NewRecord(subject: subject, metric: metric, date: date, value: value,
                                          source: col(row.fields, "source"), note: col(row.fields, "note")), number))
                lines.append(row.line)
            }
            if problems.isEmpty, !allowDuplicates {
                for (i, d) in try duplicates(records, ledger: ledger, files: files).sorted(by: { $0.key < $1.key }) {
                    problems.append(Finding.csvDuplicate(records[i].record.text, d, rows: lines).atRow(lines[i], of: name))
                }
            }
            if !problems.isEmpty { throw LedgerError.invalid(problems) }
            guard !records.isEmpty else { throw LedgerError.refused(.csvNoRows(name)) }
            problems = try currencyProblems(records.map(\.record), rows: lines, name: name, ledger: ledger, files: files)
            if !problems.isEmpty { throw LedgerError.invalid(problems) }
            let written = try appendRecords(records.map(\.record), ledger: ledger, files: files)
            return (written, "import: \(records.count) record\(records.count == 1 ? "" : "s") from \(CommitMessage.fileName(name))", records.map(\.record))
        }
    }

    /// Where a new record is already recorded: an identical record (same subject, metric, date
    /// and value) in the ledger, at `path:line`, or an identical earlier one of the same batch.
    public enum Duplicate: Sendable, Equatable {
        case recorded(String)
        case earlier(Int)
    }

    /// The duplicates among `records`, by their index. A subject's records of a day live in one
    /// file (its quarter's), so only the files written are read. Values compare as numbers
    /// (`42%` and `42 %` are the same); replaced records count too (recording a replaced figure
    /// again would bring it back).
    /// A large file the tip summarises (`RecordsSummary`) is read only when the summary says a
    /// record may be there.
    func duplicates(_ records: [(record: NewRecord, value: Number)], ledger: Ledger,
                    files: TipFiles) throws -> [Int: Duplicate] {
        // Keyed on the value too (equal numbers are equal keys), so each row is one look-up
        // however many rows share a subject, metric and date (an import of 100,000 rows).
        struct Key: Hashable { var path: String; var metric: String; var date: Day; var value: Number }
        let paths = records.map { recordsPath($0.record, ledger) }
        // The files to read: those without a summary, and those whose summary may hold one of
        // the records; all read in one go (one copy of the organisation's model, not one a file).
        var toRead: [String] = []
        var summaries: [String: RecordsSummary?] = [:]
        // A small file this process wrote (or read) before, by its blob id: read only when it
        // holds one of the records (`RecordingMemo`).
        var remembered: [String: Set<RecordingMemo.RecordKey>] = [:]
        for (i, r) in records.enumerated() {
            let path = paths[i]
            if summaries[path] == nil {
                let s = try files.recordsSummary(path)
                summaries[path] = .some(s)
                if s == nil {
                    if let blob = try files.blobID(path), let keys = files.memo?.records(of: blob) { remembered[path] = keys } else { toRead.append(path) }
                }
            }
            if case .some(.some(let s)) = summaries[path], s.mayHold(r.record.metric, r.record.date, r.value) {
                summaries[path] = .some(nil)
                toRead.append(path)
            }
            if let keys = remembered[path], keys.contains(RecordingMemo.RecordKey(metric: r.record.metric, date: r.record.date, value: r.value)) {
                remembered[path] = nil
                toRead.append(path)
            }
        }
        // The first record of each key in its file; its line is worked out only when it is hit.
        var existing: [Key: SourceRef] = [:]
        let (byPath, source) = try existingRecords(toRead, ledger: ledger, read: files.read)
        for (path, recs) in byPath {
            for e in recs {
                let key = Key(path: path, metric: e.metric, date: e.date, value: e.value)
                if existing[key] == nil { existing[key] = e.ref }
            }
        }
        var batch: [Key: Int] = [:]
        batch.reserveCapacity(records.count)
        var out: [Int: Duplicate] = [:]
        for (i, r) in records.enumerated() {
            let key = Key(path: paths[i], metric: r.record.metric, date: r.record.date, value: r.value)
            if let ref = existing[key] {
                out[i] = .recorded("\(paths[i]):\(source.position(of: ref).line)")
            } else if let j = batch[key] {
                out[i] = .earlier(j)
            } else {
                batch[key] = i
            }
        }
        return out
    }

    /// A correction names its reason and replaces a record already in its file.
    func checkCorrection(_ r: NewRecord, _ day: Day, ledger: Ledger, files: TipFiles) throws {
        guard !(r.note ?? "").trimmingScalars(in: " ").isEmpty else {
            throw LedgerError.refused(.correctionNeedsNote())
        }
        let path = recordsPath(r, ledger)
        if try files.recordsSummary(path)?.records(r.metric, on: day) == true { return }
        guard try existingRecords([path], ledger: ledger, read: files.read).records[path, default: []].contains(where: { $0.metric == r.metric && $0.date == day }) else {
            let fy = ledger.settings.fiscalYearStart
            let other = Quarter.containing(day, fiscalYearStart: fy)
            throw LedgerError.refused(.nothingToCorrect(path, r.metric, day,
                                                        otherQuarter: other == Quarter.containing(r.date, fiscalYearStart: fy) ? nil : other))
        }
    }

    func recordsPath(_ r: NewRecord, _ ledger: Ledger) -> String {
        LedgerLayout.path(.records, id: r.subject, quarter: Quarter.containing(r.date, fiscalYearStart: ledger.settings.fiscalYearStart))
    }

    /// The records already in records files at the tip, by path, in a ledger that can say where
    /// each is (all files read into one copy of `ledger`).
    func existingRecords(_ paths: [String], ledger: Ledger, read: (String) throws -> [UInt8]?) throws
        -> (records: [String: [Record]], ledger: Ledger) {
        let wanted = Set(paths)
        var files: [(path: String, bytes: [UInt8])] = []
        for p in wanted { if let bytes = try read(p) { files.append((p, bytes)) } }
        guard !files.isEmpty else { return ([:], ledger) }
        let loaded = LedgerLoader.extend(ledger, with: files, checks: false)
        var out: [String: [Record]] = [:]
        for sheet in loaded.recordSheets.values where wanted.contains(sheet.path) { out[sheet.path] = sheet.records }
        return (out, loaded)
    }

    /// One currency per goal (docs/scoring.md), checked before the rows are written so a
    /// refusal names the CSV rows and the ledger's records as they are, not lines of a file
    /// that was never written.
    /// A large records file the tip summarises stands for its records by the first of each metric
    /// (its records of a metric all agree with that one).
    func currencyProblems(_ records: [NewRecord], rows: [Int], name: String, ledger: Ledger,
                          files tip: TipFiles) throws -> [Diagnostic] {
        let fy = ledger.settings.fiscalYearStart
        var bySheet: [SheetKey: [(record: NewRecord, row: Int)]] = [:]
        for (r, row) in zip(records, rows) where ledger.metrics[r.metric]?.unit == .currency {
            bySheet[SheetKey(subject: r.subject, quarter: Quarter.containing(r.date, fiscalYearStart: fy)), default: []].append((r, row))
        }
        var out: [Diagnostic] = []
        // Every sheet's files read into one copy of `ledger`.
        var files: [(path: String, bytes: [UInt8])] = []
        var summaries: [SheetKey: RecordsSummary] = [:]
        for key in bySheet.keys {
            let summary = try tip.recordsSummary(LedgerLayout.path(.records, id: key.subject, quarter: key.quarter))
            summaries[key] = summary
            for kind in [LedgerFileKind.records, .goals] where !(kind == .records && summary != nil) {
                let path = LedgerLayout.path(kind, id: key.subject, quarter: key.quarter)
                if let bytes = try tip.read(path) { files.append((path, bytes)) }
            }
        }
        let sheets = LedgerLoader.extend(ledger, with: files, checks: false)
        for key in bySheet.keys.sorted() {
            let summary = summaries[key]
            var entries: [LedgerChecks.CurrencyEntry]
            if let summary {
                entries = summary.currency.sorted { $0.key < $1.key }.map { LedgerChecks.CurrencyEntry(metric: $0.key, text: $0.value.text, place: $0.value.place) }
            } else {
                entries = (sheets.recordSheets[key]?.records ?? []).filter { ledger.metrics[$0.metric]?.unit == .currency }
                    .map { LedgerChecks.CurrencyEntry(metric: $0.metric, text: $0.valueText, place: LedgerChecks.place($0.ref, sheets)) }
            }
            let existing = entries
            let new = bySheet[key]!
            entries += new.map { LedgerChecks.CurrencyEntry(metric: $0.record.metric, text: $0.record.value, place: "\(name):\($0.row):1") }
            for (i, message) in LedgerChecks.currencyProblems(entries, goals: LedgerChecks.goalCurrencies(key, sheets),
                                                                subject: key.subject, quarter: key.quarter) where i >= existing.count {
                let row = new[i - existing.count].row
                out.append(Finding(.error, .mixedCurrencies, message).atRow(row, of: name))
            }
        }
        return out
    }

    /// A large file the tip summarises gets the items at the append point it keeps (no parse).
    func appendRecords(_ records: [NewRecord], ledger: Ledger, files tip: TipFiles) throws -> [String: [UInt8]?] {
        let fy = ledger.settings.fiscalYearStart
        var grouped: [SheetKey: [NewRecord]] = [:]
        for r in records { grouped[SheetKey(subject: r.subject, quarter: Quarter.containing(r.date, fiscalYearStart: fy)), default: []].append(r) }
        var files: [String: [UInt8]?] = [:]
        for key in grouped.keys.sorted() {
            let path = LedgerLayout.path(.records, id: key.subject, quarter: key.quarter)
            let items = grouped[key]!.map(\.yaml)
            if let s = try tip.recordsSummary(path), let old = try tip.read(path), old.count == s.size {
                // One allocation of the new content (a 100 MB file: not three).
                let text = LedgerDocument.itemsText(items, column: s.column, lineEnding: s.lineEnding)
                var new = [UInt8]()
                new.reserveCapacity(old.count + text.count)
                new += old[..<s.insertAt]
                new += text
                new += old[s.insertAt...]
                files[path] = new
            } else {
                files[path] = try SheetEdits.append(items, list: "records", kind: .records, to: try tip.read(path),
                                                    path: path, subject: key.subject, quarter: key.quarter)
            }
        }
        return files
    }

    // MARK: Reviews

    public func review(subject: String, quarter: Quarter, reviewer: String?, rating: String?, summary: String?, notes: String?) throws -> Result {
        try checkID(subject, "subject")
        let path = LedgerLayout.path(.review, id: subject, quarter: quarter)
        return try commit { _, ledger, read in
            try requireSubject(subject, ledger)
            let existing = try read(path)
            var pairs: [(String, YAMLValue)] = []
            if existing == nil { pairs += [("subject", .scalar(subject)), ("quarter", .scalar(quarter.description))] }
            if let reviewer { pairs.append(("reviewer", .scalar(reviewer))) }
            if let rating { pairs.append(("rating", .scalar(rating))) }
            if let summary { pairs.append(("summary", .scalar(summary))) }
            if let notes { pairs.append(("notes", .scalar(notes))) }
            let (bytes, changes) = try SheetEdits.setKeys(pairs, in: existing, path: path, kind: .review)
            guard !changes.isEmpty else { throw LedgerError.refused(.unchanged("the review already says this")) }
            return ([path: bytes], "review: \(subject) \(quarter)" + (rating.map { " rated \($0)" } ?? ""))
        }
    }

    // MARK: Hand edits

    /// Commits every added, modified or deleted ledger file (`LedgerLayout.isLedgerFile`), after
    /// validating them; nothing else in the working tree is touched. Other files in the ledger's
    /// folders that differ from the tip (`people/notes.txt`) stay uncommitted and are named in
    /// the result's warnings.
    public func commitHandEdits() throws -> Result {
        guard let root = store.root else { throw LedgerError.refused(.bareRepository()) }
        guard let message, !message.isEmpty else { throw LedgerError.refused(.commitMessageNeeded()) }
        var leftAlone: [Diagnostic] = []
        var result = try commit(withFiles: { _, _, tip in
            let disk = DirectorySource(root: root)
            var files: [String: [UInt8]?] = [:]
            leftAlone = []
            // git's status names the files that may differ from the tip, from the index's stat
            // data (the unchanged ones are not read); each is then compared with the tip. Names
            // starting with `.` are editors' and kpi's temporary files.
            var changed: [String] = []
            let location = store.location
            let candidates = try store.repository.status(under: LedgerLayout.committedRoots.map(location.repositoryPath), includeIgnored: true)
                .compactMap { location.ledgerPath($0.path) }
            for p in Set(candidates) where !p.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                let bytes = disk.exists(p) ? try disk.read(p) : nil
                // A committed symbolic link differs from whatever replaced it (a link still on
                // disk is refused by `disk.read`, naming it).
                if try tip.isLink(p) || tip.read(p) != bytes { changed.append(p); files[p] = bytes }
            }
            for p in changed.sorted() where !LedgerLayout.isLedgerFile(p) {
                files.removeValue(forKey: p)
                leftAlone.append(Finding.leftUncommitted.atStart(of: p))
            }
            guard !files.isEmpty else {
                throw LedgerError.refused(.noLedgerFilesChanged(leftAlone: leftAlone.map(\.path)))
            }
            return (files, message)
        })
        result.warnings = leftAlone + result.warnings
        return result
    }

    // MARK: Closing quarters

    /// A quarter closed: the commit its tag marks, the tag object, and the fiscal year the quarter's
    /// days were counted in (so a caller can say how far it has run without reading the ledger again).
    public struct Closing: Sendable {
        public var commit: ObjectID
        public var tag: ObjectID
        public var fiscalYearStart: Int
    }

    public func close(_ quarter: Quarter, today: Day) throws -> Closing {
        guard let head = try store.headCommit() else { throw LedgerError.refused(.noCommits()) }
        let ledger = try store.ledger(at: head, checks: false)
        let start = quarter.days(fiscalYearStart: ledger.settings.fiscalYearStart).lowerBound
        if today < start {
            throw LedgerError.refused(.quarterNotStarted(quarter, starts: start))
        }
        if refuseUnauthorized, !Authority(ledger).isAdmin(author.email) {
            throw LedgerError.unauthorized(.onlyAdminsClose(author))
        }
        let closed = try store.closedQuarters()
        if closed.tags[quarter] != nil {
            throw LedgerError.refused(.alreadyClosed(quarter))
        }
        let tag = try store.repository.createTag(name: closed.tagName(quarter), target: head, tagger: committer,
                                                 message: message ?? "close \(quarter)")
        return Closing(commit: head, tag: tag, fiscalYearStart: ledger.settings.fiscalYearStart)
    }

    // MARK: Plumbing

    func commit(_ make: (ObjectID?, Ledger, (String) throws -> [UInt8]?) throws -> ([String: [UInt8]?], String)) throws -> Result {
        try commit(withFiles: { tip, ledger, files in try make(tip, ledger, files.read) })
    }

    /// `appended`: the records the change appends to its records files, when it does nothing else
    /// to them (`record`, `import`), so their warnings are looked for among those alone.
    func commit(withFiles make: (ObjectID?, Ledger, TipFiles) throws -> ([String: [UInt8]?], String),
                appended: () -> [NewRecord]? = { nil }) throws -> Result {
        var summary = ""
        var own: [Diagnostic] = []
        let (id, caused) = try store.transact(author: author, committer: committer) { tip, ledger, committed in
            let (files, generated) = try make(tip, ledger, committed)
            try checkClosed(files.keys)
            if refuseUnauthorized { try refuseUnauthorizedChange(files, authority: committed.authority(ledger)) }
            own = try changeWarnings(files, ledger: ledger, tip: committed, appended: appended())
            let composed = CommitMessage(generated)
            summary = message ?? composed.subject
            let text = message.map { own in reopenReason.map { CommitMessage.adding(reopenReason: $0, to: own) } ?? own }
            return LedgerStore.Change(files: files, message: text.map { $0 + "\n" } ?? composed.text(reopenReason: reopenReason))
        }
        let warnings = (caused + own).sorted { ($0.path, $0.line, $0.column, $0.message) < ($1.path, $1.line, $1.column, $1.message) }
        return Result(commit: id, summary: summary, warnings: warnings)
    }

    func checkClosed(_ paths: some Collection<String>) throws {
        guard reopenReason == nil else { return }
        let closed = try store.closedQuarters()
        for p in paths {
            if let q = closed.quarter(ofPath: p) {
                throw LedgerError.refused(.closed(q, tag: closed.tagName(q)))
            }
        }
    }

    func checkID(_ id: String, _ what: String) throws {
        guard Identifier.isValid(id) else { throw LedgerError.refused(.invalidID(id, what)) }
    }

    func requireSubject(_ id: String, _ ledger: Ledger) throws {
        guard ledger.isSubject(id) else {
            if ledger.brokenSubjectCause(id) == nil, let path = uncommittedFile(id, [.person, .team]) { throw LedgerError.refused(.notCommittedYet("subject", id, path)) }
            throw LedgerError.refused(.unknownSubject(id, in: ledger))
        }
    }

    @discardableResult
    func requireMetric(_ id: String, _ ledger: Ledger) throws -> Metric {
        guard let m = ledger.metrics[id] else {
            if ledger.brokenCause(.metric, id) == nil, let path = uncommittedFile(id, [.metric]) { throw LedgerError.refused(.notCommittedYet("metric", id, path)) }
            throw LedgerError.refused(.unknownMetric(id, in: ledger))
        }
        return m
    }

    /// Writes decide from the committed ledger; a file that defines `id` in the working tree
    /// but not at the tip (written, not yet committed) is named, so "unknown" does not
    /// contradict what the person sees in the folder.
    private func uncommittedFile(_ id: String, _ kinds: [LedgerFileKind]) -> String? {
        guard let root = store.root, Identifier.isValid(id) else { return nil }
        for kind in kinds {
            let path = LedgerLayout.path(kind, id: id)
            var st = stat()
            if lstat(root + "/" + path, &st) == 0, st.st_mode & S_IFMT == S_IFREG { return path }
        }
        return nil
    }

    func checkMethod(_ m: String?) throws {
        guard let m, ScoringMethod(rawValue: m) == nil else { return }
        throw LedgerError.refused(.invalidMethod(m))
    }
}

// The import's findings about the CSV file (docs/spreadsheets.md), placed at its lines.
extension Finding {
    static let csvRequiredColumns = ["subject", "metric", "date", "value"]
    static let csvColumns = csvRequiredColumns + ["source", "note"]

    static func unreadableCSV(_ failure: CSVReader.Failure) -> Finding { Finding(.error, .csvText, failure.message) }
    static func csvColumnMissing(_ column: String) -> Finding {
        Finding(.error, .csvHeader, "the header needs a '\(column)' column (subject,metric,date,value and optionally source,note)")
    }
    static func csvUnknownColumn(_ column: String) -> Finding {
        Finding(.error, .csvHeader, "unknown column '\(column)'; columns are \(csvColumns.joined(separator: ", "))")
    }
    static func unknownSubject(_ id: String, in ledger: Ledger) -> Finding { Finding(.error, .unknownSubject, Unknown.subject(id, in: ledger)) }
    static func csvFieldCount(_ count: Int, header: Int) -> Finding { Finding(.error, .csvRow, "has \(count) fields, the header has \(header)") }
    static let csvRowIncomplete = Finding(.error, .csvRow, "subject, metric, date and value must all be filled in")
    static func csvNotADate(_ text: String) -> Finding { Finding(.error, .invalidDate, "'\(text)' is not a date; write YYYY-MM-DD (or YYYY/M/D)") }
    /// The same words as `kpi record`'s refusal of the value.
    static func invalidRecordValue(_ text: String, for metric: String, _ e: ValueError) -> Finding {
        Finding(.error, .invalidValue, Refusal.invalidRecordValue(text, for: metric, e.message).message)
    }
    /// `rows`: the CSV line of each record, by index.
    static func csvDuplicate(_ record: String, _ duplicate: Recorder.Duplicate, rows: [Int]) -> Finding {
        let what: String
        switch duplicate {
        case .recorded(let at): what = "\(record) is already recorded at \(at)"
        case .earlier(let j): what = "the same record as row \(rows[j]) (\(record))"
        }
        return Finding(.error, .duplicateRecord, "\(what); importing it would count it twice (give --allow-duplicates if it is a second measurement)")
    }

    /// This finding about one row, at its line, its words after "row N: ".
    func atRow(_ row: Int, of name: String) -> Diagnostic {
        Finding(severity, code, "row \(row): \(message)").at(name, line: row)
    }

    /// A changed file `kpi commit` leaves alone.
    static let leftUncommitted = Finding(.warning, .notALedgerFile, "not a ledger file (\(Refusal.ledgerFilesAre)); left uncommitted and untouched")
}
