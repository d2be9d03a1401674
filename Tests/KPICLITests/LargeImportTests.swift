import Foundation
import XCTest

/// A large import lands whole, in order, after the records already there (the file is parsed
/// once and all rows appended with one edit; speed is measured by BENCHMARKS.md, not here).
final class LargeImportTests: XCTestCase {
    func testThousandsOfRowsAppendAfterExistingRecordsInOrder() throws {
        let s = try Sandbox()
        // Recorded after the quarter, so no date is in the future.
        s.env["GIT_AUTHOR_DATE"] = "2026-10-01T10:00:00+08:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-10-01T10:00:00+08:00"
        try s.makeLedger()
        try s.kpi("record", "alice", "nps", "7", "--date", "2026-07-01", "--note", "first")
        let path = "records/2026-Q3/alice.yaml"
        try s.write(path, try s.read(path) + "    # checked by bob\n")
        try s.git("commit", "-q", "-am", "a comment")
        let rows = 2500   // day × value pairs all different: no row repeats another
        for (name, month) in [("rows", "08"), ("more", "09")] {
            var csv = "subject,metric,date,value,source\n"
            for i in 0..<rows { csv += "alice,nps,2026-\(month)-\(String(format: "%02d", i % 28 + 1)),\(i / 28),\(name) \(i)\n" }
            try Data(csv.utf8).write(to: s.dir.appendingPathComponent(name + ".csv"))
        }
        // Output to files: thousands of lines of refusal or warning would fill a pipe.
        for name in ["rows", "more"] {   // the second one into the same, now large, file
            let p = Process()
            p.executableURL = Sandbox.kpiBinary
            p.arguments = ["import", s.dir.path + "/\(name).csv"]
            p.environment = s.env
            p.currentDirectoryURL = URL(fileURLWithPath: s.ledger)
            let log = s.dir.appendingPathComponent(name + ".log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            p.standardOutput = handle
            p.standardError = handle
            try p.run()
            p.waitUntilExit()
            let output = try Data(contentsOf: log).prefix(2000)
            XCTAssertEqual(p.terminationStatus, 0, String(decoding: output, as: UTF8.self))
        }

        let committed = try s.git("show", "HEAD:" + path)
        let sources = committed.split(separator: "\n").filter { $0.hasPrefix("    source: ") }.map { $0.dropFirst(12) }
        XCTAssertEqual(sources.count, 2 * rows)
        guard sources.count == 2 * rows else { return }
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
