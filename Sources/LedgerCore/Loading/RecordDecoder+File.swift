import LedgerFormat

// A records, goals or review file of the usual shape read straight from its bytes into its
// sheet, with no document: most of a large ledger's lines are records and goals, and a
// document's nodes and runs were most of their cost (BENCHMARKS.md, "Session 16", s16-parse).
// A review is its subject and quarter lines and a few `key: value` lines (`review(of:…)`); a
// records or goals file must be exactly
//
//     subject: <its file's name>
//     quarter: <its folder's quarter>
//     records:                      (or `goals:`)
//       - date: …                   (an item's first line)
//         metric: …                 (its others, keys in any order)
//
// each line ending in LF (or CR LF; the last may end the file), each value plain as the usual
// shape reads one (`LedgerParser.usualPlainValue`), every item one the decoder reads (`take`,
// `takeGoal`). Anything else — a comment, a blank line, another key or order, a quoted value, an
// item the decoder leaves to the general reader, a subject or quarter other than the path's, a
// goal's metric twice — is declined as a whole, and the file is parsed and read as before: so a
// sheet read here is the sheet the general path makes, with no message (`RecordsFileTests`
// compares the two on generated files and their edits).

/// The lines of a sheet file of the usual shape, read in order: its three top-level lines first
/// (`init`), then its items' `key: value` lines (`next`).
struct SheetLines {
    let b: UnsafeBufferPointer<UInt8>
    /// Where the next line starts, and its number (a quick reader of a whole item moves them on).
    fileprivate(set) var s: Int
    fileprivate(set) var line: Int
    /// Set when a line is not of the usual shape: the file is the general path's.
    private(set) var declined = false

    /// One item line: whether it opens an item (`  - `), its key's and value's bytes.
    struct Line {
        let opens: Bool
        let key: Range<Int>
        let value: Range<Int>
    }

    /// After `subject: <id>`, `quarter: <quarter>` and `<list>:` (nine, nine and the list key's
    /// bytes; no list key given, after the first two); nil when the file does not start so.
    init?(_ b: UnsafeBufferPointer<UInt8>, id: String, quarter: String, list: StaticString?) {
        self.b = b
        s = 0
        line = 1
        guard let subject = top("subject: "), Self.spells(id, b[subject]),
              let q = top("quarter: "), Self.spells(quarter, b[q]) else { return nil }
        guard let list else { return }
        let n = b.count, k = list.utf8CodeUnitCount
        guard s + k <= n else { return nil }
        for i in 0..<k where b[s + i] != list.utf8Start[i] { return nil }
        s += k
        if s < n, b[s] == UInt8(ascii: "\r") { s += 1 }
        guard s < n, b[s] == UInt8(ascii: "\n") else { return nil }
        s += 1
        line += 1
    }

    /// The lines of a file with no subject and quarter (a person's, a team's): its top-level
    /// lines from the first (`nextTop`).
    init(top b: UnsafeBufferPointer<UInt8>) {
        self.b = b
        s = 0
        line = 1
    }

    /// Whether `bytes` are `text`'s UTF-8 (compared in place: `utf8.elementsEqual` walked a
    /// `String`'s view a byte at a time).
    private static func spells(_ text: String, _ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var text = text
        return text.withUTF8 { u in
            guard u.count == bytes.count else { return false }
            for i in 0..<u.count where u[i] != bytes[bytes.startIndex + i] { return false }
            return true
        }
    }

    /// The next top-level `key: value` line (a key of lower-case letters and `_`, a usual plain
    /// value), or nil at the file's end or (with `declined` set) at a line of another shape.
    mutating func nextTop() -> (key: Range<Int>, value: Range<Int>)? {
        let n = b.count
        guard s < n else { return nil }
        var e = s
        while e < n, e - s < 16, (b[e] >= UInt8(ascii: "a") && b[e] <= UInt8(ascii: "z")) || b[e] == UInt8(ascii: "_") { e += 1 }
        guard e > s, e + 2 < n, b[e] == UInt8(ascii: ":"), b[e + 1] == UInt8(ascii: " "),
              let (end, next) = Self.plainValue(b, at: e + 2) else {
            declined = true
            return nil
        }
        let out = (s..<e, (e + 2)..<end)
        s = next
        line += 1
        return out
    }

