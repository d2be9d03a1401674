import Foundation

/// The paths of a load's files, packed: their UTF-8 bytes one after another and where each
/// ends, not a `String` each. A ledger's paths are held from its listing to the end of the
/// command (`Ledger.paths`, every message's place); a million records in 219,000 sheets have
/// 6.1 MB of path bytes and 0.9 MB of ends here, against 14 MB of strings (a heap block each)
/// and 3.5 MB of references as `[String]` (docs/architecture.md, "Memory"). A path is made a
/// `String` when it is asked for; `withUTF8` lends its bytes without one.
public struct PathList: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    private var bytes: [UInt8] = []
    /// Where each path's bytes end (the next one's start).
    private var ends: [UInt32] = []

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
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    public mutating func append(_ path: String) {
        var p = path
        p.withUTF8 { append(bytes: $0) }
    }

    /// A path given as its UTF-8 bytes.
    mutating func append(bytes path: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: path)
        precondition(bytes.count <= UInt32.max, "more than 4 GB of paths")
        ends.append(UInt32(bytes.count))
    }

    public mutating func append(contentsOf other: PathList) {
        let base = UInt32(bytes.count)
        bytes.append(contentsOf: other.bytes)
        precondition(bytes.count <= UInt32.max, "more than 4 GB of paths")
        ends.append(contentsOf: other.ends.lazy.map { $0 + base })
    }

    public static func += (list: inout PathList, other: PathList) { list.append(contentsOf: other) }

    /// Whether the path at `i` sorts before the one at `j` in `String`'s order: by their bytes
    /// when both are ASCII (the same order), as strings otherwise.
    func precedes(_ i: Int, _ j: Int) -> Bool {
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

    /// The same paths in `String`'s order (itself when they are in it already, as a listing
    /// that sorts each folder's names usually gives them).
    public func inOrder() -> PathList {
        if indices.dropFirst().allSatisfy({ precedes($0 - 1, $0) }) { return self }
        var out = PathList()
        out.bytes.reserveCapacity(bytes.count)
        out.ends.reserveCapacity(ends.count)
        for i in indices.sorted(by: precedes) { withUTF8(i) { out.append(bytes: $0) } }
        return out
    }
}
