import XCTest

/// Options that do not go together (or a value no option takes) are refused before the command
/// runs, from its `validate()`: exit 64, the usage beside the error, code `usage` under
/// `--format json`, and nothing read or written (docs/diagnostics.md).
final class UsageValidationTests: XCTestCase {
    func testOptionCombinationsAreUsageErrorsWithTheUsage() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let head = try s.git("rev-parse", "HEAD")
        let refusals: [([String], String)] = [
            (["suggest", "--level", "mid", "--draft", "alice"], "--draft needs --quarter, like --quarter 2026-Q4"),
            (["suggest", "--level", "mid", "--quarter", "2026-Q4"], "--quarter goes with --draft SUBJECT"),
            (["record", "alice", "nps", "20", "--confidence", "11"], "--confidence 11: a confidence is a whole number from 1 to 10"),
            (["commit"], "give a commit message with -m \"...\""),
            (["review", "alice", "--quarter", "2026-Q3"], "give --rating, --summary or --notes-file (no terminal to open an editor on)"),
            (["audit", "--format", "markdown"], "this command writes table, json, csv, xlsx, not markdown"),
            (["bonus", "--quarter", "2026-Q3", "--format", "csv", "-o", "bonus.xlsx"],
             "--format csv does not match -o bonus.xlsx, whose extension says xlsx; drop --format or rename the file"),
            (["sync", "--transport", "ftp"], "--transport must be libgit2 or git, not 'ftp'"),
        ]
        for (args, message) in refusals {
            let r = try s.run(Sandbox.kpiBinary.path, args, cwd: s.ledger)
            XCTAssertEqual(r.status, 64, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("Error: " + message + "\n"), "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("Usage: kpi " + args[0]), "\(args): \(r.stderr)")
        }
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head, "nothing committed")
        XCTAssertEqual(try s.git("status", "--porcelain"), "", "nothing written")

        let refused = try s.kpi("score", "--format", "json", "-o", "scores.csv", status: 64)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(refused.stdout.utf8)) as? [String: Any])
        let diagnostic = try XCTUnwrap((object["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertEqual(diagnostic["code"] as? String, "usage", refused.stdout)
        XCTAssertEqual(diagnostic["message"] as? String,
                       "--format json does not match -o scores.csv, whose extension says csv; drop --format or rename the file")
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/scores.csv"))
    }

    func testCloneWithAnUnknownTransportCreatesNothing() throws {
        let s = try Sandbox()
        let r = try s.kpi("clone", "/nowhere/ledger.git", "copy", "--transport", "ftp", status: 64)
        XCTAssertTrue(r.stderr.contains("Error: --transport must be libgit2 or git, not 'ftp'\n"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.dir.path + "/copy"))
    }
}
