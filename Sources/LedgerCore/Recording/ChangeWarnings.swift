import GitStore
import LedgerFormat

/// The warnings a change earns on its own, beside the ledger's checks (which the transaction
/// compares before and after): an author the audit will report, and records that no goal of
/// their subject and quarter uses. See docs/scoring.md, "Warnings when writing".
extension Recorder {
    /// `judged` false: the ledger's first commit, which the audit never judges (docs/audit.md).
    /// `appended`: the records a change appends to its records files and all it does to them
    /// (nil: not known). A file none of whose appended records may earn a warning (each of a
    /// metric its subject's goals use, none after today) is not read: its committed records are
    /// not the change's doing, and come first.
    func changeWarnings(_ files: [String: [UInt8]?], ledger: Ledger, tip: TipFiles, judged: Bool = true,
                        appended: [NewRecord]? = nil) throws -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (path, subject) in judged ? unauthorized(files, authority: tip.authority(ledger)) : [] {
            out.append(Finding.notYourReport(subject).atStart(of: path))
        }
        // The changed records files and their goals files, read into one copy of `ledger` (one a
        // file was most of an import into 1,000 files).
        var written: [(path: String, key: SheetKey, append: RecordsAppend?)] = []
        var read: [(path: String, bytes: [UInt8])] = []
        var goalsRead: Set<String> = []
        var found: [String: [Diagnostic]] = [:]
        let appendedTo = appended.map { Dictionary(grouping: $0) { recordsPath($0, ledger) } }
        let today = authorsDay
        for path in files.keys.sorted() {
            guard case .file(let lp) = LedgerLayout.classify(path), lp.kind == .records,
                  let quarter = lp.quarter.flatMap(Quarter.init), let bytes = files[path] ?? nil else { continue }
            let key = SheetKey(subject: lp.id, quarter: quarter)
            let goalsPath = LedgerLayout.path(.goals, id: lp.id, quarter: quarter)
            let goals = files.keys.contains(goalsPath) ? files[goalsPath]! : try tip.read(goalsPath)
            if let news = appendedTo?[path] {
                // The goals file at the tip, by its blob id: its metrics as this process last read them.
                let blob = files.keys.contains(goalsPath) ? nil : try tip.blobID(goalsPath)
                let used: Set<String>
                if let blob, let known = tip.memo?.usedMetrics(of: blob) { used = known } else {
                    used = usedMetrics(key, sheets: LedgerLoader.extend(ledger, with: goals.map { [(goalsPath, $0)] } ?? [], checks: false))
                    if let blob { tip.memo?.keep(usedMetrics: used, of: blob) }
                }
                if !news.contains(where: { !used.contains($0.metric) || (!futureAllowed && $0.date > today) }) { continue }
            }
            let append = try RecordsAppend(path: path, new: bytes, tip: tip, changed: files.keys)
            // A large file changed otherwise than by an append is read in parts, not into the model.
            if append == nil, let check = StreamingRecordsCheck(path: path, bytes: bytes, goals: goals, organisation: ledger),
               let warnings = try streamedRecordWarnings(path: path, key: key, check: check,
                                                         context: files.keys.contains(goalsPath) ? nil : try tip.summaryContext(path),
                                                         goals: goals, tip: tip) {
                found[path] = warnings
                continue
            }
            written.append((path, key, append))
            read.append((path, append?.file ?? bytes))
            if goalsRead.insert(goalsPath).inserted, let goals { read.append((goalsPath, goals)) }
        }
        if !written.isEmpty {
            let sheets = LedgerLoader.extend(ledger, with: read, checks: false)
            for w in written {
                found[w.path] = try newRecordWarnings(path: w.path, key: w.key, append: w.append, sheets: sheets, ledger: ledger, tip: tip)
            }
        }
        for path in found.keys.sorted() { out += found[path]! }
        return out
    }

    /// The goal, records and review files of a change that its author may not change, with their
    /// subjects: what the audit reports as `unauthorized_change`.
    func unauthorized(_ files: [String: [UInt8]?], authority: Authority) -> [(path: String, subject: String)] {
        files.keys.sorted().compactMap { path in
            guard case .file(let lp) = LedgerLayout.classify(path), [.goals, .records, .review].contains(lp.kind),
                  !authority.allows(author.email, toChange: lp.id, ownRecords: lp.kind == .records) else { return nil }
            return (path, lp.id)
        }
    }

    /// New records of a metric that is neither a goal of the subject in that quarter nor an
    /// input of one of its goals' formulas: most likely a typo of the subject or the date (which
    /// picks the quarter); one warning per metric, at its first new record. And new records
    /// dated after the author's day, which `kpi check` will report (docs/scoring.md, "Dates").
    /// Records appended to a large file the tip summarises (`RecordsAppend`) are read alone.
    /// `sheets`: `ledger` with the new records file (or the append's lines) and its goals file read.
    func newRecordWarnings(path: String, key: SheetKey, append: RecordsAppend?, sheets: Ledger, ledger: Ledger,
                           tip: TipFiles) throws -> [Diagnostic] {
        let used = usedMetrics(key, sheets: sheets)
        let today = authorsDay
        let records = sheets.recordSheets[key]?.records ?? []
        guard records.contains(where: { !used.contains($0.metric) || (!futureAllowed && $0.date > today) }) else { return [] }
        // Records already committed are not the change's doing (an append's records are all new).
        var before: [String: Int] = [:]
        if append == nil, let old = try tip.read(path), case .records(let facts)? = FileFacts.read(old, path: path, kind: .records) {
            for f in facts { before["\(f.date) \(f.metric) \(f.value)", default: 0] += 1 }
        }
        func placed(_ d: Diagnostic) -> Diagnostic { append?.real(d) ?? d }
        var warned = Set<String>()
        var out: [Diagnostic] = []
        for r in records {
            let k = "\(r.date) \(r.metric) \(r.valueText)"
            if let n = before[k], n > 0 { before[k] = n - 1; continue }
            if r.date > today, !futureAllowed {
                out.append(placed(RecordDates.afterToday(r, today: today, in: sheets)))
            }
            guard !used.contains(r.metric), warned.insert(r.metric).inserted else { continue }
            out.append(placed(sheets.diagnostic(r.ref, .recordCountsNowhere(r.metric, key))))
        }
        return out
    }

    /// The day of the author's clock (records after it are in the future).
    var authorsDay: Day { Day(daysSinceEpoch: Int32(CivilTime.localDay(time: author.time, offsetMinutes: author.offsetMinutes))) }

    /// The metrics the subject's goals of the quarter use: theirs and their formulas' inputs.
    /// `sheets`: a ledger holding the subject's goals file of the quarter.
    func usedMetrics(_ key: SheetKey, sheets: Ledger) -> Set<String> {
        var used = Set<String>()
        var pending = sheets.goalSheets[key]?.goals.map(\.metric.value) ?? []
        while let m = pending.popLast() {
            guard used.insert(m).inserted else { continue }
            pending += sheets.metrics[m]?.formula?.metricIDs ?? []
        }
        return used
    }

    /// `newRecordWarnings` for a large records file changed otherwise than by an append, read in
    /// parts (`StreamingRecordsCheck`) in the same pass that checks it: the outcome is kept in
    /// `tip` for the transaction's check (`context`: what its summary is checked against), so the
    /// new file is read once. Only the records that may earn a warning are kept, with their
    /// places; what the committed file held of their keys is counted from the items the edit
    /// changed (`RecordsEditWindow`), or from the whole committed file when that cannot be cut.
    /// Nil when the file must be read whole.
    func streamedRecordWarnings(path: String, key: SheetKey, check: StreamingRecordsCheck, context: [ObjectID]?,
                                goals: [UInt8]?, tip: TipFiles) throws -> [Diagnostic]? {
        let used = usedMetrics(key, sheets: check.base)
        let today = authorsDay
        /// `written`: the key as the committed file's facts would read it, when it is not `key`.
        struct Candidate { var key: String; var written: String?; var metric: String; var date: Day; var line: Int; var column: Int }
        var candidates: [Candidate] = []
        var headerBytes = 0
        // Each candidate's key as the committed file's facts write it (`FileFacts`), while every
        // item of the file has its record.
        var written = true
        let outcome = check.run(context: context) { part in
            headerBytes = part.headerBytes
            let items = part.doc.items(part.list)
            let records = part.sheet.records
            if items.count != records.count { written = false }
            for (i, r) in records.enumerated() where !used.contains(r.metric) || (!futureAllowed && r.date > today) {
                let p = part.ledger.position(of: r.ref)
                let key = "\(r.date) \(r.metric) \(r.valueText)"
                var fact: String?
                if written {
                    fact = Self.factKey(part.doc, items[i])
                    if fact == nil { written = false }
                }
                candidates.append(Candidate(key: key, written: fact == key ? nil : fact,
                                            metric: r.metric, date: r.date, line: part.realLine(p.line), column: p.column))
            }
        }
        tip.keepCheckedInParts(path, bytes: check.bytes, goals: goals, context: context, outcome: outcome)
        guard outcome != nil else { return nil }
        guard !candidates.isEmpty else { return [] }
        // Records already committed are not the change's doing.
        var before: [String: Int] = [:]
        for c in candidates { before[c.key] = 0 }
        if let old = try tip.read(path) {
            func count(_ facts: FileFacts?) -> Bool {
                guard case .records(let list)? = facts else { return false }
                for f in list { let k = "\(f.date) \(f.metric) \(f.value)"; if let n = before[k] { before[k] = n + 1 } }
                return true
            }
            let column = check.bytes[headerBytes...].prefix { $0 == 32 }.count
            if written, let window = RecordsEditWindow(old: old, new: check.bytes, headerBytes: headerBytes, column: column),
               case .records(let list)? = FileFacts.read(window.committedText, path: path, kind: .records),
               list.count == window.committedItems {
                // Items outside the window are the committed file's own: a record there with a
                // candidate's key is a candidate (the key names its metric and date).
                for c in candidates where c.line < window.firstLine || c.line >= window.afterLine {
                    let k = c.written ?? c.key
                    if let n = before[k] { before[k] = n + 1 }
                }
                _ = count(.records(list))
            } else {
                let committed = StreamingRecordsCheck(path: path, key: key, bytes: old, base: check.base)
                if !committed.forEachPartText({ text, _ in count(FileFacts.read(text, path: path, kind: .records)) }) {
                    for k in before.keys { before[k] = 0 }
                    _ = count(FileFacts.read(old, path: path, kind: .records))
                }
            }
        }
        var warned = Set<String>()
        var out: [Diagnostic] = []
        for c in candidates {
            if let n = before[c.key], n > 0 { before[c.key] = n - 1; continue }
            func at(_ f: Finding) -> Diagnostic {
                Diagnostic(path: path, line: c.line, column: c.column, severity: f.severity, code: f.code, message: f.message)
            }
            if c.date > today, !futureAllowed { out.append(at(.recordAfterToday(c.date, today: today))) }
            guard !used.contains(c.metric), warned.insert(c.metric).inserted else { continue }
            out.append(at(.recordCountsNowhere(c.metric, key)))
        }
        return out
    }

    /// An item's key as `FileFacts` reads it from the committed file ("date metric value", as written).
    static func factKey(_ doc: LedgerDocument, _ item: NodeID) -> String? {
        guard doc.kind(item) == .mapping else { return nil }
        func scalar(_ key: String) -> String {
            guard let n = doc.value(forKey: key, in: item), doc.kind(n) == .scalar, !doc.isEmpty(n) else { return "" }
            return doc.string(n)
        }
        return "\(scalar("date")) \(scalar("metric")) \(scalar("value"))"
    }
}

extension Finding {
    static func notYourReport(_ subject: String) -> Finding {
        Finding(.warning, .notYourReport, "you are not \(subject)'s manager: `kpi audit` will report this change")
    }
    static func recordCountsNowhere(_ metric: String, _ sheet: SheetKey) -> Finding {
        Finding(.warning, .recordCountsNowhere, "\(metric) is neither a goal of \(sheet.subject) in \(sheet.quarter) nor an input of one of their goals' formulas, so this record counts in no score; check the subject and the date")
    }
}
