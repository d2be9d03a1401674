import LedgerFormat

/// Reads the usual record — `date`, `metric`, `value` and an optional `source`, each a plain
/// scalar, all valid — straight from the file's bytes: the metric found by its bytes among the
/// catalog's ids (the record shares that id's `String`), the date and the value parsed in
/// place, no field table. Records are read by the million when a large ledger is scored.
///
/// Anything else (another key, a quoted or empty value, an unknown metric, a value or date
/// that does not parse, a percentage under 1 without its `%`) is declined: `LedgerLoader`
/// then reads the item the general way, which reports what is wrong exactly as before. So a
/// record decoded here is the record the general reader makes, and no message changes.
struct RecordDecoder {
    struct Metric {
        let bytes: [UInt8]
        let id: String
        /// `id` in `NameTable.metrics`, looked up once per catalog, not per record.
        let nameID: UInt32
        let unit: MetricUnit
    }

    private var metrics: [Metric] = []
    /// An open-addressed table of the ids by FNV-1a of their bytes: slot `hash & mask` onwards,
    /// each 1 + an index in `metrics`, 0 for none (no `Hasher` run per record, as a `Dictionary`
    /// would).
    private var slots: [Int32] = []
    private var hashes: [UInt64] = []
    private var mask = 0

    init(catalog: [String: LedgerCore.Metric]) {
        var size = 16
        while size < 2 * catalog.count { size *= 2 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        for (id, metric) in catalog {
            let bytes = Array(id.utf8)
            let h = bytes.withUnsafeBufferPointer { NameTable.hash($0) }
            var s = Int(truncatingIfNeeded: h) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = Int32(metrics.count + 1)
            metrics.append(Metric(bytes: bytes, id: id, nameID: NameTable.metrics.id(id), unit: metric.unit))
            hashes.append(h)
        }
    }

    /// What reading one file's items in order carries from one to the next: the line the last
    /// item started on (the next is a few lines below), and the last `source` (a file's records
    /// usually share one, so `NameTable` is asked once a run of them).
    struct Cursor {
        var line = 0
        var sourceSpan: Range<Int> = 0..<0
        /// 1 + the last source's id in `NameTable.sources`, 0 for none yet.
        var source: UInt32 = 0
        /// The last date read and its ten bytes (a file's records come a month at a time, most
        /// dated alike): the same bytes are the same day, read again without parsing them.
        var day: Day?
        var dayHead: UInt64 = 0
        var dayTail: UInt16 = 0

        /// The day `v` spells (`YYYY-MM-DD`), or nil.
        @inline(__always) mutating func day(_ v: UnsafeBufferPointer<UInt8>) -> Day? {
            guard v.count == 10 else { return nil }
            let raw = UnsafeRawPointer(v.baseAddress!)
            let head = raw.loadUnaligned(as: UInt64.self), tail = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
            if let day, head == dayHead, tail == dayTail { return day }
            guard let d = Day(utf8: v) else { return nil }
            (day, dayHead, dayTail) = (d, head, tail)
            return d
        }
    }

    /// The record of list item `item`, or nil when the general reader must read it.
    func decode(_ item: NodeID, in doc: LedgerDocument, bytes: UnsafeBufferPointer<UInt8>, file: Int32) -> Record? {
        var cursor = Cursor()
        return decode(item, in: doc, bytes: bytes, file: file, cursor: &cursor)
    }

    /// `decode`, for items read in file order with one `cursor`.
    func decode(_ item: NodeID, in doc: LedgerDocument, bytes: UnsafeBufferPointer<UInt8>, file: Int32,
                cursor: inout Cursor) -> Record? {
        guard doc.kind(item) == .mapping else { return nil }
        // The metric as its index in `metrics`: a `Metric` copied per record retains its arrays.
        var date: Day?, metric = -1, valueSpan: Range<Int>?, source: UInt32 = 0
        var seen: UInt8 = 0
        for i in 0..<doc.count(item) {
            let (key, node) = doc.entry(item, i)
            guard doc.kind(key) == .scalar, doc.style(key) == .plain, doc.kind(node) == .scalar else { return nil }
            let k = UnsafeBufferPointer(rebasing: bytes[doc.span(key)])
            let v = UnsafeBufferPointer(rebasing: bytes[doc.span(node)])
            let plain = doc.style(node) == .plain
            let field: UInt8
            switch k.count {
            case 4 where Self.equals(k, "date"):
                guard plain, let d = cursor.day(v) else { return nil }
                date = d; field = 1
            case 6 where Self.equals(k, "metric"):
                guard plain, let m = index(of: v) else { return nil }
                metric = m; field = 2
            case 5 where Self.equals(k, "value"):
                guard plain else { return nil }
                valueSpan = doc.span(node)
                field = 4
            case 6 where Self.equals(k, "source"):
                if plain {
                    let span = doc.span(node)
                    if cursor.source != 0, Self.equal(bytes, cursor.sourceSpan, span) {
                        source = cursor.source
                    } else {
                        source = NameTable.sources.id(utf8: v) + 1
                        cursor.source = source
                        cursor.sourceSpan = span
                    }
                } else if doc.style(node) != .empty {
                    return nil
                }
                field = 8
            default:
                return nil
            }
            guard seen & field == 0 else { return nil }
            seen |= field
        }
        guard let date, metric >= 0, let valueSpan else { return nil }
        let unit = metrics[metric].unit
        // The value as `LedgerValue.parse` reads it, declining where that would refuse (or
        // might: a percentage under 1 is refused unless written with its `%`).
        let text = UnsafeBufferPointer(rebasing: bytes[valueSpan])
        guard case .success(let value) = ValueParser.parse(utf8: text, unit: unit) else { return nil }
        if unit == .percent, !value.isZero, value.magnitude < 1 { return nil }
        return Record(date: date, metricID: metrics[metric].nameID, value: value, valueText: text, sourceID: source,
                      ref: SourceRef(file: file, doc.position(item, hint: &cursor.line)))
    }

    func lookup(_ b: UnsafeBufferPointer<UInt8>) -> Metric? { index(of: b).map { metrics[$0] } }

    /// The index in `metrics` of the id spelt `b`, or nil.
    func index(of b: UnsafeBufferPointer<UInt8>) -> Int? {
        let h = NameTable.hash(b)
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] != 0 {
            let i = Int(slots[s]) - 1
            if hashes[i] == h, Self.equal(metrics[i].bytes, b) { return i }
            s = (s + 1) & mask
        }
        return nil
    }

    private static func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for j in 0..<b.count where a[j] != b[j] { return false }
        return true
    }

    /// Whether two spans of `b` hold the same bytes.
    private static func equal(_ b: UnsafeBufferPointer<UInt8>, _ x: Range<Int>, _ y: Range<Int>) -> Bool {
        guard x.count == y.count else { return false }
        var i = x.lowerBound, j = y.lowerBound
        while i < x.upperBound {
            if b[i] != b[j] { return false }
            i += 1; j += 1
        }
        return true
    }

    static func equals(_ b: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
        guard b.count == s.utf8CodeUnitCount else { return false }
        let p = s.utf8Start
        for i in 0..<b.count where b[i] != p[i] { return false }
        return true
    }
}
