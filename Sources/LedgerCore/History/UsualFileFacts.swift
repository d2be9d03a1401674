import Foundation
import LedgerFormat

/// The facts of a ledger file of the usual shape — the shape kpi writes — read straight from
/// its bytes, without the parser's document: a cold `kpi audit` reduces ~20,000 versions of
/// records, goals and review files to facts, and parsing them was most of that work
/// (BENCHMARKS.md, "Session 8").
///
/// The usual shape, line by line, each line ending in a line feed: top-level `key: value`
/// lines; then, for a records or goals file, the line `records:` (`goals:`) and its items, each
/// `  - key: value` followed by `    key: value` lines, to the end of the file. A key is
/// lower-case letters, digits and `_`, never twice in one mapping; a value is a plain scalar
/// written after one space, starting with none of YAML's indicators, holding no `#`, no `: `, no
/// tab and no control character, not ending in a space or `:`, its UTF-8 what the parser
/// accepts. Anything else — a comment, a blank line, a quoted value, a nested list, another
/// indentation, CRLF — is declined (nil), and `FileFacts.read` parses the file: so what is
/// read here is what the parser's document gives, and a file the parser refuses is never read
/// here (`UsualFileFactsTests` compares the two on generated files and their edits).
extension FileFacts {
    static func usual(_ bytes: [UInt8], kind: LedgerFileKind) -> FileFacts? {
        bytes.withUnsafeBufferPointer { b in
            guard let file = UsualFile(b) else { return nil }
            return file.facts(kind: kind)
        }
    }

    /// `read`, for a thread reading version after version of a history's files: a records file
    /// whose bytes up to the last item of the version of the same path read before are the
    /// same (records are appended: the usual edit) is read from that item on, the records
    /// before it taken from that version's facts. Each version of a records file of a cold
    /// audit of 10,000 commits was read whole (BENCHMARKS.md, session 17).
    static func read(_ bytes: [UInt8], path: String, kind: LedgerFileKind, memo: RecordsMemo) -> FileFacts? {
        guard kind == .records else { return read(bytes, path: path, kind: kind) }
        let known = memo.last[path]
        let version: RecordsMemo.Version? = bytes.withUnsafeBufferPointer { b in
            if let known, let (file, before) = UsualFile.resuming(b, after: known), let tail = file.records() {
                memo.resumed += 1
                return RecordsMemo.Version(bytes: bytes, lastItemStart: tail.lastItemStart, listKey: tail.listKey, records: before + tail.records)
            }
            guard let whole = UsualFile(b)?.records() else { return nil }
            return RecordsMemo.Version(bytes: bytes, lastItemStart: whole.lastItemStart, listKey: whole.listKey, records: whole.records)
        }
        memo.last[path] = version
        // Not a records file of the usual shape: the parser's to read.
        guard let version else { return parsed(bytes, path: path, kind: kind) }
        return .records(version.records)
    }

    /// The last version of each records file read on one thread (`read(_:path:kind:memo:)`).
    final class RecordsMemo {
        struct Version {
            let bytes: [UInt8]
            /// Where the line of the last item (the last of `records`) starts in `bytes`.
            let lastItemStart: Int
            let listKey: Range<Int>
            let records: [RecordFact]
        }

        fileprivate var last: [String: Version] = [:]
        /// How many versions were read from the last item of the one before (for the tests).
        fileprivate(set) var resumed = 0

        init() {}
    }
}

/// A file of the usual shape as byte ranges: the top-level entries, then the list's items.
private struct UsualFile {
    let b: UnsafeBufferPointer<UInt8>
    /// Top-level `key: value` entries, in file order.
    var top: [(key: Range<Int>, value: Range<Int>)] = []
    /// The list's key (nil: the file has no list).
    var listKey: Range<Int>?
    /// Every item's entries, one after another; `itemStarts[i]` is where item i's begin.
    var entries: [(key: Range<Int>, value: Range<Int>)] = []
    var itemStarts: [Int] = []

