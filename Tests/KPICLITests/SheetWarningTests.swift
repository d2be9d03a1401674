import XCTest

/// Doubtful goal sheets: `kpi check` warns and still succeeds.
final class SheetWarningTests: XCTestCase {
    func testSheetChecksWarnButDoNotFail() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.write("goals/2026-Q3/alice.yaml", """
        subject: alice
        quarter: 2026-Q3
        goals:
          - metric: retention
            baseline: 40%
            target: 38%
            weight: 70
            core: true
          - metric: ltv_cac
            target: "2.5"
            weight: 20
          - metric: revenue
            baseline: 100万
            target: 300万
            weight: 20
        """)
        let r = try s.kpi("check")
        let out = r.stdout
        XCTAssertTrue(out.contains("goals/2026-Q3/alice.yaml:4:5: warning: alice 2026-Q3: the retention target 38% does not improve on its baseline 40%"), out)
        XCTAssertTrue(out.contains("goals/2026-Q3/alice.yaml:9:5: warning: alice 2026-Q3: an LTV/CAC target of 2.5 is below 3"), out)
        XCTAssertTrue(out.contains("goals/2026-Q3/alice.yaml:12:5: warning: alice 2026-Q3: the revenue target 300万 is 200% away from its baseline 100万, more than the 100% the ledger's policy allows"), out)
        XCTAssertTrue(out.contains("warning: the goal weights of alice for 2026-Q3 add up to 110, not 100"), out)
        XCTAssertTrue(out.contains("has 1 core KPIs; scorecard pm_mid allows 2–4"), out)
        XCTAssertTrue(out.contains("dimension user_value has 63.6% of the weight; scorecard pm_mid asks for 35–45%"), out)
    }
}
