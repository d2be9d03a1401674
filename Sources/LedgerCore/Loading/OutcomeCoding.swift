import Foundation
import GitStore
import LedgerFormat

/// What reading one file gave (`LedgerLoader.Reading.Outcome`), as the parsed-file cache keeps
/// it (docs/architecture.md, "The caches"): its layout and parse messages, its own messages, and
/// the person, team or sheet it read into the model. Every place in it is in the file itself
/// (a line and column); decoded, the places are given the file's number in the load, so a
/// replayed outcome is exactly what reading the file again would give.
extension LedgerLoader.Reading.Outcome {
    /// The kinds whose readings are kept: the files a ledger has thousands of. (The settings and
    /// catalog are what the others are read against, the context of every key.)
    static func isCached(_ kind: LedgerFileKind) -> Bool {
        switch kind {
        case .person, .team, .goals, .records, .review: return true
        case .settings, .metric, .scorecard, .calibration: return false
        }
    }

    /// `body` called with the outcome's bytes (valid only during the call), and what it returns;
    /// nil, and `body` not called, when something in it cannot be kept exactly (a value with no
    /// fixed-point form, a place in another file) or it is not a file's own reading.
    func encoded<R>(path: String, file: Int32, _ body: (UnsafeRawBufferPointer) -> R) -> R? {
        guard refused.isEmpty, failure == nil, document == nil else { return nil }
        var w = OutcomeWriter(path: path, file: file)
        defer { w.free() }
        w.diagnostics(front)
        w.string(unreadable)
        w.string(broken?.key)
        if let b = broken { w.string(b.at) }
        w.diagnostics(diagnostics)
        switch model {
        case nil: w.u8(0)
        case .person(let p)?:
            w.u8(1)
            w.text(p.name); w.string(p.email); w.located(p.manager); w.located(p.team); w.string(p.level)
            w.located(p.scorecard)
            w.count(p.signingKeys.count)
            for k in p.signingKeys { w.text(k.type); w.count(k.blob.count); k.blob.withUnsafeBytes { w.raw($0) } }
            w.ref(p.ref)
        case .team(let t)?:
            w.u8(2)
            w.text(t.name); w.located(t.lead); w.located(t.parent); w.located(t.scorecard); w.ref(t.ref)
        case .goals(_, let s)?:
            w.u8(3)
            w.located(s.scorecard)
            w.count(s.goals.count)
            for g in s.goals {
                w.located(g.metric)
                w.number(g.baseline); w.number(g.target); w.string(g.baselineText); w.text(g.targetText)
                w.number(g.weight); w.u8(g.method.map { UInt8(ScoringMethod.allCases.firstIndex(of: $0)! + 1) } ?? 0)
                w.u8(g.core ? 1 : 0); w.ref(g.ref); w.located(g.alignsTo)
            }
            w.count(s.bonus.count)
            for b in s.bonus { w.number(b.points); w.string(b.reason); w.ref(b.ref) }
            w.ref(s.ref); w.ref(s.subjectRef); w.string(s.incompleteBecause)
            w.count(s.drafts.count)
            for d in s.drafts { w.text(d.metric); w.string(d.baselineText); w.string(d.weightText); w.u8(d.core ? 1 : 0); w.ref(d.ref) }
            w.count(s.unreadMetrics.count)
            for m in s.unreadMetrics { w.text(m) }
        case .records(_, let s)?:
            w.u8(4)
            w.count(s.records.count)
            var line: Int32 = 0
            // A file's few metrics and sources named once each, then by their number in it.
            var metrics: [UInt32] = [], sources: [UInt32] = []
            for r in s.records {
                let ids = r.ids
                w.int(Int(r.date.daysSinceEpoch))
                w.name(ids.metric, in: &metrics, NameTable.metrics)
                if ids.source == 0 { w.u8(0) } else { w.name(ids.source - 1, in: &sources, NameTable.sources, after: 1) }
                // Records follow one another: their lines as steps.
                if r.ref.file != file { w.exact = false }
                w.int(Int(r.ref.line - line)); w.int(Int(r.ref.column))
                line = r.ref.line
                // Most records have nothing boxed: their value and the style that writes its
                // text again, made into the same record with no text read.
                if let plain = r.plain {
                    w.u8(0)
                    w.int(Int(plain.value.significand)); w.int(Int(plain.value.exponent)); w.u8(plain.value.style)
                    continue
                }
                w.u8(1)
                w.number(r.value); r.withValueText { w.utf8(UnsafeRawBufferPointer($0)) }
                w.string(r.note)
                w.int(r.corrects.map { Int($0.daysSinceEpoch) + 1 } ?? 0)
                w.int(r.confidence.map { $0 + 1 } ?? 0)
            }
            w.ref(s.ref); w.ref(s.subjectRef)
        case .review(_, let s)?:
            w.u8(5)
            w.string(s.reviewer); w.string(s.rating); w.string(s.summary); w.string(s.notes)
            w.ref(s.ref); w.ref(s.subjectRef)
            w.count(s.awards.count)
            for a in s.awards { w.located(a) }
            w.string(s.awardReason)
        case .calibration?:
            return nil
        }
        return w.exact ? body(w.bytes) : nil
    }