    /// A top-level line `key: value` whose key and separator are `prefix` (nine bytes): its
    /// value's bytes.
    private mutating func top(_ prefix: StaticString) -> Range<Int>? {
        guard s + 9 < b.count else { return nil }
        let p = prefix.utf8Start
        for i in 0..<9 where b[s + i] != p[i] { return nil }
        guard let (end, next) = Self.plainValue(b, at: s + 9) else { return nil }
        defer { (s, line) = (next, line + 1) }
        return (s + 9)..<end
    }

    /// Where the plain value at `v` ends and the next line starts (`LedgerParser.usualPlainValue`),
    /// the commonest values found in a few instructions a byte (`usualSimpleValue`).
    @inline(__always) static func plainValue(_ b: UnsafeBufferPointer<UInt8>, at v: Int) -> (end: Int, next: Int)? {
        if let end = LedgerParser.usualSimpleValue(b, at: v) { return (end, end + 1) }
        return LedgerParser.usualPlainValue(b, at: v)
    }

    /// Whether the line at `i` starts `  - ` (an item's first line, if the rest is of the usual shape).
    @inline(__always) func opensItem(at i: Int) -> Bool {
        i + 4 <= b.count && UnsafeRawPointer(b.baseAddress!).loadUnaligned(fromByteOffset: i, as: UInt32.self) == 0x202D_2020
    }

    @inline(__always) var opensItem: Bool { opensItem(at: s) }

    /// Whether the bytes at `i` are `prefix`'s (of 8 to 16 bytes: a line's indentation, key and
    /// `: `), as two words, the second overlapping the first.
    @inline(__always) func starts(_ i: Int, _ prefix: StaticString) -> Bool {
        let k = prefix.utf8CodeUnitCount
        guard i + k <= b.count else { return false }
        let x = UnsafeRawPointer(b.baseAddress! + i), y = UnsafeRawPointer(prefix.utf8Start)
        return x.loadUnaligned(as: UInt64.self) == y.loadUnaligned(as: UInt64.self)
            && x.loadUnaligned(fromByteOffset: k - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: k - 8, as: UInt64.self)
    }

    /// Past `lines` lines, to the line at `next`: a whole item read by a quick reader.
    @inline(__always) mutating func skip(to next: Int, lines: Int) {
        s = next
        line += lines
    }

    /// The next item line, or nil at the file's end or (with `declined` set) at a line of
    /// another shape. A key is at most eight lower-case letters (the longest a sheet's item has).
    @inline(__always) mutating func next() -> Line? {
        let n = b.count
        guard s < n else { return nil }
        let p = UnsafeRawPointer(b.baseAddress!)
        // The indentation as one word: `  - ` (20 20 2D 20) or four spaces.
        let indent = s + 4 < n ? p.loadUnaligned(fromByteOffset: s, as: UInt32.self) : 0
        guard indent == 0x2020_2020 || indent == 0x202D_2020 else {
            declined = true
            return nil
        }
        let k = s + 4
        var e = k
        while e < n, e - k < 9, UInt8(ascii: "a")...UInt8(ascii: "z") ~= p.load(fromByteOffset: e, as: UInt8.self) { e += 1 }
        guard e + 2 < n, p.load(fromByteOffset: e, as: UInt8.self) == UInt8(ascii: ":"),
              p.load(fromByteOffset: e + 1, as: UInt8.self) == UInt8(ascii: " "),
              let (end, next) = Self.plainValue(b, at: e + 2) else {
            declined = true
            return nil
        }
        let out = Line(opens: indent == 0x202D_2020, key: k..<e, value: (e + 2)..<end)
        s = next
        line += 1
        return out
    }
}

