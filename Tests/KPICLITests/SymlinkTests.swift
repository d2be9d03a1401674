import XCTest

/// A symbolic link anywhere in a ledger path is refused, for reading and for writing, with its
/// location; nothing is read or written outside the repository.
final class SymlinkTests: XCTestCase {
    func ledgerWithOutside() throws -> (Sandbox, String) {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("record", "alice", "nps", "40", "--date", "2026-07-03", "--allow-future")
        let outside = s.dir.appendingPathComponent("outside").path
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        return (s, outside)
    }

    func files(_ folder: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: folder).sorted()
    }

    func testALinkedQuarterFolderIsRefusedAndNothingIsWrittenOutside() throws {
        let (s, outside) = try ledgerWithOutside()
        try FileManager.default.createSymbolicLink(atPath: s.ledger + "/records/2026-Q4", withDestinationPath: outside)
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("record", "alice", "nps", "41", "--date", "2026-10-03", "--allow-future", status: 1)
        XCTAssertTrue(r.stderr.contains("records/2026-Q4 is a symbolic link (to \(outside))"), r.stderr)
        XCTAssertEqual(try files(outside), [])
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        let check = try s.kpi("check", status: 1)
        XCTAssertTrue(check.stdout.contains("records/2026-Q4:1:1: error: records/2026-Q4 is a symbolic link"), check.stdout)
    }

    func testALinkedPeopleFolderIsRefused() throws {
        let (s, outside) = try ledgerWithOutside()
        let people = s.ledger + "/people"
        try FileManager.default.moveItem(atPath: people, toPath: outside + "/people")
        try FileManager.default.createSymbolicLink(atPath: people, withDestinationPath: outside + "/people")
        let before = try files(outside)
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("person", "add", "carol", "--name", "Carol", status: 1)
        XCTAssertTrue(r.stderr.contains("people is a symbolic link"), r.stderr)
        XCTAssertEqual(try files(outside), before)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        let check = try s.kpi("check", status: 1)
        XCTAssertTrue(check.stdout.contains("people:1:1: error: people is a symbolic link"), check.stdout)
        // The people behind the link are not read: alice is unknown to the scores.
        let score = try s.kpi("score", "--quarter", "2026-Q3")
        XCTAssertTrue(score.stderr.contains("the ledger has"), score.stderr)
        let commit = try s.kpi("commit", "-m", "through the link", status: 1)
        XCTAssertTrue(commit.stderr.contains("people is a symbolic link") || commit.stdout.contains("people is a symbolic link"), commit.stderr)
    }

    func testALinkedFileIsNeitherReadNorCommitted() throws {
        let (s, outside) = try ledgerWithOutside()
        try Data("name: Secret Person\nemail: root@example.com\n".utf8).write(to: URL(fileURLWithPath: outside + "/secret.yaml"))
        try FileManager.default.createSymbolicLink(atPath: s.ledger + "/people/evil.yaml", withDestinationPath: outside + "/secret.yaml")
        let check = try s.kpi("check", status: 1)
        XCTAssertTrue(check.stdout.contains("people/evil.yaml:1:1: error: people/evil.yaml is a symbolic link (to \(outside)/secret.yaml)"), check.stdout)
        XCTAssertFalse(check.stdout.contains("Secret"), check.stdout)
        let named = try s.kpi("check", "people/evil.yaml", status: 1)
        XCTAssertTrue(named.stdout.contains("people/evil.yaml is a symbolic link"), named.stdout)
        let head = try s.git("rev-parse", "HEAD")
        let commit = try s.kpi("commit", "-m", "evil", status: 1)
        XCTAssertTrue(commit.stderr.contains("people/evil.yaml is a symbolic link"), commit.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        // Recording for someone else is not held up by the link, and writes no file through it.
        try s.kpi("record", "alice", "nps", "41", "--date", "2026-07-04", "--allow-future")
        XCTAssertEqual(try String(contentsOfFile: outside + "/secret.yaml", encoding: .utf8), "name: Secret Person\nemail: root@example.com\n")
    }

    /// A link committed by plain git (mode 120000) is never read: an error at its location, and
    /// a write elsewhere goes on beside it (CommittedSymlinkTests has the rest).
    func testACommittedLinkIsRefused() throws {
        let (s, _) = try ledgerWithOutside()
        try FileManager.default.createSymbolicLink(atPath: s.ledger + "/people/evil.yaml", withDestinationPath: "/etc/passwd")
        try s.git("add", "people/evil.yaml")
        try s.git("commit", "-q", "-m", "a link")
        try s.kpi("record", "alice", "nps", "41", "--date", "2026-07-04", "--allow-future")
        XCTAssertFalse(try s.git("show", "--format=", "--name-only", "HEAD").contains("evil"))
        let at = try s.kpi("score", "--quarter", "2026-Q3", "--at", "HEAD")
        XCTAssertTrue(at.stderr.contains("the ledger has 1 error"), at.stderr)
        let check = try s.kpi("check", status: 1)
        XCTAssertTrue(check.stdout.contains("people/evil.yaml:1:1: error: people/evil.yaml is a symbolic link (to /etc/passwd)"), check.stdout)
    }
}
