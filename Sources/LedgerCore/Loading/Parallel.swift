import Foundation

/// Work spread over the machine's cores, results in input order.
enum Parallel {
    /// Below this many items one thread is quicker than waking others.
    static let minimumItems = 64

    /// `transform` of every element, computed on all cores (interleaved, so large and small
    /// items share out evenly); the same as `items.map(transform)`.
    /// `minimumItems`: fewer run on the calling thread (a few large items may ask for 2).
    static func map<T: Sendable, R: Sendable>(_ items: [T], minimumItems: Int = Parallel.minimumItems,
                                              _ transform: @Sendable (T) -> R) -> [R] {
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8, items.count)
        guard workers > 1, items.count >= minimumItems else { return items.map(transform) }
        let results = Slots<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < items.count {
                results.set(i, transform(items[i]))
                i += workers
            }
        }
        return results.values()
    }

    /// One slot per item, each written by exactly one thread before `values` reads them all.
    private final class Slots<R>: @unchecked Sendable {
        private let base: UnsafeMutablePointer<R?>
        private let count: Int

        init(count: Int) {
            self.count = count
            base = .allocate(capacity: count)
            base.initialize(repeating: nil, count: count)
        }

        func set(_ i: Int, _ value: R) { base[i] = value }

        func values() -> [R] { (0..<count).map { base[$0]! } }

        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }
}
