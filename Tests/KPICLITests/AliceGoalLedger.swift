import XCTest

extension Sandbox {
    /// The ledger several tests start from: `makeLedger`'s, dated 2026-10-15 (UTC, after
    /// 2026-Q3, so its records are not in the future), with alice's 2026-Q3 nps goal set by
    /// `goal` (options of `kpi goal set`, like "--target", "40").
    static func withAliceNPSGoal(_ goal: String...) throws -> Sandbox {
        let s = try Sandbox()
        s.env["GIT_AUTHOR_DATE"] = "2026-10-15T10:00:00+00:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-10-15T10:00:00+00:00"
        try s.makeLedger()
        let r = try s.run(kpiBinary.path, ["goal", "set", "alice", "nps", "--quarter", "2026-Q3"] + goal, cwd: s.ledger)
        XCTAssertEqual(r.status, 0, r.stderr)
        return s
    }
}
