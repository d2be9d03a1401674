import XCTest

final class DemoTests: XCTestCase {
    static var packageRoot: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    /// The demo replays the example history into real commits with the script's authors and
    /// dates, whatever the caller's git identity says, and ends at exactly the files in
    /// ledger-example/.
    func testDemoReplaysTheExampleLedgerExactly() throws {
        let s = try Sandbox()
        for k in ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"] { s.env[k] = "Somebody Else" }
        let r = try s.kpi("demo", s.ledger, cwd: s.dir.path)
        XCTAssertTrue(r.stdout.contains("Scoreboard 2026"), r.stdout)
        XCTAssertTrue(r.stdout.contains("[eased_after_actuals]"), r.stdout)
        XCTAssertTrue(r.stdout.contains("kpi -C \(s.ledger) score alice"), r.stdout)
        try s.kpi("check")
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        XCTAssertEqual(try s.git("fsck", "--strict").trimmingCharacters(in: .whitespacesAndNewlines), "")
        let authors = Set(try s.git("log", "--format=%an <%ae>").split(separator: "\n").map(String.init))
        XCTAssertEqual(authors, ["Helen Ho <hr@northwind.example>", "Grace Liu <grace@northwind.example>",
                                 "Dana Wu <dana@northwind.example>", "Li Wei <li.wei@northwind.example>",
                                 "Alice Chen <alice@northwind.example>", "Tom Zhang <tom@northwind.example>",
                                 "Marco Rossi <marco@northwind.example>", "Mei Lin <mei@northwind.example>"])
        XCTAssertEqual(try s.git("log", "-1", "--format=%ad %s", "--date=iso-strict", "--grep=Update goals"),
                       "2026-09-20T22:10:00+08:00 Update goals\n")
        XCTAssertEqual(try s.git("tag", "-l"), "closed/2026-Q1\nclosed/2026-Q2\nclosed/2026-Q3\n")
        // Replaying twice gives the same commits: the history is fully determined by the script.
        let s2 = try Sandbox()
        try s2.kpi("demo", s2.ledger, cwd: s2.dir.path)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), try s2.git("rev-parse", "HEAD"))
        // The README's sample output is what the tool prints today, and its file examples are
        // the example ledger's files.
        let readme = try String(contentsOf: Self.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = try NSRegularExpression(pattern: "<!-- (kpi-output|file): (.*?) -->\n```\\w+\n(.*?)```", options: [.dotMatchesLineSeparators])
        let ns = readme as NSString
        var checked = 0
        // The tour runs on the story's last day, as ledger-example/tools/fill-readme.py does.
        let storyToday = try s.git("log", "-1", "--format=%aI").trimmingCharacters(in: .whitespacesAndNewlines)
        for m in blocks.matches(in: readme, range: NSRange(location: 0, length: ns.length)) {
            let kind = ns.substring(with: m.range(at: 1)), arg = ns.substring(with: m.range(at: 2)), body = ns.substring(with: m.range(at: 3))
            let expected: String
            if kind == "file" {
                expected = try String(contentsOf: Self.packageRoot.appendingPathComponent(arg), encoding: .utf8)
            } else {
                let args = ["-C", s.ledger] + arg.split(separator: " ").map(String.init)
                expected = try s.run(Sandbox.kpiBinary.path, args, env: ["GIT_AUTHOR_DATE": storyToday]).stdout
            }
            XCTAssertEqual(body, expected, "README block `\(arg)` differs from what the tool prints today")
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 10)
        // ledger-example/ holds exactly the replayed files.
        let example = Self.packageRoot.appendingPathComponent("ledger-example").path
        let tracked = try s.git("ls-files").split(separator: "\n").map(String.init)
        for path in tracked {
            let mine = try Data(contentsOf: URL(fileURLWithPath: s.ledger + "/" + path))
            let theirs = try Data(contentsOf: URL(fileURLWithPath: example + "/" + path))
            XCTAssertEqual(mine, theirs, "ledger-example/\(path) differs from the replayed history")
        }
    }

    func testDemoRefusesANonEmptyFolder() throws {
        let s = try Sandbox()
        try s.write("keep.txt", "mine\n")
        let r = try s.kpi("demo", s.ledger, status: 1, cwd: s.dir.path)
        XCTAssertTrue(r.stderr.contains("is not empty"), r.stderr)
        XCTAssertEqual(try s.read("keep.txt"), "mine\n")
    }
}