extension SheetLines {
    /// The list's items in order: each item read whole by `quick` (given the items before it)
    /// when it can, which then moves past it, else line by line: each line given to `take` (its
    /// key's and value's bytes, its line's number) after `open` at its first, and the item made by
    /// `make` (its first line's number, the items before it); nil as soon as a line is of another
    /// shape or `take` or `make` declines. `quick` reads an item exactly as `take` and `make`
    /// would, or not at all. The items go in room for `capacity` (as many as the bytes could hold),
    /// then are moved, not copied, into an array of their number, as the general path sizes its
    /// arrays (a copy would retain each item's box).
    @inline(__always)
    mutating func items<T>(capacity: Int, quick: (inout SheetLines, UnsafeBufferPointer<T>) -> T?, open: () -> Void,
                           take: (Range<Int>, Range<Int>, Int) -> Bool, make: (Int, UnsafeBufferPointer<T>) -> T?) -> [T]? {
        let room = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        var count = 0
        defer {
            room.deinitialize(count: count)
            room.deallocate()
        }
        var itemLine = 0
        /// The open item added; false when it is the general reader's.
        func close() -> Bool {
            guard itemLine > 0 else { return true }
            guard count < capacity, let item = make(itemLine, UnsafeBufferPointer(start: room, count: count)) else { return false }
            (room + count).initialize(to: item)
            count += 1
            return true
        }
        while true {
            // An item's first line: the open item closed (as the line's reading would: were the
            // line not of the usual shape, the file is declined either way), and the item read
            // whole by `quick` if it can.
            if opensItem {
                guard close() else { return nil }
                itemLine = 0
                if count < capacity, let item = quick(&self, UnsafeBufferPointer(start: room, count: count)) {
                    (room + count).initialize(to: item)
                    count += 1
                    continue
                }
            }
            let at = line
            guard let l = next() else { break }
            if l.opens {
                open()
                itemLine = at
            } else if itemLine == 0 {
                return nil
            }
            guard take(l.key, l.value, at) else { return nil }
        }
        guard !declined, itemLine > 0 || count > 0, close() else { return nil }
        let items = [T](unsafeUninitializedCapacity: count) { out, made in
            out.baseAddress!.moveInitialize(from: room, count: count)
            made = count
        }
        count = 0
        return items
    }
}

extension RecordDecoder {
    /// The sheet of the records file `bytes` at `lp` (`path`, the load's file number `file`), or
    /// nil when the general path must read it.
    func recordSheet(of bytes: [UInt8], _ lp: LedgerPath, path: String, file: Int32) -> RecordSheet? {
        guard lp.kind == .records, let q = lp.quarter, let quarter = Quarter(q), Identifier.isValid(lp.id),
              bytes.count < Int(Int32.max) else { return nil }
        return bytes.withUnsafeBufferPointer { b -> RecordSheet? in
            guard var lines = SheetLines(b, id: lp.id, quarter: q, list: "records:") else { return nil }
            var cursor = Cursor()
            var fields = Fields()
            // An item is at least 47 bytes.
            let records: [Record]? = lines.items(capacity: (b.count - lines.s) / 47 + 1, quick: { lines, _ in
                quickRecord(&lines, cursor: &cursor, file: file)
            }, open: { fields = Fields() }, take: { k, v, _ in
                take(UnsafeBufferPointer(rebasing: b[k]), v, plain: true, empty: false, bytes: b, into: &fields, cursor: &cursor)
            }, make: { itemLine, _ in
                fields.isWhole ? record(fields, bytes: b, ref: SourceRef(file: file, line: itemLine, column: 5)) : nil
            })
            guard let records else { return nil }
            return RecordSheet(subject: lp.id, quarter: quarter, records: records, path: path,
                               ref: SourceRef(file: file, line: 1, column: 1), subjectRef: SourceRef(file: file, line: 1, column: 10))
        }
    }
}

