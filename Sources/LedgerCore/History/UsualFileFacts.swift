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
        self.b = b
        let n = b.count
        guard n > 0, b[n - 1] == 10 else { return nil }
        entries.reserveCapacity(n / 16)
        var i = 0
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
