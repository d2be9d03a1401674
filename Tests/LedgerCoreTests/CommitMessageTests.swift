import LedgerCore
import XCTest

/// The pieces of a generated commit message (docs/format.md, "Commit messages").
final class CommitMessageTests: XCTestCase {
    func testAGeneratedMessageKeepsItsSubjectWithinSeventyTwoCharacters() {
        let fits = String(repeating: "x", count: 72)
        XCTAssertEqual(CommitMessage(fits).text(), fits + "\n")
        let long = "record: " + String(repeating: "word ", count: 20)
        let m = CommitMessage(long)
        // The last whole word that leaves room for the …: 12 words (8 + 12 × 5 - 1 = 67 characters).
        XCTAssertEqual(m.subject, "record: " + Array(repeating: "word", count: 12).joined(separator: " ") + "…")
        XCTAssertEqual(m.body, [long])
        XCTAssertEqual(CommitMessage(String(repeating: "y", count: 80)).subject, String(repeating: "y", count: 71) + "…")
        XCTAssertEqual(CommitMessage("s").text(reopenReason: "why"), "s\n\nReopen-Reason: why\n")
        // What the audit and the commit-msg hook read back.
        XCTAssertEqual(ClosedQuarters.reopenReason(inMessage: CommitMessage("s").text(reopenReason: "late\n  export")), "late export")
        XCTAssertEqual(ClosedQuarters.reopenReason(inMessage: CommitMessage.adding(reopenReason: "why", to: "own\n\nSigned-off-by: A <a@x>") + "\n"), "why")
        XCTAssertEqual(CommitMessage.fileName("/home/li/Downloads/q3-july.csv"), "q3-july.csv")
        XCTAssertEqual(CommitMessage.fileName("q3.csv"), "q3.csv")
    }
}
