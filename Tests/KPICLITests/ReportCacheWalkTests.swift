import Foundation
import XCTest

/// The report cache's key walks the ledger's folders itself (`InputWalk`: each folder opened
/// once, names looked at from it, index entries found by their bytes). What it sees inside the
/// folders must be what the loader and `git status` see: each step below changes what the
/// commands print, and a key that missed it would show the old answer.
extension ReportCacheTests {
    /// Makes `change`, then checks every command gives the fresh answer, which differs from `outputs`'.
    func assertStep(_ what: String, after outputs: inout [String], file: StaticString = #filePath, line: UInt = #line,
                    _ change: () throws -> Void) throws {
        try change()
        let fresh = try assertFresh(what, file: file, line: line)
        assertChanged(outputs, fresh, what, file: file, line: line)
        outputs = fresh
    }

    func testRulesLinksAndFoldersInsideTheLedgerGiveTheFreshAnswer() throws {
        var outputs = try assertFresh("committed ledger")
        // An untracked person: the JSON lists it as uncommitted.
        try assertStep("an untracked person", after: &outputs) {
            try s.write("people/p12.yaml", "name: Person 12\nemail: p12@example.com\nteam: t9\nmanager: p00\n")
        }
        // Ignored by a rule in the people folder: no longer uncommitted (the loader still reads it).
        try assertStep("a .gitignore in a ledger folder", after: &outputs) { try s.write("people/.gitignore", "p12.yaml\n") }
        try assertStep("the .gitignore edited", after: &outputs) { try s.write("people/.gitignore", "# nothing ignored\n") }
        // A link among the ledger's files is refused where it is.
        try assertStep("a link to a person's file", after: &outputs) {
            XCTAssertEqual(symlink("p00.yaml", s.ledger + "/people/p13.yaml"), 0)
        }
        try assertStep("the link removed", after: &outputs) { XCTAssertEqual(unlink(s.ledger + "/people/p13.yaml"), 0) }
        // A records file in a new folder below a quarter's: misplaced, and named so.
        try assertStep("a file in a new folder", after: &outputs) {
            try s.write("records/2026-Q2/extra/p01.yaml", try s.read("records/2026-Q2/p01.yaml"))
        }
        // A tracked file changed and staged: the index vouches for it again (its new blob id).
        try assertStep("a record's value edited and staged", after: &outputs) {
            let p03 = "records/2026-Q2/p03.yaml"
            var text = try s.read(p03)
            let value = try XCTUnwrap(text.range(of: "value: [0-9.]*[0-9]\n", options: .regularExpression))
            let digit = text.index(value.upperBound, offsetBy: -2)
            text.replaceSubrange(digit...digit, with: text[digit] == "1" ? "2" : "1")
            try s.write(p03, text)
            _ = try s.git("add", p03)
        }
    }
}
