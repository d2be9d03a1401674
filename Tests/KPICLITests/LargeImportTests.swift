import Foundation
import XCTest

/// A large import lands whole, in order, after the records already there (the file is parsed
/// once and all rows appended with one edit; speed is measured by BENCHMARKS.md, not here).
final class LargeImportTests: XCTestCase {
    func testThousandsOfRowsAppendAfterExistingRecordsInOrder() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("record", "alice", "nps", "7", "--date", "2026-07-01", "--note", "first")
        let path = "records/2026-Q3/alice.yaml"
        try s.write(path, try s.read(path) + "    # checked by bob\n")
        try s.git("commit", "-q", "-am", "a comment")
        let rows = 3000
        for (name, month) in [("rows", "08"), ("more", "09")] {
            var csv = "subject,metric,date,value,source\n"
            for i in 0..<rows { csv += "alice,nps,2026-\(month)-\(String(format: "%02d", i % 28 + 1)),\(i % 100),\(name) \(i)\n" }
            try Data(csv.utf8).write(to: s.dir.appendingPathComponent(name + ".csv"))
        }
        try s.kpi("import", s.dir.path + "/rows.csv")
        try s.kpi("import", s.dir.path + "/more.csv")   // into the same, now large, file again

        let committed = try s.git("show", "HEAD:" + path)
        let sources = committed.split(separator: "\n").filter { $0.hasPrefix("    source: ") }.map { $0.dropFirst(12) }
        XCTAssertEqual(sources.count, 2 * rows)
        XCTAssertEqual(Array(sources.prefix(3)), ["rows 0", "rows 1", "rows 2"])
        XCTAssertEqual(sources[rows - 1], "rows \(rows - 1)")
        XCTAssertEqual(sources[rows], "more 0")
        XCTAssertEqual(sources.last, "more \(rows - 1)")
        // The first record and its comment stay first, above the imported ones.
        XCTAssertTrue(committed.contains("    note: first\n    # checked by bob\n  - date: 2026-08-01\n"), String(committed.prefix(600)))
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        XCTAssertEqual(try s.git("rev-list", "--count", "HEAD"), "8\n")
        try s.kpi("check")
    }
}
