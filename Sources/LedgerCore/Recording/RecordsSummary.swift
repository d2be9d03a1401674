import Foundation
import GitStore
import LedgerFormat

/// What a write needs to know of a large records file at the tip so that appending to it reads
/// and checks only what it appends (docs/architecture.md, "The caches"): that the file had no
/// diagnostic at all against the organisation and goals file named by `context`, where its list
/// ends, and what later records are checked against — the first record of each currency metric
/// (one currency per goal), the (metric, date) pairs it records (correction targets) and a hash of
/// each record's metric, date and value (duplicates).
///
/// A summary only ever answers "no problem": a value hash that matches, a new record with any
/// diagnostic, a currency that differs, or a context that changed sends the write down the full
/// path, which reads the whole file and refuses exactly as before.
///
/// Kept in `.git/kpi/records/<blob id>` (a `CacheFile`: a blob id fixes the content, so an entry
/// never goes stale; the context is checked on use); deleting or corrupting it changes no
/// output, only speed.
struct RecordsSummary: Equatable {
    /// Files smaller than this are simply read: a summary pays off on large files only.
    static let minimumBytes = 64 << 10
    static let version = "kpi-records-summary 1"

    var path: String
    /// The organisation's tree and blob ids and the goals file's blob id (zero when absent) the
    /// file was checked against.
    var context: [ObjectID]
    var size: Int
    /// Where appended items go (byte offset), the 1-based line starting there, the column of the
    /// list's `-`, and the file's line end.
    var insertAt: Int
    var insertLine: Int
    var column: Int
    var crlf: Bool
    /// The first record of each currency metric: its value as written and where (`path:line:column`).
    var currency: [String: Currency]
    /// Every distinct "metric date" the file records.
    var days: Set<String>
    /// Sorted hashes of every record's metric, date and value (as a number).
    var values: [UInt64]

    struct Currency: Equatable {
        var text: String
        var place: String
    }

    var lineEnding: String { crlf ? "\r\n" : "\n" }

    static func dayKey(_ metric: String, _ date: Day) -> String { "\(metric) \(date)" }

    /// Equal numbers have equal descriptions (plain notation, no trailing zeros), so equal
    /// records hash alike; a match is checked against the file itself.
    static func valueHash(_ metric: String, _ date: Day, _ value: Number) -> UInt64 {
        // The bytes of "metric NUL date NUL value", gathered without an interpolated string.
        var bytes = [UInt8]()
        bytes.reserveCapacity(metric.utf8.count + 24)
        bytes += metric.utf8
        bytes.append(0)
        bytes += date.description.utf8
        bytes.append(0)
        bytes += value.description.utf8
        return CacheFile.checksum(bytes)
    }

    func records(_ metric: String, on date: Day) -> Bool { days.contains(Self.dayKey(metric, date)) }

