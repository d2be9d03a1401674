import XCTest
@testable import LedgerCore

/// `SheetTable.sortedKeys` (the checks and the scorer walk sheets in key order) is exactly
/// `keys.sorted()`, whatever order the sheets were added, replaced and removed in, and
/// `sortedPlaces` gives each key the place of its own sheet.
final class SheetTableSortedKeysTests: XCTestCase {
    func testTheKeysInOrderAreTheKeysSorted() {
        var random = SeededRandom(seed: 0x5EE7_16)
        let subjects = ["p000001", "p000010", "p1", "p10", "p2", "alice", "a", "a_b", "ab", "t00000", "d0000", "zoë", "Zed"]
        for round in 0..<300 {
            var table = SheetTable<Int>()
            let steps = random.next(80)
            // Now and then in key order, as a load adds them; else in any order.
            var added = (0..<steps).map { _ in
                SheetKey(subject: subjects[random.next(subjects.count)], quarter: Quarter(year: 2025 + random.next(2), number: 1 + random.next(4))!)
            }
            if round % 3 == 0 { added.sort() }
            for (i, key) in added.enumerated() {
                if random.next(6) == 0 { table[key] = nil } else { table[key] = i }
                if random.next(20) == 0, !table.isEmpty { _ = table.popFirst() }
            }
            XCTAssertEqual(table.sortedKeys(), table.keys.sorted(), "round \(round)")
            // Each place holds its key's sheet (the checks walk the sheets by their places).
            let places = table.sortedPlaces()
            XCTAssertEqual(places.map(\.key), table.keys.sorted(), "round \(round)")
            for (key, place) in places { XCTAssertEqual(table.sheet(at: place), table[key], "round \(round)") }
        }
        XCTAssertEqual(SheetTable<Int>().sortedKeys(), [])
    }
}
