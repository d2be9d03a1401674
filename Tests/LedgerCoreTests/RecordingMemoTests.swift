import Foundation
import GitStore
import LedgerFormat
import XCTest
@testable import LedgerCore

/// The facts one process's writes keep about small sheets (`RecordingMemo`: a records file's
/// records, a goals file's metrics, by blob id) are exact: a file plain git changed meanwhile
/// is read again, so a duplicate it brought is refused at its line and a goal it removed earns
/// the warning; within the process a duplicate is still found at its line.
final class RecordingMemoTests: XCTestCase {
    let q2 = Quarter("2026-Q2")!

    /// A ledger with alice's nps goal for 2026-Q2 and two records written in this process (the
    /// author's day is 2026-06-20, so none is dated after it).
    func ledgerWithRecords() throws -> (TempLedger, Recorder) {
        let l = try TempLedger()
        let r = l.recorder()
        _ = try r.addPerson(id: "alice", name: "Alice", email: nil, manager: nil, team: nil, scorecard: nil, level: nil)
        _ = try r.setGoal(subject: "alice", metric: "nps", quarter: q2, fields: .init(target: "40", weight: "100"))
        _ = try r.record(.init(subject: "alice", metric: "nps", date: Day("2026-04-30")!, value: "30"))
        _ = try r.record(.init(subject: "alice", metric: "nps", date: Day("2026-05-01")!, value: "31"))
        return (l, r)
    }

    static let notManager = "you are not alice's manager: `kpi audit` will report this change"

    func gitCommit(_ l: TempLedger, appending text: String, to path: String) throws {
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: l.path + "/" + path))
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try handle.close()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        p.arguments = ["-C", l.path, "-c", "user.name=Plain", "-c", "user.email=plain@example.com", "commit", "-q", "-am", "by hand"]
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
    }

    func testADuplicatePlainGitCommittedIsRefusedAtItsLine() throws {
        let (l, r) = try ledgerWithRecords()
        // The memo holds the file as this process wrote it; plain git adds a record after that.
        try gitCommit(l, appending: "  - date: 2026-05-02\n    metric: nps\n    value: 32\n", to: "records/2026-Q2/alice.yaml")
        let head = try l.store.headCommit()
        XCTAssertThrowsError(try r.record(.init(subject: "alice", metric: "nps", date: Day("2026-05-02")!, value: "32.0"))) {
            XCTAssertEqual("\($0)", "alice nps 32.0 on 2026-05-02 is already recorded at records/2026-Q2/alice.yaml:11; nothing recorded (recording it again would count it twice; give --allow-duplicates if it is a second measurement)")
        }
        XCTAssertEqual(try l.store.headCommit(), head)
        // Another value of that day is no duplicate.
        _ = try r.record(.init(subject: "alice", metric: "nps", date: Day("2026-05-02")!, value: "33"))
    }

    func testADuplicateOfThisProcessIsRefusedAtItsLine() throws {
        let (l, r) = try ledgerWithRecords()
        let head = try l.store.headCommit()
        XCTAssertThrowsError(try r.record(.init(subject: "alice", metric: "nps", date: Day("2026-05-01")!, value: "31"))) {
            XCTAssertEqual("\($0)", "alice nps 31 on 2026-05-01 is already recorded at records/2026-Q2/alice.yaml:8; nothing recorded (recording it again would count it twice; give --allow-duplicates if it is a second measurement)")
        }
        XCTAssertEqual(try l.store.headCommit(), head)
        // What the memo keeps is what the loader reads from the file at the tip.
        let tree = try XCTUnwrap(try l.store.tree(of: try XCTUnwrap(head)))
        let blob = try XCTUnwrap(try l.store.repository.entry(at: "records/2026-Q2/alice.yaml", in: tree)).id
        let kept = try XCTUnwrap(l.store.memo.records(of: blob))
        let sheet = try XCTUnwrap(try l.ledger().recordSheets[SheetKey(subject: "alice", quarter: q2)])
        XCTAssertEqual(kept, Set(sheet.records.map { RecordingMemo.RecordKey(metric: $0.metric, date: $0.date, value: $0.value) }))
        XCTAssertEqual(kept.count, 2)
    }

    func testAGoalPlainGitRemovedEarnsTheWarning() throws {
        let (l, r) = try ledgerWithRecords()
        XCTAssertEqual(try r.record(.init(subject: "alice", metric: "nps", date: Day("2026-05-04")!, value: "35")).warnings.map(\.message), [Self.notManager])
        // nps counted in a score until plain git made the goal csat's.
        let goals = l.path + "/goals/2026-Q2/alice.yaml"
        let text = try String(contentsOfFile: goals, encoding: .utf8)
        try text.replacingOccurrences(of: "metric: nps", with: "metric: csat").write(toFile: goals, atomically: true, encoding: .utf8)
        try gitCommit(l, appending: "", to: "goals/2026-Q2/alice.yaml")
        let result = try r.record(.init(subject: "alice", metric: "nps", date: Day("2026-05-03")!, value: "34"))
        XCTAssertEqual(result.warnings.map(\.message),
                       [Self.notManager, "nps is neither a goal of alice in 2026-Q2 nor an input of one of their goals' formulas, so this record counts in no score; check the subject and the date"])
    }
}
