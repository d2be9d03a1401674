import Foundation
import XCTest

/// Duplicates inside one large import (docs/scoring.md, "Duplicates"): thousands of rows on the
/// same subject, metric and day are checked each against the others and against the records
/// already committed, exactly (values compare as numbers) and each refusal names its row and
/// the earlier row or the committed line.
final class BulkImportDuplicateTests: XCTestCase {
    func testDuplicatesAmongThousandsOfRowsOfOneDayAreFoundAndLocated() throws {
        let s = try Sandbox()
        s.env["GIT_AUTHOR_DATE"] = "2026-10-01T10:00:00+08:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-10-01T10:00:00+08:00"
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40")
        try s.kpi("record", "alice", "nps", "7.25", "--date", "2026-08-01")
        let path = "records/2026-Q3/alice.yaml"
        let committed = try s.read(path).split(separator: "\n", omittingEmptySubsequences: false)
        // A committed record is named by the line of its `- date:`.
        let recordLine = committed.firstIndex { $0.contains("- date: 2026-08-01") }! + 1

        // 3,000 rows on two days (every one shares its subject, metric and day with 1,499
        // others), all values different, then: row 2 + 3,000 repeats row 2 + 1,234 as `612.0`
        // (`612` there), and the last row repeats the committed 7.25 as `7.250`.
        let rows = 3000
        var csv = "subject,metric,date,value,source\n"
        for i in 0..<rows { csv += "alice,nps,2026-08-0\(1 + i % 2),\(i / 2),bulk \(i)\n" }
        csv += "alice,nps,2026-08-01,612.0,again\n"   // i = 1,224: day 1, value 612 → CSV line 1,226
        csv += "alice,nps,2026-08-01,7.250,again\n"
        try Data(csv.utf8).write(to: s.dir.appendingPathComponent("bulk.csv"))
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("import", "../bulk.csv", status: 1)
        XCTAssertEqual(r.stderr, """
        ../bulk.csv:3002:1: error: row 3002: the same record as row 1226 (alice nps 612.0 on 2026-08-01); importing it would count it twice (give --allow-duplicates if it is a second measurement)
        ../bulk.csv:3003:1: error: row 3003: alice nps 7.250 on 2026-08-01 is already recorded at \(path):\(recordLine); importing it would count it twice (give --allow-duplicates if it is a second measurement)

        """)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")

        // Without the two repeats, all 3,000 rows land in one commit, after the committed record.
        csv = csv.split(separator: "\n").dropLast(2).joined(separator: "\n") + "\n"
        try Data(csv.utf8).write(to: s.dir.appendingPathComponent("bulk.csv"))
        try s.kpi("import", "../bulk.csv")
        XCTAssertEqual(try s.git("rev-list", "--count", "\(head.dropLast())..HEAD"), "1\n")
        let sources = try s.git("show", "HEAD:" + path).split(separator: "\n").filter { $0.hasPrefix("    source: bulk ") }
        XCTAssertEqual(sources.count, rows)
        XCTAssertEqual(sources.first, "    source: bulk 0")
        XCTAssertEqual(sources.last, "    source: bulk \(rows - 1)")
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        try s.kpi("check")
    }
}