    /// The outcome in `bytes` for the file at `path` (placed `lp`), number `file` in the load;
    /// nil when the bytes are not a whole outcome of that kind.
    static func decoded(_ bytes: ArraySlice<UInt8>, path: String, lp: LedgerPath, file: Int32) -> Self? {
        bytes.withUnsafeBytes { decoded($0, path: path, lp: lp, file: file) }
    }

    /// The same from bytes in memory (valid during the call): a cache entry read in place.
    static func decoded(_ bytes: UnsafeRawBufferPointer, path: String, lp: LedgerPath, file: Int32) -> Self? {
        var names = RecentNames()
        return decoded(bytes, path: path, lp: lp, file: file, names: &names)
    }

    /// The same, the metrics and sources named found through `names` (kept by a caller that
    /// decodes many files: they name the same few).
    static func decoded(_ bytes: UnsafeRawBufferPointer, path: String, lp: LedgerPath, file: Int32, names: inout RecentNames) -> Self? {
        var r = OutcomeReader(bytes: bytes, file: file)
        swap(&r.names, &names)
        defer { swap(&r.names, &names) }
        var out = Self()
        do {
            out.front = try r.diagnostics(path: path)
            out.unreadable = try r.string()
            if let key = try r.string() { out.broken = (key, try r.text()) }
            out.diagnostics = try r.diagnostics(path: path)
            let tag = try r.u8()
            if tag == 0 {
                guard r.atEnd else { return nil }
                return out
            }
            switch (tag, lp.kind) {
            case (1, .person):
                let name = try r.text(), email = try r.string(), manager = try r.located(), team = try r.located()
                let level = try r.string(), scorecard = try r.located()
                var keys: [SSHPublicKey] = []
                for _ in 0..<(try r.count()) { keys.append(SSHPublicKey(type: try r.text(), blob: try r.raw(try r.count()))) }
                out.model = .person(Person(id: lp.id, name: name, email: email, manager: manager, team: team, level: level,
                                           scorecard: scorecard, signingKeys: keys, ref: try r.ref()))
            case (2, .team):
                out.model = .team(Team(id: lp.id, name: try r.text(), lead: try r.located(), parent: try r.located(),
                                       scorecard: try r.located(), ref: try r.ref()))
            case (3, .goals):
                guard let q = Quarter(lp.quarter ?? "") else { return nil }
                let scorecard = try r.located()
                var goals: [Goal] = []
                let n = try r.count()
                goals.reserveCapacity(min(n, 4096))
                for _ in 0..<n {
                    guard let metricID = try r.nameID(.metrics) else { return nil }
                    let metricRef = try r.ref()
                    let baseline = try r.number(), target = try r.number(), baselineText = try r.string()
                    let targetText = try r.text(), weight = try r.number(), m = Int(try r.u8())
                    guard let target, m <= ScoringMethod.allCases.count else { return nil }
                    let method = m == 0 ? nil : ScoringMethod.allCases[m - 1]
                    let core = try r.u8() == 1, ref = try r.ref()
                    goals.append(Goal(metricID: metricID, metricRef: metricRef, baseline: baseline, target: target, baselineText: baselineText,
                                      targetText: targetText, weight: weight, method: method, core: core, ref: ref,
                                      alignsTo: try r.located()))
                }
                var bonus: [BonusItem] = []
                for _ in 0..<(try r.count()) {
                    guard let points = try r.number() else { return nil }
                    bonus.append(BonusItem(points: points, reason: try r.string(), ref: try r.ref()))
                }
                let ref = try r.ref(), subjectRef = try r.ref(), incomplete = try r.string()
                var drafts: [DraftGoal] = []
                for _ in 0..<(try r.count()) {
                    drafts.append(DraftGoal(metric: try r.text(), baselineText: try r.string(), weightText: try r.string(),
                                            core: try r.u8() == 1, ref: try r.ref()))
                }
                var unread: [String] = []
                for _ in 0..<(try r.count()) { unread.append(try r.text()) }
                out.model = .goals(SheetKey(subject: lp.id, quarter: q),
                                   GoalSheet(subject: lp.id, quarter: q, scorecard: scorecard, goals: goals, bonus: bonus,
                                             path: path, ref: ref, subjectRef: subjectRef, incompleteBecause: incomplete,
                                             drafts: drafts, unreadMetrics: unread))
            case (4, .records):
                guard let q = Quarter(lp.quarter ?? "") else { return nil }
                let n = try r.count()
                var records: [Record] = []
                records.reserveCapacity(n)
                var line = 0
                var metrics: [UInt32] = [], sources: [UInt32] = []
                for _ in 0..<n {
                    let date = Day(daysSinceEpoch: Int32(truncatingIfNeeded: try r.int()))
                    let metric = try r.name(in: &metrics, .metrics)
                    let source = try r.name(in: &sources, .sources, after: 1)
                    line += try r.int()
                    let ref = SourceRef(file: file, line: line, column: try r.int())
                    if try r.u8() == 0 {
                        records.append(Record(date: date, metricID: metric, value: try r.usualValue(), sourceID: source, ref: ref))
                        continue
                    }
                    guard let v = try r.number() else { return nil }
                    let valueText = try r.text(), note = try r.string()
                    let corrects = try r.int(), confidence = try r.int()
                    records.append(Record(date: date, metricID: metric, value: v, valueText: valueText, sourceID: source, note: note,
                                          ref: ref, corrects: corrects == 0 ? nil : Day(daysSinceEpoch: Int32(truncatingIfNeeded: corrects - 1)),
                                          confidence: confidence == 0 ? nil : confidence - 1))
                }
                out.model = .records(SheetKey(subject: lp.id, quarter: q),
                                     RecordSheet(subject: lp.id, quarter: q, records: records, path: path, ref: try r.ref(),
                                                 subjectRef: try r.ref()))
            case (5, .review):
                guard let q = Quarter(lp.quarter ?? "") else { return nil }
                let reviewer = try r.string(), rating = try r.string(), summary = try r.string(), notes = try r.string()
                var review = Review(subject: lp.id, quarter: q, reviewer: reviewer, rating: rating, summary: summary,
                                    notes: notes, path: path, ref: try r.ref(), subjectRef: try r.ref())
                for _ in 0..<(try r.count()) {
                    guard let a = try r.located() else { return nil }
                    review.awards.append(a)
                }
                review.awardReason = try r.string()
                out.model = .review(SheetKey(subject: lp.id, quarter: q), review)
            default:
                return nil
            }
            guard r.atEnd else { return nil }
            return out
        } catch {
            return nil
        }
    }
}

