import Foundation
import XCTest

/// An output of many pieces kept by the report cache: each piece is hashed and written on a
/// thread of its own while the command goes on (`ReportCache.Recording`), at most a few waiting.
/// The entry must still be the whole output, byte for byte, in order, and be served as such.
final class ReportCacheLargeOutputTests: XCTestCase {
    func testAnOutputOfManyPiecesIsKeptWholeAndInOrder() throws {
        let s = try Sandbox()
        try GeneratedLedger.make(in: s)
        // 300 files of an unknown subject and 100 records of a metric the catalog lacks: 30,300
        // located errors, each naming its file and line, so a piece out of order or lost shows.
        for f in 0..<300 {
            var text = "subject: x\(f)\nquarter: 2026-Q2\nrecords:\n"
            for r in 0..<100 { text += "  - date: 2026-05-\(10 + r % 19)\n    metric: lost_metric_\(f)_\(r)\n    value: \(r)\n" }
            try s.write("records/2026-Q2/x\(f).yaml", text)
        }
        let env = ["GIT_AUTHOR_DATE": ReportCacheTests.day, "GIT_COMMITTER_DATE": ReportCacheTests.day]
        func run(cache: Bool) throws -> Sandbox.Run {
            try s.run(Sandbox.kpiBinary.path, ["-C", s.ledger, "check", "--format", "json"],
                      env: cache ? env : env.merging(["KPI_NO_REPORT_CACHE": "1"]) { $1 })
        }
        let fresh = try run(cache: false)
        XCTAssertEqual(fresh.status, 1)
        // Pieces are 1 MiB, and at most 4 wait for the writer.
        XCTAssertGreaterThan(fresh.stdout.utf8.count, 6 << 20, "more pieces than may wait for the writer")
        XCTAssertEqual(fresh.stdout.components(separatedBy: "lost_metric_299_99").count, 2, "the last file's last record")
        let kept = try run(cache: true)
        XCTAssertEqual(kept.stdout, fresh.stdout)
        XCTAssertEqual(kept.status, 1)
        let folder = s.ledger + "/.git/kpi/reports-v1"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }
        XCTAssertEqual(names.count, 1, "the entry is kept, and no temporary file is left")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).count, 1)
        // Served from the entry: the parsed-file cache is not written again.
        try FileManager.default.removeItem(atPath: s.ledger + "/.git/kpi/files-v1")
        let served = try run(cache: true)
        XCTAssertEqual(served.stdout, fresh.stdout)
        XCTAssertEqual(served.stderr, fresh.stderr)
        XCTAssertEqual(served.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/.git/kpi/files-v1"), "served from the report cache")
    }
}