    /// Whether the file may hold a record of this metric, date and value (false: it does not).
    func mayHold(_ metric: String, _ date: Day, _ value: Number) -> Bool {
        let h = Self.valueHash(metric, date, value)
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if values[mid] < h { lo = mid + 1 } else { hi = mid }
        }
        return lo < values.count && values[lo] == h
    }

    // MARK: Making and extending

    /// The summary of `path` as read into `ledger` (which must hold it with no diagnostic), or nil
    /// when the file is small or not a plain non-empty list of records.
    static func make(path: String, key: SheetKey, ledger: Ledger, context: [ObjectID]) -> RecordsSummary? {
        guard let sheet = ledger.recordSheets[key], sheet.path == path,
              let doc = ledger.document(at: path), doc.bytes.count >= minimumBytes,
              let root = doc.root, doc.kind(root) == .mapping,
              let list = doc.value(forKey: "records", in: root), doc.kind(list) == .sequence,
              doc.count(list) > 0, doc.count(list) == sheet.records.count else { return nil }
        let (at, column) = doc.appendPoint(of: list)
        // An append at the very end of a file without a final line break also writes one.
        guard at < doc.bytes.count || doc.bytes.last == 10 else { return nil }
        let lines = doc.bytes.withUnsafeBufferPointer { b in b[..<at].reduce(1) { $1 == 10 ? $0 + 1 : $0 } }
        var s = RecordsSummary(path: path, context: context, size: doc.bytes.count, insertAt: at, insertLine: lines,
                               column: column, crlf: doc.lineEnding == "\r\n", currency: [:], days: [], values: [])
        guard s.add(sheet.records, ledger: ledger, place: { LedgerChecks.place($0, ledger) }) else { return nil }
        s.values.sort()
        return s
    }

    /// Adds records' facts (unsorted values); false when one cannot be written in the cache file.
    private mutating func add(_ records: [Record], ledger: Ledger, place: (SourceRef) -> String) -> Bool {
        values.reserveCapacity(values.count + records.count)
        for r in records {
            days.insert(Self.dayKey(r.metric, r.date))
            values.append(Self.valueHash(r.metric, r.date, r.value))
            if currency[r.metric] == nil, ledger.metrics[r.metric]?.unit == .currency {
                let c = Currency(text: r.valueText, place: place(r.ref))
                guard !(c.text + c.place).contains(where: { $0 == "\n" || $0 == "\t" || $0 == "\r" }) else { return false }
                currency[r.metric] = c
            }
        }
        return true
    }

    /// The summary of the file after `append` (whose new records `ledger` holds), nil when the
    /// result cannot be summarised.
    func appending(_ append: RecordsAppend, ledger: Ledger) -> RecordsSummary? {
        guard let sheet = ledger.recordSheets[append.key], let doc = ledger.document(at: path),
              let root = doc.root, let list = doc.value(forKey: "records", in: root), doc.kind(list) == .sequence,
              doc.count(list) > 0 else { return nil }
        var s = self
        let grown = append.inserted.count
        s.size += grown
        let (at, _) = doc.appendPoint(of: list)
        s.insertAt = insertAt + (at - append.headerBytes)
        s.insertLine = append.realLine(doc.bytes[..<at].reduce(1) { $1 == 10 ? $0 + 1 : $0 })
        guard s.add(sheet.records, ledger: ledger, place: { ref in
            let p = ledger.position(of: ref)
            return "\(path):\(append.realLine(p.line)):\(p.column)"
        }) else { return nil }
        s.values = Self.merge(values, s.values[values.count...].sorted())
        return s
    }

    static func merge(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] <= b[j] { out.append(a[i]); i += 1 } else { out.append(b[j]); j += 1 }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }

    // MARK: The cache file

    /// The summary kept for `blob`, nil when there is none or it is damaged.
    static func load(_ repository: Repository, blob: ObjectID) -> RecordsSummary? {
        CacheFile.read(CacheFile.path(repository, "records/" + blob.hex)).flatMap(parse)
    }

    /// Writes the summary for `blob` (a failure only costs speed later) and drops the one of the
    /// version it replaces.
    static func save(_ s: RecordsSummary, blob: ObjectID, replacing old: ObjectID?, in repository: Repository) {
        CacheFile.write(s.encoded(), to: CacheFile.path(repository, "records/" + blob.hex))
        if let old, old != blob { try? FileManager.default.removeItem(atPath: CacheFile.path(repository, "records/" + old.hex)) }
    }

    func encoded() -> [UInt8] {
        var text = "\(Self.version)\n\(path)\n\(context.map(\.hex).joined(separator: " "))\n"
        text += "\(size) \(insertAt) \(insertLine) \(column) \(crlf ? 1 : 0) \(currency.count) \(days.count) \(values.count)\n"
        for (metric, c) in currency.sorted(by: { $0.key < $1.key }) { text += "\(metric)\t\(c.text)\t\(c.place)\n" }
        for d in days.sorted() { text += d + "\n" }
        var out = Array(text.utf8)
        out.reserveCapacity(out.count + values.count * 8 + 8)
        for v in values { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        return out
    }

    /// A cache file's content (its checksum already checked).
    static func parse(_ body: ArraySlice<UInt8>) -> RecordsSummary? {
        var at = body.startIndex
        func line() -> String? {
            guard let nl = body[at...].firstIndex(of: 10) else { return nil }
            defer { at = nl + 1 }
            return String(decoding: body[at..<nl], as: UTF8.self)
        }
        guard line() == version, let path = line(), let ctx = line(), let head = line() else { return nil }
        let context = ctx.split(separator: " ").compactMap { ObjectID(hex: String($0)) }
        let n = head.split(separator: " ").compactMap { Int($0) }
        guard n.count == 8, n.allSatisfy({ $0 >= 0 }) else { return nil }
        var currency: [String: Currency] = [:]
        for _ in 0..<n[5] {
            guard let l = line() else { return nil }
            let parts = l.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            currency[String(parts[0])] = Currency(text: String(parts[1]), place: String(parts[2]))
        }
        var days: Set<String> = []
        for _ in 0..<n[6] {
            guard let l = line() else { return nil }
            days.insert(l)
        }
        guard body.endIndex - at == n[7] * 8 else { return nil }
        let values = body[at...].withUnsafeBytes { raw in
            (0..<n[7]).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
        return RecordsSummary(path: path, context: context, size: n[0], insertAt: n[1], insertLine: n[2], column: n[3],
                              crlf: n[4] == 1, currency: currency, days: days, values: values)
    }
}
