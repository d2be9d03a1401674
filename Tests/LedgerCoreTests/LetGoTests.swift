import Foundation
import XCTest
@testable import LedgerCore

/// `LetGo.letGo` frees what it is handed on another thread, whichever thread lets go of the box
/// last: here the caller on the main thread hands over its only reference, and the value's
/// deinit must run off the main thread every time, also when the other thread is quicker than
/// the caller (a closure that only captured the value was freed by the caller then).
final class LetGoTests: XCTestCase {
    final class Seen: @unchecked Sendable {
        var onMain: [Bool] = []
        let lock = NSLock()
        func add(_ b: Bool) { lock.lock(); onMain.append(b); lock.unlock() }
    }

    final class Tracked {
        let seen: Seen
        let payload: [Int]
        init(_ seen: Seen) { self.seen = seen; payload = Array(0..<64) }
        deinit { seen.add(Thread.isMainThread) }
    }

    func testTheValueIsFreedOnAnotherThread() {
        XCTAssertTrue(Thread.isMainThread)
        let seen = Seen()
        for _ in 0..<300 {
            let done = DispatchSemaphore(value: 0)
            do {
                let held: Any = (Tracked(seen), [Tracked(seen)])
                LetGo.letGo(consume held, then: { done.signal() })
            }
            done.wait()
            LetGo.letGo(Tracked(seen), then: { done.signal() })
            done.wait()
        }
        XCTAssertEqual(seen.onMain.count, 900)
        XCTAssertEqual(seen.onMain.filter { $0 }.count, 0, "freed on the main thread")
    }
}
