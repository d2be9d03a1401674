import Foundation
import GitStore

/// The whole scanned history of one tip, in `.git/kpi/` (docs/architecture.md, "The caches"), so
/// a warm `kpi audit`, `log` or `history` at an unchanged HEAD walks no commit at all: walking
/// 10,000 commits and reading each one was most of a warm run once the events were cached.
/// Two files, rewritten after each full scan of a new tip:
/// - `tip-v1`: every ledger commit (all its fields), the ledger commit it stands on, its events;
/// - `subjects-v1`: the same events grouped by subject behind an index, each group with the
///   commit fields its events name (once for each run of one commit's events), so
///   `kpi history SUBJECT` reads the index and one group.
///
/// A commit id fixes everything below it, so the files never go stale for their tip; what
/// events are depends on this program (`EventCache.version`). Like the other caches: a file (or
/// a group) that does not parse, names another tip or version or fails its checksum is ignored;
/// writes go to a temporary file renamed over the old one; a failed write is ignored.
struct TipCache {
    static let version = "kpi-tip 1 " + EventCache.version
    /// 2: a group's events in runs, one commit's fields before each run (1: before each event).
    static let subjectsVersion = "kpi-subjects 2 " + EventCache.version
    /// A file holding some subjects' groups only: a subject without one is unknown, not without events.
    static let partialSubjectsVersion = "kpi-subjects 2 partial " + EventCache.version
    let tipPath: String
    let subjectsPath: String

    init(gitDir: String, prefix: String = "") {
        tipPath = CacheFile.path(gitDir: gitDir, "tip-v1", prefix: prefix)
        subjectsPath = CacheFile.path(gitDir: gitDir, "subjects-v1", prefix: prefix)
    }

    // MARK: Writing

    /// Writes both files. Each event is encoded once, into `tip-v1`, which is written 256 KB at
    /// a time as it is encoded (`CacheFileWriter`: the 15 MB of a cold audit of 10,000 commits
    /// were held whole, fresh pages faulted in one by one, BENCHMARKS.md, session 18); its subject's group in
    /// `subjects-v1` copies those bytes, read back from the file (`mapWritten`), after its
    /// commit's id, author and message (encoding every event a second time, through a
    /// dictionary of event copies, was half the cost of writing the caches after a cold scan).
    /// `events-v1` leaves these commits' events to `tip-v1` (`EventCache`).
    func save(_ history: [CommitEvents], tip: ObjectID) {
        let file = CacheFileWriter(path: tipPath)
        // Encoded a commit at a time into a buffer reused (encoding straight into the file's
        // writer was ~50 instructions more a field), handed to the file past 256 KB (between
        // events: the first commit of a history brings ~90,000); an event's
        // place is `written` (the file's bytes before the buffer's) plus its place in the buffer.
        var body = CacheBytes(capacity: 1 << 18 + 1 << 12)
        var written = 0
        func handOn() {
            body.withBytes { file.append(raw: $0) }
            written += body.count
            body.removeAll()
        }
        body.append(contentsOf: Self.header(Self.version, tip: tip))
        EventCache.put(UInt32(history.count), into: &body)
        // Each subject's events in history order: the commit's position and the event's bytes in
        // the file. A commit's events are mostly about one subject: its group is looked up by name
        // once for a run of events about the same subject, not hashed for every event.
        var groups: [[(commit: Int32, bytes: Range<Int>)]] = []
        var group: [String: Int] = [:]
        var last: (subject: String, group: Int)? = nil
        for (c, ce) in history.enumerated() {
            Self.put(ce.commit, into: &body)
            if let p = ce.ledgerParent { body.append(1); body.append(id: p) } else { body.append(0) }
            EventCache.put(UInt32(ce.events.count), into: &body)
            for e in ce.events {
                let start = written + body.count
                EventCache.encode(e, into: &body)
                guard let s = e.subject else { continue }
                let g: Int
                if let l = last, l.subject == s {
                    g = l.group
                } else if let known = group[s] {
                    g = known
                } else {
                    g = groups.count
                    group[s] = g
                    groups.append([])
                }
                last = (s, g)
                groups[g].append((Int32(c), start..<(written + body.count)))
                if body.count >= 1 << 18 { handOn() }
            }
            if body.count >= 1 << 18 { handOn() }
        }
        body.withBytes { file.append(raw: $0) }
        // Read back before the file is put in place: these bytes are this writer's own, whatever
        // another process puts at `tipPath` meanwhile.
        guard let mapped = file.mapWritten() else { return file.finishSealed() }
        file.finishSealed()
        defer { munmap(UnsafeMutableRawPointer(mutating: mapped.baseAddress), mapped.count) }

        // A run of one commit's events is told by the commit's place in `history`, not by
        // comparing each event's id, author and summary with the event before.
        let subjects = group.sorted(by: { $0.key < $1.key })
        var out = SubjectGroups(path: subjectsPath, version: Self.subjectsVersion, tip: tip, subjects: subjects.map(\.key))
        for (subject, g) in subjects {
            let events = groups[g]
            out.add(subject, count: events.count, sameCommit: { events[$0].commit == events[$1].commit },
                    head: { let c = history[Int(events[$0].commit)].commit; return SubjectGroups.head(id: c.id, author: c.author, message: c.summary) },
                    encoded: { i, blocks in blocks.append(raw: UnsafeRawBufferPointer(rebasing: mapped[events[i].bytes])) })
        }
        out.write()
    }

