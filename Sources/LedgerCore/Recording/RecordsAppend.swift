import Foundation
import GitStore
import LedgerFormat

/// A change to a summarised records file (`RecordsSummary`) that only inserts whole lines where
/// its list ends — what `kpi record` and `kpi import` write, or records appended by hand. It is
/// checked by reading the inserted lines alone, as a small records file of the same subject and
/// quarter (same column, same line ends: the lines parse there exactly as in the whole file),
/// plus the summary's facts about the records before them.
struct RecordsAppend {
    let path: String
    let key: SheetKey
    let summary: RecordsSummary
    /// The inserted lines.
    let inserted: ArraySlice<UInt8>
    /// `subject:`, `quarter:` and `records:` lines, which the inserted lines follow in `file`.
    let header: [UInt8]
    static let headerLines = 3

    var headerBytes: Int { header.count }
    /// The small file that stands for the whole one after the change.
    var file: [UInt8] { header + inserted }

    /// The line in the whole file of a line of `file`.
    func realLine(_ line: Int) -> Int { summary.insertLine + line - (Self.headerLines + 1) }

    /// A diagnostic about `file`, placed in the whole file.
    func real(_ d: Diagnostic) -> Diagnostic {
        var d = d
        d.line = realLine(d.line)
        return d
    }

    /// nil unless `new` is the tip's file with lines inserted at its summary's append point (and
    /// the goals file it was checked against is not part of the same change).
    init?(path: String, new: [UInt8]?, tip: TipFiles, changed: some Collection<String>) throws {
        guard let new, path.hasPrefix(LedgerLayout.folder(of: .records)! + "/"), case .file(let lp) = LedgerLayout.classify(path), lp.kind == .records,
              let quarter = lp.quarter.flatMap(Quarter.init),
              !changed.contains(LedgerLayout.path(.goals, id: lp.id, quarter: quarter)),
              let old = try tip.read(path), new.count > old.count, new.count <= LedgerLoader.maxFileBytes,
              // Before the summary, which a file without one is read in parts to make.
              Self.insertsOnly(old, new),
              let summary = try tip.recordsSummary(path), old.count == summary.size else { return nil }
        let at = summary.insertAt, grown = new.count - old.count
        guard new[at + grown - 1] == 10,
              Self.same(old, 0, new, 0, count: at),
              Self.same(old, at, new, at + grown, count: old.count - at) else { return nil }
        self.path = path
        self.key = SheetKey(subject: lp.id, quarter: quarter)
        self.summary = summary
        self.inserted = new[at..<(at + grown)]
        let nl = summary.lineEnding
        header = Array("subject: \(lp.id)\(nl)quarter: \(quarter)\(nl)records:\(nl)".utf8)
    }

    /// Whether `new` is `old` with bytes inserted at one place (its start and end are `old`'s).
    static func insertsOnly(_ old: [UInt8], _ new: [UInt8]) -> Bool {
        old.withUnsafeBufferPointer { a in
            new.withUnsafeBufferPointer { b in
                var head = 0
                while head < a.count, a[head] == b[head] { head += 1 }
                var tail = 0
                while tail < a.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
                return head + tail == a.count
            }
        }
    }

    static func same(_ a: [UInt8], _ i: Int, _ b: [UInt8], _ j: Int, count: Int) -> Bool {
        if count == 0 { return true }
        return a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in memcmp(pa.baseAddress! + i, pb.baseAddress! + j, count) == 0 } }
    }

    /// Whether the whole file would have no diagnostic, given that `file` read into `ledger` (with
    /// the organisation and the place's other sheets) has none of its own apart from corrections
    /// of records the summary knows: those records are in the whole file, before these.
    func holds(in ledger: Ledger) -> Bool {
        guard let sheet = ledger.recordSheets[key], !sheet.records.isEmpty,
              let doc = ledger.document(at: path), let root = doc.root,
              let list = doc.value(forKey: "records", in: root), doc.kind(list) == .sequence,
              doc.itemColumn(doc.items(list)[0]) == summary.column else { return false }
        var own = ledger.diagnostics.filter { $0.path == path }.map(\.message)
        for i in RecordSheet.apply(sheet.records).unmatched {
            let r = sheet.records[i]
            guard let day = r.corrects, summary.records(r.metric, on: day),
                  let k = own.firstIndex(of: LedgerLoader.unmatchedCorrectionMessage(r)) else { return false }
            own.remove(at: k)
        }
        guard own.isEmpty else { return false }
        // One currency per goal: the file's records of a metric agree with each other already.
        for r in sheet.records where ledger.metrics[r.metric]?.unit == .currency {
            if let first = summary.currency[r.metric], LedgerChecks.currency(first.text) != LedgerChecks.currency(r.valueText) {
                return false
            }
        }
        return true
    }
}
