import Foundation
import XCTest

/// `kpi score` of a ledger of many files answers git's status and works out the report cache's
/// key before it scores (`ScoreCommand.settle`: what they hold for every file is let go before
/// the scoring's peak; docs/architecture.md, "Memory"); a smaller ledger works them out beside
/// the scoring. `KPI_MANY_FILES` moves the line, so both paths run on the same ledger, with
/// uncommitted files of every kind: stdout, stderr and exit code byte for byte the same, cold,
/// recorded into the report cache and served from it.
final class ManyFilesScoreTests: XCTestCase {
    static let day = "2026-06-20T10:00:00+08:00"

    func testSettledFirstOrBesideTheScoringTheOutputIsTheSame() throws {
        let s = try Sandbox()
        try GeneratedLedger.make(in: s)
        // Uncommitted: a goal sheet edited, a records file staged, a review deleted, an
        // untracked person, and a stray file (not a ledger file).
        let goals = "goals/2026-Q2/p03.yaml"
        try s.write(goals, try s.read(goals).replacingOccurrences(of: "weight: 40", with: "weight: 45"))
        let records = "records/2026-Q2/p04.yaml"
        try s.write(records, try s.read(records) + "  - date: 2026-06-10\n    metric: nps\n    value: 7\n")
        XCTAssertEqual(try s.run("/usr/bin/git", ["-C", s.ledger, "add", records]).status, 0)
        try FileManager.default.removeItem(atPath: s.ledger + "/reviews/2026-Q1/p05.yaml")
        try s.write("people/p12.yaml", "name: Person 12\nemail: p12@example.com\nteam: t1\nmanager: p06\n")
        try s.write("people/notes.txt", "not a ledger file\n")

        func run(_ args: [String], manyFiles: Int, cache: Bool) throws -> String {
            var env = ["GIT_AUTHOR_DATE": Self.day, "GIT_COMMITTER_DATE": Self.day, "KPI_MANY_FILES": "\(manyFiles)"]
            if !cache { env["KPI_NO_REPORT_CACHE"] = "1" }
            let r = try s.run(Sandbox.kpiBinary.path, ["-C", s.ledger] + args, env: env)
            return "exit \(r.status)\n--- stdout\n\(r.stdout)--- stderr\n\(r.stderr)"
        }
        for args in [["score", "--year", "2026", "--format", "json"], ["score", "--year", "2026"], ["score", "--quarter", "2026-Q2", "--format", "json"]] {
            var outputs: [String] = []
            // 1: every file counts as many (settled first); a billion: never.
            for many in [1, 1_000_000_000] {
                try? FileManager.default.removeItem(atPath: s.ledger + "/.git/kpi")
                outputs.append(try run(args, manyFiles: many, cache: false))
                // Recorded, with the key of the load, then served from the entry.
                outputs.append(try run(args, manyFiles: many, cache: true))
                outputs.append(try run(args, manyFiles: many, cache: true))
                let entries = try FileManager.default.contentsOfDirectory(atPath: s.ledger + "/.git/kpi/reports-v1").filter { !$0.hasPrefix(".") }
                XCTAssertEqual(entries.count, 1, "the run was recorded: \(args)")
            }
            for (n, out) in outputs.enumerated() { XCTAssertEqual(out, outputs[0], "run \(n) of kpi \(args.joined(separator: " "))") }
            // The JSON names each uncommitted file, the table counts them.
            XCTAssertTrue(outputs[0].contains("4 uncommitted files") || ["p12", "p03", "p04", "p05"].allSatisfy { outputs[0].contains("\($0).yaml\"") },
                          "the uncommitted files are named: \(outputs[0].prefix(600))")
        }
    }
}
