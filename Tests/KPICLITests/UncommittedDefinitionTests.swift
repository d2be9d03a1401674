import Foundation
import XCTest

/// Writes decide from the committed ledger, while `kpi score` reads the folder: a person or
/// metric file written but not yet committed must not be called "unknown" as if it did not
/// exist — the refusal names the file and what to do.
final class UncommittedDefinitionTests: XCTestCase {
    func testARecordForAnUncommittedPersonOrMetricNamesTheFile() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.write("people/zoe.yaml", "name: Zoe Ng\nemail: zoe@example.com\nmanager: bob\nteam: product\nscorecard: pm_mid\n")
        let head = try s.git("rev-parse", "HEAD")

        let subject = try s.kpi("record", "zoe", "nps", "40", "--date", "2026-06-10", status: 1)
        XCTAssertEqual(subject.stderr, "kpi: error: unknown subject 'zoe': people/zoe.yaml is not committed yet; commit it first (`kpi commit -m \"Add zoe\"`)\n")

        try s.write("metrics/nps2.yaml", try s.read("metrics/nps.yaml"))
        let metric = try s.kpi("record", "alice", "nps2", "40", "--date", "2026-06-10", status: 1)
        XCTAssertEqual(metric.stderr, "kpi: error: unknown metric 'nps2': metrics/nps2.yaml is not committed yet; commit it first (`kpi commit -m \"Add nps2\"`)\n")

        // Nothing was written, and the advice works.
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.git("status", "--porcelain"), "?? metrics/nps2.yaml\n?? people/zoe.yaml\n")
        try s.kpi("commit", "-m", "Add zoe")
        try s.kpi("record", "zoe", "nps2", "40", "--date", "2026-06-10")
        XCTAssertTrue(try s.read("records/2026-Q2/zoe.yaml").contains("metric: nps2"))

        // A name with no file anywhere is still plainly unknown.
        let unknown = try s.kpi("record", "zed", "nps", "40", "--date", "2026-06-10", status: 1)
        XCTAssertTrue(unknown.stderr.hasPrefix("kpi: error: unknown subject 'zed'"), unknown.stderr)
        XCTAssertFalse(unknown.stderr.contains("not committed"), unknown.stderr)
    }
}
