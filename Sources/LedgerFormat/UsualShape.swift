// A file of the usual shape — the shape kpi writes — parsed in one pass over its bytes into the
// very document the general parser (Parser.swift) makes of it: the same nodes in the same order,
// the same children, the same line starts. Almost every ledger file has this shape, and the
// general parser's per-line work (its frames, key hashes, scratch copies and a separate text
// check) was most of a cold load's parse (BENCHMARKS.md, "Session 9", "A file of the usual
// shape parsed in one pass").
//
// The usual shape, line by line (each line ending in LF, or CR LF): top-level `key: value`
// entries, or a `key:` alone followed by its list: items of `  - key: value` each followed by
// `    key: value` lines; an empty line, or a comment starting in the first column, anywhere. A
// key is lower-case letters, digits and `_`, never twice in one mapping (of at most 32 keys); a value is written
// after one space, either plain — starting with none of YAML's indicators (`-`, `?` and `:`
// only when a space or the line's end follows), holding no `#`, no `: `, no tab and no control
// character, not ending in a space or `:` — or in double quotes with no `"` or `\` inside; its
// UTF-8 what the text check accepts. Anything else (a BOM, `---`, an indented comment, block
// text, a nested list, another indentation, a tab, a `key:` with nothing below it) is declined,
// and the general parser reads the file, with its messages. `UsualShapeTests` compares the two
// documents on generated files and their random edits.


extension LedgerParser {
    /// The document of `bytes` when the file has the usual shape, else nil.
    static func usual(_ bytes: [UInt8], path: String) -> LedgerDocument? {
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else { return nil }
        return bytes.withUnsafeBufferPointer { b in
            var u = UsualShape(b)
            defer { u.free() }
            guard u.run() else { return nil }
            return LedgerDocument(path: path, bytes: bytes, root: 0, nodes: u.nodes.array, children: u.children.array,
                                  lineStarts: u.lineStarts.array)
        }
    }
}

extension LedgerParser {
    /// A plain value of the usual shape from byte `v` of `b` (after a key's `: `): where its text
    /// ends and where the next line starts, or nil when the usual shape would not read it as one
    /// (its rule, which a reader of a file's lines with no document shares: `RecordDecoder`'s
    /// records and goals files).
    public static func usualPlainValue(_ b: UnsafeBufferPointer<UInt8>, at v: Int) -> (end: Int, next: Int)? {
        guard v >= 0, v < b.count else { return nil }
        return UsualShape.plain(b, v)
    }

    /// The commonest values' end, in a few instructions a byte and inlined into the caller (a
    /// call of `usualPlainValue` is ~135 instructions, however short the value): where the
    /// value from byte `v` ends when it is letters, digits, `_` and `.` (and `-` and `%` after
    /// the first) up to an LF, which is where `usualPlainValue` says such a value ends (none of
    /// those bytes is an indicator or special in a plain value, and the last is no space or
    /// `:`), with the next line after the LF. Nil says nothing of the value: ask `usualPlainValue`.
    @inlinable @inline(__always)
    public static func usualSimpleValue(_ b: UnsafeBufferPointer<UInt8>, at v: Int) -> Int? {
        // The bytes allowed, as bits: `%` (0x25), `-` (0x2D), `.` (0x2E), digits; letters and `_`.
        let low: UInt64 = 1 << 0x25 | 1 << 0x2D | 1 << 0x2E | 0x03FF << 0x30
        let high: UInt64 = 0x07FF_FFFE | 1 << (0x5F - 64) | 0x07FF_FFFE << 32
        let n = b.count
        guard v >= 0, v < n else { return nil }
        let p = b.baseAddress!
        // Not `%` or `-` first: an indicator there.
        let first = p[v]
        guard first != 0x25, first != 0x2D else { return nil }
        var i = v
        while i < n {
            let c = p[i]
            let allowed = c < 64 ? low >> c & 1 : c < 128 ? high >> (c & 63) & 1 : 0
            if allowed == 0 { break }
            i += 1
        }
        guard i > v, i < n, p[i] == 0x0A else { return nil }
        return i
    }
}

/// Values appended in memory of their own: an append is a store and a count, where an array
/// checks that its storage is unique first. Only for plain values (nodes, ids, offsets).
private struct Run<T> {
    private(set) var p: UnsafeMutablePointer<T>
    var count = 0
    private var capacity: Int
    /// False while the run is in memory its owner lets go (`UsualShape.Room`), until it grows
    /// out of it into memory of its own.
    private var owned: Bool

    init(_ capacity: Int) {
        self.capacity = max(capacity, 8)
        p = .allocate(capacity: self.capacity)
        owned = true
    }

    /// A run in `capacity` values at `p`, memory its owner lets go.
    init(in p: UnsafeMutablePointer<T>, capacity: Int) {
        self.p = p
        self.capacity = capacity
        owned = false
    }

