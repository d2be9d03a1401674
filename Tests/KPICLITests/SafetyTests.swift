import XCTest

final class SafetyTests: XCTestCase {
    /// `kpi hooks install` makes a plain `git commit` of ledger files validate like `kpi commit`.
    func testPreCommitHookValidatesPlainGitCommits() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("hooks", "install")
        try s.write("goals/2026-Q3/alice.yaml", "subject: alice\nquarter: 2026-Q3\ngoals:\n  - metric: retention\n    target: many\n")
        try s.git("add", "goals/2026-Q3/alice.yaml")
        let head = try s.git("rev-parse", "HEAD")
        let bad = try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-m", "goals"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stdout.contains("goals/2026-Q3/alice.yaml:5:13: error:") || bad.stderr.contains("goals/2026-Q3/alice.yaml:5:13: error:"),
                      bad.stdout + bad.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        try s.write("goals/2026-Q3/alice.yaml", "subject: alice\nquarter: 2026-Q3\ngoals:\n  - metric: retention\n    target: 45%\n")
        try s.git("add", "goals/2026-Q3/alice.yaml")
        let good = try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-m", "goals"])
        XCTAssertEqual(good.status, 0, good.stderr)
        XCTAssertNotEqual(try s.git("rev-parse", "HEAD"), head)
    }

    /// A bare repository records too: trees are built in memory, and reads come from HEAD.
    func testBareRepositoryRecordsAndScores() throws {
        let s = try Sandbox()
        let bare = s.dir.appendingPathComponent("shared.git").path
        try s.kpi("init", "--bare", bare, cwd: s.dir.path)
        try s.kpi("-C", bare, "person", "add", "alice", "--name", "Alice", "--email", "alice@example.com", cwd: s.dir.path)
        try s.kpi("-C", bare, "goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40", cwd: s.dir.path)
        try s.kpi("-C", bare, "record", "alice", "nps", "44", "--date", "2026-08-01", "--allow-future", cwd: s.dir.path)
        XCTAssertEqual(try s.git("rev-list", "--count", "HEAD", in: bare), "4\n")
        XCTAssertTrue(try s.git("show", "HEAD:records/2026-Q3/alice.yaml", in: bare).contains("value: 44"))
        let csv = try s.kpi("-C", bare, "score", "--quarter", "2026-Q3", "--format", "csv", cwd: s.dir.path).stdout
        XCTAssertTrue(csv.contains("2026-Q3,alice,Alice,110,S,nps,"), csv)
        XCTAssertEqual(try s.git("fsck", "--strict", in: bare).trimmingCharacters(in: .whitespacesAndNewlines), "")
    }

    /// A process killed at any moment leaves a ledger that git and kpi both read as whole: the
    /// import is either in HEAD completely or not at all, and the next command works.
    func testAKilledImportLeavesAConsistentLedger() throws {
        let s = try Sandbox()
        try s.makeLedger()
        var csv = "subject,metric,date,value\n"
        for i in 0..<3000 { csv += "alice,nps,2026-08-\(String(format: "%02d", i % 28 + 1)),\(i % 100)\n" }
        try Data(csv.utf8).write(to: s.dir.appendingPathComponent("big.csv"))
        for delay in [5_000, 40_000, 120_000, 300_000] as [useconds_t] {
            let p = Process()
            p.executableURL = Sandbox.kpiBinary
            p.arguments = ["import", s.dir.path + "/big.csv"]
            p.environment = s.env
            p.currentDirectoryURL = URL(fileURLWithPath: s.ledger)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            XCTAssertEqual(try s.git("fsck", "--strict").trimmingCharacters(in: .whitespacesAndNewlines), "")
            let committed = try s.run("/usr/bin/git", ["-C", s.ledger, "show", "HEAD:records/2026-Q3/alice.yaml"])
            let count = committed.stdout.components(separatedBy: "- date:").count - 1
            XCTAssertTrue(count % 3000 == 0, "HEAD holds \(count) records: an import must land whole or not at all")
            // The next command finishes or undoes the import: files and index agree with HEAD.
            try s.kpi("check")
            XCTAssertEqual(try s.git("status", "--porcelain", "--untracked-files=all"), "")
        }
        try s.kpi("record", "alice", "nps", "50", "--date", "2026-09-01", "--allow-future")
    }
}
