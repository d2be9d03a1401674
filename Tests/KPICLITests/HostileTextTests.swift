import Foundation
import XCTest

/// Text from the ledger and its history is shown, never obeyed: control characters are
/// escaped on the terminal, HTML is escaped in markdown, formulas are neutralised in CSV, and an
/// argument that is not UTF-8 is refused.
final class HostileTextTests: XCTestCase {
    static let clear = "\u{1B}[2J"
    static let title = "\u{1B}]0;pwned\u{07}"
    static let hostileName = "Eve\(HostileTextTests.clear)\(HostileTextTests.title)<script>alert(1)</script><img src=x onerror=alert(2)>"

    func hostileLedger() throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("person", "add", "eve", "--name", Self.hostileName)
        try s.kpi("goal", "set", "eve", "nps", "--quarter", "2026-Q3", "--target", "40", "-m", "goal\(Self.clear)")
        try s.kpi("record", "eve", "nps", "44", "--date", "2026-07-03", "--allow-future", "--note", "note\(Self.clear)", "-m", "record\(Self.title)")
        // A commit made by another tool, with an author name no kpi identity would pass.
        try s.write("goals/2026-Q3/eve.yaml", try s.read("goals/2026-Q3/eve.yaml").replacingOccurrences(of: "target: 40", with: "target: 35"))
        try s.git("add", "goals/2026-Q3/eve.yaml")
        let r = try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-q", "-m", "level\(Self.title)"],
                          env: ["GIT_AUTHOR_NAME": "Mallory\u{1B}[8m", "GIT_COMMITTER_NAME": "Mallory\u{1B}[8m"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return s
    }

    /// kpi's output whatever its exit status (score exits 1 for incomplete subjects).
    func output(_ s: Sandbox, _ args: String...) throws -> Sandbox.Run {
        try s.run(Sandbox.kpiBinary.path, args, cwd: s.ledger)
    }

    func assertNoControls(_ r: Sandbox.Run, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for (stream, text) in [("stdout", r.stdout), ("stderr", r.stderr)] {
            let raw = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
            XCTAssertTrue(raw.isEmpty, "\(what) \(stream) has raw control characters: \(text.debugDescription)", file: file, line: line)
        }
    }

    func testTerminalOutputShowsControlCharactersEscaped() throws {
        let s = try hostileLedger()
        let commands: [[String]] = [["score", "--quarter", "2026-Q3"], ["score", "--quarter", "2026-Q3", "--explain"],
                                    ["log"], ["history", "eve"], ["audit", "--fail-on", "error"], ["diff", "HEAD~3", "HEAD"]]
        for args in commands {
            let r = try s.run(Sandbox.kpiBinary.path, args, cwd: s.ledger)
            assertNoControls(r, args.joined(separator: " "))
        }
        let score = try output(s, "score", "--quarter", "2026-Q3")
        XCTAssertTrue(score.stdout.contains("Eve\\x1b[2J\\x1b]0;pwned\\x07<script>"), score.stdout)
        let log = try s.kpi("log")
        XCTAssertTrue(log.stdout.contains("Mallory\\x1b[8m: "), log.stdout)
        XCTAssertTrue(log.stdout.contains("Eve\\x1b[2J"), log.stdout)
        let history = try s.kpi("history", "eve")
        XCTAssertTrue(history.stdout.contains("goal\\x1b[2J"), history.stdout)
        let audit = try s.run(Sandbox.kpiBinary.path, ["audit"], cwd: s.ledger)
        XCTAssertTrue(audit.stdout.contains("Mallory\\x1b[8m <bob@example.com> eased the nps target"), audit.stdout)

        // JSON keeps the text exactly, with JSON's own escapes.
        let json = try output(s, "score", "--quarter", "2026-Q3", "--format", "json").stdout
        assertNoControls(Sandbox.Run(status: 0, stdout: json, stderr: ""), "score json")
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let subjects = parsed?["subjects"] as? [[String: Any]] ?? []
        XCTAssertTrue(subjects.contains { $0["name"] as? String == Self.hostileName }, json)

        // check: a hostile key is quoted in the message, escaped.
        try s.write("people/eve.yaml", try s.read("people/eve.yaml") + "\"x\\e[2J\": 1\n")
        let check = try s.kpi("check", status: 1)
        assertNoControls(check, "check")
        XCTAssertTrue(check.stdout.contains("unknown key 'x\\x1b[2J'"), check.stdout)
    }

    func testMarkdownEscapesHTML() throws {
        let s = try hostileLedger()
        let md = try output(s, "score", "--quarter", "2026-Q3", "--format", "markdown").stdout
        XCTAssertFalse(md.contains("<script>") || md.contains("<img"), md)
        XCTAssertTrue(md.contains("| eve | Eve\\x1b\\[2J\\x1b\\]0;pwned\\x07&lt;script&gt;alert\\(1\\)&lt;/script&gt;&lt;img src=x onerror=alert\\(2\\)&gt; | "), md)
    }

    func testCSVNeutralisesFormulas() throws {
        let s = try Sandbox()
        try s.makeLedger()
        for (id, name) in [("f1", "=HYPERLINK(\"http://x\",\"y\")"), ("f2", "+SUM(A1)"), ("f3", "-2+3"), ("f4", "@cmd"), ("f5", "Plain, with comma")] {
            try s.kpi("person", "add", id, "--name=\(name)")
            try s.kpi("goal", "set", id, "nps", "--quarter", "2026-Q3", "--target", "40")
        }
        let csv = try output(s, "score", "--quarter", "2026-Q3", "--format", "csv").stdout
        for cell in ["\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", ",'+SUM(A1),", ",'-2+3,", ",'@cmd,", ",\"Plain, with comma\","] {
            XCTAssertTrue(csv.contains(cell), "\(cell) in\n\(csv)")
        }
    }

    func testAnArgumentThatIsNotUTF8IsRefused() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let head = try s.git("rev-parse", "HEAD")
        // Process takes Swift strings; the shell passes the raw bytes.
        let r = try s.run("/bin/sh", ["-c", "\"$0\" record alice nps 45 --date 2026-07-04 --source \"$(printf '\\377\\376')\"", Sandbox.kpiBinary.path],
                          cwd: s.ledger)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("argument 8 (\\xff\\xfe) is not valid UTF-8 text"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
    }
}
