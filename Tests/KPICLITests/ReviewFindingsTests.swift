import XCTest

/// Refusals found in a code review: values, ratings.
final class ReviewFindingsTests: XCTestCase {
    func testRefusalsFoundInReview() throws {
        let s = try Sandbox()
        try s.makeLedger()
        // A bare fraction for a percentage almost always means a percentage.
        let frac = try s.kpi("record", "alice", "retention", "0.45", "--date", "2026-07-31", status: 1)
        XCTAssertTrue(frac.stderr.contains("'0.45' would mean 0.45%; write 45% for a fraction"), frac.stderr)
        try s.kpi("record", "alice", "retention", "0.45%", "--date", "2026-07-31", "--allow-future")
        // Ratings must be the ledger's own.
        let z = try s.kpi("review", "alice", "--quarter", "2026-Q3", "--rating", "Z", status: 1)
        XCTAssertTrue(z.stderr.contains("reviews/2026-Q3/alice.yaml:4:9: error: 'Z' is not a rating of this ledger; use one of S, A, B, C, D"), z.stderr)
        XCTAssertFalse(z.stderr.contains("kpi: error: reviews/"), "no doubled prefix: \(z.stderr)")
        // An option is refused by its name.
        let w = try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "30", "--weight", "abc", status: 1)
        XCTAssertEqual(w.stderr, "kpi: error: --weight 'abc' is not a valid value for a weight: 'abc' is not a number\n")
        // A new ledger inside another is refused.
        let inner = try s.kpi("init", s.ledger + "/people/sub", status: 1)
        XCTAssertTrue(inner.stderr.contains("lies inside the ledger at"), inner.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/people/sub"))
        // .yml is an error, not silently ignored; one unreadable file does not cascade.
        try s.write("people/carl.yml", "name: Carl\n")
        try s.write("people/bob.yaml", "name: [Bob]\n")
        let check = try s.kpi("check", status: 1)
        XCTAssertTrue(check.stdout.contains("people/carl.yml:1:1: error: ledger files end in .yaml"), check.stdout)
        XCTAssertTrue(check.stdout.contains("people/bob.yaml:1:7: error:"), check.stdout)
        XCTAssertFalse(check.stdout.contains("unknown manager 'bob'"), check.stdout)
        XCTAssertFalse(check.stdout.contains("unknown person 'bob'"), check.stdout)
    }
}
