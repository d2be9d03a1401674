import LedgerCore

/// Pretty JSON written straight into bytes, value by value: the same text `JSON` renders
/// (two-space indentation, keys in the order written, numbers as the ledger's exact decimals,
/// every control character escaped), without building a tree of values first. A year of
/// scores is megabytes: `kpi score` writes it with this, a subject at a time, and hands the
/// bytes on in pieces (`take`) instead of holding the document (docs/architecture.md).
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []
    /// Each open container: an array (values take a separator), and how many items it has.
    private var open: [(array: Bool, count: Int)] = []
    /// The nesting level the first value stands at (a part of a larger document).
    private let level: Int

    /// `level`: as `JSON.bytes(level:)`, the nesting at which the written value is placed.
    package init(level: Int = 0, capacity: Int = 1024) {
        self.level = level
        bytes.reserveCapacity(capacity)
    }

    /// The bytes written so far, handed over; the writer goes on with an empty buffer.
    package mutating func take() -> [UInt8] {
        let out = bytes
        bytes.removeAll(keepingCapacity: true)
        return out
    }

    // MARK: Containers

    package mutating func beginObject() { beginValue(); bytes.append(UInt8(ascii: "{")); open.append((false, 0)) }
    package mutating func endObject() { close(UInt8(ascii: "}")) }
    package mutating func beginArray() { beginValue(); bytes.append(UInt8(ascii: "[")); open.append((true, 0)) }
    package mutating func endArray() { close(UInt8(ascii: "]")) }

    /// An object's key; the value written next is its value.
    package mutating func key(_ k: StaticString) {
        nextItem()
        bytes.append(UInt8(ascii: "\""))
        k.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":"), UInt8(ascii: " ")])
    }

    /// A key from the ledger (a rating's name), escaped.
    package mutating func key(_ k: String) {
        nextItem()
        JSON.escape(k, into: &bytes)
        bytes.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
    }

    // MARK: Values

    package mutating func null() { beginValue(); bytes.append(contentsOf: "null".utf8) }
    package mutating func bool(_ b: Bool) { beginValue(); bytes.append(contentsOf: (b ? "true" : "false").utf8) }
    package mutating func int(_ i: Int) { beginValue(); bytes.append(contentsOf: String(i).utf8) }

    /// A string, or null.
    package mutating func string(_ s: String?) {
        guard let s else { return null() }
        beginValue()
        JSON.escape(s, into: &bytes)
    }

    /// An exact decimal as JSON writes it (`Number.description`), or null.
    package mutating func number(_ n: Number?) {
        guard let n else { return null() }
        beginValue()
        n.appendPlainText(to: &bytes)
    }

    /// A value already written at the level it stands at (`JSONWriter(level:)`, a part written
    /// on another core).
    package mutating func raw(_ part: [UInt8]) {
        beginValue()
        bytes.append(contentsOf: part)
    }

    /// The line break that ends a document.
    package mutating func endDocument() { bytes.append(UInt8(ascii: "\n")) }

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

    /// Inside an array a value is an item (separator, line, indentation); after a key it is not.
    private mutating func beginValue() {
        if let top = open.last, top.array { nextItem() }
    }

    private mutating func nextItem() {
        guard !open.isEmpty else { return }
        if open[open.count - 1].count > 0 { bytes.append(UInt8(ascii: ",")) }
        open[open.count - 1].count += 1
        newline(level + open.count)
    }

    private mutating func close(_ bracket: UInt8) {
        let top = open.removeLast()
        if top.count > 0 { newline(level + open.count) }
        bytes.append(bracket)
    }

    private mutating func newline(_ depth: Int) { JSON.newline(depth, into: &bytes) }
}
