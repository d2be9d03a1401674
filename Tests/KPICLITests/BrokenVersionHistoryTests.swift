import XCTest

/// A hand edit that leaves a goals file unreadable, committed with plain git, then mended: the
/// broken version tells nothing of its values, so history and audit must not read it as every
/// goal removed and created again (five false `changed_after_start` findings "to none"); the
/// mend is measured against the last version that loaded.
final class BrokenVersionHistoryTests: XCTestCase {
    func testABrokenVersionIsNeitherARemovalNorACreation() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--baseline", "40%", "--target", "45%", "--weight", "100",
                  env: ["GIT_AUTHOR_DATE": "2026-06-25T10:00:00+08:00"])
        try s.kpi("record", "alice", "retention", "43%", "--date", "2026-07-31", env: ["GIT_AUTHOR_DATE": "2026-08-01T09:00:00+08:00"])
        let path = "goals/2026-Q3/alice.yaml"
        let good = try s.read(path)
        func commitByHand(_ text: String, _ message: String, _ date: String) throws {
            try s.write(path, text)
            let r = try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-qam", message], env: ["GIT_AUTHOR_DATE": date])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        try commitByHand(good.replacingOccurrences(of: "target: 45%", with: "target: [45%"), "typo", "2026-08-02T09:00:00+08:00")
        // Mended, and eased on the way: 45% → 44%.
        try commitByHand(good.replacingOccurrences(of: "target: 45%", with: "target: 44%"), "mended", "2026-08-03T09:00:00+08:00")

        let history = try s.kpi("history", "alice", "--format", "json").stdout
        let events = (try JSONSerialization.jsonObject(with: Data(history.utf8)) as! [String: Any])["events"] as! [[String: Any]]
        XCTAssertEqual(events.map { "\($0["field"]!) \($0["old"]!) → \($0["new"]!) (\($0["message"]!))" }, [
            "baseline <null> → 40% (goal: alice retention 2026-Q3 added (baseline, target, weight))",
            "target <null> → 45% (goal: alice retention 2026-Q3 added (baseline, target, weight))",
            "weight <null> → 100 (goal: alice retention 2026-Q3 added (baseline, target, weight))",
            "target 45% → 44% (mended)",
        ])

        let audit = try s.kpi("audit", "--format", "json", status: 1).stdout
        let findings = (try JSONSerialization.jsonObject(with: Data(audit.utf8)) as! [String: Any])["findings"] as! [[String: Any]]
        XCTAssertEqual(findings.map { "\($0["rule"]!) \($0["date"]!)" }, [
            "changed_after_start 2026-08-03T09:00:00+08:00",
            "eased_after_actuals 2026-08-03T09:00:00+08:00",
        ])
    }
}