extension RecordDecoder {
    /// The sheet of the goals file `bytes` at `lp` (`path`, the load's file number `file`), or nil
    /// when the general path must read it (also when a metric has two goals: it says so). Every
    /// goal's metric is in the catalog, so none names a metric whose file could not be read
    /// (the sheet's `unreadMetrics` is empty, as the general path finds it).
    func goalSheet(of bytes: [UInt8], _ lp: LedgerPath, path: String, file: Int32) -> GoalSheet? {
        guard lp.kind == .goals, let q = lp.quarter, let quarter = Quarter(q), Identifier.isValid(lp.id),
              bytes.count < Int(Int32.max) else { return nil }
        return bytes.withUnsafeBufferPointer { b -> GoalSheet? in
            guard var lines = SheetLines(b, id: lp.id, quarter: q, list: "goals:") else { return nil }
            var fields = GoalFields()
            var metricLine = 0
            // An item is at least 27 bytes.
            let goals: [Goal]? = lines.items(capacity: (b.count - lines.s) / 27 + 1, quick: { lines, before in
                quickGoal(&lines, before: before, file: file)
            }, open: { fields = GoalFields() }, take: { k, v, at in
                let hadMetric = fields.place >= 0
                guard takeGoal(UnsafeBufferPointer(rebasing: b[k]), v, bytes: b, into: &fields) else { return false }
                if !hadMetric, fields.place >= 0 { metricLine = at }
                return true
            }, make: { itemLine, before in
                guard before.count < 64, let g = goal(fields, bytes: b, refs: {
                    (SourceRef(file: file, line: itemLine, column: 5), SourceRef(file: file, line: metricLine, column: 13))
                }) else { return nil }
                return before.contains { $0.metricNameID == g.metricNameID } ? nil : g
            })
            guard let goals else { return nil }
            return GoalSheet(subject: lp.id, quarter: quarter, scorecard: nil, goals: goals, bonus: [], path: path,
                             ref: SourceRef(file: file, line: 4, column: 3), subjectRef: SourceRef(file: file, line: 1, column: 10))
        }
    }
}

extension RecordDecoder {
    /// A record item of the usual form read whole: `  - date: <a day>`, `    metric: <the
    /// catalog's>`, `    value: …` and perhaps `    source: …`, in this order, the first two
    /// ending in LF, and the line after it another item's or the file's end — what `take` and
    /// `record` make of it line by line, with the same `cursor`; nil (nothing read) for any other
    /// item, which they then read.
    @inline(__always)
    func quickRecord(_ lines: inout SheetLines, cursor: inout Cursor, file: Int32) -> Record? {
        let b = lines.b, n = b.count, p = b.baseAddress!
        var s = lines.s
        // A day's ten bytes are digits and `-`: a plain value, ending at the LF after them.
        guard lines.starts(s, "  - date: "), s + 20 < n, p[s + 20] == UInt8(ascii: "\n"),
              let date = cursor.day(UnsafeBufferPointer(start: p + s + 10, count: 10)) else { return nil }
        s += 21
        guard lines.starts(s, "    metric: "), let metricEnd = LedgerParser.usualSimpleValue(b, at: s + 12),
              let metric = index(of: UnsafeBufferPointer(start: p + s + 12, count: metricEnd - s - 12)) else { return nil }
        s = metricEnd + 1
        guard lines.starts(s, "    value: "), let (valueEnd, afterValue) = SheetLines.plainValue(b, at: s + 11) else { return nil }
        var fields = Fields()
        fields.date = date
        fields.metric = metric
        fields.valueSpan = (s + 11)..<valueEnd
        s = afterValue
        var count = 3
        if lines.starts(s, "    source: ") {
            let v = s + 12
            // The last source's bytes again, ending at an LF: the same plain value.
            let same = cursor.source != 0 && v + cursor.sourceSpan.count < n
                && Self.equal(b, cursor.sourceSpan, v..<(v + cursor.sourceSpan.count))
                && p[v + cursor.sourceSpan.count] == UInt8(ascii: "\n")
            if same {
                fields.source = cursor.source
                s = v + cursor.sourceSpan.count + 1
            } else {
                guard let (end, next) = SheetLines.plainValue(b, at: v) else { return nil }
                fields.source = NameTable.sources.id(utf8: UnsafeBufferPointer(rebasing: b[v..<end])) + 1
                cursor.source = fields.source
                cursor.sourceSpan = v..<end
                s = next
            }
            count = 4
        }
        guard s == n || lines.opensItem(at: s),
              let r = record(fields, bytes: b, ref: SourceRef(file: file, line: lines.line, column: 5)) else { return nil }
        lines.skip(to: s, lines: count)
        return r
    }

