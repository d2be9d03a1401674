import Foundation
import XCTest

/// A symbolic link someone committed with plain git is an error in the files it affects, never
/// a reason to refuse everything: removing or replacing it is committable through kpi, and
/// `score --at` / `diff` on such a commit report it (docs/format.md).
final class CommittedSymlinkTests: XCTestCase {
    func ledgerWithCommittedLink() throws -> (Sandbox, String) {
        let s = try Sandbox.withAliceNPSGoal("--baseline", "40", "--target", "45")
        try s.kpi("record", "alice", "nps", "43", "--date", "2026-08-31")
        let before = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.createSymbolicLink(atPath: s.ledger + "/people/evil.yaml", withDestinationPath: "/etc/passwd")
        _ = try s.git("add", "-A")
        _ = try s.git("commit", "-q", "--no-verify", "-m", "a link")
        return (s, before)
    }

    func testRemovingACommittedLinkIsCommittable() throws {
        let (s, _) = try ledgerWithCommittedLink()
        try FileManager.default.removeItem(atPath: s.ledger + "/people/evil.yaml")
        try s.kpi("check")
        try s.kpi("commit", "-m", "remove the link")
        XCTAssertFalse(try s.git("ls-tree", "-r", "HEAD").contains("evil"))
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
    }

    func testReplacingACommittedLinkWithAFileIsCommittable() throws {
        let (s, _) = try ledgerWithCommittedLink()
        try FileManager.default.removeItem(atPath: s.ledger + "/people/evil.yaml")
        try s.write("people/evil.yaml", "name: Eve\n")
        try s.kpi("commit", "-m", "a real person")
        XCTAssertEqual(try s.git("ls-tree", "HEAD", "people/evil.yaml").prefix(6), "100644")
        XCTAssertEqual(try s.git("show", "HEAD:people/evil.yaml"), "name: Eve\n")
    }

    func testALinkStillInTheWorkTreeIsReportedByCheckAndOtherChangesCommitBesideIt() throws {
        let (s, _) = try ledgerWithCommittedLink()
        try s.write("people/carol.yaml", "name: Carol\n")
        let check = try s.kpi("check", status: 1)
        XCTAssertTrue(check.stdout.contains("people/evil.yaml:1:1: error: people/evil.yaml is a symbolic link (to /etc/passwd)"), check.stdout)
        // The link is committed already: kpi commits carol and leaves the link as it is.
        try s.kpi("commit", "-m", "carol")
        XCTAssertEqual(try s.git("show", "HEAD:people/carol.yaml"), "name: Carol\n")
        XCTAssertEqual(try s.git("show", "--format=", "--name-only", "HEAD"), "people/carol.yaml\n")
        // A new link is never committed.
        try FileManager.default.createSymbolicLink(atPath: s.ledger + "/people/dave.yaml", withDestinationPath: "/etc/hostname")
        let head = try s.git("rev-parse", "HEAD")
        let commit = try s.kpi("commit", "-m", "dave", status: 1)
        XCTAssertTrue(commit.stderr.contains("people/dave.yaml is a symbolic link"), commit.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
    }

    func testScoreAtAndDiffReportTheLinkInsteadOfRefusing() throws {
        let (s, before) = try ledgerWithCommittedLink()
        // Alice's score does not read the link: complete. A person file that does not load leaves
        // team membership unknown: the team's roll-up is incomplete, naming the link.
        let at = try s.kpi("score", "--quarter", "2026-Q3", "--at", "HEAD", "--format", "json", status: 1)
        let top = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(at.stdout.utf8)) as? [String: Any])
        let subjects = try XCTUnwrap(top["subjects"] as? [[String: Any]])
        let alice = try XCTUnwrap(subjects.first { $0["id"] as? String == "alice" })
        XCTAssertEqual(alice["complete"] as? Bool, true, at.stdout)
        XCTAssertEqual(alice["score"] as? Double, 60)
        let team = try XCTUnwrap(subjects.first { $0["id"] as? String == "product" })
        XCTAssertEqual(team["complete"] as? Bool, false)
        XCTAssertEqual((team["errors"] as? [String])?.map { $0.hasPrefix("people/evil.yaml:1:1: people/evil.yaml is a symbolic link (to /etc/passwd)") }, [true])
        XCTAssertTrue(at.stderr.contains("1 score is incomplete (product 2026-Q3)"), at.stderr)
        // No score the diff shows reads the link: it runs, and says the ledger has an error.
        let diff = try s.kpi("diff", before, "HEAD")
        XCTAssertTrue(diff.stdout.hasPrefix(String(before.prefix(7)) + " → "), diff.stdout)
        // A linked records file at a commit: the score that reads it is incomplete, naming it.
        try FileManager.default.removeItem(atPath: s.ledger + "/records/2026-Q3/alice.yaml")
        try FileManager.default.createSymbolicLink(atPath: s.ledger + "/records/2026-Q3/alice.yaml", withDestinationPath: "/etc/hostname")
        _ = try s.git("add", "-A")
        _ = try s.git("commit", "-q", "--no-verify", "-m", "linked records")
        let linked = try s.kpi("score", "--quarter", "2026-Q3", "--at", "HEAD", "--format", "json", status: 1)
        XCTAssertTrue(linked.stdout.contains("records/2026-Q3/alice.yaml:1:1: records/2026-Q3/alice.yaml is a symbolic link (to /etc/hostname)"), linked.stdout)
        XCTAssertTrue(linked.stdout.contains("\"score\": null") || linked.stdout.contains("\"score\":null"), linked.stdout)
        let d = try s.kpi("diff", "HEAD~1", "HEAD", status: 1)
        XCTAssertTrue(d.stdout.contains("records/2026-Q3/alice.yaml") || d.stderr.contains("records/2026-Q3/alice.yaml"), d.stdout + d.stderr)
    }
}
