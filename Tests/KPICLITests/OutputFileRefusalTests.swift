import Foundation
import XCTest

/// `-o FILE` never replaces a ledger file nor writes into a git directory: refused with the
/// file named, exit 1, nothing changed (docs/spreadsheets.md).
final class OutputFileRefusalTests: XCTestCase {
    func testEveryCommandWithOutputRefusesALedgerFileAndTheGitDirectory() throws {
        let s = try Sandbox()
        s.env["GIT_AUTHOR_DATE"] = "2026-10-15T10:00:00+00:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-10-15T10:00:00+00:00"
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "45")
        try s.kpi("record", "alice", "nps", "43", "--date", "2026-08-31")
        try s.write("ledger.yaml", try s.read("ledger.yaml") + "incentives:\n  multipliers:\n    S: 1.5\n    A: 1.2\n    B: 1\n    C: 0.8\n    D: 0\n")
        try s.kpi("commit", "-m", "multipliers")
        // An uncommitted edit that must survive too.
        let records = "records/2026-Q3/alice.yaml"
        let edited = try s.read(records) + "# my own note\n"
        try s.write(records, edited)
        let files = [records, "goals/2026-Q3/alice.yaml", "people/alice.yaml", "ledger.yaml"]
        var before: [String: String] = [:]
        for f in files { before[f] = try s.read(f) }
        let head = try s.git("rev-parse", "HEAD")
        let commands: [[String]] = [["score", "--quarter", "2026-Q3"], ["history", "alice"], ["audit"], ["bonus", "--quarter", "2026-Q3"]]
        for command in commands {
            for target in files {
                let r = try s.kpi(command + ["-o", target], status: 1)
                XCTAssertTrue(r.stderr.contains("kpi: error: -o \(target) is the ledger file \(target)"), "\(command) -o \(target): \(r.stderr)")
                XCTAssertTrue(r.stderr.contains("nothing was changed"), r.stderr)
            }
            // Through an absolute path and from a folder inside the ledger, too.
            let absolute = try s.kpi(command + ["-o", s.ledger + "/people/alice.yaml"], status: 1)
            XCTAssertTrue(absolute.stderr.contains("is the ledger file people/alice.yaml"), absolute.stderr)
            let inside = try s.kpi(command + ["-o", "alice.yaml"], status: 1, cwd: s.ledger + "/people")
            XCTAssertTrue(inside.stderr.contains("is the ledger file people/alice.yaml"), inside.stderr)
            for git in [".git/config", ".git/HEAD", ".git/new-file.csv"] {
                let r = try s.kpi(command + ["-o", git], status: 1)
                XCTAssertTrue(r.stderr.contains("kpi: error: -o \(git) is inside the git directory"), "\(command) -o \(git): \(r.stderr)")
            }
            let json = try s.kpi(command + ["-o", "people/alice.yaml", "--format", "json"], status: 1)
            XCTAssertTrue(json.stdout.contains("\"unwritable-file\""), json.stdout)
        }
        for f in files { XCTAssertEqual(try s.read(f), before[f], f) }
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/.git/new-file.csv"))
        XCTAssertEqual(try s.git("status", "--porcelain"), " M \(records)\n")
        // Anything else is written as before: a report beside the ledger files, or in a ledger folder.
        try s.kpi("score", "--quarter", "2026-Q3", "-o", "scores.csv")
        try s.kpi("score", "--quarter", "2026-Q3", "-o", "people/scores.md")
        XCTAssertTrue(try s.read("people/scores.md").contains("alice"))
    }
}