    @inline(__always) mutating func append(_ x: T) {
        if count == capacity { grow() }
        (p + count).initialize(to: x)
        count += 1
    }

    /// `other`'s values after these, copied at once.
    mutating func append(_ other: Run<T>) {
        while count + other.count > capacity { grow() }
        (p + count).initialize(from: other.p, count: other.count)
        count += other.count
    }

    private mutating func grow() {
        let q = UnsafeMutablePointer<T>.allocate(capacity: capacity * 2)
        q.moveInitialize(from: p, count: count)
        if owned { p.deallocate() }
        p = q
        capacity *= 2
        owned = true
    }

    @inline(__always) subscript(_ i: Int) -> T {
        get { p[i] }
        nonmutating set { p[i] = newValue }
    }

    var array: [T] { Array(UnsafeBufferPointer(start: p, count: count)) }
    func free() { if owned { p.deallocate() } }
}

private struct UsualShape {
    typealias Node = LedgerDocument.NodeRecord
    let b: UnsafeBufferPointer<UInt8>
    let p: UnsafePointer<UInt8>
    let n: Int
    var nodes: Run<Node>
    var children: Run<NodeID>
    var lineStarts: Run<Int32>
    /// The root mapping's keys and values, in order (its children once it closes).
    var top: Run<NodeID>
    /// The open list's items, and the open item's keys and values.
    var items: Run<NodeID>
    var entries: Run<NodeID>
    /// One allocation the six runs start in (six a file were a tenth of the parse of a small
    /// file): a run that outgrows its part moves to memory of its own.
    let room: UnsafeMutableRawPointer
    /// The open list's node (-1: none), the open item's (-1: none); a list key waiting for its
    /// first item.
    var list: Int32 = -1
    var item: Int32 = -1
    var listKeyWaiting = false

    /// The most keys a mapping read here may have.
    static let maxKeys = 32

    /// What a line's text may hold: a plain value's, a double-quoted value's (after its opening
    /// quote), a comment's.
    enum Mode { case plain, quoted, comment }

    init(_ b: UnsafeBufferPointer<UInt8>) {
        self.b = b
        p = b.baseAddress!
        n = b.count
        // The parts in the order of their alignment (a node's is 4, as an id's), each a whole
        // number of its values.
        let nodeCount = n / 8 + 16, childCount = n / 8 + 16, lineCount = n / 12 + 16
        let ids = childCount + lineCount + 16 + 64 + 16
        let nodeBytes = nodeCount * MemoryLayout<Node>.stride
        room = .allocate(byteCount: nodeBytes + ids * MemoryLayout<Int32>.stride,
                         alignment: max(MemoryLayout<Node>.alignment, MemoryLayout<Int32>.alignment))
        nodes = Run(in: room.bindMemory(to: Node.self, capacity: nodeCount), capacity: nodeCount)
        let rest = (room + nodeBytes).bindMemory(to: Int32.self, capacity: ids)
        children = Run(in: rest, capacity: childCount)
        lineStarts = Run(in: rest + childCount, capacity: lineCount)
        top = Run(in: rest + childCount + lineCount, capacity: 16)
        items = Run(in: rest + childCount + lineCount + 16, capacity: 64)
        entries = Run(in: rest + childCount + lineCount + 80, capacity: 16)
    }

    func free() {
        nodes.free(); children.free(); lineStarts.free(); top.free(); items.free(); entries.free()
        room.deallocate()
    }

    mutating func run() -> Bool {
        lineStarts.append(0)
        var i = 0
        while i < n {
            guard let next = line(i) else { return false }
            i = next
        }
        if listKeyWaiting || nodes.count == 0 { return false }
        closeList()
        close(0, top, pairs: true)
        return true
    }

    /// The line starting at `s`; the next line's start, or nil when it is not of the usual shape.
    mutating func line(_ s: Int) -> Int? {
        let c = p[s]
        if c == LF { return lineEnd(s, s + 1) }
        if c == CR {
            guard s + 1 < n, p[s + 1] == LF else { return nil }
            return lineEnd(s, s + 2)
        }
        if c == UInt8(ascii: "#") {
            guard let (le, next) = Self.scan(b, s + 1, .comment) else { return nil }
            return lineEnd(le, next)
        }
        if c == SP {
            // `  - key: value` or `    key: value`, inside a list.
            guard list >= 0 || listKeyWaiting, s + 4 < n, p[s + 1] == SP else { return nil }
            if p[s + 2] == UInt8(ascii: "-") && p[s + 3] == SP {
                if listKeyWaiting {
                    list = add(.sequence, .plain, s + 2, s + 2, 0)
                    listKeyWaiting = false
                }
                closeItem()
                item = add(.mapping, .plain, s + 4, s + 4, 0)
                return entry(s + 4, indent: 4)
            }
            guard item >= 0, p[s + 2] == SP, p[s + 3] == SP else { return nil }
            return entry(s + 4, indent: 4)
        }
        // A top-level entry: the list before it, if any, ends.
        guard !listKeyWaiting else { return nil }
        closeList()
        if nodes.count == 0 { _ = add(.mapping, .plain, s, s, 0) }
        return entry(s, indent: 0)
    }

