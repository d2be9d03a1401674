import Foundation
import XCTest

/// Names and emails that would break a commit header are refused before anything is
/// written; a commit another tool wrote with such a name does not stop the ledger from
/// being read or written (docs/reliability.md).
final class HostileIdentityTests: XCTestCase {
    /// HEAD, index and working tree exactly as they were.
    private func state(_ s: Sandbox) throws -> String {
        try s.git("rev-parse", "HEAD") + s.git("status", "--porcelain", "--untracked-files=all") + s.git("ls-files", "-s")
    }

    func testControlCharactersAndAngleBracketsInIdentitiesAreRefusedBeforeAnythingIsWritten() throws {
        let s = try Sandbox()
        // Recording in 2026-Q3 on a day after it (no future dates).
        s.env["GIT_AUTHOR_DATE"] = "2026-10-15T10:00:00+00:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-10-15T10:00:00+00:00"
        try s.makeLedger()
        let before = try state(s)
        let cases: [(env: [String: String], author: String?, source: String, problem: String)] = [
            (["GIT_AUTHOR_NAME": "Dana\nWu"], nil, "GIT_AUTHOR_NAME", "a line break: 'Dana\\nWu'"),
            (["GIT_AUTHOR_EMAIL": "dana@example.com\nparent 0000000000000000000000000000000000000000"], nil, "GIT_AUTHOR_EMAIL", "a line break"),
            (["GIT_COMMITTER_NAME": "Eve\u{1B}[2J"], nil, "GIT_COMMITTER_NAME", "a control character: 'Eve\\u{1B}[2J'"),
            (["GIT_COMMITTER_EMAIL": "a>b@example.com"], nil, "GIT_COMMITTER_EMAIL", "an angle bracket"),
            (["GIT_AUTHOR_NAME": "Mallory <m@example.com>"], nil, "GIT_AUTHOR_NAME", "an angle bracket"),
            ([:], "X <x@y\nparent 0000000000000000000000000000000000000000>", "--author", "a line break"),
            ([:], "X > Y <x@example.com>", "--author", "an angle bracket"),
            ([:], "Tab\tName <t@example.com>", "--author", "a control character"),
        ]
        for c in cases {
            var args = ["record", "alice", "nps", "44", "--date", "2026-08-01"]
            if let a = c.author { args += ["--author", a] }
            let r = try s.run(Sandbox.kpiBinary.path, args, cwd: s.ledger, env: c.env)
            XCTAssertEqual(r.status, 1, "\(c.source): \(r.stdout)")
            XCTAssertTrue(r.stderr.hasPrefix("kpi: error: "), r.stderr)
            XCTAssertTrue(r.stderr.contains(c.source), r.stderr)
            XCTAssertTrue(r.stderr.contains(c.problem), r.stderr)
            XCTAssertEqual(r.stderr.filter { $0 == "\n" }.count, 1, "one line, control characters shown escaped: \(r.stderr)")
            XCTAssertEqual(try state(s), before, "\(c.source): nothing may be written")
        }
        // user.name from the configuration is checked too.
        _ = try s.git("config", "user.name", "Zed\rZ")
        let r = try s.run(Sandbox.kpiBinary.path, ["person", "add", "zed", "--name", "Zed"], cwd: s.ledger,
                          env: ["GIT_AUTHOR_NAME": "", "GIT_COMMITTER_NAME": ""])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("the author name from git config user.name contains a line break: 'Zed\\rZ'"), r.stderr)
        XCTAssertEqual(try state(s), before)
        XCTAssertEqual(try s.git("fsck", "--strict").trimmingCharacters(in: .whitespacesAndNewlines), "")
    }

    func testALedgerHoldingACommitWithABrokenAuthorLineStillReadsAndTakesWrites() throws {
        let s = try Sandbox()
        // Recording in 2026-Q3 on a day after it (no future dates).
        s.env["GIT_AUTHOR_DATE"] = "2026-10-15T10:00:00+00:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-10-15T10:00:00+00:00"
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40")
        // Another tool's commit: the name's line break splits the author line (git fsck:
        // missingEmail), as `GIT_AUTHOR_NAME=$'Bob\nManager' git commit` used to write. Made
        // from a kpi commit by rewriting its header.
        try s.kpi("record", "alice", "nps", "44", "--date", "2026-08-01")
        let tree = try s.git("rev-parse", "HEAD^{tree}").trimmingCharacters(in: .whitespacesAndNewlines)
        let parent = try s.git("rev-parse", "HEAD^").trimmingCharacters(in: .whitespacesAndNewlines)
        let raw = "tree \(tree)\nparent \(parent)\nauthor Bob\nManager <bob@example.com> 1792065600 +0800\ncommitter Bob\nManager <bob@example.com> 1792065600 +0800\n\nrecord: alice nps 44 by hand\n"
        try Data(raw.utf8).write(to: s.dir.appendingPathComponent("commit.txt"))
        let bad = try s.git("hash-object", "-t", "commit", "--literally", "-w", s.dir.appendingPathComponent("commit.txt").path)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try s.git("update-ref", "refs/heads/main", bad)
        let fsck = try s.run("/usr/bin/git", ["-C", s.ledger, "fsck", "--strict"])
        XCTAssertTrue(fsck.stderr.contains("missingEmail") || fsck.stdout.contains("missingEmail"), "the oracle sees the damage: \(fsck.stderr)")

        let log = try s.kpi("log").stdout
        // Dated after its parent (an earlier date would be a backdated_change).
        XCTAssertTrue(log.hasPrefix(String(bad.prefix(7)) + " 2026-10-15T20:00:00+08:00 Bob"), log)
        XCTAssertTrue(log.contains("alice recorded 2026-08-01 nps 44"), log)
        // Audited like any other commit: its author's email is Bob's, who may record for alice.
        XCTAssertEqual(try s.kpi("audit").stdout, "No findings.\n")
        let history = try s.kpi("history", "alice").stdout
        XCTAssertFalse(history.isEmpty)
        let csv = try s.kpi("score", "--quarter", "2026-Q3", "--format", "csv").stdout
        XCTAssertTrue(csv.contains("2026-Q3,alice,"), csv)
        try s.kpi("report", "--html", s.dir.appendingPathComponent("r.html").path, "--year", "2026")
        // What differs from the damaged commit is still told (git status's baseline read leniently).
        let records = try s.read("records/2026-Q3/alice.yaml")
        try s.write("records/2026-Q3/alice.yaml", records + "  - date: 2026-08-03\n    metric: nps\n    value: 45\n")
        let json = try s.kpi("score", "--quarter", "2026-Q3", "--format", "json").stdout
        let top = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        XCTAssertEqual(top?["uncommitted"] as? [String], ["records/2026-Q3/alice.yaml"], json)
        XCTAssertTrue(try s.kpi("score", "--quarter", "2026-Q3").stdout.contains(" with 1 uncommitted file\n"))
        try s.write("records/2026-Q3/alice.yaml", records)

        // Later writes build on it; the new commit is sound and its parent is the damaged one.
        try s.kpi("record", "alice", "nps", "46", "--date", "2026-08-02")
        XCTAssertEqual(try s.git("rev-parse", "HEAD^").trimmingCharacters(in: .whitespacesAndNewlines), bad)
        XCTAssertEqual(try s.git("log", "-1", "--format=%an <%ae>"), "Bob Manager <bob@example.com>\n")
        XCTAssertTrue(try s.git("show", "HEAD:records/2026-Q3/alice.yaml").contains("value: 46"))
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        try s.kpi("log")
    }
}