    /// Writes `subjects-v1` holding only `subject`'s events in the history of `tip` (a scan of
    /// that subject alone, `HistoryScanner.events(about:from:)`): marked partial, so another
    /// subject is not read there as having no events. A full scan's files replace it.
    func saveSubject(_ subject: String, _ events: [LedgerEvent], tip: ObjectID) {
        var out = SubjectGroups(path: subjectsPath, version: Self.partialSubjectsVersion, tip: tip, subjects: [subject])
        out.add(subject, count: events.count, sameCommit: { events[$0].commit == events[$1].commit },
                head: { SubjectGroups.head(id: events[$0].commit, author: events[$0].author, message: events[$0].message) },
                encoded: { i, blocks in EventCache.encode(events[i], into: &blocks) })
        out.write()
    }

    /// Groups of events by subject as `subjects-v1` holds them, each group's place and checksum
    /// in an index: a group is its count of events, then runs of one commit's events, each the
    /// commit's id, author and message, the run's count and its events. Written as made
    /// (`CacheFileWriter`): the head (the header, the index, their checksum) last, over a
    /// stand-in of its length, which the subjects' names fix before any group is made; a group
    /// is made in a buffer reused for each, to be sealed. Before runs, each event carried its
    /// commit's fields: ~9 MB of the 21.6 MB file after a cold scan of 10,000 commits, whose
    /// first commit alone brings ~90,000 events (BENCHMARKS.md, session 17).
    struct SubjectGroups {
        private let file: CacheFileWriter
        private let version: String
        private let tip: ObjectID
        private let headLength: Int
        private var count: UInt32 = 0
        private var index: [UInt8] = []
        private var group = CacheBytes(capacity: 1 << 16)

        /// `subjects`: the names of the groups to come, in the order they will be added.
        init(path: String, version: String, tip: ObjectID, subjects: [String]) {
            file = CacheFileWriter(path: path)
            self.version = version
            self.tip = tip
            // The index: the count of groups, then each group's name, place, length and checksum.
            var indexLength = 4
            for s in subjects { indexLength += 4 + s.utf8.count + 4 + 4 + 16 }
            headLength = TipCache.header(version, tip: tip).count + 4 + indexLength + 16
            file.append(contentsOf: [UInt8](repeating: 0, count: headLength))
        }

        /// What an event's entry starts with: its commit's id, author and message.
        static func head(id: ObjectID, author: Signature, message: String) -> [UInt8] {
            var bytes = id.bytes
            TipCache.put(author, into: &bytes)
            EventCache.put(message, into: &bytes)
            return bytes
        }

        /// A group of `count` events: `sameCommit(i, j)` tells whether the i-th and j-th are of one
        /// commit, `head(i)` is the i-th one's `head`, `encoded(i, &group)` appends its encoding.
        mutating func add(_ subject: String, count n: Int, sameCommit: (Int, Int) -> Bool, head: (Int) -> [UInt8],
                          encoded: (Int, inout CacheBytes) -> Void) {
            group.removeAll()
            EventCache.put(UInt32(n), into: &group)
            var i = 0
            while i < n {
                var j = i + 1
                while j < n, sameCommit(i, j) { j += 1 }
                group.append(contentsOf: head(i))
                EventCache.put(UInt32(j - i), into: &group)
                for k in i..<j { encoded(k, &group) }
                i = j
            }
            EventCache.put(subject, into: &index)
            EventCache.put(UInt32(file.offset - headLength), into: &index)
            EventCache.put(UInt32(group.count), into: &index)
            group.withBytes { bytes in
                index += Array(CacheFile.hexSeal(bytes).utf8)
                file.append(raw: bytes)
            }
            count += 1
        }

