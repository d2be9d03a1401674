import Foundation
import XCTest

/// Rating bands that stop above 0 rate nothing below their lowest minimum: a score there has no
/// rating (`null`, `–`), never the lowest grade, and ledger.yaml says so when it loads.
final class UnratedScoreTests: XCTestCase {
    func testAScoreBelowEveryBandHasNoRating() throws {
        let s = try Sandbox()
        try s.kpi("demo", s.ledger, cwd: s.dir.path)
        let settings = try s.read("ledger.yaml")
        try s.write("ledger.yaml", settings.replacingOccurrences(of: "    - grade: D\n      min: 0\n", with: "    - grade: D\n      min: 50\n"))
        try s.git("commit", "-qam", "D starts at 50")

        let check = try s.kpi("check")
        XCTAssertTrue(check.stdout.contains("ledger.yaml:11:5: warning: no rating band starts at 0, so a score below 50 gets no rating; add a lowest band, like `- grade: D` with `min: 0`\n"), check.stdout)

        // 2026-Q3: dana's 77.8 is a C under the demo's bands; with C ≥ 80 and D ≥ 78 it is below every band.
        let before = try score()
        XCTAssertEqual(before?["rating"] as? String, "C")
        let raised = try s.read("ledger.yaml")
            .replacingOccurrences(of: "    - grade: C\n      min: 70\n", with: "    - grade: C\n      min: 80\n")
            .replacingOccurrences(of: "    - grade: D\n      min: 50\n", with: "    - grade: D\n      min: 78\n")
        try s.write("ledger.yaml", raised)
        try s.git("commit", "-qam", "C starts at 80, D at 78")
        let after = try score()
        XCTAssertEqual(after?["score"] as? Double, before?["score"] as? Double)
        XCTAssertTrue(after?["rating"] is NSNull, "\(after ?? [:])")
        XCTAssertTrue(after?["final_rating"] is NSNull, "\(after ?? [:])")
        let row = try s.kpi("score", "--quarter", "2026-Q3").stdout.split(separator: "\n").first { $0.hasPrefix("dana ") }
        XCTAssertEqual(row.map { $0.split(separator: " ").suffix(7).joined(separator: " ") }, "77.8 – – – – 5 0")

        // Her bonus for the finished quarter: no grade, so no multiplier, and the reason.
        let bonus = try s.kpi("bonus", "--quarter", "2026-Q3", env: ["GIT_AUTHOR_DATE": "2026-11-30T12:00:00+08:00"]).stdout
        XCTAssertTrue(bonus.contains("\ndana     Dana Wu            unrated: below every band\n"), bonus)

        /// dana's 2026-Q3 subject in `kpi score --format json`.
        func score() throws -> [String: Any]? {
            let json = try s.kpi("score", "--quarter", "2026-Q3", "--format", "json", "dana").stdout
            return ((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["subjects"] as? [[String: Any]])?.first
        }
    }
}