    init?(_ b: UnsafeBufferPointer<UInt8>) {
        self.init(b, from: 0)
    }

    /// The file from byte `start`, a line's start, with the list's key `list` already read
    /// (nil: from the start, nothing read yet).
    private init?(_ b: UnsafeBufferPointer<UInt8>, from start: Int, list: Range<Int>? = nil) {
        self.b = b
        listKey = list
        let n = b.count
        guard n > start, b[n - 1] == 10 else { return nil }
        entries.reserveCapacity((n - start) / 16)
        var i = start
        while i < n {
            var end = i
            while b[end] != 10 { end += 1 }  // the file ends in a line feed
            if listKey == nil {
                if let (k, v) = Self.entry(b, i, end) {
                    guard !Self.repeats(k, in: top, from: 0, b) else { return nil }
                    top.append((k, v))
                } else {
                    // `list:`: the key alone, then its items.
                    guard end > i, b[end - 1] == 58, let k = Self.key(b, i, end - 1), k.upperBound == end - 1,
                          !Self.repeats(k, in: top, from: 0, b) else { return nil }
                    listKey = k
                }
            } else if end - i > 4, b[i] == 32, b[i + 1] == 32, b[i + 2] == 45, b[i + 3] == 32 {
                guard let (k, v) = Self.entry(b, i + 4, end) else { return nil }
                itemStarts.append(entries.count)
                entries.append((k, v))
            } else if end - i > 4, !itemStarts.isEmpty, b[i] == 32, b[i + 1] == 32, b[i + 2] == 32, b[i + 3] == 32 {
                guard let (k, v) = Self.entry(b, i + 4, end), !Self.repeats(k, in: entries, from: itemStarts[itemStarts.count - 1], b) else { return nil }
                entries.append((k, v))
            } else {
                return nil
            }
            i = end + 1
        }
        // A list with no item (`records:` and nothing after) is an empty value: the parser's to read.
        if listKey != nil && itemStarts.isEmpty { return nil }
    }