        /// Writes the head over its stand-in (the header, the index's length, the index — the
        /// number of groups first —, the checksum of all three) and puts the file in place.
        func write() {
            var head = TipCache.header(version, tip: tip)
            EventCache.put(UInt32(4 + index.count), into: &head)
            EventCache.put(count, into: &head)
            head += index
            head += Array(CacheFile.hexSeal(head).utf8)
            precondition(head.count == headLength, "subjects-v1: the groups added are the subjects named")
            file.finish(overwritingStart: head)
        }
    }

    static func header(_ version: String, tip: ObjectID) -> [UInt8] { Array((version + "\n").utf8) + tip.bytes }

    static func put(_ s: Signature, into out: inout some CacheSink) {
        EventCache.put(s.name, into: &out)
        EventCache.put(s.email, into: &out)
        let t = UInt64(bitPattern: s.time)
        EventCache.put(UInt32(truncatingIfNeeded: t), into: &out)
        EventCache.put(UInt32(truncatingIfNeeded: t >> 32), into: &out)
        EventCache.put(UInt32(bitPattern: Int32(truncatingIfNeeded: s.offsetMinutes)), into: &out)
    }

    static func put(_ c: Commit, into out: inout some CacheSink) {
        out.append(id: c.id)
        out.append(id: c.tree)
        EventCache.put(UInt32(c.parents.count), into: &out)
        for p in c.parents { out.append(id: p) }
        put(c.author, into: &out)
        put(c.committer, into: &out)
        EventCache.put(c.message, into: &out)
        EventCache.put(c.summary, into: &out)
    }

    // MARK: Reading

    /// The history scanned from `tip`; nil when the file holds another tip or is unreadable.
    func history(tip: ObjectID) -> [CommitEvents]? {
        let header = Self.header(Self.version, tip: tip)
        guard let body = CacheFile.readSealed(tipPath, header: header) else { return nil }
        return Self.parseHistory(body, header: header)
    }

    /// nil unless the body (a sealed file's, starting with `header`) is well formed.
    static func parseHistory(_ body: [UInt8], header: [UInt8]) -> [CommitEvents]? {
        var out: [CommitEvents] = []
        let whole = walk(body, from: header.count, reserve: { out.reserveCapacity($0) }) { commit, below, count, r in
            var events: [LedgerEvent] = []
            events.reserveCapacity(count)
            for _ in 0..<count {
                guard let e = EventCache.decode(&r) else { return false }
                events.append(e.event(of: commit))
            }
            out.append(CommitEvents(commit: commit, events: events, ledgerParent: below))
            return true
        }
        return whole ? out : nil
    }

    /// Each single-parent or root commit's events in the `tip-v1` at `path`, whatever tip it was
    /// written for (a commit's events are the same in every history that holds it): what
    /// `events-v1` leaves to it (`EventCache`); nil when the file is missing, of another version
    /// or damaged.
    static func entries(at path: String) -> [ObjectID: EventCache.Entry]? {
        let versionLine = Array((version + "\n").utf8)
        guard let body = CacheFile.readSealed(path, header: versionLine), body.count >= versionLine.count + 20 else { return nil }
        var out: [ObjectID: EventCache.Entry] = [:]
        let whole = walk(body, from: versionLine.count + 20, reserve: { out.reserveCapacity($0) }) { commit, _, count, r in
            var events: [EventCache.Event] = []
            events.reserveCapacity(count)
            for _ in 0..<count {
                guard let e = EventCache.decode(&r) else { return false }
                events.append(e)
            }
            if commit.parents.count <= 1 { out[commit.id] = events }
            return true
        }
        return whole ? out : nil
    }

    /// Reads a `tip-v1` body from `start` (past its header): `reserve` is given the number of
    /// commits, then `each` each commit, the ledger commit below it and its number of events,
    /// with the reader at its first event, to read them all (false: they do not read).
    /// Whether the whole body read.
    private static func walk(_ body: [UInt8], from start: Int, reserve: (Int) -> Void,
                             _ each: (Commit, ObjectID?, Int, inout EventCache.Reader) -> Bool) -> Bool {
        var r = EventCache.Reader(bytes: body, at: start)
        guard let n = r.u32(), Int(n) <= (body.count - r.at) / 40 else { return false }
        reserve(Int(n))
        for _ in 0..<n {
            guard let commit = commit(&r), let flag = r.byte() else { return false }
            var below: ObjectID? = nil
            if flag == 1 { guard let p = r.id() else { return false }; below = p } else if flag != 0 { return false }
            guard let count = r.u32(), Int(count) <= (body.count - r.at) / 40, each(commit, below, Int(count), &r) else { return false }
        }
        return r.at == body.count
    }

