import Foundation
import GitStore
import LedgerFormat

/// A large records file read and checked a few megabytes at a time, so that checking it keeps
/// only one part's model in memory, never the whole file's (docs/reliability.md, "Large files").
///
/// Each part is the file's own header (every line before the first record) followed by whole
/// record items, read as a small file of the same path: its lines parse there exactly as in the
/// whole file, only renumbered. What spans parts is carried from one to the next, as the whole
/// file's read and checks carry it: the (metric, date) pairs recorded so far (corrections of
/// earlier records), the first record of each currency metric (one currency per goal), the cap on
/// problems shown per file. The result is what the whole file's read and checks report for it,
/// at the same `path:line:column`, and its `RecordsSummary`.
///
/// Only a file laid out as kpi writes it is read in parts: header keys, then the `records` list to
/// the end of the file. Anything else — a key after the list, a part that does not parse alone
/// (a syntax error), more problems in one part than a file shows — gives nil, and the caller
/// reads the whole file.
struct StreamingRecordsCheck {
    /// The bytes of items read per part (1 MiB: about 11,000 records).
    static let partBytes = 1 << 20
    /// Below this a file is read whole: streaming pays off on large files only.
    static let minimumBytes = RecordsSummary.minimumBytes

    let path: String
    let key: SheetKey
    let bytes: [UInt8]
    /// The organisation and the goals file of the file's subject and quarter (unchecked).
    let base: Ledger
    /// Bytes of items per part (tests use small parts to put problems across their boundaries).
    var partBytes = Self.partBytes

    init(path: String, key: SheetKey, bytes: [UInt8], base: Ledger) {
        self.path = path
        self.key = key
        self.bytes = bytes
        self.base = base
    }

    /// The check of a large records file against the organisation and its goals file (`goals`:
    /// that file's bytes, nil when there is none); nil for a small file or another kind of file.
    init?(path: String, bytes: [UInt8], goals: [UInt8]?, organisation: Ledger) {
        guard bytes.count >= Self.minimumBytes, bytes.count <= LedgerLoader.maxFileBytes,
              case .file(let lp) = LedgerLayout.classify(path), lp.kind == .records, Identifier.isValid(lp.id),
              let quarter = lp.quarter.flatMap(Quarter.init) else { return nil }
        let goalsPath = LedgerLayout.path(.goals, id: lp.id, quarter: quarter)
        let base = LedgerLoader.extend(organisation, with: goals.map { [(path: goalsPath, bytes: $0)] } ?? [], checks: false)
        self.init(path: path, key: SheetKey(subject: lp.id, quarter: quarter), bytes: bytes, base: base)
    }

    struct Outcome {
        /// What the whole file's read and sheet checks report for it.
        var diagnostics: [Diagnostic]
        /// Its summary, when it has no diagnostic and can be summarised (`context` given).
        var summary: RecordsSummary?
    }

    /// One part as read: its model, and how its lines and bytes map to the whole file's.
    struct Part {
        var ledger: Ledger
        var sheet: RecordSheet
        var doc: LedgerDocument
        var list: NodeID
        /// Lines of the header (the same in every part).
        var headerLines: Int
        var headerBytes: Int
        /// The whole file's line and byte offset of the part's first item line.
        var firstLine: Int
        var firstByte: Int

        func realLine(_ line: Int) -> Int { line <= headerLines ? line : line - headerLines - 1 + firstLine }
        func real(_ d: Diagnostic) -> Diagnostic {
            var d = d
            d.line = realLine(d.line)
            return d
        }
        func diagnostic(_ ref: SourceRef, _ f: Finding) -> Diagnostic { real(ledger.diagnostic(ref, f)) }
        func place(_ ref: SourceRef) -> String {
            let p = ledger.position(of: ref)
            return "\(sheet.path):\(realLine(p.line)):\(p.column)"
        }
    }

