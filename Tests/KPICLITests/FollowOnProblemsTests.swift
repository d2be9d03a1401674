import Foundation
import XCTest

/// One broken metric file makes every goal, record and scorecard naming its metric fail: the
/// text output shows the error to fix with the count of what follows from it; the JSON keeps
/// them all, each saying what caused it (docs/diagnostics.md, "Follow-on problems").
final class FollowOnProblemsTests: XCTestCase {
    func brokenRetention() throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q2", "--target", "40%", "--weight", "60")
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q2", "--target", "40", "--weight", "40")
        try s.kpi("record", "alice", "retention", "35%", "--date", "2026-04-10")
        try s.kpi("record", "alice", "retention", "37%", "--date", "2026-05-10")
        let metric = try s.read("metrics/retention.yaml")
        XCTAssertTrue(metric.contains("unit: percent\n"))
        try s.write("metrics/retention.yaml", metric.replacingOccurrences(of: "unit: percent\n", with: "unit: percentage\n"))
        return s
    }

    func testTheRootErrorIsShownWithTheCountOfWhatFollows() throws {
        let s = try brokenRetention()
        let r = try s.kpi("check", status: 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let root = try XCTUnwrap(lines.first { $0.hasPrefix("metrics/retention.yaml:") && $0.contains(": error: 'percentage' is not a valid unit") })
        let place = String(root.prefix { $0 != " " }.dropLast(1).split(separator: ":").prefix(3).joined(separator: ":"))
        // The goal and two records name retention; pm_mid's scorecard lists it; alice's sheet
        // lost a goal, so its weights add up to 40 (and its dimensions' shares shift).
        XCTAssertFalse(r.stdout.contains("metric 'retention' cannot be used"), r.stdout)
        XCTAssertFalse(r.stdout.contains("add up to 40"), r.stdout)
        let note = try XCTUnwrap(lines.first { $0.contains(": note: ") }, r.stdout)
        XCTAssertTrue(note.hasPrefix("\(place): note: "), note)
        let json = try s.kpi("check", "--format", "json", status: 1)
        let all = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["diagnostics"] as? [[String: Any]])
        let followOns = all.filter { $0["caused_by"] as? String == place }
        XCTAssertTrue(followOns.contains { $0["path"] as? String == "goals/2026-Q2/alice.yaml" && $0["code"] as? String == "unknown-metric" })
        XCTAssertEqual(followOns.filter { $0["path"] as? String == "records/2026-Q2/alice.yaml" }.count, 2)
        XCTAssertTrue(followOns.contains { $0["code"] as? String == "weights-not-100" })
        XCTAssertTrue(note.contains("\(followOns.count) problems caused by \(place) are not shown"), note)
        // Everything else is shown as it was: the text has a line for each diagnostic that
        // follows from nothing, plus the note.
        XCTAssertEqual(lines.count, all.count - followOns.count + 1, r.stdout)
        XCTAssertTrue(r.stderr.contains("(\(followOns.count) of them follow from the others and are not shown)"), r.stderr)
    }

    func testAFollowOnWithoutItsCauseInTheOutputIsShown() throws {
        let s = try brokenRetention()
        // Checking a sheet alone: the metric file's error is not part of the output.
        let r = try s.kpi("check", "goals/2026-Q2/alice.yaml", status: 1)
        XCTAssertTrue(r.stdout.contains("metric 'retention'"), r.stdout)
        XCTAssertFalse(r.stdout.contains(": note: "), r.stdout)
    }

    func testFixingTheRootClearsEverything() throws {
        let s = try brokenRetention()
        let metric = try s.read("metrics/retention.yaml")
        try s.write("metrics/retention.yaml", metric.replacingOccurrences(of: "unit: percentage\n", with: "unit: percent\n"))
        let r = try s.kpi("check")
        XCTAssertFalse(r.stdout.contains(": error: "), r.stdout)
    }
}
