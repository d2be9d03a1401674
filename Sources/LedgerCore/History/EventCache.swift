import Foundation
import GitStore

/// The persistent cache of each commit's semantic events, in `.git/kpi/` (docs/architecture.md,
/// "The caches"), so a warm `kpi history` or `kpi audit` reads no tree and no blob: only the
/// commits. Kept for single-parent and root commits (a merge is judged against several parents
/// and is computed each time); `nil` events mean the commit changes no ledger file.
///
/// A commit id fixes its tree and parents, so an entry never goes stale; what events a tree
/// change gives depends on this program, which `version` names (bump `factsVersion` whenever
/// `FileFacts`, `SemanticDiff` or `Renames` change what they produce). A sealed `CacheFile`, like
/// `ChangeCache`: a file that does not parse, has another version line or a wrong checksum is
/// ignored as a whole and rewritten.
///
/// `events-v1` holds only what `tip-v1` does not: the entries of the commits of the last full
/// scan are read from `tip-v1` (whichever tip it names; `TipCache.entries`), so a cold scan of
/// 10,000 commits writes each commit's events once, not twice (12.9 MB of 53.4 MB; BENCHMARKS.md,
/// session 18). An entry of a commit that `tip-v1` no longer holds (it was replaced by another
/// tip's) stays in `events-v1`.
final class EventCache {
    /// Bump when the events computed from the same trees could differ.
    /// 4: a blob's facts kept by blob and file kind in a scan (by blob alone, a text read first as
    /// records was then taken for a goals file's facts too).
    static let factsVersion = 4
    static let version = "kpi-events 1 facts-\(factsVersion) " + LedgerLayout.ledgerRoots.joined(separator: ",")

    /// A commit's events without the commit's own fields (id, author, message), which the
    /// commit read at scan time supplies (`event(of:)`).
    typealias Event = LedgerEvent.Change

    /// nil: the commit changes no ledger file.
    typealias Entry = [Event]?

    let path: String
    /// The entries read from `events-v1` and `tip-v1`.
    private(set) var entries: [ObjectID: Entry] = [:]
    /// The commits whose entries `tip-v1` holds as read: `events-v1` need not hold them while
    /// it stays (a write without a new `tip-v1` leaves them out).
    private(set) var inTip: Set<ObjectID> = []
    /// The entries this process worked out, as the scan gave them: the scan's own arrays, kept
    /// without a copy of each event (copying 100,000 events into `Event`s, and freeing them
    /// at the end, was ~0.17 G instructions on the scanning thread of a cold audit of 10,000
    /// commits; BENCHMARKS.md, session 11).
    private(set) var learnt: [ObjectID: [LedgerEvent]?] = [:]
    var dirty = false

    /// `prefix`: the ledger's folder in the repository; each ledger of a repository keeps its own file.
    init(gitDir: String, prefix: String = "") {
        path = CacheFile.path(gitDir: gitDir, "events-v1", prefix: prefix)
        if let data = FileManager.default.contents(atPath: path) { entries = Self.parse([UInt8](data)) ?? [:] }
        if let held = TipCache.entries(at: CacheFile.path(gitDir: gitDir, "tip-v1", prefix: prefix)) {
            inTip = Set(held.keys)
            entries.merge(held) { old, _ in old }
        }
    }

    /// The cached events of a commit: .some(nil) when it is known to change no ledger file.
    func lookup(_ commit: Commit) -> [LedgerEvent]?? {
        if let known = learnt[commit.id] { return .some(known) }
        guard let entry = entries[commit.id] else { return nil }
        return .some(entry.map { $0.map { $0.event(of: commit) } })
    }

    /// Whether a commit's events are cached.
    func contains(_ commit: ObjectID) -> Bool { learnt[commit] != nil || entries[commit] != nil }

    func store(_ events: [LedgerEvent]?, for commit: ObjectID) {
        learnt.updateValue(events, forKey: commit)
        dirty = true
    }

    /// Room for `n` more commits learnt (a cold scan stores ~10,000 in a row: no table grown
    /// and rehashed on the way).
    func reserve(_ n: Int) { learnt.reserveCapacity(learnt.count + n) }

