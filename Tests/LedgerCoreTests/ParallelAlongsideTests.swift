import Synchronization
import XCTest
@testable import LedgerCore

/// `Parallel.map(_:alongside:_:)`: the serial work beside a map runs exactly once, whatever the
/// number of items (none, fewer than are worth the threads, many), has finished when the map
/// returns, and the map's results are those of `map`, in order, each kept once.
final class ParallelAlongsideTests: XCTestCase {
    final class Box: @unchecked Sendable {
        var runs = 0
        var sum = 0
    }

    func testTheWorkBesideRunsOnceAndTheResultsAreInOrder() {
        for count in [0, 1, 63, 64, 65, 1000, 20_000] {
            let items = Array(0..<count)
            let box = Box()
            let squares = Parallel.map(items, alongside: {
                box.runs += 1
                // Long enough that the other threads are well into the items meanwhile.
                for k in 0..<200_000 { box.sum &+= k }
            }) { $0 * $0 }
            XCTAssertEqual(squares, items.map { $0 * $0 }, "\(count) items")
            XCTAssertEqual(box.runs, 1, "\(count) items: the work beside runs once")
            XCTAssertEqual(box.sum, 199_999 * 200_000 / 2, "\(count) items: finished when the map returns")
        }
    }

    /// A result that counts its instances alive: each result made is in the array exactly once,
    /// kept while the array is, and released with it (the results are put straight into the
    /// array's storage by the threads, so one set twice, lost or never released would show).
    final class Counted: @unchecked Sendable {
        static let alive = Atomic<Int>(0)
        let value: Int
        init(_ value: Int) {
            self.value = value
            Counted.alive.add(1, ordering: .relaxed)
        }
        deinit { Counted.alive.subtract(1, ordering: .relaxed) }
    }

    func testEachResultIsKeptOnceAndReleasedWithTheArray() {
        for count in [64, 65, 4096, 20_000] {
            let items = Array(0..<count)
            do {
                let made = Parallel.map(items) { Counted($0 * 3) }
                XCTAssertEqual(made.map(\.value), items.map { $0 * 3 }, "\(count) items")
                XCTAssertEqual(Counted.alive.load(ordering: .relaxed), count, "\(count) items alive while the array is")
            }
            XCTAssertEqual(Counted.alive.load(ordering: .relaxed), 0, "\(count) items released with the array")
        }
    }

    func testWithoutWorkBesideTheMapIsUnchanged() {
        let items = Array(0..<5000)
        XCTAssertEqual(Parallel.map(items) { String($0) }, items.map { String($0) })
    }
}
