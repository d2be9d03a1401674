import Foundation
import XCTest

/// `kpi score` and `kpi report` read the working files. Their heading names the commit; when ledger
/// files differ from it, it also says how many, so the numbers are not taken for the commit's.
final class UncommittedHeadingTests: XCTestCase {
    func testHeadingsCountTheFilesThatDifferFromTheCommit() throws {
        let s = try Sandbox()
        try s.kpi("demo", s.ledger, cwd: s.dir.path)
        let head = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        let short = String(head.prefix(7))

        XCTAssertEqual(try heading("score"), "at \(short)")

        let goals = try s.read("goals/2026-Q4/alice.yaml")
        try s.write("goals/2026-Q4/alice.yaml", goals.replacingOccurrences(of: "target: 50%", with: "target: 49%"))
        XCTAssertEqual(try heading("score"), "at \(short) with 1 uncommitted file")
        XCTAssertEqual(try heading("score", "--year", "2026"), "at \(short) with 1 uncommitted file")

        // A deletion counts too; a file that is not a ledger file does not.
        try FileManager.default.removeItem(atPath: s.ledger + "/reviews/2026-Q3/alice.yaml")
        try s.write("people/notes.txt", "not a ledger file\n")
        XCTAssertEqual(try heading("score"), "at \(short) with 2 uncommitted files")
        let page = try s.kpi("report", "--html", "-").stdout
        XCTAssertTrue(page.contains("revision <code class=\"rev\">\(head.prefix(12))</code> with 2 uncommitted files</p>"), page)
        XCTAssertTrue(page.contains("from revision <code class=\"rev\">\(head)</code> with 2 uncommitted files."), page)

        // --at HEAD scores the commit itself: no note.
        XCTAssertEqual(try heading("score", "--at", "HEAD"), "at \(short)")

        /// The first line from " at " on ("Scores 2026-Q4 (day 61/92) at 1a2b3c4 …").
        func heading(_ args: String...) throws -> String {
            let r = try s.run(Sandbox.kpiBinary.path, args, cwd: s.ledger)
            XCTAssertEqual(r.status, 0, r.stderr)
            let first = r.stdout.split(separator: "\n").first.map(String.init) ?? ""
            return first.range(of: " at ").map { "at " + first[$0.upperBound...] } ?? first
        }
    }
}
