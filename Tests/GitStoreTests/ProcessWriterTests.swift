import Foundation
import XCTest
@testable import GitStore

/// Several processes writing to one ledger: the test binary re-executes itself, running only
/// `testChildWriter`, which acts when KPI_TEST_CHILD_* is set (and does nothing otherwise).
final class ProcessWriterTests: XCTestCase {
    static let testBinary: String = {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }()

    func testChildWriter() throws {
        let env = ProcessInfo.processInfo.environment
        guard let dir = env["KPI_TEST_CHILD_REPO"], let mode = env["KPI_TEST_CHILD_MODE"] else { return }
        let repo = try Repository(path: dir)
        switch mode {
        case "commit":
            let i = env["KPI_TEST_CHILD_INDEX"] ?? "?"
            try repo.commitFiles(["records/2026-Q3/proc\(i).yaml": Array("value: \(i)\n".utf8)],
                                 message: "record proc\(i)", author: TestEnv.alice, committer: TestEnv.alice)
        case "hold-and-die":
            let lock = try LedgerLock(gitDir: repo.gitDir)
            _ = FileManager.default.createFile(atPath: dir + "/.git/kpi-child-locked", contents: Data())
            withExtendedLifetime(lock) { _ = kill(getpid(), SIGKILL) }
        default:
            XCTFail("unknown child mode \(mode)")
        }
    }

    private func spawn(_ mode: String, repo: String, index: Int = 0) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.testBinary)
        p.arguments = ["GitStoreTests.ProcessWriterTests/testChildWriter"]
        var env = ProcessInfo.processInfo.environment
        env["KPI_TEST_CHILD_REPO"] = repo
        env["KPI_TEST_CHILD_MODE"] = mode
        env["KPI_TEST_CHILD_INDEX"] = String(index)
        env["HOME"] = TestEnv.home
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    func testEightProcessesAllLand() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        try repo.commitFiles(["ledger.yaml": bytes("name: X\n")], message: "init", author: TestEnv.alice, committer: TestEnv.alice)
        let children = try (0..<8).map { try spawn("commit", repo: dir, index: $0) }
        for child in children { child.waitUntilExit() }
        XCTAssertEqual(children.map(\.terminationStatus), Array(repeating: 0, count: 8))
        XCTAssertEqual(try git(["rev-list", "--count", "HEAD"], in: dir).out, "9\n")
        XCTAssertEqual(try git(["ls-tree", "-r", "--name-only", "HEAD", "records"], in: dir).out,
                       (0..<8).map { "records/2026-Q3/proc\($0).yaml\n" }.joined())
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "")
        try git(["fsck", "--strict"], in: dir)
    }

    func testKilledHolderReleasesTheLock() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        let child = try spawn("hold-and-die", repo: dir)
        child.waitUntilExit()
        XCTAssertEqual(child.terminationReason, .uncaughtSignal)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/.git/kpi-child-locked"), "the child took the lock")
        // Throws `.locked` if the dead child's lock were still held.
        let lock = try LedgerLock(gitDir: repo.gitDir, timeout: 5)
        lock.unlock()
    }
}
