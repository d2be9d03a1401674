import Foundation

/// The paths of a load's files, packed: each path is its folder's number (a ledger's files lie
/// in a few dozen folders, each held once) and its name, the names' bytes one after another and
/// where each ends, not a `String` each. A ledger's paths are held from its listing to the end
/// of the command (`Ledger.paths`, every message's place); a million records in 219,000 sheets
/// have 2.6 MB of names and 1.8 MB of folder numbers and ends here, against 14 MB of strings
/// (a heap block each) and 3.5 MB of references as `[String]` (docs/architecture.md, "Memory").
/// A path is made a `String` when it is asked for; `withUTF8` lends its bytes without one.
public struct PathList: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    /// Each folder holding a path (its bytes, without the last `/`), once, and its number.
    private var folders: [[UInt8]] = []
    private var folderNumbers: [[UInt8]: UInt32] = [:]
    /// Each path's folder's number (`topLevel`: a name at the top, in no folder).
    private var folderOf: [UInt32] = []
    /// Each path's name (after its last `/`), one after the other, and where each ends.
    private var names: [UInt8] = []
    private var ends: [UInt32] = []
    private static let topLevel = UInt32.max

    public init() {}
    public init(arrayLiteral paths: String...) { self.init(paths) }
    public init(_ paths: some Sequence<String>) {
        for p in paths { append(p) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }

    /// The path at `i`, as a `String`.
    public subscript(i: Int) -> String {
        withUTF8(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes of the path at `i`, lent to `body`.
    public func withUTF8<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = i == 0 ? 0 : Int(ends[i - 1]), end = Int(ends[i])
        return try names.withUnsafeBufferPointer { all in
            let name = UnsafeBufferPointer(rebasing: all[start..<end])
            let f = folderOf[i]
            guard f != Self.topLevel else { return try body(name) }
            return try folders[Int(f)].withUnsafeBufferPointer { folder in
                try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: folder.count + 1 + name.count) { out in
                    _ = out.initialize(fromContentsOf: folder)
                    out[folder.count] = UInt8(ascii: "/")
                    _ = UnsafeMutableBufferPointer(rebasing: out[(folder.count + 1)...]).initialize(fromContentsOf: name)
                    return try body(UnsafeBufferPointer(out))
                }
            }
        }
    }

    public mutating func append(_ path: String) {
        var p = path
        p.withUTF8 { append(bytes: $0) }
    }

    /// A path given as its UTF-8 bytes.
    mutating func append(bytes path: UnsafeBufferPointer<UInt8>) {
        var slash = path.count
        while slash > 0, path[slash - 1] != UInt8(ascii: "/") { slash -= 1 }
        if slash == 0 {
            folderOf.append(Self.topLevel)
        } else {
            let folder = UnsafeBufferPointer(rebasing: path[..<(slash - 1)])
            // The folder of the path before, usually (a listing goes a folder at a time).
            if let last = folderOf.last, last != Self.topLevel, Self.same(folders[Int(last)], folder) {
                folderOf.append(last)
            } else {
                let key = Array(folder)
                if let n = folderNumbers[key] {
                    folderOf.append(n)
                } else {
                    precondition(folders.count < Int(Self.topLevel), "too many folders")
                    folderNumbers[key] = UInt32(folders.count)
                    folderOf.append(UInt32(folders.count))
                    folders.append(key)
                }
            }
        }
        names.append(contentsOf: UnsafeBufferPointer(rebasing: path[slash...]))
        precondition(names.count <= UInt32.max, "more than 4 GB of names")
        ends.append(UInt32(names.count))
    }

    /// Whether the path at `i` is the path at `j` of `other`, byte for byte: its folder's and its
    /// name's bytes compared where they lie, no path joined.
    func samePath(_ i: Int, as other: PathList, _ j: Int) -> Bool {
        let start = i == 0 ? 0 : Int(ends[i - 1]), end = Int(ends[i])
        let otherStart = j == 0 ? 0 : Int(other.ends[j - 1]), otherEnd = Int(other.ends[j])
        guard end - start == otherEnd - otherStart else { return false }
        let f = folderOf[i], g = other.folderOf[j]
        guard (f == Self.topLevel) == (g == Self.topLevel) else { return false }
        if f != Self.topLevel {
            guard other.folders[Int(g)].withUnsafeBufferPointer({ Self.same(folders[Int(f)], $0) }) else { return false }
        }
        return names.withUnsafeBufferPointer { a in
            other.names.withUnsafeBufferPointer { b in
                end == start || memcmp(a.baseAddress! + start, b.baseAddress! + otherStart, end - start) == 0
            }
        }
    }

    /// Whether `a` holds the bytes of `b` (compared by `memcmp`: `elementsEqual` took ~400
    /// instructions a path, a byte at a time).
    private static func same(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        return b.isEmpty || a.withUnsafeBufferPointer { memcmp($0.baseAddress!, b.baseAddress!, b.count) == 0 }
    }

    public mutating func append(contentsOf other: PathList) {
        for i in other.indices { other.withUTF8(i) { append(bytes: $0) } }
    }

    public static func += (list: inout PathList, other: PathList) { list.append(contentsOf: other) }

    /// The same paths, whichever folders' numbering.
    public static func == (a: PathList, b: PathList) -> Bool {
        a.count == b.count && a.indices.allSatisfy { i in a.withUTF8(i) { x in b.withUTF8(i) { y in x.elementsEqual(y) } } }
    }

    /// Whether the path at `i` sorts before the one at `j` in `String`'s order: by their bytes
    /// when both are ASCII (the same order), as strings otherwise.
    func precedes(_ i: Int, _ j: Int) -> Bool {
        // Two paths of one folder (a listing's neighbours, nearly always) by their names: the
        // folder and its `/` are the same start of both, and bytes and `String` order ASCII
        // names alike. (Joining each path and scanning it whole cost ~3,400 instructions a
        // pair of a listing checked in order.)
        if folderOf[i] == folderOf[j], folderOf[i] != Self.topLevel, let before = namePrecedes(i, j) { return before }
        let ascii: Bool? = withUTF8(i) { a in
            withUTF8(j) { b in
                guard !a.contains(where: { $0 >= 0x80 }), !b.contains(where: { $0 >= 0x80 }) else { return nil }
                let n = Swift.min(a.count, b.count)
                if n > 0, case let r = memcmp(a.baseAddress!, b.baseAddress!, n), r != 0 { return r < 0 }
                return a.count < b.count
            }
        }
        return ascii ?? (self[i] < self[j])
    }

    /// Whether the name of the path at `i` sorts before that at `j`, by their bytes; nil when
    /// either is not ASCII.
    private func namePrecedes(_ i: Int, _ j: Int) -> Bool? {
        names.withUnsafeBufferPointer { all in
            let a = UnsafeBufferPointer(rebasing: all[(i == 0 ? 0 : Int(ends[i - 1]))..<Int(ends[i])])
            let b = UnsafeBufferPointer(rebasing: all[(j == 0 ? 0 : Int(ends[j - 1]))..<Int(ends[j])])
            var high: UInt8 = 0
            for x in a { high |= x }
            for x in b { high |= x }
            guard high < 0x80 else { return nil }
            let n = Swift.min(a.count, b.count)
            if n > 0, case let r = memcmp(a.baseAddress!, b.baseAddress!, n), r != 0 { return r < 0 }
            return a.count < b.count
        }
    }

    /// The same paths in `String`'s order (itself when they are in it already, as a listing
    /// that sorts each folder's names usually gives them).
    public func inOrder() -> PathList {
        if indices.dropFirst().allSatisfy({ precedes($0 - 1, $0) }) { return self }
        var out = PathList()
        for i in indices.sorted(by: precedes) { withUTF8(i) { out.append(bytes: $0) } }
        return out
    }
}
