import Foundation
import GitStore
import XCTest
@testable import LedgerCore

/// `kpi close` and what reads its tags: the recorder's refusal and the audit's reach.
final class ClosedQuartersTests: XCTestCase {
    let q3 = Quarter("2026-Q3")!

    func record(_ r: Recorder, _ day: String, _ value: String) throws -> Recorder.Result {
        try r.record(.init(subject: "alice", metric: "nps", date: Day(day)!, value: value))
    }

    func testAClosedQuarterRefusesWritesUnlessReopenedAndTheAuditSeesWhatCameAfter() throws {
        let l = try TempLedger()
        _ = try l.recorder().addPerson(id: "alice", name: "Alice", email: nil, manager: nil, team: nil, scorecard: nil, level: nil)
        _ = try record(l.recorder(), "2026-07-31", "30")
        XCTAssertTrue(try ClosedQuarters(repository: l.store.repository).tags.isEmpty)

        _ = try l.recorder().close(q3, today: Day("2026-10-02")!)
        let closed = try ClosedQuarters(repository: l.store.repository)
        XCTAssertEqual(Array(closed.tags.keys), [q3])
        XCTAssertEqual(ClosedQuarters.tagName(q3), "closed/2026-Q3")
        XCTAssertEqual(closed.quarter(ofPath: "records/2026-Q3/alice.yaml"), q3)
        XCTAssertNil(closed.quarter(ofPath: "records/2026-Q4/alice.yaml"))
        XCTAssertNil(closed.quarter(ofPath: "people/alice.yaml"))
        XCTAssertThrowsError(try l.recorder().close(q3, today: Day("2026-10-03")!)) {
            XCTAssertEqual("\($0)", "2026-Q3 is already closed")
        }

        let head = try l.store.headCommit()
        XCTAssertThrowsError(try record(l.recorder(), "2026-08-31", "31")) {
            XCTAssertTrue("\($0)".hasPrefix("2026-Q3 is closed (tag closed/2026-Q3); to change it anyway give --reopen --reason"), "\($0)")
        }
        XCTAssertEqual(try l.store.headCommit(), head, "a refused write commits nothing")

        let reopened = try record(l.recorder(reopen: "late export"), "2026-08-31", "31")
        XCTAssertEqual(try l.store.repository.commit(reopened.commit).message, "record: alice nps 31 on 2026-08-31\n\nReopen-Reason: late export\n")
        let (commits, reach) = try closed.reach(in: l.store.repository)
        XCTAssertEqual(commits[q3], try l.store.repository.resolve("closed/2026-Q3^{commit}"))
        XCTAssertTrue(reach[q3]!.contains(commits[q3]!))
        XCTAssertFalse(reach[q3]!.contains(reopened.commit))
        let findings = try HistoryReports(store: l.store).audit(quarter: q3)
        XCTAssertEqual(findings.filter { $0.rule == "closed_quarter_changed" }.map(\.commit), [reopened.commit])
    }
}
