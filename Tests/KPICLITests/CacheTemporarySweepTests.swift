import Foundation
import XCTest

/// A cache file is written to `.NAME.kpi-PID-N.tmp` and renamed into place (docs/architecture.md,
/// "The caches"); a writer killed in between (Ctrl-C while the parsed-file cache is written in
/// the background) leaves that file, and the next kpi command removes it once its writer is gone
/// (docs/reliability.md). A running writer's file is left alone.
final class CacheTemporarySweepTests: XCTestCase {
    func testAKilledCacheWritersFileIsRemovedAndALiveOnesIsKept() throws {
        let s = try Sandbox()
        try GeneratedLedger.make(in: s)
        let kpiDir = s.ledger + "/.git/kpi"
        try? FileManager.default.removeItem(atPath: kpiDir)
        let score = ["-C", s.ledger, "score", "--year", "2026", "--format", "json"]
        let env = ["KPI_NO_REPORT_CACHE": "1"]
        let first = try s.run(Sandbox.kpiBinary.path, score, env: env)
        XCTAssertTrue(first.stdout.contains("\"p03\""), first.stderr)
        // The caches a cold run writes leave no temporary file behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: kpiDir)
        XCTAssertTrue(names.contains("files-v1"), names.description)
        XCTAssertEqual(names.filter { $0.hasSuffix(".tmp") || $0.contains("tmp-") }, [])

        // A writer killed before its rename (the first rename of a cold run is a cache's)
        // leaves its temporary file; the next command removes it.
        guard FileManager.default.isExecutableFile(atPath: FaultInjection.strace) else {
            throw XCTSkip("strace is not installed (.ci/run installs Debian's strace)")
        }
        try FileManager.default.removeItem(atPath: kpiDir)
        let killed = try s.run(FaultInjection.strace, ["-f", "-qq", "-o", "/dev/null", "-e", "inject=rename,renameat,renameat2:signal=KILL:when=1",
                                                      Sandbox.kpiBinary.path] + score, env: env)
        XCTAssertNotEqual(killed.status, 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: kpiDir).filter { $0.hasSuffix(".tmp") }
        XCTAssertFalse(left.isEmpty, "the kill was not at a cache's rename")
        let next = try s.run(Sandbox.kpiBinary.path, score, env: env)
        XCTAssertEqual(next.stdout, first.stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: kpiDir).filter { $0.hasSuffix(".tmp") || $0.contains("tmp-") }, [],
                       "the killed writer's temporary file stayed")

        // A pid that ran and is gone, and this test's own (running) pid.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let dead = kpiDir + "/.files-v1.kpi-\(gone.processIdentifier)-12345.tmp"
        let live = kpiDir + "/.files-v1.kpi-\(getpid())-6789.tmp"
        for path in [dead, live] { XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("half a cache".utf8))) }

        let again = try s.run(Sandbox.kpiBinary.path, score, env: env)
        XCTAssertEqual(again.status, first.status)
        XCTAssertEqual(again.stdout, first.stdout)
        XCTAssertEqual(again.stderr, first.stderr, "removing a dead writer's temporary file is silent")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dead), "the killed writer's file stayed")
        XCTAssertTrue(FileManager.default.fileExists(atPath: live), "a running writer's file was removed")
        unlink(live)
    }
}