    /// A goal item of the usual form read whole: `  - metric: <the catalog's>` ending in LF, then
    /// `    target: …` and perhaps `    baseline: …` and `    weight: …`, in this order, and the
    /// line after it another item's or the file's end — what `takeGoal`, `goal` and the goals
    /// reader's check of a metric's second goal make of it line by line; nil (nothing read) for
    /// any other item, which they then read.
    @inline(__always)
    func quickGoal(_ lines: inout SheetLines, before: UnsafeBufferPointer<Goal>, file: Int32) -> Goal? {
        let b = lines.b, n = b.count, p = b.baseAddress!
        var s = lines.s
        guard before.count < 64, lines.starts(s, "  - metric: "), let metricEnd = LedgerParser.usualSimpleValue(b, at: s + 12),
              let metric = index(of: UnsafeBufferPointer(start: p + s + 12, count: metricEnd - s - 12)) else { return nil }
        var fields = GoalFields()
        fields.place = metric
        s = metricEnd + 1
        guard lines.starts(s, "    target: "), let (targetEnd, afterTarget) = SheetLines.plainValue(b, at: s + 12) else { return nil }
        fields.target = (s + 12)..<targetEnd
        s = afterTarget
        var count = 2
        if lines.starts(s, "    baseline: ") {
            guard let (end, next) = SheetLines.plainValue(b, at: s + 14) else { return nil }
            fields.baseline = (s + 14)..<end
            s = next
            count += 1
        }
        if lines.starts(s, "    weight: ") {
            guard let (end, next) = SheetLines.plainValue(b, at: s + 12) else { return nil }
            fields.weight = (s + 12)..<end
            s = next
            count += 1
        }
        let line = lines.line
        guard s == n || lines.opensItem(at: s), let g = goal(fields, bytes: b, refs: {
            (SourceRef(file: file, line: line, column: 5), SourceRef(file: file, line: line, column: 13))
        }), !before.contains(where: { $0.metricNameID == g.metricNameID }) else { return nil }
        lines.skip(to: s, lines: count)
        return g
    }
}

extension RecordDecoder {
    /// The review in the file `bytes` at `lp` (`path`, the load's file number `file`) whose
    /// ledger's rating bands are `ratings`, or nil when the general path must read it: after the
    /// subject and quarter, any of `reviewer` (an id), `rating` (one of the bands' grades),
    /// `summary` and `notes`, each once, each a usual plain value (its text is its bytes).
    func review(of bytes: [UInt8], _ lp: LedgerPath, path: String, file: Int32, ratings: [RatingBand]) -> Review? {
        guard lp.kind == .review, let q = lp.quarter, let quarter = Quarter(q), Identifier.isValid(lp.id),
              bytes.count < Int(Int32.max) else { return nil }
        return bytes.withUnsafeBufferPointer { b -> Review? in
            guard var lines = SheetLines(b, id: lp.id, quarter: q, list: nil) else { return nil }
            var reviewer: String?, rating: String?, summary: String?, notes: String?
            while let (k, v) = lines.nextTop() {
                let key = UnsafeBufferPointer(rebasing: b[k])
                let text = String(decoding: UnsafeBufferPointer(rebasing: b[v]), as: UTF8.self)
                switch key.count {
                case 8 where Self.equals(key, "reviewer"):
                    guard reviewer == nil, Identifier.isValid(text) else { return nil }
                    reviewer = text
                case 6 where Self.equals(key, "rating"):
                    guard rating == nil, ratings.contains(where: { $0.grade == text }) else { return nil }
                    rating = text
                case 7 where Self.equals(key, "summary"):
                    guard summary == nil else { return nil }
                    summary = text
                case 5 where Self.equals(key, "notes"):
                    guard notes == nil else { return nil }
                    notes = text
                default:
                    return nil
                }
            }
            guard !lines.declined else { return nil }
            return Review(subject: lp.id, quarter: quarter, reviewer: reviewer, rating: rating, summary: summary, notes: notes,
                          path: path, ref: SourceRef(file: file, line: 1, column: 1), subjectRef: SourceRef(file: file, line: 1, column: 10))
        }
    }
}
