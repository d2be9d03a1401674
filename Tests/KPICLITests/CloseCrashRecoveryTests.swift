import Foundation
import XCTest

/// `kpi close` writes its tag through `refs/tags/closed/Q.lock`: killed at any system call, the
/// next kpi command clears what it left (and says so), the quarter is closed or not, and a
/// later `kpi close` works; a lock a running git holds is waited for, then reported
/// (docs/reliability.md).
final class CloseCrashRecoveryTests: XCTestCase {
    static let strace = FaultInjection.strace

    private func sandbox() throws -> Sandbox { try FaultInjection.ledger() }

    private func tagLeftovers(_ s: Sandbox) -> [String] {
        let fm = FileManager.default
        var found: [String] = []
        for folder in [".git/refs/tags/closed", ".git/kpi"] {
            for name in (try? fm.contentsOfDirectory(atPath: s.ledger + "/" + folder)) ?? []
            where name.hasSuffix(".lock") || name.hasPrefix("ref-") || name.hasSuffix(".tmp") { found.append(folder + "/" + name) }
        }
        return found
    }

    func testACloseKilledAtEachSystemCallIsClearedByTheNextCommand() throws {
        let s = try sandbox()
        var tried = 0, recovered = 0, closed = 0, points: [String] = []
        for syscall in ["write", "fsync", "rename", "unlink", "mkdir"] {
            var finished = false
            for n in 1...80 {
                let r = try s.run(Self.strace, ["-f", "-qq", "-o", "/dev/null", "-e", "inject=\(syscall):signal=KILL:when=\(n)",
                                                Sandbox.kpiBinary.path, "close", "2026-Q3"], cwd: s.ledger)
                if r.status == 0 {
                    finished = true
                    points.append("\(syscall) \(n - 1)")
                    _ = try s.git("tag", "-d", "closed/2026-Q3")
                    break
                }
                XCTAssertTrue(r.status == SIGKILL || r.status == 128 + SIGKILL, "\(syscall) #\(n): \(r.status) \(r.stderr)")
                tried += 1
                let check = try s.kpi("check")
                if check.stderr.contains("kpi: removed") { recovered += 1 }
                XCTAssertEqual(tagLeftovers(s), [], "\(syscall) #\(n): left behind after kpi check: \(check.stderr)")
                let fsck = try s.run("/usr/bin/git", ["-C", s.ledger, "fsck", "--strict", "--no-dangling"])
                XCTAssertEqual(fsck.status, 0, "\(syscall) #\(n): \(fsck.stderr)")
                // Closed or not, whole: a later close closes it or says it already is.
                let tags = try s.git("tag", "--list", "closed/*")
                if tags.isEmpty {
                    try s.kpi("close", "2026-Q3")
                } else {
                    closed += 1
                    let again = try s.kpi("close", "2026-Q3", status: 1)
                    XCTAssertTrue(again.stderr.contains("2026-Q3 is already closed"), again.stderr)
                }
                XCTAssertEqual(try s.git("cat-file", "-t", "closed/2026-Q3"), "tag\n")
                _ = try s.git("tag", "-d", "closed/2026-Q3")
            }
            XCTAssertTrue(finished, "\(syscall): more than 80 calls in one close?")
        }
        print("close crash test: \(tried) kill points (\(points.joined(separator: ", "))), \(recovered) recovered with a message, \(closed) had closed")
        XCTAssertGreaterThan(tried, 5)
        XCTAssertGreaterThan(recovered, 0, "some kill must have left the tag's lock")
    }

    func testATagLockARunningGitHoldsIsWaitedForThenReported() throws {
        let s = try sandbox()
        let lock = s.ledger + "/.git/refs/tags/closed/2026-Q3.lock"
        try FileManager.default.createDirectory(atPath: s.ledger + "/.git/refs/tags/closed", withIntermediateDirectories: true)
        try Data("0123456789012345678901234567890123456789\n".utf8).write(to: URL(fileURLWithPath: lock))
        let refused = try s.kpi("close", "2026-Q3", status: 1)
        XCTAssertTrue(refused.stderr.contains("refs/tags/closed/2026-Q3 is locked: \(lock) exists, so another git command is updating it"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("if no git command is running, delete \(lock) and try again"), refused.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: lock), "git's lock is never removed by kpi")
        XCTAssertEqual(try s.git("tag", "--list"), "")
        try s.kpi("check")
        XCTAssertTrue(FileManager.default.fileExists(atPath: lock), "a reading command leaves a live git's lock alone")
        try FileManager.default.removeItem(atPath: lock)
        try s.kpi("close", "2026-Q3")
        XCTAssertEqual(try s.git("tag", "--list"), "closed/2026-Q3\n")
    }

    /// Sync's `refs/kpi/synced/…` and remote-tracking refs are written the same noted way: the
    /// lock a dead writer left (its note names the ref and the id) is removed by the next command.
    func testAReferenceLockOfADeadNotedWriteIsCleared() throws {
        let s = try sandbox()
        let head = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        let ref = "refs/kpi/synced/origin/main"
        try FileManager.default.createDirectory(atPath: s.ledger + "/.git/refs/kpi/synced/origin", withIntermediateDirectories: true)
        let lock = s.ledger + "/.git/" + ref + ".lock"
        try Data((head + "\n").utf8).write(to: URL(fileURLWithPath: lock))
        // A pid that runs no process, on this host and boot.
        let boot = try String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        var hostName = [CChar](repeating: 0, count: 256)
        gethostname(&hostName, 255)
        let h = hostName.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        try Data("owner 4194000 1 \(boot) \(h)\nref \(head) \(ref)\n".utf8).write(to: URL(fileURLWithPath: s.ledger + "/.git/kpi/ref-4194000"))
        let log = try s.kpi("log")
        XCTAssertTrue(log.stderr.contains("kpi: removed \(lock), left by a kpi that was killed while updating \(ref)"), log.stderr)
        XCTAssertEqual(tagLeftovers(s), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: lock))
    }
}
