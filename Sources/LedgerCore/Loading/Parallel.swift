import Foundation
import Synchronization

/// Work spread over the machine's cores, results in input order.
package enum Parallel {
    /// Below this many items one thread is quicker than waking others.
    package static let minimumItems = 64

    /// The cores this process may use, asked once (each asking reads the cgroup's files: 4
    /// system calls, at each of a cold load's ~50 maps).
    static let processors = ProcessInfo.processInfo.activeProcessorCount

    /// `transform` of every element, computed on all cores; the same as `items.map(transform)`.
    /// Each thread takes the next item not yet taken, so a thread the scheduler parks on a busy
    /// machine holds up only the item it has, not a share of the work fixed in advance.
    /// `minimumItems`: fewer run on the calling thread (a few large items may ask for 2).
    /// `alongside`: serial work run once, on one of the threads, while the others start on the
    /// items (it then takes items too), so it keeps no core idle; it must not touch what
    /// `transform` reads or writes, and has finished when this returns.
    package static func map<T: Sendable, R: Sendable>(_ items: [T], minimumItems: Int = Parallel.minimumItems,
                                              alongside: (@Sendable () -> Void)? = nil,
                                              _ transform: @Sendable (T) -> R) -> [R] {
        // Checked first: one thread is quicker for a few items whatever the cores.
        guard items.count >= minimumItems else {
            alongside?()
            return items.map(transform)
        }
        let workers = min(processors, 8, items.count)
        guard workers > 1 else {
            alongside?()
            return items.map(transform)
        }
        // Each result is put straight into the array returned (no array of optionals copied out
        // afterwards: on the calling thread, ~9 M instructions and a second buffer's pages
        // faulted in per cold load of the year).
        return Array(unsafeUninitializedCapacity: items.count) { buffer, initialized in
            let results = Slots<R>(buffer.baseAddress!, alongside: alongside)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                results.runAlongside()
                while case let i = results.claim(), i < items.count {
                    results.set(i, transform(items[i]))
                }
            }
            initialized = items.count
        }
    }

    /// The array's storage, each element initialised by exactly one thread (the one that claimed
    /// its index) before `concurrentPerform` returns, so every element is set when the array is.
    private final class Slots<R>: @unchecked Sendable {
        private let base: UnsafeMutablePointer<R>
        private let next = Atomic<Int>(0)
        private let alongside: (@Sendable () -> Void)?
        private let alongsideTaken = Atomic<Bool>(false)

        /// Runs the work beside the map on the first thread to ask, once.
        func runAlongside() {
            guard let alongside, !alongsideTaken.exchange(true, ordering: .acquiringAndReleasing) else { return }
            alongside()
        }

        /// The next index no thread has claimed (`count` or more when all are).
        func claim() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }

        init(_ base: UnsafeMutablePointer<R>, alongside: (@Sendable () -> Void)?) {
            self.base = base
            self.alongside = alongside
        }

        /// The result moved into its place (taken by value: a borrowed one was copied there, each
        /// of its fields retained, and the original let go).
        func set(_ i: Int, _ value: consuming R) { (base + i).initialize(to: value) }
    }
}
