import Foundation
import XCTest

/// An edit inside a large records file is checked in one pass, which also finds the change's own
/// warnings; the records the committed file already held are counted from the items the edit
/// changed (`RecordsEditWindow`), so a record moved, copied, deleted or rewritten earns exactly
/// the warnings reading both files whole gives. alice has no goals: every new record of a metric
/// "counts in no score", one warning per metric at its first new record. Record i of
/// `LargeRecordsFileTests.bulk()` starts on line 4 + 4i (nps, revenue, retention by turns).
final class LargeRecordsFileEditWarningsTests: XCTestCase {
    static let path = LargeRecordsFileTests.path

    func countsNowhere(_ r: Sandbox.Run) -> [String] {
        r.stderr.split(separator: "\n").filter { $0.contains("counts in no score") }.map {
            let text = String($0)
            return String(text[..<text.range(of: ": warning: ")!.lowerBound]) + " " + String(text.split(separator: " ")[2])
        }
    }

    func item(_ lines: [String], _ i: Int) -> String { lines[(3 + 4 * i)..<(7 + 4 * i)].joined(separator: "\n") + "\n" }

    func testRecordsMovedCopiedDeletedAndRewritten() throws {
        let s = try LargeRecordsFileTests.ledgerCommittedByGit()
        let bulk = LargeRecordsFileTests.bulk()
        let lines = bulk.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func items(_ text: String) -> [String] {
            let l = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return (0..<((l.count - 4) / 4)).map { item(l, $0) }
        }
        let header = lines[0..<3].joined(separator: "\n") + "\n"
        var records = items(bulk)
        XCTAssertEqual(records.count, 1500)

        // Two records swapped: nothing new.
        records.swapAt(20, 21)
        try s.write(Self.path, header + records.joined())
        XCTAssertEqual(countsNowhere(try s.kpi("commit", "-m", "swap")), [])

        // A copy of record 3 (nps 3 on 2026-07-04) after record 600: the copy is new, record 3 is not.
        records.insert(records[3], at: 601)
        try s.write(Self.path, header + records.joined())
        XCTAssertEqual(countsNowhere(try s.kpi("commit", "-m", "copy")), ["records/2026-Q3/alice.yaml:2408:5 nps"])

        // Record 10 deleted and record 1000 (revenue $1000, after the copy and the deletion at
        // index 1000) rewritten: one window over both.
        records.remove(at: 10)
        XCTAssertEqual(records[1000], item(lines, 1000))
        records[1000] = records[1000].replacingOccurrences(of: "value: $1000\n", with: "value: $1000.5\n")
        try s.write(Self.path, header + records.joined())
        XCTAssertEqual(countsNowhere(try s.kpi("commit", "-m", "delete and rewrite")), ["records/2026-Q3/alice.yaml:4004:5 revenue"])

        // The first and the last record rewritten at once.
        records[0] = records[0].replacingOccurrences(of: "value: 0\n", with: "value: 0.5\n")
        records[records.count - 1] = records[records.count - 1].replacingOccurrences(of: "value: 99%\n", with: "value: 98.5%\n")
        try s.write(Self.path, header + records.joined())
        XCTAssertEqual(countsNowhere(try s.kpi("commit", "-m", "first and last")),
                       ["records/2026-Q3/alice.yaml:4:5 nps", "records/2026-Q3/alice.yaml:6000:5 retention"])

        XCTAssertEqual(try s.git("show", "HEAD:" + Self.path), header + records.joined())
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        try s.kpi("check")
    }
}