    /// A line whose text ends at `le` and whose next line starts at `next` (`le` itself at the
    /// file's end without a line break).
    @inline(__always) mutating func lineEnd(_ le: Int, _ next: Int) -> Int {
        if next > le { lineStarts.append(Int32(truncatingIfNeeded: next)) }
        return next
    }

    /// `key: value` (or, at the top level, `key:` before a list) from `s`: an entry of the root
    /// mapping (`indent` 0) or of the open item (4). The next line's start, or nil.
    mutating func entry(_ s: Int, indent: Int32) -> Int? {
        // The key's end: its bytes eight at a time (most keys are one word), the last few one by one.
        var k = s
        while k + 8 <= n {
            let flagged = usualNonKeyBytes(UnsafeRawPointer(p).loadUnaligned(fromByteOffset: k, as: UInt64.self))
            if flagged != 0 { k += flagged.trailingZeroBitCount >> 3; break }
            k += 8
        }
        if k + 8 > n {
            while k < n {
                let c = p[k]
                guard (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95 else { break }
                k += 1
            }
        }
        guard k > s, k - s <= 1000, k < n, p[k] == UInt8(ascii: ":") else { return nil }
        // Never twice in one mapping. A mapping of more keys than kpi writes is the general
        // parser's (which finds a repeated key by its hash, not by comparing every pair).
        let keys = indent == 0 ? top : entries
        guard keys.count < 2 * Self.maxKeys else { return nil }
        var j = 0
        while j < keys.count {
            let o = nodes[Int(keys[j])]
            if Int(o.end - o.start) == k - s {
                var x = Int(o.start), y = s
                while y < k && p[x] == p[y] { x += 1; y += 1 }
                if y == k { return nil }
            }
            j += 2
        }
        let key = add(.scalar, .plain, s, k, indent)
        let after = k + 1
        if after == n || p[after] == LF || p[after] == CR {
            // `key:` alone: a list follows.
            guard indent == 0 else { return nil }
            let next: Int
            if after == n { next = n } else if p[after] == LF { next = after + 1 } else {
                guard after + 1 < n, p[after + 1] == LF else { return nil }
                next = after + 2
            }
            top.append(key)
            listKeyWaiting = true
            return lineEnd(after, next)
        }
        guard p[after] == SP, after + 1 < n else { return nil }
        let v = after + 1
        let style: ScalarStyle
        let le: Int, next: Int
        if p[v] == UInt8(ascii: "\"") {
            guard let (e, x) = Self.scan(b, v + 1, .quoted), e - v >= 2 else { return nil }
            (le, next) = (e, x)
            style = .doubleQuoted
        } else {
            guard let (e, x) = Self.plain(b, v) else { return nil }
            (le, next) = (e, x)
            style = .plain
        }
        let value = add(.scalar, style, v, le, indent)
        if indent == 0 {
            top.append(key)
            top.append(value)
        } else {
            entries.append(key)
            entries.append(value)
        }
        return lineEnd(le, next)
    }

    /// A plain value's text from `v` (`v` < the file's end): where it ends and where the next
    /// line starts; nil when the usual shape does not read it as a plain value.
    @inline(__always) static func plain(_ b: UnsafeBufferPointer<UInt8>, _ v: Int) -> (Int, Int)? {
        let p = b.baseAddress!
        switch p[v] {
        // Indicators, quotes, spaces: the parser reads these otherwise (or refuses them).
        case SP, UInt8(ascii: "!"), UInt8(ascii: "\""), UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: ","), UInt8(ascii: ">"), UInt8(ascii: "@"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"):
            return nil
        default: break
        }
        guard let (le, next) = scan(b, v, .plain), le > v else { return nil }
        // A list item, an explicit key, a missing key when a space or the line's end follows;
        // trailing spaces and a final `:` read otherwise.
        switch p[v] {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"): if v + 1 == le || p[v + 1] == SP { return nil }
        default: break
        }
        if p[le - 1] == SP || p[le - 1] == UInt8(ascii: ":") { return nil }
        return (le, next)
    }

    /// The text of the line from `i` in `mode`: where it ends (before its CR LF or LF, or at the
    /// file's end) and where the next line starts; nil when it holds a byte `mode` does not allow.
    /// A quoted text must end with its closing quote. (Static, and inlined so that each caller's
    /// `mode` is a constant its code is made for: a method would be handed a copy
    /// of the whole reader for each value.)
    @inline(__always) static func scan(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ mode: Mode) -> (Int, Int)? {
        let p = b.baseAddress!, n = b.count
        var i = from
        var closed = false
        let raw = UnsafeRawPointer(p)
        while i < n {
            // Eight bytes at once while none is one the loop below must look at (most of a
            // value's bytes): skipped up to the first that is.
            if !closed && i + 8 <= n {
                let flagged = usualSpecialBytes(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                if flagged == 0 { i += 8; continue }
                i += flagged.trailingZeroBitCount >> 3
            }
            let c = p[i]
            if closed && c != LF && c != CR { return nil }
            // Letters, digits and most punctuation.
            if (c >= 0x3B && c < 0x7F && c != 0x5C) || (c >= 0x24 && c < 0x3A) || c == SP || c == 0x21 { i += 1; continue }
            switch c {
            case LF: return mode == .quoted && !closed ? nil : (i, i + 1)
            case CR:
                guard i + 1 < n, p[i + 1] == LF, mode != .quoted || closed else { return nil }
                return (i, i + 2)
            case UInt8(ascii: ":"):
                if mode == .plain && i + 1 < n && p[i + 1] == SP { return nil }
            case UInt8(ascii: "#"):
                if mode == .plain { return nil }
            case UInt8(ascii: "\""):
                if mode == .quoted { closed = true }
            case UInt8(ascii: "\\"):
                if mode == .quoted { return nil }
            case 0x80...:
                guard let len = usualScalarLength(b, i, n) else { return nil }
                i += len
                continue
            default:
                return nil  // a tab, a control character, DEL
            }
            i += 1
        }
        return mode == .quoted && !closed ? nil : (n, n)
    }

    mutating func add(_ kind: NodeKind, _ style: ScalarStyle, _ start: Int, _ end: Int, _ indent: Int32) -> NodeID {
        // Offsets and counts fit: a file read here is under 2^31 bytes (`usual`), no check needed.
        nodes.append(Node(kind: kind, style: style, start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end),
                          firstChild: indent, count: 0))
        return NodeID(truncatingIfNeeded: nodes.count - 1)
    }

    /// The open item's entries become its children (as the general parser closes a mapping).
    mutating func closeItem() {
        guard item >= 0 else { return }
        close(item, entries, pairs: true)
        entries.count = 0
        items.append(item)
        item = -1
    }

    mutating func closeList() {
        guard list >= 0 else { return }
        closeItem()
        close(list, items, pairs: false)
        items.count = 0
        top.append(list)
        list = -1
    }

    mutating func close(_ node: Int32, _ kids: Run<NodeID>, pairs: Bool) {
        let first = Int32(children.count)
        children.append(kids)
        nodes[Int(node)].firstChild = first
        nodes[Int(node)].count = Int32(pairs ? kids.count / 2 : kids.count)
        nodes[Int(node)].end = nodes[Int(kids[kids.count - 1])].end
    }
}

/// The high bit of each byte of `w` (eight bytes in memory order, little-endian) that `scan`
/// cannot pass over as it is: one below 0x20 (the line's end, a tab, a control character), DEL,
/// one above 0x7F (UTF-8 to check), `"`, `#`, `:` and `\`. Exact at the lowest flagged byte (a
/// borrow or carry only ever reaches the bytes above a flagged one), so the bytes below it are
/// ones `scan` passes over; 0 when it passes all eight.
@inline(__always) func usualSpecialBytes(_ w: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
    /// The bytes equal to zero (exact at the lowest).
    @inline(__always) func zero(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
    let below = (w &- 0x20 &* ones) & ~w & high
    let del = zero(w ^ (0x7F &* ones))
    // `"` (0x22) and `#` (0x23) at once: alike but for their lowest bit.
    let quoteOrHash = zero((w | ones) ^ (0x23 &* ones))
    let colon = zero(w ^ (0x3A &* ones))
    let backslash = zero(w ^ (0x5C &* ones))
    return (w & high) | below | del | quoteOrHash | colon | backslash
}

/// The high bit of each byte of `w` that a key may not hold (a key is lower-case letters, digits
/// and `_`). Exact at every byte: with each byte's high bit set first, no subtraction borrows
/// from the byte above, so the lowest flagged byte is where a key ends.
@inline(__always) func usualNonKeyBytes(_ w: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080, low: UInt64 = ~high
    let x = w | high
    /// The bytes whose low seven bits are at least `c` (under 0x80).
    @inline(__always) func atLeast(_ c: UInt64) -> UInt64 { (x &- c &* ones) & high }
    let letter = atLeast(0x61) & ~atLeast(0x7B)
    let digit = atLeast(0x30) & ~atLeast(0x3A)
    let t = w ^ (0x5F &* ones)
    let underscore = ~(((t & low) &+ low) | t) & high
    return (~(letter | digit | underscore) & high) | (w & high)
}
