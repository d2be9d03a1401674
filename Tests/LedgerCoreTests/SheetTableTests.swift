import XCTest
@testable import LedgerCore

/// `SheetTable` (the ledger's goal sheets, record sheets and reviews: docs/architecture.md,
/// "Memory") answers as the dictionary it replaced would, through any run of sets, replacements,
/// removals and pops (its array compacted on the way), with a dictionary as the oracle.
final class SheetTableTests: XCTestCase {
    func key(_ n: Int) -> SheetKey {
        SheetKey(subject: "person_\(n % 37)", quarter: Quarter(year: 2026, number: 1 + n / 37 % 4)!)
    }

    func assertSame(_ table: SheetTable<[Int]>, _ oracle: [SheetKey: [Int]], _ step: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(table.count, oracle.count, "step \(step)", file: file, line: line)
        XCTAssertEqual(table.isEmpty, oracle.isEmpty, file: file, line: line)
        XCTAssertEqual(Set(table.keys), Set(oracle.keys), "step \(step)", file: file, line: line)
        for (k, v) in oracle { XCTAssertEqual(table[k], v, "step \(step) \(k)", file: file, line: line) }
        // Iteration, keys and values agree with one another, each key once.
        let pairs = Array(table)
        XCTAssertEqual(pairs.map(\.key), Array(table.keys), file: file, line: line)
        XCTAssertEqual(pairs.map(\.value), Array(table.values), file: file, line: line)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: pairs.map { ($0.key, $0.value) }), oracle, file: file, line: line)
    }

    func testAnswersAsADictionaryThroughSetsRemovalsAndPops() {
        var table = SheetTable<[Int]>(), oracle: [SheetKey: [Int]] = [:]
        var seed: UInt64 = 7
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33) % n
        }
        table.reserveCapacity(20)
        for step in 0..<4_000 {
            let k = key(next(148))
            switch next(10) {
            case 0..<5:
                table[k] = [step, step * 2]
                oracle[k] = [step, step * 2]
            case 5..<8:
                table[k] = nil
                oracle[k] = nil
            case 8:
                // Changed in place, as a recording command changes a sheet it read.
                table[k]?.append(step)
                oracle[k]?.append(step)
            default:
                let popped = table.popFirst()
                XCTAssertEqual(popped.map { oracle[$0.key] }, popped.map { $0.value }, "step \(step)")
                if let popped { oracle[popped.key] = nil } else { XCTAssertTrue(oracle.isEmpty) }
            }
            if step % 97 == 0 { assertSame(table, oracle, step) }
        }
        assertSame(table, oracle, -1)
        // Emptied one at a time, then used again.
        while let popped = table.popFirst() { XCTAssertEqual(oracle.removeValue(forKey: popped.key), popped.value) }
        XCTAssertTrue(oracle.isEmpty)
        assertSame(table, oracle, -2)
        table[key(3)] = [3]
        oracle[key(3)] = [3]
        assertSame(table, oracle, -3)
        let literal: SheetTable<[Int]> = [key(1): [1], key(40): [40]]
        assertSame(literal, [key(1): [1], key(40): [40]], -4)
    }

    func testASheetRemovedIsLetGo() {
        // What a removed sheet held is released (at once for the last one, else once half the
        // table's items are removed): no sheet is kept alive by the table after it left it.
        final class Tracked { }
        weak var first: Tracked?, last: Tracked?
        var table = SheetTable<Tracked>()
        do {
            let a = Tracked(), b = Tracked()
            first = a
            last = b
            table[key(0)] = a
            table[key(1)] = b
        }
        table[key(1)] = nil
        XCTAssertNil(last, "the last item removed is let go at once")
        for n in 2..<6 { table[key(n)] = Tracked() }
        table[key(0)] = nil
        for n in 2..<4 { table[key(n)] = nil }
        XCTAssertNil(first, "removed items are let go once they are half")
        XCTAssertEqual(table.count, 2)
    }
}
