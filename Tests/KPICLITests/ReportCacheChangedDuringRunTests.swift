import Foundation
import XCTest

/// The report cache keeps a run's output only under the key of the inputs the command read
/// (docs/architecture.md, "The report cache"). `kpi check` keys its entry from what its load
/// read (`ReportInputs.of(loaded:)`, as `kpi score` does): a file edited, added or removed after
/// the load read the files leaves the entry under the key of what was read, which the next run,
/// keyed by the files as they are now, does not find. A head (HEAD, the index, configuration)
/// not the one before keeps the output out. With entries, the key is also taken before and must
/// be the load's. Here each change is made while the command is stopped in the middle of writing
/// its output (its standard output a full pipe, the load done), and the next run must give the
/// fresh answer.
final class ReportCacheChangedDuringRunTests: XCTestCase {
    var s: Sandbox!
    var entries: String { s.ledger + "/.git/kpi/reports-v1" }
    let args = ["check", "--format", "json"]

    override func setUpWithError() throws {
        s = try Sandbox()
        try GeneratedLedger.make(in: s)
        // 30 files of 100 records of a metric the catalog lacks: an output far over a pipe's 64 KiB.
        for f in 0..<30 {
            var text = "subject: x\(f)\nquarter: 2026-Q2\nrecords:\n"
            for r in 0..<100 { text += "  - date: 2026-05-\(10 + r % 19)\n    metric: lost_\(f)_\(r)\n    value: \(r)\n" }
            try s.write("records/2026-Q2/x\(f).yaml", text)
        }
        try GeneratedLedger.commit(s, "2026-06-17T09:00:00+08:00", "records: thirty files of lost metrics")
    }

    override func tearDown() { s = nil }

    var env: [String: String] { ["GIT_AUTHOR_DATE": ReportCacheTests.day, "GIT_COMMITTER_DATE": ReportCacheTests.day] }

    func entryNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: entries)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    func fresh() throws -> String {
        try s.run(Sandbox.kpiBinary.path, ["-C", s.ledger] + args, env: env.merging(["KPI_NO_REPORT_CACHE": "1"]) { $1 }).stdout
    }

    /// Runs the command with the cache and, once its standard output's pipe is full (it has
    /// read the ledger and is writing), calls `change`; returns what the command printed.
    func runChanging(_ change: () throws -> Void) throws -> String {
        let p = Process()
        p.executableURL = Sandbox.kpiBinary
        p.arguments = ["-C", s.ledger] + args
        p.environment = s.env.merging(env) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let fd = out.fileHandleForReading.fileDescriptor
        var waiting: Int32 = 0
        let deadline = Date().addingTimeInterval(120)
        while ioctl(fd, UInt(FIONREAD), &waiting) == 0, waiting < 65536, p.isRunning, Date() < deadline { usleep(2000) }
        XCTAssertEqual(waiting, 65536, "the command waits on a full pipe")
        try change()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        _ = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return text
    }

    /// A change while the command ran: the next run gives what a run without the cache gives
    /// now (twice: the second from the entry it keeps), never the output of the run it changed.
    /// `keptAsRead`: that run's entry is kept, under the key of the files its load read (a
    /// file's change); else none is (a head's change).
    func assertNotKept(withEntries: Bool, keptAsRead: Bool = true, _ what: String, _ change: () throws -> Void,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        try? FileManager.default.removeItem(atPath: s.ledger + "/.git/kpi")
        if withEntries { _ = try s.run(Sandbox.kpiBinary.path, ["-C", s.ledger, "check"], env: env) }
        let kept = entryNames()
        XCTAssertEqual(kept.count, withEntries ? 1 : 0, file: file, line: line)
        let during = try runChanging(change)
        let afterRun = entryNames()
        if keptAsRead {
            XCTAssertEqual(afterRun.count, kept.count + 1, "\(what): kept under the key of what the load read", file: file, line: line)
        } else {
            XCTAssertEqual(afterRun, kept, "\(what): nothing kept from the run it changed", file: file, line: line)
        }
        let now = try fresh()
        XCTAssertNotEqual(during, now, "\(what) changes the output", file: file, line: line)
        for _ in 0..<2 {
            XCTAssertEqual(try s.run(Sandbox.kpiBinary.path, ["-C", s.ledger] + args, env: env).stdout, now, what, file: file, line: line)
        }
    }

    func testNothingChangedKeepsTheRun() throws {
        let during = try runChanging {}
        XCTAssertEqual(entryNames().count, 1, "kept with no key taken before it")
        XCTAssertEqual(during, try fresh())
        XCTAssertEqual(try s.run(Sandbox.kpiBinary.path, ["-C", s.ledger] + args, env: env).stdout, during)
    }

    func testAFileEditedWhileTheCommandRan() throws {
        for withEntries in [false, true] {
            var n = 0
            try assertNotKept(withEntries: withEntries, "a file edited (\(withEntries))") {
                n += 1
                let path = "records/2026-Q2/x\(withEntries ? 7 : 3).yaml"
                try s.write(path, try s.read(path).replacingOccurrences(of: "metric: lost_\(withEntries ? 7 : 3)_5\n", with: "metric: nps\n"))
            }
            XCTAssertEqual(n, 1)
        }
    }

    /// The entry a run keeps when a file was edited after its load is the output of the files
    /// as read: with the file put back, the next run is served from it (the same file, not one
    /// written again).
    func testTheEntryOfARunAFileChangedDuringIsTheFilesAsRead() throws {
        let path = "records/2026-Q2/x3.yaml"
        let asRead = try s.read(path)
        let asReadOutput = try fresh()
        let during = try runChanging { try s.write(path, asRead.replacingOccurrences(of: "metric: lost_3_5\n", with: "metric: nps\n")) }
        XCTAssertEqual(during, asReadOutput)
        let names = entryNames()
        XCTAssertEqual(names.count, 1)
        func inode() throws -> Int { (try FileManager.default.attributesOfItem(atPath: entries + "/" + names[0])[.systemFileNumber] as? Int) ?? -1 }
        let kept = try inode()
        try s.write(path, asRead)
        XCTAssertEqual(try s.run(Sandbox.kpiBinary.path, ["-C", s.ledger] + args, env: env).stdout, asReadOutput)
        XCTAssertEqual(entryNames(), names)
        XCTAssertEqual(try inode(), kept, "served from the entry kept, not written again")
    }

    func testAFileAddedOrRemovedWhileTheCommandRan() throws {
        try assertNotKept(withEntries: false, "a file added") {
            try s.write("records/2026-Q2/x99.yaml", "subject: x99\nquarter: 2026-Q2\nrecords: []\n")
        }
        try assertNotKept(withEntries: false, "a file removed") {
            try FileManager.default.removeItem(atPath: s.ledger + "/records/2026-Q2/x99.yaml")
        }
    }

    func testHeadMovedWhileTheCommandRan() throws {
        // A commit of nothing in the ledger: only HEAD moves, and `kpi check`'s record dates
        // are checked against its history, so the run's output is of the commit before.
        try s.write("records/2026-Q3/p00.yaml", "subject: p00\nquarter: 2026-Q3\nrecords:\n  - date: 2026-07-02\n    metric: nps\n    value: 5\n")
        try assertNotKept(withEntries: false, keptAsRead: false, "HEAD moved") {
            try GeneratedLedger.commit(s, "2026-06-18T09:00:00+08:00", "records: p00 in July")
        }
    }
}
