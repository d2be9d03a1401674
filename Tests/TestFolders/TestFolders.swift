import Foundation
import XCTest

/// The temporary folders the tests make, in one place: each is removed when the test that made
/// it ends, and whatever is still there when the test process exits (a folder shared by the
/// tests of a process, or a test's that something kept) is removed then. Folders made read-only
/// by a test are made writable first, so nothing is left behind in the system's temporary folder.
public enum TestFolders {
    /// A new empty folder `<temporary folder>/<prefix>-<UUID>`, removed when the running test
    /// ends (or, outside a test, when the process exits).
    public static func make(_ prefix: String) -> String {
        let dir = path(prefix)
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        register(dir)
        return dir
    }

    /// A folder name `<temporary folder>/<prefix>-<UUID>`, not created.
    public static func path(_ prefix: String) -> String {
        (NSTemporaryDirectory() as NSString).appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    }

    /// `dir` removed when the running test ends.
    public static func register(_ dir: String) {
        registry.watch()
        registry.withLock { _ = $0.test.insert(dir) }
    }

    /// `dir` removed when the process exits only: a folder every test of the process shares.
    public static func registerForProcess(_ dir: String) {
        registry.watch()
        registry.withLock { _ = $0.process.insert(dir) }
    }

    /// Removes `dir` and all it holds, read-only parts included; nothing when it is gone.
    public static func remove(_ dir: String) {
        let fm = FileManager.default
        if (try? fm.removeItem(atPath: dir)) != nil || !fm.fileExists(atPath: dir) { return }
        // A test made something read-only (to refuse a write): allow writes, then remove.
        if let walk = fm.enumerator(atPath: dir) {
            chmod(dir, 0o700)
            for case let sub as String in walk { chmod(dir + "/" + sub, 0o700) }
        }
        try? fm.removeItem(atPath: dir)
    }

    static let registry = Registry()

    final class Registry: @unchecked Sendable {
        struct Folders { var test: Set<String> = []; var process: Set<String> = [] }
        private let lock = NSLock()
        private var folders = Folders()
        private var watching = false

        func withLock<T>(_ body: (inout Folders) -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body(&folders)
        }

        /// From the first folder on: the end of each test, and the process's exit.
        func watch() {
            let first = withLock { _ in
                defer { watching = true }
                return !watching
            }
            guard first else { return }
            XCTestObservationCenter.shared.addTestObserver(EndOfTest())
            atexit { TestFolders.registry.removeAll(process: true) }
        }

        func removeAll(process: Bool) {
            let dirs = withLock { f -> Set<String> in
                let out = process ? f.test.union(f.process) : f.test
                f.test = []
                if process { f.process = [] }
                return out
            }
            for d in dirs { TestFolders.remove(d) }
        }
    }

    final class EndOfTest: NSObject, XCTestObservation {
        func testCaseDidFinish(_ testCase: XCTestCase) { TestFolders.registry.removeAll(process: false) }
    }
}
