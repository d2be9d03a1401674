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
    /// An open-addressed table of the ids by their `Key`'s hash: slot `hash & mask` onwards,
    /// each 1 + an index in `metrics`, 0 for none (no `Hasher` run per record, as a `Dictionary`
    /// would, and no loop over the bytes).
    private var slots: [Int32] = []
    private var keys: [Key] = []
    private var mask = 0

    /// A text's length and its first and last eight bytes (overlapping; under eight, its bytes
    /// and a zero): every byte of a text of at most 16, which ids almost always are.
    struct Key: Equatable {
        var count: Int
        var head: UInt64
        var tail: UInt64

        @inline(__always) init(_ b: UnsafeBufferPointer<UInt8>) {
            count = b.count
            if count >= 8 {
                let raw = UnsafeRawPointer(b.baseAddress!)
                head = raw.loadUnaligned(as: UInt64.self)
                tail = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            } else {
                var w: UInt64 = 0
                for i in 0..<count { w |= UInt64(b[i]) << (8 * i) }
                (head, tail) = (w, 0)
            }
        }

        @inline(__always) var hash: Int {
            let h = (head &* 0x9E37_79B9_7F4A_7C15) ^ (tail &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(count)
            return Int(truncatingIfNeeded: h ^ h >> 29)
        }
    }

    init(catalog: [String: LedgerCore.Metric]) {
        var size = 16
        while size < 2 * catalog.count { size *= 2 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        for (id, metric) in catalog {
            let bytes = Array(id.utf8)
            let key = bytes.withUnsafeBufferPointer { Key($0) }
            var s = key.hash & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = Int32(metrics.count + 1)
            metrics.append(Metric(bytes: bytes, id: id, nameID: NameTable.metrics.id(id), unit: metric.unit))
            keys.append(key)
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
        var fields = Fields()
        for i in 0..<doc.count(item) {
            let (key, node) = doc.entry(item, i)
            guard doc.kind(key) == .scalar, doc.style(key) == .plain, doc.kind(node) == .scalar else { return nil }
            let style = doc.style(node)
            guard take(UnsafeBufferPointer(rebasing: bytes[doc.span(key)]), doc.span(node), plain: style == .plain,
                       empty: style == .empty, bytes: bytes, into: &fields, cursor: &cursor) else { return nil }
        }
        guard fields.isWhole else { return nil }
        return record(fields, bytes: bytes, ref: SourceRef(file: file, doc.position(item, hint: &cursor.line)))
    }

    /// One item's fields as they are read, key by key: from a document's entries (`decode`) or
    /// straight from a file's lines (`sheet(of:…)`), by the one rule of `take`.
    struct Fields {
        var date: Day?
        /// The metric as its index in `metrics`: a `Metric` copied per record retains its arrays.
        var metric = -1
        var valueSpan: Range<Int>?
        var source: UInt32 = 0
        var seen: UInt8 = 0

        var isWhole: Bool { date != nil && metric >= 0 && valueSpan != nil }
    }

    /// The field `key` with the value at `span` of `bytes` (`plain`: a plain scalar; `empty`:
    /// none written) taken into `fields`; false when the item is the general reader's (another
    /// key, a key twice, a value this decoder does not read).
    @inline(__always)
    func take(_ k: UnsafeBufferPointer<UInt8>, _ span: Range<Int>, plain: Bool, empty: Bool, bytes: UnsafeBufferPointer<UInt8>,
              into fields: inout Fields, cursor: inout Cursor) -> Bool {
        let v = UnsafeBufferPointer(rebasing: bytes[span])
        let field: UInt8
        switch k.count {
        case 4 where Self.equals(k, "date"):
            guard plain, let d = cursor.day(v) else { return false }
            fields.date = d; field = 1
        case 6 where Self.equals(k, "metric"):
            guard plain, let m = index(of: v) else { return false }
            fields.metric = m; field = 2
        case 5 where Self.equals(k, "value"):
            guard plain else { return false }
            fields.valueSpan = span
            field = 4
        case 6 where Self.equals(k, "source"):
            if plain {
                if cursor.source != 0, Self.equal(bytes, cursor.sourceSpan, span) {
                    fields.source = cursor.source
                } else {
                    fields.source = NameTable.sources.id(utf8: v) + 1
                    cursor.source = fields.source
                    cursor.sourceSpan = span
                }
            } else if !empty {
                return false
            }
            field = 8
        default:
            return false
        }
        guard fields.seen & field == 0 else { return false }
        fields.seen |= field
        return true
    }

    /// The record of whole `fields` placed at `ref`, or nil when its value is the general reader's.
    @inline(__always)
    func record(_ fields: Fields, bytes: UnsafeBufferPointer<UInt8>, ref: SourceRef) -> Record? {
        guard let date = fields.date, let valueSpan = fields.valueSpan else { return nil }
        let unit = metrics[fields.metric].unit, id = metrics[fields.metric].nameID
        let text = UnsafeBufferPointer(rebasing: bytes[valueSpan])
        if let usual = Self.usualValue(text, unit: unit) {
            return Record(date: date, metricID: id, value: usual, sourceID: fields.source, ref: ref)
        }
        guard let value = Self.value(text, unit: unit) else { return nil }
        return Record(date: date, metricID: id, value: value, valueText: text, sourceID: fields.source, ref: ref)
    }

    func lookup(_ b: UnsafeBufferPointer<UInt8>) -> Metric? { index(of: b).map { metrics[$0] } }

    /// The id in `NameTable.metrics` and the unit of the metric at `index(of:)`'s place (no
    /// `Metric` copied: that retains its arrays).
    func metric(at i: Int) -> (nameID: UInt32, unit: MetricUnit) { (metrics[i].nameID, metrics[i].unit) }

    /// A value's bytes as `LedgerValue.parse` reads them; nil where that would refuse, or might
    /// (a percentage under 1 is refused unless written with its `%`): the general reader then
    /// reads the item and says why.
    static func value(_ text: UnsafeBufferPointer<UInt8>, unit: MetricUnit) -> Number? {
        guard case .success(let value) = ValueParser.parse(utf8: text, unit: unit) else { return nil }
        if unit == .percent, !value.isZero, value.magnitude < 1 { return nil }
        return value
    }

    /// `value` for the usual text (`UsualValue`), with the style that writes it again; nil when
    /// the text is not of that form, or is a percentage under 1 (`value` declines those).
    static func usualValue(_ text: UnsafeBufferPointer<UInt8>, unit: MetricUnit) -> UsualValue? {
        guard let v = UsualValue.read(text, unit: unit) else { return nil }
        // With no leading zero but the lone one, a percentage under 1 is one written `0.…`.
        if unit == .percent, v.significand != 0, text[0] == UInt8(ascii: "0") { return nil }
        return v
    }

    /// The index in `metrics` of the id spelt `b`, or nil.
    func index(of b: UnsafeBufferPointer<UInt8>) -> Int? {
        let key = Key(b)
        var s = key.hash & mask
        while slots[s] != 0 {
            let i = Int(slots[s]) - 1
            if keys[i] == key, key.count <= 16 || Self.equal(metrics[i].bytes, b) { return i }
            s = (s + 1) & mask
        }
        return nil
    }

    private static func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for j in 0..<b.count where a[j] != b[j] { return false }
        return true
    }

    /// Whether two spans of `b` hold the same bytes: eight at a time, the last eight (overlapping
    /// the ones before) at once; under eight, one at a time.
    @inline(__always) static func equal(_ b: UnsafeBufferPointer<UInt8>, _ x: Range<Int>, _ y: Range<Int>) -> Bool {
        let n = x.count
        guard n == y.count else { return false }
        let raw = UnsafeRawPointer(b.baseAddress!)
        guard n >= 8 else {
            for i in 0..<n where raw.load(fromByteOffset: x.lowerBound + i, as: UInt8.self)
                != raw.load(fromByteOffset: y.lowerBound + i, as: UInt8.self) { return false }
            return true
        }
        var i = 0
        while i < n - 8 {
            if raw.loadUnaligned(fromByteOffset: x.lowerBound + i, as: UInt64.self)
                != raw.loadUnaligned(fromByteOffset: y.lowerBound + i, as: UInt64.self) { return false }
            i += 8
        }
        return raw.loadUnaligned(fromByteOffset: x.lowerBound + n - 8, as: UInt64.self)
            == raw.loadUnaligned(fromByteOffset: y.lowerBound + n - 8, as: UInt64.self)
    }

    /// Whether `b` holds the bytes of `s`: of four to eight (every key read here), as two
    /// overlapping words each.
    @inline(__always) static func equals(_ b: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard b.count == n else { return false }
        let p = s.utf8Start
        if n >= 4 && n <= 8 {
            let x = UnsafeRawPointer(b.baseAddress!), y = UnsafeRawPointer(p)
            return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                && x.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == y.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        }
        for i in 0..<n where b[i] != p[i] { return false }
        return true
    }
}
