import Foundation
import XCTest

/// `kpi diff` compares commits; with TO left at HEAD it says which ledger files have edits it
/// did not compare, so "No ledger changes" is not read as "nothing changed".
final class DiffUncommittedNoteTests: XCTestCase {
    func testUncommittedEditsAreNamed() throws {
        let s = try Sandbox()
        try s.kpi("demo", s.ledger, cwd: s.dir.path)
        let clean = try s.kpi("diff", "HEAD")
        XCTAssertEqual(clean.stderr, "")
        let goals = try s.read("goals/2026-Q4/alice.yaml")
        try s.write("goals/2026-Q4/alice.yaml", goals.replacingOccurrences(of: "target: 50%", with: "target: 49%"))
        try s.write("people/notes.txt", "not a ledger file\n")
        let r = try s.kpi("diff", "HEAD")
        XCTAssertTrue(r.stdout.hasSuffix("No ledger changes.\n"), r.stdout)
        XCTAssertEqual(r.stderr, "kpi: note: uncommitted edits are not compared (kpi diff compares commits): goals/2026-Q4/alice.yaml; commit them (kpi commit -m \"…\") to see what they change\n")
        // Two named commits: the work tree is beside the point.
        XCTAssertEqual(try s.kpi("diff", "HEAD~1", "HEAD~0").stderr, "")
    }
}