    /// Every event about `subject` in the history of `tip`, oldest first ([] when there is none);
    /// nil when the file holds another tip or is unreadable. Reads the index and one group.
    func events(about subject: String, tip: ObjectID) -> [LedgerEvent]? {
        let fd = open(subjectsPath, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        func read(_ count: Int, at offset: Int) -> [UInt8]? {
            guard count >= 0 else { return nil }
            var out = [UInt8](repeating: 0, count: count)
            var done = 0
            while done < count {
                let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
                if n <= 0 { return nil }
                done += n
            }
            return out
        }
        var header = Self.header(Self.subjectsVersion, tip: tip)
        var partial = false
        guard var start = read(header.count + 4, at: 0) else { return nil }
        if !start[..<header.count].elementsEqual(header) {
            header = Self.header(Self.partialSubjectsVersion, tip: tip)
            partial = true
            guard let s = read(header.count + 4, at: 0), s[..<header.count].elementsEqual(header) else { return nil }
            start = s
        }
        var r = EventCache.Reader(bytes: start, at: header.count)
        guard let indexLength = r.u32().map(Int.init), indexLength < 1 << 28,
              let rest = read(indexLength + 16, at: start.count) else { return nil }
        let head = start + rest[..<indexLength]
        guard rest[indexLength...].elementsEqual(Array(CacheFile.hexSeal(head).utf8)) else { return nil }
        r = EventCache.Reader(bytes: head, at: start.count)
        guard let groups = r.u32() else { return nil }
        for _ in 0..<groups {
            guard let name = r.required(), let offset = r.u32(), let length = r.u32(), r.at + 16 <= head.count else { return nil }
            let sum = head[r.at..<(r.at + 16)]
            r.at += 16
            guard name == subject else { continue }
            guard let block = read(Int(length), at: head.count + 16 + Int(offset)),
                  sum.elementsEqual(Array(CacheFile.hexSeal(block).utf8)) else { return nil }
            return Self.parseGroup(block)
        }
        return partial ? nil : []
    }

    static func parseGroup(_ block: [UInt8]) -> [LedgerEvent]? {
        var r = EventCache.Reader(bytes: block, at: 0)
        guard let n = r.u32(), Int(n) <= block.count / 40 else { return nil }
        var out: [LedgerEvent] = []
        out.reserveCapacity(Int(n))
        while out.count < Int(n) {
            guard let id = r.id(), let author = signature(&r), let message = r.required(), let k = r.u32(), k > 0,
                  Int(k) <= Int(n) - out.count else { return nil }
            for _ in 0..<k {
                guard let e = EventCache.decode(&r) else { return nil }
                out.append(LedgerEvent(commit: id, author: author, message: message, path: e.path, kind: e.kind, subject: e.subject,
                                       quarter: e.quarter, metric: e.metric, field: e.field, old: e.old, new: e.new,
                                       recordChange: e.recordChange, reason: e.reason))
            }
        }
        guard r.at == block.count else { return nil }
        return out
    }

    static func signature(_ r: inout EventCache.Reader) -> Signature? {
        guard let name = r.required(), let email = r.required(), let lo = r.u32(), let hi = r.u32(), let offset = r.u32() else { return nil }
        return Signature(name: name, email: email, time: Int64(bitPattern: UInt64(hi) << 32 | UInt64(lo)),
                         offsetMinutes: Int(Int32(bitPattern: offset)))
    }

    static func commit(_ r: inout EventCache.Reader) -> Commit? {
        guard let id = r.id(), let tree = r.id(), let n = r.u32(), n < 1 << 16 else { return nil }
        var parents: [ObjectID] = []
        for _ in 0..<n { guard let p = r.id() else { return nil }; parents.append(p) }
        guard let author = signature(&r), let committer = signature(&r), let message = r.required(), let summary = r.required() else { return nil }
        return Commit(id: id, tree: tree, parents: parents, author: author, committer: committer, message: message, summary: summary)
    }
}

extension EventCache.Reader {
    mutating func byte() -> UInt8? {
        guard at < bytes.count else { return nil }
        defer { at += 1 }
        return bytes[at]
    }

    mutating func id() -> ObjectID? {
        guard at + 20 <= bytes.count else { return nil }
        defer { at += 20 }
        return ObjectID(bytes: bytes[at..<(at + 20)])
    }
}
