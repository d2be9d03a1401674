import Foundation
import XCTest

/// A person whose committed file does not load is not "unknown": naming them gives an incomplete
/// score that names the error (exit 1), and a write refuses with the error's place — never "no
/// such file" or "not committed yet", which would send the user looking for the wrong thing.
final class BrokenSubjectFileTests: XCTestCase {
    func testANamedSubjectWithABrokenFileIsIncompleteNotUnknown() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q2", "--target", "30", "--weight", "100")
        try s.kpi("record", "alice", "nps", "31", "--date", "2026-06-10")
        try s.write("people/alice.yaml", "name: [x\n")
        try s.git("commit", "-qam", "broken by hand")
        let head = try s.git("rev-parse", "HEAD")

        let score = try s.kpi("score", "alice", "--quarter", "2026-Q2", "--format", "json", status: 1)
        let json = try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as! [String: Any]
        let subject = try XCTUnwrap((json["subjects"] as? [[String: Any]])?.first)
        XCTAssertEqual(subject["id"] as? String, "alice")
        XCTAssertEqual(subject["complete"] as? Bool, false)
        XCTAssertTrue(subject["score"] is NSNull)
        XCTAssertTrue(subject["rating"] is NSNull)
        XCTAssertTrue((subject["errors"] as? [String] ?? []).contains { $0.hasPrefix("people/alice.yaml:1:7: ") }, "\(subject)")

        let record = try s.kpi("record", "alice", "nps", "32", "--date", "2026-06-11", status: 1)
        XCTAssertEqual(record.stderr, "kpi: error: subject 'alice' cannot be used: its file has an error at people/alice.yaml:1:7\n")

        try s.write("people/alice.yaml", "name: Alice Chen\nemail: alice@example.com\nmanager: bob\nteam: product\nscorecard: pm_mid\n")
        try s.write("metrics/nps.yaml", "name: [x\n")
        try s.git("commit", "-qam", "metric broken by hand")
        let metric = try s.kpi("record", "alice", "nps", "32", "--date", "2026-06-11", status: 1)
        XCTAssertEqual(metric.stderr, "kpi: error: metric 'nps' cannot be used: its file has an error at metrics/nps.yaml:1:7\n")
        XCTAssertNotEqual(try s.git("rev-parse", "HEAD"), head) // the fixes by hand, nothing by kpi
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        XCTAssertEqual(try s.git("log", "-1", "--format=%s"), "metric broken by hand\n")
    }
}