    /// What the file holds: the entries read and those learnt since, but those of the commits
    /// in `inTip`, which `tip-v1` holds.
    struct Contents: Sendable {
        var read: [ObjectID: Entry]
        var learnt: [ObjectID: [LedgerEvent]?]
        var inTip: Set<ObjectID> = []
    }

    /// The entries as they stand now when one was added since the last write (nil: nothing
    /// new), from then on counted as written: the caller writes them. `inTip` is the `tip-v1`
    /// read, which stays when no new one is written; a caller writing a new one names its commits.
    func unwritten() -> Contents? {
        guard dirty else { return nil }
        dirty = false
        return Contents(read: entries, learnt: learnt, inTip: inTip)
    }

    /// What the file is to hold beside a new `tip-v1`, from then on counted as written, and
    /// whether an entry was added since the last write. The caller writes it, leaving out the
    /// new tip's commits (`inTip`), when an entry was added or the `tip-v1` read held a commit
    /// the new one does not: its entry must then go to `events-v1`.
    func beside() -> (contents: Contents, added: Bool) {
        defer { dirty = false }
        return (Contents(read: entries, learnt: learnt, inTip: inTip), dirty)
    }

    /// What `unwritten` gives, written on any thread (nil: nothing new).
    func writer() -> (@Sendable () -> Void)? {
        guard let contents = unwritten() else { return nil }
        let path = path
        return { Self.write(contents, to: path) }
    }

    static func write(_ entries: [ObjectID: Entry], to path: String) {
        write(Contents(read: entries, learnt: [:]), to: path)
    }

    /// Writes every entry of `contents` but those of the commits in `contents.inTip`, in the
    /// order of the ids' hex. An entry learnt is written as the same entry read would be
    /// (`encode` gives an event's bytes whichever form it is in).
    static func write(_ contents: Contents, to path: String) {
        var body = CacheFileWriter(path: path)
        body.append(contentsOf: Self.header)
        var ids: [ObjectID] = []
        ids.reserveCapacity(contents.learnt.count + contents.read.count)
        for id in contents.learnt.keys where !contents.inTip.contains(id) { ids.append(id) }
        for id in contents.read.keys where contents.learnt[id] == nil && !contents.inTip.contains(id) { ids.append(id) }
        for id in ids.sorted() {  // byte order: the order of the ids' hex
            body.append(hexOf: id)
            if let learnt = contents.learnt[id] {
                guard let events = learnt else { Self.put(UInt32.max, into: &body); continue }
                Self.put(UInt32(events.count), into: &body)
                for e in events { Self.encode(e, into: &body) }
            } else {
                guard let events = contents.read[id] ?? nil else { Self.put(UInt32.max, into: &body); continue }
                Self.put(UInt32(events.count), into: &body)
                for e in events { Self.encode(e, into: &body) }
            }
        }
        body.finishSealed()
    }

    // MARK: Encoding: lengths as 4 bytes little-endian, UInt32.max for an absent string.

    static func put(_ n: UInt32, into out: inout some CacheSink) { out.appendLittleEndian(n) }

    /// The string's UTF-8 copied as one block (appending a `String.UTF8View` went byte by byte).
    static func put(_ s: String?, into out: inout some CacheSink) {
        guard var s else { return put(UInt32.max, into: &out) }
        s.withUTF8 { u in
            put(UInt32(u.count), into: &out)
            out.append(raw: UnsafeRawBufferPointer(u))
        }
    }

    /// A quarter as `put(quarter?.description)` writes it ("2026-Q3", 7 bytes), without building
    /// the string (once per event, 0.04 G instructions of a cold audit of 10,000 commits).
    static func put(_ quarter: Quarter?, into out: inout some CacheSink) {
        guard let q = quarter else { return put(UInt32.max, into: &out) }
        let y = q.year, n = q.number
        guard (1000...9999).contains(y), (1...4).contains(n) else { return put(q.description, into: &out) }
        put(UInt32(7), into: &out)
        out.append(UInt8(48 + y / 1000))
        out.append(UInt8(48 + y / 100 % 10))
        out.append(UInt8(48 + y / 10 % 10))
        out.append(UInt8(48 + y % 10))
        out.append(45)  // -
        out.append(81)  // Q
        out.append(UInt8(48 + n))
    }

