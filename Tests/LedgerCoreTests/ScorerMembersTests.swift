import XCTest
@testable import LedgerCore

/// A team's members for roll-ups (`Scorer.members(of:)`): everyone in it or in any team below it,
/// sorted, each chain of parents followed until it ends, names a team no file defines, or comes
/// back to a team already on it (a circle of teams is reported by `kpi check`; scoring must
/// still end and count each person once a team).
final class ScorerMembersTests: XCTestCase {
    func testMembersUpChainsThatEndLeaveTheLedgerOrGoRound() {
        func file(_ path: String, _ text: String) -> (path: String, bytes: [UInt8]) { (path, Array(text.utf8)) }
        let ledger = LedgerLoader.load(files: [
            file("ledger.yaml", "name: Chains\n"),
            // a → b → c → a: a circle; d → a enters it.
            file("teams/a.yaml", "name: A\nparent: b\n"),
            file("teams/b.yaml", "name: B\nparent: c\n"),
            file("teams/c.yaml", "name: C\nparent: a\n"),
            file("teams/d.yaml", "name: D\nparent: a\n"),
            file("teams/e.yaml", "name: E\n"),
            file("teams/f.yaml", "name: F\nparent: e\n"),
            file("people/p1.yaml", "name: P1\nteam: a\n"),
            file("people/p2.yaml", "name: P2\nteam: d\n"),
            file("people/p3.yaml", "name: P3\nteam: c\n"),
            file("people/p4.yaml", "name: P4\n"),
            file("people/p5.yaml", "name: P5\nteam: x\n"),
            file("people/p6.yaml", "name: P6\nteam: f\n"),
            file("people/p0.yaml", "name: P0\nteam: e\n"),
        ])
        XCTAssertEqual(ledger.teams.count, 6)
        XCTAssertEqual(ledger.people.count, 7)
        let scorer = Scorer(ledger: ledger)
        XCTAssertEqual(scorer.members(of: "a"), ["p1", "p2", "p3"])
        XCTAssertEqual(scorer.members(of: "b"), ["p1", "p2", "p3"])
        XCTAssertEqual(scorer.members(of: "c"), ["p1", "p2", "p3"])
        XCTAssertEqual(scorer.members(of: "d"), ["p2"])
        XCTAssertEqual(scorer.members(of: "e"), ["p0", "p6"])
        XCTAssertEqual(scorer.members(of: "f"), ["p6"])
        XCTAssertEqual(scorer.members(of: "x"), ["p5"])
        XCTAssertEqual(scorer.members(of: "nobody"), [])
    }
}
