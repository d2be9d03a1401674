import Foundation
import GitStore
import XCTest
@testable import LedgerCore

/// `CacheBytes`, the pointer-written buffer `tip-v1` and `subjects-v1` are encoded into,
/// holds byte for byte what encoding into a `[UInt8]` gives (the encoding the cache files always
/// had): random events, commits and signatures with absent, empty, multi-byte and long strings,
/// from a buffer too small for even one piece (so it grows on almost every append).
final class CacheBytesTests: XCTestCase {
    func testTheBytesAreThoseAnArrayGets() {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["", "a", "é", "用户留存率", "2026-07-31 retention 42%", String(repeating: "x", count: 5_000), "line\nbreak", "\u{0}"]
        func text() -> String { pieces.randomElement(using: &rng)! + (Bool.random(using: &rng) ? pieces.randomElement(using: &rng)! : "") }
        func maybe() -> String? { Int.random(in: 0..<4, using: &rng) == 0 ? nil : text() }
        func id() -> ObjectID { ObjectID(bytes: (0..<20).map { _ in UInt8.random(in: 0...255, using: &rng) })! }
        func signature() -> Signature {
            Signature(name: text(), email: text(), time: Int64.random(in: -1 << 40 ... 1 << 40, using: &rng), offsetMinutes: Int.random(in: -720...840, using: &rng))
        }
        let kinds: [LedgerEvent.Subject] = [.goal, .bonus, .record, .review, .person, .team, .metric, .scorecard, .settings, .calibration, .moved]
        let changes: [LedgerEvent.RecordChange?] = [nil, .added, .edited, .deleted, .corrected]
        for size in [1, 16, 1 << 16] {
            var array: [UInt8] = []
            var bytes = CacheBytes(capacity: size)
            for _ in 0..<300 {
                let quarter = Int.random(in: 0..<3, using: &rng) == 0 ? nil : Quarter(year: Int.random(in: 1990...2100, using: &rng), number: Int.random(in: 1...4, using: &rng))
                let e = LedgerEvent(commit: id(), author: signature(), message: text(), path: text(), kind: kinds.randomElement(using: &rng)!,
                                    subject: maybe(), quarter: quarter, metric: maybe(), field: text(), old: maybe(), new: maybe(),
                                    recordChange: changes.randomElement(using: &rng)!, reason: maybe())
                let parents = (0..<Int.random(in: 0...3, using: &rng)).map { _ in id() }
                let c = Commit(id: id(), tree: id(), parents: parents, author: signature(), committer: signature(), message: text(), summary: text())
                switch Int.random(in: 0..<6, using: &rng) {
                case 0:
                    EventCache.encode(e, into: &array); EventCache.encode(e, into: &bytes)
                case 1:
                    EventCache.encode(e.change, into: &array); EventCache.encode(e.change, into: &bytes)
                case 2:
                    TipCache.put(c, into: &array); TipCache.put(c, into: &bytes)
                case 3:
                    let n = UInt32.random(in: 0...UInt32.max, using: &rng)
                    EventCache.put(n, into: &array); EventCache.put(n, into: &bytes)
                case 4:
                    e.commit.appendHex(to: &array); bytes.append(hexOf: e.commit)
                    e.commit.appendBytes(to: &array); bytes.append(id: e.commit)
                default:
                    // A piece of bytes given whole (as `subjects-v1` copies `tip-v1`'s).
                    let from = Int.random(in: 0...array.count, using: &rng), to = Int.random(in: from...min(from + 10_000, array.count), using: &rng)
                    let piece = Array(array[from..<to])
                    array += piece; piece.withUnsafeBytes { bytes.append(raw: $0) }
                }
            }
            XCTAssertEqual(bytes.count, array.count, "capacity \(size)")
            bytes.withBytes { XCTAssertEqual(Array($0), array, "capacity \(size)") }
        }
    }

    func testAnIdsBytesAndHex() {
        for _ in 0..<200 {
            let id = ObjectID(bytes: (0..<20).map { _ in UInt8.random(in: 0...255) })!
            let bytes = CacheBytes(capacity: 1)
            var sink = bytes
            sink.append(id: id)
            sink.append(hexOf: id)
            bytes.withBytes { XCTAssertEqual(Array($0), id.bytes + Array(id.hex.utf8)) }
        }
    }
}