/// Appends an outcome's fields: unsigned LEB128 integers (zigzag for signed), strings as length
/// and UTF-8, places as line and column (every place is in the outcome's own file). Written
/// through a pointer into memory of its own, grown by doubling and freed by `free()`: a cold
/// year encodes ~60,000 records' ~600,000 fields, and an array's append checked its uniqueness
/// and room in a call per byte (docs/architecture.md, "The caches").
private struct OutcomeWriter {
    let path: String
    let file: Int32
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// False once a value was met that this encoding cannot hold exactly.
    var exact = true

    init(path: String, file: Int32) {
        self.path = path
        self.file = file
        // Most files' outcomes fit (a records file of a quarter's ~15 records: ~600 bytes).
        capacity = 1024
        base = .allocate(capacity: capacity)
    }

    /// What was written so far (valid until the next write or `free`).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    mutating func free() { base.deallocate() }

    /// Room for `n` bytes more.
    @inline(__always) private mutating func room(_ n: Int) {
        if capacity - count < n { grow(n) }
    }

    @inline(never) private mutating func grow(_ n: Int) {
        capacity = Swift.max(capacity * 2, count + n)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
    }

    @inline(__always) mutating func u8(_ v: UInt8) {
        room(1)
        base[count] = v
        count += 1
    }