    /// An event's fields as the file holds them, from a `LedgerEvent.Change` or read where they
    /// stand in a `LedgerEvent` (its `change` copied out whole, and let go, was a tenth of a cold
    /// scan's `tip-v1`).
    static func encode(_ e: some EncodedEvent, into out: inout some CacheSink) {
        put(e.path, into: &out)
        put(e.kind.rawValue, into: &out)
        put(e.subject, into: &out)
        put(e.quarter, into: &out)
        put(e.metric, into: &out)
        put(e.field, into: &out)
        put(e.old, into: &out)
        put(e.new, into: &out)
        put(e.recordChange?.rawValue, into: &out)
        put(e.reason, into: &out)
    }


    /// What `encode` writes of an event: `LedgerEvent.Change`'s fields, which a `LedgerEvent` has too.
    protocol EncodedEvent {
        var path: String { get }
        var kind: LedgerEvent.Subject { get }
        var subject: String? { get }
        var quarter: Quarter? { get }
        var metric: String? { get }
        var field: String { get }
        var old: String? { get }
        var new: String? { get }
        var recordChange: LedgerEvent.RecordChange? { get }
        var reason: String? { get }
    }

    /// A bounds-checked reader: any step past the end or an unknown value fails the whole file.
    struct Reader {
        let bytes: [UInt8]
        var at: Int

        mutating func u32() -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            defer { at += 4 }
            return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }

        /// .some(nil) for an absent string; nil when the bytes run out.
        mutating func string() -> String?? {
            guard let n = u32() else { return nil }
            if n == UInt32.max { return .some(nil) }
            guard Int(n) <= bytes.count - at else { return nil }
            defer { at += Int(n) }
            return .some(String(decoding: bytes[at..<(at + Int(n))], as: UTF8.self))
        }

        mutating func required() -> String? {
            guard case .some(.some(let s)) = string() else { return nil }
            return s
        }
    }

    static func decode(_ r: inout Reader) -> Event? {
        guard let path = r.required(), let kindText = r.required(), let kind = LedgerEvent.Subject(rawValue: kindText),
              case .some(let subject) = r.string(), case .some(let quarterText) = r.string(),
              case .some(let metric) = r.string(), let field = r.required(),
              case .some(let old) = r.string(), case .some(let new) = r.string(),
              case .some(let changeText) = r.string(), case .some(let reason) = r.string() else { return nil }
        var quarter: Quarter? = nil
        if let quarterText { guard let q = Quarter(quarterText) else { return nil }; quarter = q }
        var change: LedgerEvent.RecordChange? = nil
        if let changeText { guard let c = LedgerEvent.RecordChange(rawValue: changeText) else { return nil }; change = c }
        return Event(path: path, kind: kind, subject: subject, quarter: quarter, metric: metric, field: field,
                     old: old, new: new, recordChange: change, reason: reason)
    }

    static let header = Array((version + "\n").utf8)

    /// nil unless the whole file is well formed, starts with `header` and its checksum matches.
    static func parse(_ bytes: [UInt8]) -> [ObjectID: Entry]? {
        guard let body = CacheFile.unsealed(bytes, header: header) else { return nil }
        var r = Reader(bytes: body, at: header.count)
        var out: [ObjectID: Entry] = [:]
        while r.at < body.count {
            guard r.at + 40 <= body.count, let id = ObjectID(hex: String(decoding: body[r.at..<(r.at + 40)], as: UTF8.self)) else { return nil }
            r.at += 40
            guard let n = r.u32() else { return nil }
            if n == UInt32.max { out.updateValue(nil, forKey: id); continue }
            guard Int(n) <= (body.count - r.at) / 40 else { return nil }  // each event takes ≥ 40 bytes
            var events: [Event] = []
            events.reserveCapacity(Int(n))
            for _ in 0..<n {
                guard let e = decode(&r) else { return nil }
                events.append(e)
            }
            out.updateValue(events, forKey: id)
        }
        return out
    }
}

extension LedgerEvent.Change {
    /// The event of `commit` this change is.
    func event(of commit: Commit) -> LedgerEvent {
        LedgerEvent(commit: commit.id, author: commit.author, message: commit.summary, change: self)
    }
}

extension LedgerEvent.Change: EventCache.EncodedEvent {}
extension LedgerEvent: EventCache.EncodedEvent {}
