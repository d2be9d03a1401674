import Foundation
import XCTest

/// A calibration in the history: `kpi diff` shows the rated person's final rating before and
/// after, not the meeting's team's score, and `kpi log PERSON` lists the calibrations that rated
/// them (docs/review-cycle.md, "Calibration").
final class CalibrationHistoryTests: XCTestCase {
    static let oct5 = ["GIT_AUTHOR_DATE": "2026-10-05T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-10-05T10:00:00+08:00"]

    /// alice's one nps goal (target 100, weight 100) at 75: 75 points, computed C; bob's review says A.
    func scenario() throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        try s.write("goals/2026-Q3/alice.yaml", "subject: alice\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 100\n    weight: 100\n")
        try s.write("records/2026-Q3/alice.yaml", "subject: alice\nquarter: 2026-Q3\nrecords:\n  - date: 2026-09-30\n    metric: nps\n    value: 75\n")
        try s.write("reviews/2026-Q3/alice.yaml", "subject: alice\nquarter: 2026-Q3\nreviewer: bob\nrating: A\n")
        try s.kpi("commit", "-m", "Q3 goals, actuals and review", env: Self.oct5)
        return s
    }

    func calibrate(_ s: Sandbox, attendees: [String] = ["bob"], rating: String, reason: String = "Carried the launch") throws {
        try s.write("calibration/2026-Q3/product.yaml", "attendees:\n" + attendees.map { "  - \($0)\n" }.joined()
                    + "ratings:\n  - subject: alice\n    rating: \(rating)\n    reason: \(reason)\n")
        try s.kpi("commit", "-m", "product calibration", env: Self.oct5)
    }

    func scoreLine(_ json: String) throws -> [String: Any] {
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let scores = try XCTUnwrap(object["scores"] as? [[String: Any]])
        XCTAssertEqual(scores.count, 1, json)
        return try XCTUnwrap(scores.first)
    }

    func testACalibrationShowsThePersonsFinalRating() throws {
        let s = try scenario()
        try calibrate(s, rating: "B")
        let text = try s.kpi("diff", env: Self.oct5).stdout
        XCTAssertTrue(text.contains("Scores:\n  alice 2026-Q3: 75 → 75; final rating A → B (calibrated: – → B)\n"), text)
        XCTAssertFalse(text.contains("  product 2026-Q3"), "the team's score is not what a calibration moves: \(text)")
        let line = try scoreLine(try s.kpi("diff", "--format", "json", env: Self.oct5).stdout)
        XCTAssertEqual(line["subject"] as? String, "alice")
        XCTAssertEqual(line["before"] as? NSNumber, 75)
        XCTAssertEqual(line["after"] as? NSNumber, 75)
        let keys = ["rating", "review_rating", "calibrated_rating", "final_rating"]
        XCTAssertEqual(keys.map { line["before_\($0)"] as? String }, ["C", "A", nil, "A"])
        XCTAssertEqual(keys.map { line["after_\($0)"] as? String }, ["C", "A", "B", "B"])
        XCTAssertTrue(line["before_calibrated_rating"] is NSNull, "null, not missing")

        // A new calibrated rating: calibrated B → S, final B → S.
        try calibrate(s, rating: "S", reason: "Her launch doubled usage")
        XCTAssertTrue(try s.kpi("diff", env: Self.oct5).stdout.contains("  alice 2026-Q3: 75 → 75; final rating B → S (calibrated: B → S)\n"))

        // Only the attendees changed: no rating moved, no score line.
        try calibrate(s, attendees: ["bob", "alice"], rating: "S", reason: "Her launch doubled usage")
        let attendees = try s.kpi("diff", "--format", "json", env: Self.oct5).stdout
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(attendees.utf8)) as? [String: Any])
        XCTAssertEqual((object["scores"] as? [Any])?.count, 0, attendees)
    }

    func testAReviewsRatingChangeShowsTooAndAPlainScoreChangeHasNoRatingTail() throws {
        let s = try scenario()
        try s.write("reviews/2026-Q3/alice.yaml", "subject: alice\nquarter: 2026-Q3\nreviewer: bob\nrating: B\n")
        try s.kpi("commit", "-m", "review: B after all", env: Self.oct5)
        XCTAssertTrue(try s.kpi("diff", env: Self.oct5).stdout.contains("  alice 2026-Q3: 75 → 75; final rating A → B (reviewer: A → B)\n"))

        // carol has no review or calibration: her score line is as before, without ratings.
        try s.kpi("person", "add", "carol", "--name", "Carol", "--manager", "bob", "--team", "product", env: Self.oct5)
        try s.kpi("goal", "set", "carol", "nps", "--quarter", "2026-Q3", "--target", "100", "--weight", "100", env: Self.oct5)
        try s.kpi("record", "carol", "nps", "90", "--date", "2026-09-30", env: Self.oct5)
        let text = try s.kpi("diff", env: Self.oct5).stdout
        XCTAssertTrue(text.hasSuffix("Scores:\n  carol 2026-Q3: 0 → 90\n"), text)
        let line = try scoreLine(try s.kpi("diff", "--format", "json", env: Self.oct5).stdout)
        XCTAssertEqual(line["before_final_rating"] as? String, "D")
        XCTAssertEqual(line["after_final_rating"] as? String, "B")
    }

    func testLogOfThePersonRatedListsTheCalibration() throws {
        let s = try scenario()
        try calibrate(s, rating: "B")
        let alice = try s.kpi("log", "alice", "--quarter", "2026-Q3", env: Self.oct5).stdout
        let first = try XCTUnwrap(alice.split(separator: "\n").first)
        XCTAssertTrue(first.hasSuffix(": calibration product ratings.alice: none → B (Carried the launch)"), alice)
        XCTAssertTrue(first.hasPrefix(String(try s.git("rev-parse", "--short=7", "HEAD").prefix(7))), alice)
        // bob was not rated: the calibration is not in his log.
        XCTAssertFalse(try s.kpi("log", "bob", env: Self.oct5).stdout.contains("ratings."))
    }
}
