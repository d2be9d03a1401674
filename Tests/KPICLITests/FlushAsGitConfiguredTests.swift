import Foundation
import XCTest

/// A write flushes to disk what git's configuration asks git to flush, and nothing by default —
/// as `git add && git commit` flushes nothing by default (docs/reliability.md, step 6). A killed
/// write is finished or undone by the next command either way (`CrashRecoveryTests` runs on the
/// default; `OneFlushPerWriteTests` kills the flush `core.fsync` asks for).
final class FlushAsGitConfiguredTests: XCTestCase {
    /// The flushing system calls of `kpi ARGS`, by name, from strace's summary.
    private func flushes(_ s: Sandbox, _ args: [String]) throws -> [String: Int] {
        let log = s.dir.path + "/strace.log"
        let r = try s.run(FaultInjection.strace, ["-f", "-qq", "-c", "-o", log, "-e", "trace=fsync,fdatasync,syncfs,sync",
                                                  Sandbox.kpiBinary.path] + args, cwd: s.ledger)
        XCTAssertEqual(r.status, 0, r.stderr)
        var counts: [String: Int] = [:]
        for line in try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count >= 5, let name = f.last, ["fsync", "fdatasync", "syncfs", "sync"].contains(String(name)) else { continue }
            counts[String(name)] = Int(f[3])   // % time, seconds, usecs/call, calls, [errors,] syscall
        }
        return counts
    }

    func testNothingIsFlushedUnlessGitsConfigurationAsks() throws {
        let s = try FaultInjection.ledger()
        var text = "subject,metric,date,value\n"
        for (i, id) in ["alice", "bob"].enumerated() { text += "\(id),nps,2026-07-0\(i + 1),\(10 + i)\n" }
        let csv = s.dir.path + "/rows.csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: csv))
        // The default, and settings that name nothing a commit writes.
        XCTAssertEqual(try flushes(s, ["record", "alice", "nps", "31", "--date", "2026-07-20"]), [:])
        XCTAssertEqual(try flushes(s, ["import", csv]), [:])
        for value in ["none", "pack,commit-graph", "committed,-loose-object,-reference", "all,none"] {
            try s.git("config", "core.fsync", value)
            XCTAssertEqual(try flushes(s, ["record", "alice", "nps", "32", "--date", "2026-07-2\(value.count % 8)"]), [:], value)
        }
        // Settings that name what a commit writes: the journal, the working file, and libgit2's
        // objects and refs are flushed.
        for (key, value) in [("core.fsync", "committed"), ("core.fsync", " pack , reference "), ("core.fsync", "none,index"),
                             ("core.fsync", "all"), ("core.fsyncObjectFiles", "true")] {
            _ = try? s.git("config", "--unset-all", "core.fsync")  // nothing to unset the first time
            try s.git("config", key, value)
            let n = try flushes(s, ["record", "alice", "nps", "4\(value.count)", "--date", "2026-08-0\(value.count % 9 + 1)"])["fsync"] ?? 0
            XCTAssertGreaterThanOrEqual(n, 2, "\(key)=\(value)")
        }
        XCTAssertEqual(try s.git("status", "--porcelain", "--untracked-files=all"), "")
        try s.kpi("check")
    }
}
