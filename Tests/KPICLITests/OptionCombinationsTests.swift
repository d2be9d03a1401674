import Foundation
import XCTest

/// Options that do not go together are refused before anything runs, with the usage, as a
/// command line kpi cannot read (exit 64, code `usage` under --format json).
final class OptionCombinationsTests: XCTestCase {
    func testRefusedCombinationsComeWithTheUsage() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let cases: [([String], String)] = [
            (["score", "--quarter", "2026-Q3", "--year", "2026"], "give --quarter or --year, not both"),
            (["score", "--at", "HEAD", "--as-of", "2026-06-01"], "give --at or --as-of, not both"),
            (["score", "--as-of", "June"], "'June' is not a date; write YYYY-MM-DD"),
            (["score", "--year", "26"], "'26' is not a year"),
            (["report", "--html", "-", "--quarter", "2026-Q3", "--year", "2026"], "give --quarter or --year, not both"),
            (["record", "alice", "nps", "40", "--reopen"], "--reopen needs --reason"),
            (["record", "alice", "nps", "40", "--reason", "late data"], "--reason goes with --reopen"),
            // Two options that exclude each other read the same whichever they are.
            (["record", "alice", "nps", "40", "--sign", "--no-sign"], "give --sign or --no-sign, not both"),
            (["sync", "--ours", "--theirs"], "give --ours or --theirs, not both"),
            (["goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--aligns-to", "eng/nps", "--no-aligns-to"],
             "give --aligns-to or --no-aligns-to, not both"),
        ]
        let before = try s.git("rev-parse", "HEAD")
        for (args, words) in cases {
            let r = try s.run(Sandbox.kpiBinary.path, args, cwd: s.ledger)
            XCTAssertEqual(r.status, 64, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.hasPrefix("Error: \(words)"), r.stderr)
            XCTAssertTrue(r.stderr.contains("Usage: kpi \(args[0])"), r.stderr)
        }
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), before)
        let json = try s.run(Sandbox.kpiBinary.path, ["score", "--quarter", "2026-Q3", "--year", "2026", "--format", "json"], cwd: s.ledger)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let first = (object?["diagnostics"] as? [[String: Any]])?.first
        XCTAssertEqual(first?["code"] as? String, "usage")
        XCTAssertEqual(first?["message"] as? String, "give --quarter or --year, not both")
    }
}
