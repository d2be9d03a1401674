import Synchronization
import XCTest
@testable import LedgerCore

/// `Parallel.map(_:alongside:_:)`: the serial work beside a map runs exactly once, whatever the
/// number of items (none, fewer than are worth the threads, many), has finished when the map
/// returns, and the map's results are those of `map`, in order.
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

    func testWithoutWorkBesideTheMapIsUnchanged() {
        let items = Array(0..<5000)
        XCTAssertEqual(Parallel.map(items) { String($0) }, items.map { String($0) })
    }
}