    @inline(__always) mutating func uint(_ v: UInt64) {
        room(10)
        var v = v
        while v >= 0x80 {
            base[count] = UInt8(truncatingIfNeeded: v) | 0x80
            count += 1
            v >>= 7
        }
        base[count] = UInt8(truncatingIfNeeded: v)
        count += 1
    }
    @inline(__always) mutating func int(_ v: Int) { uint(UInt64(bitPattern: Int64((v << 1) ^ (v >> 63)))) }
    @inline(__always) mutating func count(_ n: Int) { uint(UInt64(n)) }

    /// Bytes as they are, no length.
    mutating func raw(_ b: UnsafeRawBufferPointer) {
        guard b.count > 0 else { return }
        room(b.count)
        (base + count).update(from: b.baseAddress!.assumingMemoryBound(to: UInt8.self), count: b.count)
        count += b.count
    }

    /// A present string is written as length + 1, nil as 0.
    mutating func string(_ text: String?) {
        guard var s = text else { return u8(0) }
        s.withUTF8 { utf8(UnsafeRawBufferPointer($0)) }
    }
    mutating func text(_ s: String) { string(s) }
    /// A present string given as its UTF-8 bytes.
    mutating func utf8(_ b: UnsafeRawBufferPointer) {
        uint(UInt64(b.count) + 1)
        raw(b)
    }
    /// The name `id` of `names` by its number among the file's names so far (`table`), written
    /// after it the first time: its number is then the table's count (`after` added to each
    /// number: 0 stays free for none).
    mutating func name(_ id: UInt32, in table: inout [UInt32], _ names: NameTable, after: Int = 0) {
        if let k = table.firstIndex(of: id) { return count(k + after) }
        count(table.count + after)
        table.append(id)
        text(names.name(id))
    }
    mutating func ref(_ r: SourceRef) {
        if r.file != file { exact = false }
        int(Int(r.line))
        int(Int(r.column))
    }
    mutating func located(_ l: Located<String>?) {
        string(l?.value)
        if let l { ref(l.ref) }
    }
    /// 0: none; 1: fixed (significand, exponent). A wide value is not kept.
    mutating func number(_ n: Number?) {
        guard let n else { return u8(0) }
        guard case .fixed(let s, let e) = n.storage else { exact = false; return u8(0) }
        u8(1)
        int(Int(s))
        int(Int(e))
    }
    mutating func diagnostics(_ ds: [Diagnostic]) {
        count(ds.count)
        for d in ds {
            if d.path != path { exact = false }
            int(d.line); int(d.column); u8(d.severity == .error ? 0 : 1); text(d.code.rawValue)
            text(d.message); string(d.causedBy); text(d.category.rawValue)
        }
    }
}

private struct OutcomeReader {
    struct Malformed: Error {}
    /// Read in place (a cache entry is not copied out to be decoded).
    let bytes: UnsafeRawBufferPointer
    let file: Int32
    var at: Int
    var names = RecentNames()

    init(bytes: UnsafeRawBufferPointer, file: Int32) {
        self.bytes = bytes
        self.file = file
        at = bytes.startIndex
    }

    var atEnd: Bool { at == bytes.endIndex }