    /// The items of `b` from the line where `known`'s last item starts, when every byte before
    /// it is `known`'s (its top-level entries and list key, and its items before that one, are
    /// then this file's too: a file is read line by line, and an item is its own lines), with
    /// `known`'s records before that item. Reads no top-level entry (`top` is empty).
    static func resuming(_ b: UnsafeBufferPointer<UInt8>, after known: FileFacts.RecordsMemo.Version) -> (UsualFile, [FileFacts.RecordFact])? {
        let start = known.lastItemStart
        guard start > 0, b.count > start, known.bytes.count >= start,
              known.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, b.baseAddress!, start) == 0 }),
              let file = UsualFile(b, from: start, list: known.listKey) else { return nil }
        return (file, Array(known.records.dropLast()))
    }

    /// A records file's records, its list key and where its last item's line starts; nil for a
    /// file that is not a records file of the usual shape.
    func records() -> (records: [FileFacts.RecordFact], listKey: Range<Int>, lastItemStart: Int)? {
        guard case .records(let records)? = facts(kind: .records), let listKey, let last = itemStarts.last else { return nil }
        // The item's line is "  - key: value": its first key starts four bytes in.
        return (records, listKey, entries[last].key.lowerBound - 4)
    }

    /// `key: value` from `start` to the line's end `end`.
    static func entry(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Range<Int>, Range<Int>)? {
        guard let k = key(b, start, end), k.upperBound + 2 < end, b[k.upperBound] == 58, b[k.upperBound + 1] == 32,
              value(b, k.upperBound + 2, end) else { return nil }
        return (k, (k.upperBound + 2)..<end)
    }

    /// Lower-case letters, digits and `_` from `start`, up to the first other byte (before `end`).
    static func key(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Range<Int>? {
        var i = start
        while i < end {
            let c = b[i]
            guard (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95 else { break }
            i += 1
        }
        // The parser refuses a key over 1024 characters (as libyaml does).
        return i > start && i - start <= 1000 ? start..<i : nil
    }

    /// Whether key `k` is among `list[from...]`'s keys.
    static func repeats(_ k: Range<Int>, in list: [(key: Range<Int>, value: Range<Int>)], from: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var j = from
        while j < list.count {
            let o = list[j].key
            if o.count == k.count && memcmp(b.baseAddress! + o.lowerBound, b.baseAddress! + k.lowerBound, k.count) == 0 { return true }
            j += 1
        }
        return false
    }

    /// Whether `start..<end` is a plain scalar the parser reads as exactly these bytes.
    static func value(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        switch b[start] {
        // Indicators, quotes, spaces: the parser reads these otherwise (or refuses them).
        case 32, 33, 34, 35, 37, 38, 39, 42, 44, 45, 58, 62, 63, 64, 91, 93, 96, 123, 124, 125: return false
        default: break
        }
        let last = b[end - 1]
        if last == 32 || last == 58 { return false }
        var i = start
        while i < end {
            let c = b[i]
            if c < 0x80 {
                if c < 32 || c == 127 || c == 35 { return false }
                if c == 58 && b[i + 1] == 32 { return false }
                i += 1
                continue
            }
            // UTF-8 as the parser's text check accepts it; else declined.
            guard let len = usualScalarLength(b, i, end) else { return false }
            i += len
        }
        return true
    }

    func string(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self) }

    func named(_ r: Range<Int>, _ name: StaticString) -> Bool {
        r.count == name.utf8CodeUnitCount && memcmp(b.baseAddress! + r.lowerBound, name.utf8Start, r.count) == 0
    }

    /// What `FileFacts.read` gives for this file as a file of `kind`; nil for a shape read there only.
    func facts(kind: LedgerFileKind) -> FileFacts? {
        switch kind {
        case .records:
            guard let listKey, named(listKey, "records") else { return nil }
            var out: [FileFacts.RecordFact] = []
            out.reserveCapacity(itemStarts.count)
            for (n, start) in itemStarts.enumerated() {
                let end = n + 1 < itemStarts.count ? itemStarts[n + 1] : entries.count
                var date: Range<Int>?, metric: Range<Int>?, value: Range<Int>?, source: Range<Int>?, note: Range<Int>?, corrects: Range<Int>?
                for (k, v) in entries[start..<end] {
                    if named(k, "date") { date = v }
                    else if named(k, "metric") { metric = v }
                    else if named(k, "value") { value = v }
                    else if named(k, "source") { source = v }
                    else if named(k, "note") { note = v }
                    else if named(k, "corrects") { corrects = v }
                }
                out.append(FileFacts.RecordFact(date: date.map(string) ?? "", metric: metric.map(string) ?? "", value: value.map(string) ?? "",
                                                source: source.map(string), note: note.map(string), corrects: corrects.map(string)))
            }
            return .records(out)
        case .goals:
            guard let listKey, named(listKey, "goals") else { return nil }
            var goals: [(metric: String, fields: [(String, String)])] = []
            goals.reserveCapacity(itemStarts.count)
            for (n, start) in itemStarts.enumerated() {
                let end = n + 1 < itemStarts.count ? itemStarts[n + 1] : entries.count
                guard let metric = entries[start..<end].first(where: { named($0.key, "metric") }) else { continue }
                var fields: [(String, String)] = []
                for (k, v) in entries[start..<end] where !named(k, "metric") { fields.append((string(k), string(v))) }
                goals.append((string(metric.value), fields))
            }
            return .goals(goals: goals, bonus: [])
        default:
            // Top-level values only: each is a key's value as written (no list: `admins`,
            // calibration ratings and groups of keys are the parser's to read).
            guard listKey == nil else { return nil }
            return .keys(top.map { (string($0.key), string($0.value)) }, admins: [])
        }
    }
}
