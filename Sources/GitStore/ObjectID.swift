import CGit2

/// A SHA-1 object id: 20 bytes stored inline (no heap allocation), ordered like its hex form.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
    // Bytes 0–7 and 8–15 as big-endian integers, bytes 16–19 likewise: comparing the
    // integers compares the bytes lexicographically.
    private let high: UInt64
    private let middle: UInt64
    private let low: UInt32

    /// Hashes the first 8 bytes only: a SHA-1's bytes are evenly spread, so they tell ids apart
    /// as well as all 20 do, and hashing one integer instead of three saves ~25 M instructions
    /// of a cold audit's dictionaries and sets (BENCHMARKS.md, s14-audit). Equality still
    /// compares all 20 bytes.
    public func hash(into hasher: inout Hasher) { hasher.combine(high) }

    /// The first byte (a pack index's fan-out slot).
    var firstByte: Int { Int(high >> 56) }

    /// This id against the 20 bytes at `raw` (a pack index's entry), in byte order: negative,
    /// zero or positive.
    func order(against raw: UnsafeRawPointer) -> Int {
        let h = UInt64(bigEndian: raw.loadUnaligned(as: UInt64.self))
        if h != high { return high < h ? -1 : 1 }
        let m = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        if m != middle { return middle < m ? -1 : 1 }
        let l = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        return low == l ? 0 : low < l ? -1 : 1
    }

    /// From exactly 20 raw bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 20 else { return nil }
        var h: UInt64 = 0, m: UInt64 = 0, l: UInt32 = 0
        for (i, b) in bytes.enumerated() {
            switch i {
            case 0..<8: h = h << 8 | UInt64(b)
            case 8..<16: m = m << 8 | UInt64(b)
            default: l = l << 8 | UInt32(b)
            }
        }
        high = h; middle = m; low = l
    }

    /// From exactly 20 bytes of an array (a SHA-1 just computed), without the generic path: unspecialised,
    /// its `enumerated()` looked up generic metadata on every call (~30,000 instructions; a cold
    /// `kpi score` of 9,000 files made 18,000 cache keys).
    public init?(bytes a: [UInt8]) {
        guard let id = a.withUnsafeBytes({ ObjectID(bytes: $0) }) else { return nil }
        self = id
    }

    /// From exactly 20 raw bytes in memory (a libgit2 `git_oid`), without the generic path.
    public init?(bytes b: UnsafeRawBufferPointer) {
        guard b.count == 20 else { return nil }
        var h: UInt64 = 0, m: UInt64 = 0, l: UInt32 = 0
        for i in 0..<8 { h = h << 8 | UInt64(b[i]) }
        for i in 8..<16 { m = m << 8 | UInt64(b[i]) }
        for i in 16..<20 { l = l << 8 | UInt32(b[i]) }
        high = h; middle = m; low = l
    }

    /// From exactly 20 raw bytes of a slice, without the generic path (caches read thousands).
    public init?(bytes s: ArraySlice<UInt8>) {
        guard s.count == 20 else { return nil }
        let i0 = s.startIndex
        var h: UInt64 = 0, m: UInt64 = 0, l: UInt32 = 0
        for i in 0..<8 { h = h << 8 | UInt64(s[i0 + i]) }
        for i in 8..<16 { m = m << 8 | UInt64(s[i0 + i]) }
        for i in 16..<20 { l = l << 8 | UInt32(s[i0 + i]) }
        high = h; middle = m; low = l
    }

    /// From 40 hexadecimal digits (either case); nil for anything else.
    public init?(hex: String) {
        var hex = hex
        guard let id = hex.withUTF8({ ObjectID(hexDigits: $0) }) else { return nil }
        self = id
    }

    /// From 40 hexadecimal digits' bytes (either case, as libgit2 reads them); nil for anything
    /// else. Nothing allocated: `UsualCommit` reads a commit's ids with it.
    init?(hexDigits utf8: UnsafeBufferPointer<UInt8>) {
        guard utf8.count == 40 else { return nil }
        let id: ObjectID? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { raw in
            for i in 0..<20 {
                guard let hi = ObjectID.nibble(utf8[2 * i]), let lo = ObjectID.nibble(utf8[2 * i + 1]) else { return nil }
                raw[i] = hi << 4 | lo
            }
            return ObjectID(bytes: UnsafeRawBufferPointer(raw))
        }
        guard let id else { return nil }
        self = id
    }

    init(_ oid: git_oid) {
        var o = oid
        self = withUnsafeBytes(of: &o.id) { ObjectID(bytes: $0)! }
    }

    init(_ pointer: UnsafePointer<git_oid>) {
        self.init(pointer.pointee)
    }

    /// As libgit2's `git_oid`, its three integers stored big-endian (through `bytes`, an array
    /// made for each call, it was ~900 instructions; every libgit2 call takes one).
    var oid: git_oid {
        var o = git_oid()
        withUnsafeMutableBytes(of: &o.id) { raw in
            raw.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: low.bigEndian, toByteOffset: 16, as: UInt32.self)
        }
        return o
    }

    /// The 20 raw bytes.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(20)
        for s in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: high >> UInt64(s))) }
        for s in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: middle >> UInt64(s))) }
        for s in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: low >> UInt32(s))) }
        return out
    }

    /// 40 lowercase hexadecimal digits, written straight into the string's storage (through
    /// `bytes` and an array of digits it took ~2,700 instructions; an audit's JSON writes one
    /// per finding).
    public var hex: String {
        String(unsafeUninitializedCapacity: 40) { out in
            var at = 0
            func put(_ v: UInt64, bytes n: Int) {
                for k in stride(from: n - 1, through: 0, by: -1) {
                    let b = UInt8(truncatingIfNeeded: v >> UInt64(8 * k))
                    out[at] = ObjectID.hexDigit(b >> 4)
                    out[at + 1] = ObjectID.hexDigit(b & 0xF)
                    at += 2
                }
            }
            put(high, bytes: 8)
            put(middle, bytes: 8)
            put(UInt64(low), bytes: 4)
            return 40
        }
    }

    /// Appends the 20 raw bytes (`bytes`) to `out`, without an array of their own (the history
    /// caches write ids by the hundred thousand).
    public func appendBytes(to out: inout [UInt8]) {
        withUnsafeBytes(of: high.bigEndian) { out.append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
        withUnsafeBytes(of: middle.bigEndian) { out.append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
        withUnsafeBytes(of: low.bigEndian) { out.append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
    }

    /// The 20 raw bytes (`bytes`) lent to `body`, without an array of their own.
    public func withRawBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        // Laid out as three fields in order, 8 + 8 + 4 bytes with no padding between them.
        let raw = (high.bigEndian, middle.bigEndian, low.bigEndian)
        return try Swift.withUnsafeBytes(of: raw) { try body(UnsafeRawBufferPointer(rebasing: $0[0..<20])) }
    }

    /// Appends the 40 hexadecimal digits (`hex`) to `out`.
    public func appendHex(to out: inout [UInt8]) {
        func put(_ v: UInt64, bytes n: Int) {
            for k in stride(from: n - 1, through: 0, by: -1) {
                let b = UInt8(truncatingIfNeeded: v >> UInt64(8 * k))
                out.append(ObjectID.hexDigit(b >> 4))
                out.append(ObjectID.hexDigit(b & 0xF))
            }
        }
        put(high, bytes: 8)
        put(middle, bytes: 8)
        put(UInt64(low), bytes: 4)
    }

    @inline(__always) static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 48 + v : 87 + v }

    /// The first 7 hexadecimal digits (git's default abbreviation).
    public var short: String { String(hex.prefix(7)) }

    /// True for the all-zero id git uses for "no object".
    public var isZero: Bool { high == 0 && middle == 0 && low == 0 }

    public var description: String { hex }

    public static func < (a: ObjectID, b: ObjectID) -> Bool {
        (a.high, a.middle, a.low) < (b.high, b.middle, b.low)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
