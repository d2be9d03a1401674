import Foundation
import XCTest

/// A value starting with `-` (a loss, a fall) is read as the value, not as an unknown option:
/// `kpi record q profit -5万`, `--baseline -3`; what cannot be read says to use `--`.
final class NegativeValueTests: XCTestCase {
    func ledger() throws -> Sandbox {
        let s = try Sandbox()
        s.env["GIT_AUTHOR_DATE"] = "2026-10-15T10:00:00+00:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-10-15T10:00:00+00:00"
        try s.makeLedger()
        try s.write("metrics/profit.yaml", "name: Profit\ndimension: business\nunit: currency\ndirection: higher\naggregate: sum\n")
        try s.kpi("commit", "-m", "profit")
        return s
    }

    func testANegativeValueIsRecordedWithoutDoubleDash() throws {
        let s = try ledger()
        try s.kpi("record", "alice", "profit", "-5万", "--date", "2026-08-15")
        try s.kpi("record", "alice", "profit", "--date", "2026-08-16", "-1.2亿")
        try s.kpi("record", "alice", "profit", "-3", "--date", "2026-08-17", "--note", "refund")
        try s.kpi("record", "alice", "profit", "--date", "2026-08-18", "--", "-7")
        let file = try s.read("records/2026-Q3/alice.yaml")
        for v in ["value: -5万\n", "value: -1.2亿\n", "value: -3\n", "value: -7\n"] { XCTAssertTrue(file.contains(v), file) }
        XCTAssertTrue(file.contains("date: 2026-08-16\n    metric: profit\n    value: -1.2亿\n"), file)
    }

    func testANegativeOptionValueIsRead() throws {
        let s = try ledger()
        try s.kpi("goal", "set", "alice", "profit", "--quarter", "2026-Q3", "--baseline", "-10万", "--target", "-2万")
        let goals = try s.read("goals/2026-Q3/alice.yaml")
        XCTAssertTrue(goals.contains("baseline: -10万\n") && goals.contains("target: -2万\n"), goals)
    }

    func testWhatCannotBeReadSaysToUseDoubleDash() throws {
        let s = try ledger()
        let head = try s.git("rev-parse", "HEAD")
        // Two positionals after the negative one: moving it could change their order.
        let r = try s.kpi("record", "alice", "-5", "profit", "extra", "--date", "2026-08-15", status: 64)
        XCTAssertTrue(r.stderr.contains("kpi: hint: a value starting with '-' reads as an option; write the value after `--`"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
    }
}
