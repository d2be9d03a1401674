import Foundation
import XCTest
@testable import LedgerCore

/// `NameTable` refuses no count of names: its chunks grow (the first holds `firstChunk`
/// names, each next one twice as many), so a ledger with more distinct sources than a fixed
/// list of chunks held is read, not stopped by a trap. A small first chunk shows it with a few
/// thousand names.
final class NameTableTests: XCTestCase {
    func testIDsAreDenseAndReadBackAcrossEveryChunkBoundary() {
        let table = NameTable(firstChunk: 2)
        // Chunks of 2, 4, 8, ...: ids 1|2, 5|6, 13|14, ... sit on either side of a boundary.
        let names = (0..<5_000).map { "name \($0)" }
        for (i, name) in names.enumerated() { XCTAssertEqual(table.id(name), UInt32(i)) }
        for (i, name) in names.enumerated() { XCTAssertEqual(table.name(UInt32(i)), name) }
        for (i, name) in names.enumerated().reversed() { XCTAssertEqual(table.id(name), UInt32(i), "the same bytes, the same id") }
        XCTAssertEqual(table.existingID("name 4095"), 4095)
        XCTAssertNil(table.existingID("name 5000"))
    }

    func testMoreNamesThanAFixedListOfChunksHeldFromTwoThreads() {
        // 4,096 chunks of 4 names held 16,384: 20,000 names added from two threads at once, each
        // one id, each id reading back its name.
        let table = NameTable(firstChunk: 4)
        let names = (0..<20_000).map { "source \($0) \(UUID())" }
        final class IDs: @unchecked Sendable {
            let lock = NSLock()
            var ids: [[UInt32]] = [[], []]
        }
        let out = IDs()
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            let order = half == 0 ? Array(names.indices) : names.indices.reversed()
            var mine = [UInt32](repeating: 0, count: names.count)
            for i in order { mine[i] = table.id(names[i]) }
            out.lock.lock()
            out.ids[half] = mine
            out.lock.unlock()
        }
        XCTAssertEqual(out.ids[0], out.ids[1])
        XCTAssertEqual(Set(out.ids[0]).count, names.count)
        XCTAssertEqual(Set(out.ids[0]), Set((0..<names.count).map(UInt32.init)))
        for (i, id) in out.ids[0].enumerated() { XCTAssertEqual(table.name(id), names[i]) }
    }
}
