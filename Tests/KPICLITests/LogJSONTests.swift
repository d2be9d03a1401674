import Foundation
import XCTest

/// `kpi log --format json`: each ledger commit, newest first, with who, when, the message and
/// the changes it made, as `kpi diff` lists them; a hand edit committed with plain git shows
/// exactly like a kpi write.
final class LogJSONTests: XCTestCase {
    func testLogAsJSON() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q2", "--target", "30", "--weight", "100")
        try s.kpi("record", "alice", "nps", "31", "--date", "2026-06-10", "--source", "survey")
        try s.write("records/2026-Q2/alice.yaml", try s.read("records/2026-Q2/alice.yaml").replacingOccurrences(of: "value: 31", with: "value: 33"))
        let hand = try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-qam", "fix the survey figure\n\nThe export was a day old."],
                             env: ["GIT_AUTHOR_NAME": "Carol Hand", "GIT_AUTHOR_EMAIL": "carol@example.com", "GIT_AUTHOR_DATE": "2026-06-21T09:00:00-05:00"])
        XCTAssertEqual(hand.status, 0, hand.stderr)

        let json = try JSONSerialization.jsonObject(with: Data(try s.kpi("log", "alice", "--format", "json").stdout.utf8)) as! [String: Any]
        let commits = try XCTUnwrap(json["commits"] as? [[String: Any]])
        XCTAssertEqual(commits.count, 4) // the edit, the record, the goal, alice added
        let edit = commits[0]
        XCTAssertEqual(edit["commit"] as? String, try s.git("rev-parse", "HEAD").trimmingCharacters(in: .newlines))
        XCTAssertEqual(edit["author"] as? String, "Carol Hand")
        XCTAssertEqual(edit["email"] as? String, "carol@example.com")
        XCTAssertEqual(edit["date"] as? String, "2026-06-21T09:00:00-05:00")
        XCTAssertEqual(edit["summary"] as? String, "fix the survey figure")
        XCTAssertEqual(edit["message"] as? String, "fix the survey figure\n\nThe export was a day old.\n")
        let changes = try XCTUnwrap(edit["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.count, 1)
        XCTAssertEqual(changes[0]["kind"] as? String, "record")
        XCTAssertEqual(changes[0]["change"] as? String, "edited")
        XCTAssertEqual(changes[0]["path"] as? String, "records/2026-Q2/alice.yaml")
        XCTAssertEqual(changes[0]["old"] as? String, "2026-06-10 nps 31")
        XCTAssertEqual(changes[0]["new"] as? String, "2026-06-10 nps 33")

        let record = commits[1]
        XCTAssertEqual(record["author"] as? String, "Bob Manager")
        XCTAssertEqual(record["email"] as? String, "bob@example.com")
        XCTAssertEqual(record["date"] as? String, "2026-06-20T10:00:00+08:00")
        XCTAssertEqual((record["changes"] as? [[String: Any]])?.first?["change"] as? String, "added")

        // Only the changes asked for: a quarter with none lists nothing.
        let none = try JSONSerialization.jsonObject(with: Data(try s.kpi("log", "--quarter", "2026-Q3", "--format", "json").stdout.utf8)) as! [String: Any]
        XCTAssertEqual((none["commits"] as? [Any])?.count, 0)
    }
}
