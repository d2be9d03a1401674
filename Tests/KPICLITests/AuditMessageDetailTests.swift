import Foundation
import XCTest

/// Audit messages say what the rule saw: the date it went by, and what an edit changed.
final class AuditMessageDetailTests: XCTestCase {
    func demo() throws -> Sandbox {
        let s = try Sandbox()
        try s.kpi("demo", s.ledger, cwd: s.dir.path)
        return s
    }

    /// A target change committed in Q4 with its author date put back in Q3 is found by its commit
    /// date, and the message names that date, not only the back-dated one.
    func testBackDatedChangeNamesTheDateTheRuleUsed() throws {
        let s = try demo()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q4", "--target", "47%",
                  env: ["GIT_AUTHOR_DATE": "2026-09-15T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-10-20T09:00:00+08:00"])
        let audit = try s.kpi("audit", "--quarter", "2026-Q4", status: 1).stdout
        let line = try XCTUnwrap(audit.split(separator: "\n").first { $0.contains("changed_after_start") && $0.contains("50% to 47%") }, audit)
        XCTAssertTrue(line.contains("from 50% to 47% on 2026-10-20T09:00:00+08:00 (committed; authored 2026-09-15T10:00:00+08:00), after 2026-Q4 began on 2026-10-01"), String(line))
    }

    /// A note added to a committed record by hand is an edit the message shows.
    func testNoteOnlyEditSaysWhatChanged() throws {
        let s = try demo()
        let file = try s.read("records/2026-Q3/alice.yaml")
        let range = try XCTUnwrap(file.range(of: "    value: 46%\n"))
        try s.write("records/2026-Q3/alice.yaml", file.replacingCharacters(in: range, with: "    value: 46%\n    note: checked again\n"))
        try s.git("commit", "-q", "-am", "A note on July")
        let audit = try s.kpi("audit", status: 1).stdout
        XCTAssertTrue(audit.contains("edited a record of alice in 2026-Q3: 2026-07-31 retention 46% (note: none) → 2026-07-31 retention 46% (note: checked again); records are append-only"), audit)
    }
}