    mutating func u8() throws -> UInt8 {
        guard at < bytes.endIndex else { throw Malformed() }
        defer { at += 1 }
        return bytes[at]
    }
    mutating func uint() throws -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = try u8()
            guard shift < 64 else { throw Malformed() }
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }
    mutating func int() throws -> Int {
        let u = try uint()
        return Int(Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1))))
    }
    mutating func count() throws -> Int {
        let n = try uint()
        guard n <= UInt64(bytes.endIndex - at) else { throw Malformed() }
        return Int(n)
    }
    mutating func raw(_ n: Int) throws -> [UInt8] {
        guard n <= bytes.endIndex - at else { throw Malformed() }
        defer { at += n }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[at..<(at + n)]))
    }
    mutating func string() throws -> String? {
        let n = try uint()
        guard n > 0 else { return nil }
        guard n - 1 <= UInt64(bytes.endIndex - at) else { throw Malformed() }
        let end = at + Int(n - 1)
        defer { at = end }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[at..<end]).assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }
    mutating func text() throws -> String {
        guard let s = try string() else { throw Malformed() }
        return s
    }
    mutating func ref() throws -> SourceRef {
        let line = try int()
        return SourceRef(file: file, line: line, column: try int())
    }
    /// A name of `names` written by `OutcomeWriter.name`: its id, looked up the first time it
    /// comes (`table`: the file's names so far); 0 for none when `after` is 1.
    mutating func name(in table: inout [UInt32], _ names: NameTable, after: Int = 0) throws -> UInt32 {
        let k = try uint()
        if after == 1, k == 0 { return 0 }
        guard k >= UInt64(after), k - UInt64(after) <= UInt64(table.count) else { throw Malformed() }
        let n = Int(k) - after
        if n < table.count { return table[n] + UInt32(after) }
        guard let id = try nameID(names) else { throw Malformed() }
        table.append(id)
        return id + UInt32(after)
    }
    /// The id in `table` of the string written here (nil when none is), found by its bytes
    /// among the names looked up lately (`names`) before `NameTable` is asked.
    mutating func nameID(_ table: NameTable) throws -> UInt32? {
        let n = try uint()
        guard n > 0 else { return nil }
        guard n - 1 <= UInt64(bytes.endIndex - at) else { throw Malformed() }
        let end = at + Int(n - 1)
        defer { at = end }
        return names.id(UnsafeRawBufferPointer(rebasing: bytes[at..<end]).assumingMemoryBound(to: UInt8.self), in: table)
    }
    /// A value in its canonical fixed form with the style that writes its text (`OutcomeWriter`'s
    /// `plain` records).
    mutating func usualValue() throws -> UsualValue {
        let s = try int(), e = try int(), style = try u8()
        guard let s64 = Int64(exactly: s), let n = Number.fixed(s64, e), case .fixed(let cs, let ce) = n.storage,
              cs == s64, Int(ce) == e else { throw Malformed() }
        return UsualValue(significand: cs, exponent: ce, style: style)
    }
    mutating func located() throws -> Located<String>? {
        guard let s = try string() else { return nil }
        return Located(s, try ref())
    }
    mutating func number() throws -> Number? {
        switch try u8() {
        case 0: return nil
        case 1:
            let s = try int(), e = try int()
            guard let s64 = Int64(exactly: s), let n = Number.fixed(s64, e), case .fixed(let cs, let ce) = n.storage,
                  cs == s64, Int(ce) == e else { throw Malformed() }
            return n
        default: throw Malformed()
        }
    }
    mutating func diagnostics(path: String) throws -> [Diagnostic] {
        var out: [Diagnostic] = []
        for _ in 0..<(try count()) {
            let line = try int(), column = try int(), severity: Diagnostic.Severity = try u8() == 0 ? .error : .warning
            guard let code = DiagnosticCode(rawValue: try text()) else { throw Malformed() }
            var d = Diagnostic(path: path, line: line, column: column, severity: severity, code: code, message: try text())
            d.causedBy = try string()
            guard let category = Diagnostic.Category(rawValue: try text()) else { throw Malformed() }
            d.category = category
            out.append(d)
        }
        return out
    }
}

/// The names (metrics, sources) decoded lately and their ids in `NameTable`, by their bytes: the
/// files a load reads back one after another name the same few, so each is looked up in the
/// table (a lock and a hash of a `String`) once a run of files, not once a file.
struct RecentNames {
    private var entries: [(table: ObjectIdentifier, name: [UInt8], id: UInt32)] = []
    private var next = 0
    static let kept = 16

    /// The id in `table` of the name whose UTF-8 bytes are `name`.
    mutating func id(_ name: UnsafeBufferPointer<UInt8>, in table: NameTable) -> UInt32 {
        let t = ObjectIdentifier(table)
        for e in entries where e.table == t && e.name.count == name.count {
            if name.isEmpty || e.name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 }) { return e.id }
        }
        let id = table.id(String(decoding: name, as: UTF8.self))
        if entries.count < Self.kept {
            entries.append((t, Array(name), id))
        } else {
            entries[next] = (t, Array(name), id)
            next = (next + 1) % Self.kept
        }
        return id
    }
}