    /// The file cut at record items: its header and the start (byte, line) of each part; nil
    /// when its layout is not header keys then the `records` list to the end.
    func parts() -> (headerBytes: Int, headerLines: Int, starts: [(byte: Int, line: Int, items: Int)])? {
        bytes.withUnsafeBufferPointer { b -> (Int, Int, [(Int, Int, Int)])? in
            let n = b.count
            let recordsKey = Array("records:".utf8)
            var at = 0, line = 1
            var sawKey = false
            var header = -1, headerLines = 0, column = -1
            var starts: [(Int, Int, Int)] = []
            var partStart = 0
            while at < n {
                let end = memchr(b.baseAddress! + at, 10, n - at).map { b.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self)) + 1 } ?? n
                var i = at
                while i < end, b[i] == 32 { i += 1 }
                let indent = i - at
                let blank = i == end || b[i] == 10 || b[i] == 13 || b[i] == UInt8(ascii: "#")
                let dash = !blank && b[i] == UInt8(ascii: "-") && (i + 1 == end || b[i + 1] == 32 || b[i + 1] == 10 || b[i + 1] == 13)
                if header < 0 {
                    if !sawKey {
                        if indent == 0, end - at >= recordsKey.count, Array(b[at..<(at + recordsKey.count)]) == recordsKey {
                            var j = at + recordsKey.count
                            while j < end, b[j] == 32 { j += 1 }
                            guard j == end || b[j] == 10 || b[j] == 13 || b[j] == UInt8(ascii: "#") else { return nil }
                            sawKey = true
                        }
                    } else if !blank {
                        guard dash else { return nil }
                        header = at
                        headerLines = line - 1
                        column = indent
                        starts.append((at, line, 1))
                        partStart = at
                    }
                } else if !blank {
                    if dash && indent == column {
                        if at - partStart >= partBytes {
                            starts.append((at, line, 1))
                            partStart = at
                        } else {
                            starts[starts.count - 1].2 += 1
                        }
                    } else if indent <= column {
                        return nil
                    }
                }
                at = end
                line += 1
            }
            return header < 0 ? nil : (header, headerLines, starts)
        }.map { (headerBytes: $0.0, headerLines: $0.1, starts: $0.2.map { (byte: $0.0, line: $0.1, items: $0.2) }) }
    }

    /// Reads the file part by part, handing each to `visit` in order; false when a part does not
    /// read alone as it reads in the whole file (the caller then reads the whole file).
    func forEachPart(_ visit: (Part) -> Bool) -> Bool {
        guard let (headerBytes, headerLines, _) = parts() else { return false }
        return forEachPartText { text, s in
            let ledger = LedgerLoader.extend(base, with: [(path, text)], checks: false)
            guard let doc = ledger.document(at: path), let sheet = ledger.recordSheets[key], sheet.path == path,
                  let root = doc.root, let list = doc.value(forKey: "records", in: root), doc.kind(list) == .sequence,
                  doc.count(list) == s.items else { return false }
            let part = Part(ledger: ledger, sheet: sheet, doc: doc, list: list, headerLines: headerLines, headerBytes: headerBytes,
                            firstLine: s.line, firstByte: s.byte)
            return visit(part)
        }
    }

    /// Each part's text (the header, then its items) with where its items start in the file and
    /// how many there are, in order; false when the file cannot be cut (or `visit` stops).
    func forEachPartText(_ visit: ([UInt8], (byte: Int, line: Int, items: Int)) -> Bool) -> Bool {
        guard let (headerBytes, _, starts) = parts() else { return false }
        let header = bytes[..<headerBytes]
        for (k, s) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1].byte : bytes.count
            var text = [UInt8]()
            text.reserveCapacity(headerBytes + end - s.byte)
            text += header
            text += bytes[s.byte..<end]
            guard visit(text, s) else { return false }
        }
        return true
    }

    /// The file's diagnostics and summary (`context`: what the summary is checked against; nil
    /// for none), or nil when it must be read whole. `visit` sees each part too, in order, so
    /// one pass over the file serves another reader (the change's own warnings).
    func run(context: [ObjectID]?, visit: ((Part) -> Void)? = nil) -> Outcome? {
        var shown: [Diagnostic] = []        // the reader's, capped per file as FileReader caps them
        var unmatched: [Diagnostic] = []    // corrections no earlier record matches (reported after the items)
        var checks: [Diagnostic] = []       // the sheet checks' (LedgerChecks), not capped
        let fy = base.settings.fiscalYearStart
        let range = key.quarter.days(fiscalYearStart: fy)
        var currency = LedgerChecks.CurrencyCheck(goals: LedgerChecks.goalCurrencies(key, base), subject: key.subject, quarter: key.quarter)
        var summary = RecordsSummary(path: path, context: context ?? [], size: bytes.count, insertAt: 0, insertLine: 0,
                                     column: 0, crlf: false, currency: [:], days: [], values: [])
        var summarisable = context != nil && bytes.count >= RecordsSummary.minimumBytes
        var last: Part?
        var index = 0
        struct DayOfMetric: Hashable { var metric: String; var day: Day }
        var seenDays = Set<DayOfMetric>()
        let read = forEachPart { part in
            defer { index += 1 }
            let found = part.ledger.diagnostics[base.diagnostics.count...].filter { $0.path == path }
            var local: [Diagnostic] = []
            for d in found {
                switch d.code {
                case .tooManyProblems: return false
                case .unmatchedCorrection: local.append(d)
                default:
                    // The header's problems are reported by the first part only.
                    if index == 0 || d.line > part.headerLines { shown.append(part.real(d)) }
                }
            }
            visit?(part)
            let records = part.sheet.records
            // A correction this part leaves unmatched may correct a record of an earlier part.
            let loose = RecordSheet.apply(records).unmatched
            guard loose.count == local.count else { return false }
            for (i, d) in zip(loose, local) {
                let r = records[i]
                if let day = r.corrects, summary.records(r.metric, on: day) { continue }
                unmatched.append(part.real(d))
            }
            if index == 0, !LedgerChecks.subjects(part.ledger).contains(part.sheet.subject) {
                let ids = LedgerChecks.subjects(part.ledger)
                checks.append(part.diagnostic(part.sheet.subjectRef, .unknown(.unknownSubject, "subject", part.sheet.subject, among: ids, in: .person, .team)))
            }
            if part.doc.count(part.list) != records.count { summarisable = false }
            for r in records {
                if part.ledger.metrics[r.metric]?.unit == .currency {
                    // Its place (`path:line:column`) only where a message or the summary needs it.
                    if let message = currency.problem(metric: r.metric, text: r.valueText, place: part.place(r.ref)) {
                        checks.append(part.real(part.ledger.diagnostic(r.ref, .error, .mixedCurrencies, message)))
                    }
                    if summary.currency[r.metric] == nil {
                        let c = RecordsSummary.Currency(text: r.valueText, place: part.place(r.ref))
                        if (c.text + c.place).contains(where: { $0 == "\n" || $0 == "\t" || $0 == "\r" }) { summarisable = false }
                        summary.currency[r.metric] = c
                    }
                }
                for f in LedgerChecks.recordProblems(r, quarter: key.quarter, range: range, part.ledger) {
                    checks.append(part.diagnostic(r.ref, f))
                }
                // Many records share a metric and day: its key is made once.
                if seenDays.insert(DayOfMetric(metric: r.metric, day: r.date)).inserted {
                    summary.days.insert(RecordsSummary.dayKey(r.metric, r.date))
                }
                summary.values.append(RecordsSummary.valueHash(r.metric, r.date, r.value))
            }
            last = part
            return true
        }
        guard read, let last else { return nil }
        var reader = shown + unmatched
        if reader.count > FileReader.maxDiagnostics {
            let more = reader.count - FileReader.maxDiagnostics
            reader.removeLast(more)
            reader.append(Finding.moreProblemsNotShown(more).atStart(of: path))
        }
        let diagnostics = reader + checks
        guard diagnostics.isEmpty, summarisable, !last.sheet.records.isEmpty else { return Outcome(diagnostics: diagnostics, summary: nil) }
        // Where appended items go, as `RecordsSummary.make` finds it in the whole file.
        let (at, column) = last.doc.appendPoint(of: last.list)
        let realAt = at - last.headerBytes + last.firstByte
        guard realAt < bytes.count || bytes.last == 10 else { return Outcome(diagnostics: [], summary: nil) }
        let linesBefore = last.doc.bytes.withUnsafeBufferPointer { b in b[..<at].reduce(0) { $1 == 10 ? $0 + 1 : $0 } }
        summary.insertAt = realAt
        summary.insertLine = last.realLine(linesBefore + 1)
        summary.column = column
        summary.crlf = last.doc.lineEnding == "\r\n"
        summary.values.sort()
        return Outcome(diagnostics: [], summary: summary)
    }
}
