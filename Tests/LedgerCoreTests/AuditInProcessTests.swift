import Foundation
import GitStore
import XCTest
@testable import LedgerCore

/// The audit over a history made in process, with each commit's author and day chosen.
final class AuditInProcessTests: XCTestCase {
    let q3 = Quarter("2026-Q3")!
    let rules: Set<String> = ["changed_after_start", "eased_after_actuals", "record_edited", "record_deleted", "weight_shift"]

    func at(_ l: TempLedger, _ who: String, _ time: Int64) -> Recorder {
        let sig = Signature(name: who.capitalized, email: "\(who)@example.com", time: time, offsetMinutes: 480)
        return Recorder(store: l.store, author: sig, committer: sig)
    }

    func testATargetEasedAfterTheActualsAndARecordEditedByHand() throws {
        let l = try TempLedger()
        let june20: Int64 = 1_781_920_800, aug1: Int64 = 1_785_549_600, aug2: Int64 = 1_785_636_000, aug3: Int64 = 1_785_722_400
        let bob = at(l, "bob", june20)
        _ = try bob.addPerson(id: "bob", name: "Bob", email: "bob@example.com", manager: nil, team: nil, scorecard: nil, level: nil)
        _ = try bob.addPerson(id: "alice", name: "Alice", email: "alice@example.com", manager: "bob", team: nil, scorecard: nil, level: nil)
        _ = try bob.setGoal(subject: "alice", metric: "nps", quarter: q3, fields: .init(target: "40"))
        _ = try at(l, "alice", aug1).record(.init(subject: "alice", metric: "nps", date: Day("2026-07-31")!, value: "30"))
        let eased = try at(l, "bob", aug2).setGoal(subject: "alice", metric: "nps", quarter: q3, fields: .init(target: "30")).commit
        // A hand edit of the recorded value, committed around the tool.
        let path = "records/2026-Q3/alice.yaml"
        let before = String(decoding: try XCTUnwrap(FileManager.default.contents(atPath: l.path + "/" + path)), as: UTF8.self)
        let after = before.replacingOccurrences(of: "value: 30", with: "value: 35")
        XCTAssertNotEqual(before, after)
        let sig = Signature(name: "Bob", email: "bob@example.com", time: aug3, offsetMinutes: 480)
        let edited = try l.store.repository.commitFiles([path: Array(after.utf8)], message: "fix", author: sig, committer: sig)

        let findings = try HistoryReports(store: l.store).audit(quarter: q3).filter { rules.contains($0.rule) }
        XCTAssertEqual(findings.map { "\($0.rule) \($0.commit == eased ? "eased" : $0.commit == edited ? "edited" : $0.commit.hex)" },
                       ["changed_after_start eased", "eased_after_actuals eased", "record_edited edited"])
        XCTAssertTrue(findings[0].message.contains("changed the nps target of alice from 40 to 30"), findings[0].message)
        XCTAssertTrue(findings[1].message.contains("after 1 actual was recorded (latest: 2026-07-31 nps 30)"), findings[1].message)
        XCTAssertTrue(findings[2].message.contains("edited a record of alice in 2026-Q3: 2026-07-31 nps 30 → 2026-07-31 nps 35"), findings[2].message)
        XCTAssertEqual(findings.map(\.subject), ["alice", "alice", "alice"])
    }
}
