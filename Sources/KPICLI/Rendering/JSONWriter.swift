import LedgerCore

/// Pretty JSON written straight into bytes, value by value: the same text `JSON` renders
/// (two-space indentation, keys in the order written, numbers as the ledger's exact decimals,
/// every control character escaped), without building a tree of values first. A year of
/// scores is megabytes: `kpi score` writes it with this, a subject at a time, and hands the
/// bytes on in pieces (`take`) instead of holding the document (docs/architecture.md).
package struct JSONWriter {
    /// The text written so far is `storage[0..<length]`; the rest is room already made, so
    /// a key, its indentation or a number is copied in with one bounds check (a year of scores
    /// is a quarter of a million keys).
    private var storage: [UInt8]
    private var length = 0
    /// The open containers, innermost at bit `depth - 1`: which are arrays (values take a
    /// separator), and which have an item already.
    private var arrays: UInt64 = 0
    private var filled: UInt64 = 0
    private var depth = 0
    /// The nesting level the first value stands at (a part of a larger document).
    private let level: Int

    /// `level`: as `JSON.bytes(level:)`, the nesting at which the written value is placed.
    package init(level: Int = 0, capacity: Int = 1024) {
        self.level = level
        storage = JSONWriter.room(Swift.max(capacity, 64))
    }

    /// `n` bytes of room, not cleared: only what is written is ever read (a subject's part
    /// cleared first cost a cold year's JSON 16 MB of `memset`).
    private static func room(_ n: Int) -> [UInt8] { [UInt8](unsafeUninitializedCapacity: n) { _, count in count = n } }

    /// The bytes written so far.
    package var bytes: [UInt8] { Array(storage[0..<length]) }
    /// How many bytes are written so far.
    package var count: Int { length }

    /// The bytes written so far, handed over as they lie (no copy); the writer goes on with
    /// new room as large.
    package mutating func take() -> [UInt8] {
        var out = storage
        storage = JSONWriter.room(out.count)
        out.removeLast(out.count - length)
        length = 0
        return out
    }

    /// The bytes written, handed over as they lie: the writer is done.
    package consuming func finished() -> [UInt8] {
        storage.removeLast(storage.count - length)
        return storage
    }

    // MARK: Containers

    package mutating func beginObject() { open(UInt8(ascii: "{"), array: false) }
    package mutating func endObject() { close(UInt8(ascii: "}")) }
    package mutating func beginArray() { open(UInt8(ascii: "["), array: true) }
    package mutating func endArray() { close(UInt8(ascii: "]")) }

    /// An object's key; the value written next is its value. Its separator, line, indentation,
    /// quotes and colon are written in one go.
    package mutating func key(_ k: StaticString) {
        let n = k.utf8CodeUnitCount
        item(extra: n + 4) { p in
            p[0] = UInt8(ascii: "\"")
            (p + 1).update(from: k.utf8Start, count: n)
            p[n + 1] = UInt8(ascii: "\"")
            p[n + 2] = UInt8(ascii: ":")
            p[n + 3] = UInt8(ascii: " ")
        }
    }

    /// A key from the ledger (a rating's name), escaped.
    package mutating func key(_ k: String) {
        nextItem()
        quoted(k)
        append(UInt8(ascii: ":"), UInt8(ascii: " "))
    }

    // MARK: Values

    package mutating func null() { beginValue(); append("null") }
    package mutating func bool(_ b: Bool) { beginValue(); append(b ? "true" : "false") }
    package mutating func int(_ i: Int) { beginValue(); append(Array(String(i).utf8)) }

    /// A string, or null.
    package mutating func string(_ s: String?) {
        guard let s else { return null() }
        beginValue()
        quoted(s)
    }

    /// `s` between quotes: the usual string, needing no escape, copied as it is.
    private mutating func quoted(_ s: String) {
        var s = s
        let copied = s.withUTF8 { plain -> Bool in
            guard JSON.isPlain(plain) else { return false }
            let n = plain.count
            fill(n + 2) { p in
                p[0] = UInt8(ascii: "\"")
                if n > 0 { (p + 1).update(from: plain.baseAddress!, count: n) }
                p[n + 1] = UInt8(ascii: "\"")
            }
            return true
        }
        if !copied { append(JSON.escaped(s)) }
    }

    /// An exact decimal as JSON writes it (`Number.description`), or null.
    package mutating func number(_ n: Number?) {
        guard let n else { return null() }
        beginValue()
        var written = true
        write(upTo: Number.plainTextCapacity) { p in
            guard let count = n.writePlainText(to: p) else { written = false; return 0 }
            return count
        }
        if !written {
            var wide: [UInt8] = []
            n.appendPlainText(to: &wide)
            append(wide)
        }
    }

    /// A value already written at the level it stands at (`JSONWriter(level:)`, a part written
    /// on another core).
    package mutating func raw(_ part: [UInt8]) {
        beginValue()
        append(part)
    }

    /// The line break that ends a document.
    package mutating func endDocument() { append(UInt8(ascii: "\n")) }

    /// `key` and a value in one.
    package mutating func field(_ k: StaticString, _ s: String?) { key(k); string(s) }
    package mutating func field(_ k: StaticString, number n: Number?) { key(k); number(n) }
    package mutating func field(_ k: StaticString, _ b: Bool) { key(k); bool(b) }
    package mutating func field(_ k: StaticString, _ i: Int) { key(k); int(i) }

    /// An array of strings.
    package mutating func strings(_ items: [String]) {
        beginArray()
        for s in items { string(s) }
        endArray()
    }

    // MARK: Layout

    private mutating func open(_ bracket: UInt8, array: Bool) {
        beginValue()
        append(bracket)
        precondition(depth < 64, "JSON nested more than 64 levels")
        let bit: UInt64 = 1 << UInt64(depth)
        if array { arrays |= bit } else { arrays &= ~bit }
        filled &= ~bit
        depth += 1
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        let bit: UInt64 = 1 << UInt64(depth)
        let items = filled & bit != 0
        filled &= ~bit
        if items { newline(level + depth) }
        append(bracket)
    }

    /// Inside an array a value is an item (separator, line, indentation); after a key it is not.
    private mutating func beginValue() {
        if depth > 0, arrays & (1 << UInt64(depth - 1)) != 0 { nextItem() }
    }

    private mutating func nextItem() { item(extra: 0) { _ in } }

    /// The next item of the innermost container: a separator after the first, a line break and
    /// the indentation, then `extra` bytes `body` writes.
    @inline(__always)
    private mutating func item(extra: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Void) {
        guard depth > 0 else { return fill(extra, body) }
        let bit: UInt64 = 1 << UInt64(depth - 1)
        let comma = filled & bit != 0
        filled |= bit
        let spaces = 2 * (level + depth)
        write(upTo: spaces + 10 + extra) { p in
            var i = 0
            if comma { p[0] = UInt8(ascii: ","); i = 1 }
            p[i] = UInt8(ascii: "\n")
            JSONWriter.spaces(p + i + 1, spaces)
            i += 1 + spaces
            body(p + i)
            return i + extra
        }
    }

    private mutating func newline(_ level: Int) {
        write(upTo: 2 * level + 9) { p in
            p[0] = UInt8(ascii: "\n")
            JSONWriter.spaces(p + 1, 2 * level)
            return 1 + 2 * level
        }
    }

    /// `n` spaces at `p`, eight at a time: up to seven more bytes after them are overwritten
    /// (room the caller made, and writes over next).
    @inline(__always)
    private static func spaces(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) {
        let raw = UnsafeMutableRawPointer(p)
        var k = 0
        while k < n {
            raw.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: k, as: UInt64.self)
            k += 8
        }
    }

    // MARK: Bytes

    /// Makes room for `n` bytes and lets `body` write them at the end.
    @inline(__always)
    private mutating func fill(_ n: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Void) {
        write(upTo: n) { p -> Int in body(p); return n }
    }

    /// Makes room for up to `most` bytes; `body` writes and says how many it wrote.
    @inline(__always)
    private mutating func write(upTo most: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if length + most > storage.count { grow(length + most) }
        let at = length
        length += storage.withUnsafeMutableBufferPointer { body($0.baseAddress! + at) }
    }

    private mutating func grow(_ needed: Int) {
        var larger = JSONWriter.room(Swift.max(needed, 2 * storage.count))
        larger.withUnsafeMutableBufferPointer { to in
            storage.withUnsafeBufferPointer { from in to.baseAddress!.update(from: from.baseAddress!, count: length) }
        }
        storage = larger
    }

    private mutating func append(_ b: UInt8) { fill(1) { $0[0] = b } }
    private mutating func append(_ a: UInt8, _ b: UInt8) { fill(2) { $0[0] = a; $0[1] = b } }

    private mutating func append(_ s: StaticString) {
        let n = s.utf8CodeUnitCount
        fill(n) { $0.update(from: s.utf8Start, count: n) }
    }

    private mutating func append(_ bytes: [UInt8]) {
        let n = bytes.count
        guard n > 0 else { return }
        fill(n) { p in bytes.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: n) } }
    }
}
