import GitStore
import LedgerFormat

/// The warnings a change earns on its own, beside the ledger's checks (which the transaction
/// compares before and after): an author the audit will report, and records that no goal of
/// their subject and quarter uses. See docs/scoring.md, "Warnings when writing".
extension Recorder {
    /// `judged` false: the ledger's first commit, which the audit never judges (docs/audit.md).
    func changeWarnings(_ files: [String: [UInt8]?], ledger: Ledger, tip: TipFiles, judged: Bool = true) throws -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (path, subject) in judged ? unauthorized(files, ledger: ledger) : [] {
            out.append(Finding.notYourReport(subject).atStart(of: path))
        }
        // The changed records files and their goals files, read into one copy of `ledger` (one a
        // file was most of an import into 1,000 files).
        var written: [(path: String, key: SheetKey, append: RecordsAppend?)] = []
        var read: [(path: String, bytes: [UInt8])] = []
        var goalsRead: Set<String> = []
        for path in files.keys.sorted() {
            guard case .file(let lp) = LedgerLayout.classify(path), lp.kind == .records,
                  let quarter = lp.quarter.flatMap(Quarter.init), let bytes = files[path] ?? nil else { continue }
            let append = try RecordsAppend(path: path, new: bytes, tip: tip, changed: files.keys)
            written.append((path, SheetKey(subject: lp.id, quarter: quarter), append))
            read.append((path, append?.file ?? bytes))
            let goalsPath = LedgerLayout.path(.goals, id: lp.id, quarter: quarter)
            if goalsRead.insert(goalsPath).inserted, let goals = files.keys.contains(goalsPath) ? files[goalsPath]! : try tip.read(goalsPath) {
                read.append((goalsPath, goals))
            }
        }
        guard !written.isEmpty else { return out }
        let sheets = LedgerLoader.extend(ledger, with: read, checks: false)
        for w in written {
            out += try newRecordWarnings(path: w.path, key: w.key, append: w.append, sheets: sheets, ledger: ledger, tip: tip)
        }
        return out
    }

    /// The goal, records and review files of a change that its author may not change, with their
    /// subjects: what the audit reports as `unauthorized_change`.
    func unauthorized(_ files: [String: [UInt8]?], ledger: Ledger) -> [(path: String, subject: String)] {
        let authority = Authority(ledger)
        return files.keys.sorted().compactMap { path in
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
        var used = Set<String>()
        var pending = sheets.goalSheets[key]?.goals.map(\.metric.value) ?? []
        while let m = pending.popLast() {
            guard used.insert(m).inserted else { continue }
            pending += ledger.metrics[m]?.formula?.metricIDs ?? []
        }
        let today = Day(daysSinceEpoch: Int32(CivilTime.localDay(time: author.time, offsetMinutes: author.offsetMinutes)))
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
}

extension Finding {
    static func notYourReport(_ subject: String) -> Finding {
        Finding(.warning, .notYourReport, "you are not \(subject)'s manager: `kpi audit` will report this change")
    }
    static func recordCountsNowhere(_ metric: String, _ sheet: SheetKey) -> Finding {
        Finding(.warning, .recordCountsNowhere, "\(metric) is neither a goal of \(sheet.subject) in \(sheet.quarter) nor an input of one of their goals' formulas, so this record counts in no score; check the subject and the date")
    }
}
