import XCTest

/// One currency per goal: the records of a currency metric for one subject and quarter either
/// all name the same currency or none do, in any order, by command, import, commit and check.
final class CurrencyMixTests: XCTestCase {
    let advice = "kpi does not convert currencies, so write every revenue record of alice for 2026-Q3 in one currency, or none in any"

    func sandbox() throws -> Sandbox {
        let s = try Sandbox()
        // Recording Q3 actuals at the end of Q3, so no date lies in the future.
        s.env["GIT_AUTHOR_DATE"] = "2026-09-30T10:00:00+08:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-09-30T10:00:00+08:00"
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "2000万")
        return s
    }

    func assertUnchanged(_ s: Sandbox, head: String, status: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head, file: file, line: line)
        XCTAssertEqual(try s.git("status", "--porcelain"), status, file: file, line: line)
    }

    func testANamedCurrencyAfterBareAmountsIsRefusedWithBothPlaces() throws {
        let s = try sandbox()
        try s.kpi("record", "alice", "revenue", "999.6万", "--date", "2026-07-31")
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("record", "alice", "revenue", "$1.2M", "--date", "2026-08-31", status: 1)
        XCTAssertEqual(r.stderr, "records/2026-Q3/alice.yaml:8:5: error: revenue value $1.2M is in $, but the revenue record at records/2026-Q3/alice.yaml:5:5 (999.6万) names no currency; \(advice)\n")
        try assertUnchanged(s, head: head, status: "")
        // Bare amounts go on adding up: 999.6万 + 3M = 12,996,000.
        try s.kpi("record", "alice", "revenue", "3M", "--date", "2026-08-31")
        let csv = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "csv").stdout
        XCTAssertTrue(csv.contains(",revenue,business,,20000000,12996000,100,64.98,ratio,currency,person,,,,,D\n"), csv)
        let yen = try s.kpi("record", "alice", "revenue", "¥1M", "--date", "2026-09-01", status: 1)
        XCTAssertTrue(yen.stderr.hasPrefix("records/2026-Q3/alice.yaml:11:5: error: revenue value ¥1M is in ¥, but the revenue record at records/2026-Q3/alice.yaml:5:5 (999.6万) names no currency"), yen.stderr)
    }

    func testABareAmountAfterANamedCurrencyIsRefused() throws {
        let s = try sandbox()
        try s.kpi("record", "alice", "revenue", "$1.2M", "--date", "2026-07-31")
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("record", "alice", "revenue", "999.6万", "--date", "2026-08-31", status: 1)
        XCTAssertEqual(r.stderr, "records/2026-Q3/alice.yaml:8:5: error: revenue value 999.6万 names no currency, but the revenue record at records/2026-Q3/alice.yaml:5:5 ($1.2M) is in $; \(advice)\n")
        let yen = try s.kpi("record", "alice", "revenue", "¥100", "--date", "2026-08-31", status: 1)
        XCTAssertEqual(yen.stderr, "records/2026-Q3/alice.yaml:8:5: error: revenue value ¥100 is in ¥, but the revenue record at records/2026-Q3/alice.yaml:5:5 ($1.2M) is in $; \(advice)\n")
        try assertUnchanged(s, head: head, status: "")
        // USD is $: the same currency named two ways.
        try s.kpi("record", "alice", "revenue", "USD 300K", "--date", "2026-08-31")
    }

    func testAHandEditMixingCurrenciesFailsCheckAndCommit() throws {
        let s = try sandbox()
        try s.write("records/2026-Q3/alice.yaml", """
        subject: alice
        quarter: 2026-Q3
        records:
          - date: 2026-07-31
            metric: revenue
            value: 999.6万
          - date: 2026-08-31
            metric: revenue
            value: 3M
          - date: 2026-09-30
            metric: revenue
            value: 120万元

        """)
        let expected = "records/2026-Q3/alice.yaml:10:5: error: revenue value 120万元 is in ¥, but the revenue record at records/2026-Q3/alice.yaml:4:5 (999.6万) names no currency; \(advice)\n"
        let check = try s.kpi("check", status: 1)
        XCTAssertTrue(check.stdout.contains(expected), check.stdout)
        let head = try s.git("rev-parse", "HEAD")
        let commit = try s.kpi("commit", "-m", "Q3 revenue", status: 1)
        XCTAssertTrue(commit.stderr.contains(expected), commit.stderr)
        try assertUnchanged(s, head: head, status: "?? records/\n")
    }

    func testImportNamesTheRowsAndTheRecordsInTheLedger() throws {
        let s = try sandbox()
        try s.kpi("record", "alice", "revenue", "999.6万", "--date", "2026-07-31")
        try s.write("q3.csv", "subject,metric,date,value\nalice,revenue,2026-08-31,3M\nalice,revenue,2026-09-01,$1.2M\nalice,profit,2026-09-01,$1M\nalice,profit,2026-09-02,€1M\n")
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("import", "q3.csv", status: 1)
        XCTAssertEqual(r.stderr, """
        q3.csv:3:1: error: row 3: revenue value $1.2M is in $, but the revenue record at records/2026-Q3/alice.yaml:5:5 (999.6万) names no currency; \(advice)
        q3.csv:5:1: error: row 5: profit value €1M is in €, but the profit record at q3.csv:4:1 ($1M) is in $; kpi does not convert currencies, so write every profit record of alice for 2026-Q3 in one currency, or none in any

        """)
        try assertUnchanged(s, head: head, status: "?? q3.csv\n")
    }

    func testTheGoalsCurrencyIsTheOnlyOneItsRecordsMayName() throws {
        let s = try sandbox()
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "$2M")
        let r = try s.kpi("record", "alice", "revenue", "¥1M", "--date", "2026-07-31", status: 1)
        XCTAssertEqual(r.stderr, "records/2026-Q3/alice.yaml:5:5: error: revenue value ¥1M is in ¥, but the goal's target $2M at goals/2026-Q3/alice.yaml:5:5 is in $; kpi does not convert currencies, so write it in $\n")
        let b = try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--baseline", "¥1M", status: 1)
        XCTAssertEqual(b.stderr, "goals/2026-Q3/alice.yaml:5:5: error: revenue: the target $2M is in $ but the baseline ¥1M is in ¥; kpi does not convert currencies, so write both in one\n")
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--baseline", "1M")
    }
}
