import Foundation
import GitStore
import LedgerFormat
import XCTest
@testable import LedgerCore

/// The recorder driven in process: what a write commits, and that a refused write leaves
/// HEAD and the working files as they were, with the problem located at the caret `‸`.
final class RecorderInProcessTests: XCTestCase {
    func file(_ l: TempLedger, _ path: String) -> String? {
        FileManager.default.contents(atPath: l.path + "/" + path).map { String(decoding: $0, as: UTF8.self) }
    }

    func testAGoalAndARecordAreCommittedAndReadBack() throws {
        let l = try TempLedger()
        let r = l.recorder()
        _ = try r.addPerson(id: "alice", name: "Alice", email: nil, manager: nil, team: nil, scorecard: nil, level: nil)
        _ = try r.setGoal(subject: "alice", metric: "nps", quarter: Quarter("2026-Q3")!, fields: .init(target: "40", weight: "100"))
        let result = try r.record(.init(subject: "alice", metric: "nps", date: Day("2026-07-31")!, value: "30"))
        XCTAssertEqual(result.summary, "record: alice nps 30 on 2026-07-31")
        XCTAssertEqual(try l.store.repository.commit(result.commit).message, "record: alice nps 30 on 2026-07-31\n")
        XCTAssertEqual(try l.store.headCommit(), result.commit)
        let records = try XCTUnwrap(file(l, "records/2026-Q3/alice.yaml"))
        XCTAssertTrue(records.hasSuffix("subject: alice\nquarter: 2026-Q3\nrecords:\n  - date: 2026-07-31\n    metric: nps\n    value: 30\n"), records)
        let ledger = try l.ledger()
        XCTAssertEqual(ledger.diagnostics.filter { $0.severity == .error }.map(\.description), [])
        let key = SheetKey(subject: "alice", quarter: Quarter("2026-Q3")!)
        XCTAssertEqual(ledger.goalSheets[key]?.goals.map { "\($0.metric.value) \($0.targetText)" }, ["nps 40"])
        XCTAssertEqual(ledger.recordSheets[key]?.records.map { "\($0.date) \($0.metric) \($0.valueText)" }, ["2026-07-31 nps 30"])
    }

    func testAnUnknownMetricIsRefusedBeforeAnythingIsWritten() throws {
        let l = try TempLedger()
        _ = try l.recorder().addPerson(id: "alice", name: "Alice", email: nil, manager: nil, team: nil, scorecard: nil, level: nil)
        let head = try l.store.headCommit()
        XCTAssertThrowsError(try l.recorder().record(.init(subject: "alice", metric: "npss", date: Day("2026-07-31")!, value: "30"))) {
            XCTAssertEqual("\($0)", "unknown metric 'npss'; did you mean 'nps'? (metrics/ has no such file)")
        }
        XCTAssertEqual(try l.store.headCommit(), head)
        XCTAssertNil(file(l, "records/2026-Q3/alice.yaml"))
    }

    func testAHandEditNamingNoTeamIsRefusedAtTheValue() throws {
        let l = try TempLedger()
        let head = try l.store.headCommit()
        let (text, line, column) = unmark("name: Zed\nteam: ‸nowhere\n")
        try FileManager.default.createDirectory(atPath: l.path + "/people", withIntermediateDirectories: true)
        try text.write(toFile: l.path + "/people/zed.yaml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try l.recorder(message: "add zed").commitHandEdits()) { error in
            guard case LedgerError.invalid(let d) = error else { return XCTFail("\(error)") }
            assertDiagnostic(d, path: "people/zed.yaml", at: (line, column), "unknown team 'nowhere'")
        }
        XCTAssertEqual(try l.store.headCommit(), head, "nothing committed")
        XCTAssertEqual(file(l, "people/zed.yaml"), text, "the user's edit stays")
    }

    func testDeletingAPersonASheetNamesIsRefusedAtTheSheet() throws {
        let l = try TempLedger()
        let r = l.recorder()
        _ = try r.addPerson(id: "alice", name: "Alice", email: nil, manager: nil, team: nil, scorecard: nil, level: nil)
        _ = try r.setGoal(subject: "alice", metric: "nps", quarter: Quarter("2026-Q3")!, fields: .init(target: "40"))
        let head = try l.store.headCommit()
        let sheet = try XCTUnwrap(file(l, "goals/2026-Q3/alice.yaml"))
        // Where the sheet names its subject, found by hand in the file the recorder wrote.
        let lines = sheet.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("subject: ") }) + 1
        try FileManager.default.removeItem(atPath: l.path + "/people/alice.yaml")
        XCTAssertThrowsError(try l.recorder(message: "alice left").commitHandEdits()) { error in
            guard case LedgerError.invalid(let d) = error else { return XCTFail("\(error)") }
            assertDiagnostic(d, path: "goals/2026-Q3/alice.yaml", at: (line, 10), "unknown subject 'alice'")
        }
        XCTAssertEqual(try l.store.headCommit(), head)
    }
}
