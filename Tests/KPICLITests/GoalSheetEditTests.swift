import Foundation
import XCTest

/// Changing several goals at once (`kpi goal edit`), the last goal of a sheet (`kpi goal rm`),
/// and a team's lead who is one of its members (`kpi team set --lead`).
final class GoalSheetEditTests: XCTestCase {
    /// An "editor" that runs `script` on the file it is given.
    func editor(_ s: Sandbox, _ script: String) throws -> [String: String] {
        let path = s.dir.appendingPathComponent("editor-\(UUID().uuidString).sh").path
        try Data("#!/bin/sh\n\(script)\n".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        return ["VISUAL": "", "EDITOR": path]
    }

    func testGoalEditCommitsTheWholeSheetOnceItValidates() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%", "--weight", "30")
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40", "--weight", "70")
        let before = try s.read("goals/2026-Q3/alice.yaml")
        let head = try s.git("rev-parse", "HEAD")

        // Errors: nothing committed, the file as it was.
        let bad = try s.kpi("goal", "edit", "alice", "--quarter", "2026-Q3", status: 1,
                            env: try editor(s, "sed -i 's/target: 45%/target: many/' \"$1\""))
        // Line 1 is the schema line kpi writes at the top of each file.
        XCTAssertEqual(bad.stderr, "goals/2026-Q3/alice.yaml:6:13: error: target of retention is not a valid value: 'many' is not a number\n")
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.read("goals/2026-Q3/alice.yaml"), before)

        // Left as it was: nothing to commit.
        let same = try s.kpi("goal", "edit", "alice", "--quarter", "2026-Q3", env: try editor(s, "true"))
        XCTAssertEqual(same.stdout, "The goals of alice for 2026-Q3 are unchanged; nothing committed.\n")
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)

        // Three changes to two goals and a comment: one commit.
        let script = "sed -i 's/target: 45%/target: 50%/; s/weight: 30/weight: 40/; s/weight: 70/weight: 60/' \"$1\"\nsed -i '1a # agreed with bob on 2026-06-19' \"$1\""
        let good = try s.kpi("goal", "edit", "alice", "--quarter", "2026-Q3", env: try editor(s, script))
        XCTAssertTrue(good.stdout.hasSuffix("goals: alice 2026-Q3 edited (retention, nps)\n"), good.stdout)
        XCTAssertEqual(try s.git("log", "-1", "--format=%b"), "retention target 45% → 50%\nretention weight 30 → 40\nnps weight 70 → 60\n\n")
        XCTAssertEqual(try s.git("rev-list", "--count", "\(head.trimmingCharacters(in: .newlines))..HEAD"), "1\n")
        let after = try s.git("show", "HEAD:goals/2026-Q3/alice.yaml")
        XCTAssertEqual(after, before.replacingOccurrences(of: "target: 45%", with: "target: 50%").replacingOccurrences(of: "weight: 30", with: "weight: 40")
            .replacingOccurrences(of: "weight: 70", with: "weight: 60")
            .replacingOccurrences(of: "\nsubject: alice", with: "\n# agreed with bob on 2026-06-19\nsubject: alice"))
        XCTAssertEqual(try s.read("goals/2026-Q3/alice.yaml"), after)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")

        // A sheet that does not exist yet starts from a template.
        let fill = "cat > \"$1\" <<'EOF'\nsubject: alice\nquarter: 2026-Q4\ngoals:\n  - metric: nps\n    target: 45\nEOF"
        let new = try s.kpi("goal", "edit", "alice", "--quarter", "2026-Q4", env: try editor(s, fill))
        XCTAssertTrue(new.stdout.hasSuffix("goals: alice 2026-Q4 edited (nps added)\n"), new.stdout)
        XCTAssertEqual(try s.git("show", "HEAD:goals/2026-Q4/alice.yaml"), "subject: alice\nquarter: 2026-Q4\ngoals:\n  - metric: nps\n    target: 45\n")
        let untouched = try s.kpi("goal", "edit", "alice", "--quarter", "2027-Q1", env: try editor(s, "true"))
        XCTAssertEqual(untouched.stdout, "The goals of alice for 2027-Q1 are unchanged; nothing committed.\n")
    }

    func testRemovingTheLastGoalRemovesTheSheet() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "30", "--weight", "100")
        let r = try s.kpi("goal", "rm", "alice", "nps", "--quarter", "2026-Q3")
        XCTAssertTrue(r.stdout.hasSuffix("goal: alice nps 2026-Q3 removed, the last of goals/2026-Q3/alice.yaml\n"), r.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/goals/2026-Q3/alice.yaml"))
        XCTAssertEqual(try s.git("ls-tree", "-r", "--name-only", "HEAD", "goals"), "")
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        try s.kpi("check")
        let json = try s.kpi("history", "alice", "nps", "--format", "json").stdout
        let events = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["events"] as! [[String: Any]]
        XCTAssertEqual(events.map { "\($0["field"]!) \($0["old"]!) \($0["new"]!)" },
                       ["target <null> 30", "weight <null> 100", "target 30 <null>", "weight 100 <null>"])

        // With bonus items the sheet stays, so the goal cannot be its last.
        try s.write("goals/2026-Q4/alice.yaml", "subject: alice\nquarter: 2026-Q4\ngoals:\n  - metric: nps\n    target: 30\nbonus:\n  - points: 2\n    reason: mentoring\n")
        try s.kpi("commit", "-m", "Q4 goals")
        let refused = try s.kpi("goal", "rm", "alice", "nps", "--quarter", "2026-Q4", status: 1)
        XCTAssertEqual(refused.stderr, "kpi: error: nps is the last goal of goals/2026-Q4/alice.yaml, which also has bonus items: remove them first (`kpi goal edit alice --quarter 2026-Q4`), then the goal and the sheet go together\n")
    }

    func testTeamSetLeadNamesAMemberOfTheTeam() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("team", "add", "design", "--name", "Design")
        try s.kpi("person", "add", "carol", "--name", "Carol Park", "--email", "carol@example.com", "--manager", "bob", "--team", "design")
        let r = try s.kpi("team", "set", "design", "--lead", "carol")
        XCTAssertTrue(r.stdout.hasSuffix("team: design lead none → carol\n"), r.stdout)
        XCTAssertEqual(try s.read("teams/design.yaml").components(separatedBy: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n"),
                       "name: Design\nlead: carol\n")
        XCTAssertEqual(try s.kpi("teams").stdout, """
            ID       NAME     LEAD   PARENT  SCORECARD  MEMBERS
            design   Design   carol                     carol
            product  Product  bob                       alice

            """)
        let head = try s.git("rev-parse", "HEAD")
        let unknown = try s.kpi("team", "set", "design", "--lead", "carl", status: 1)
        XCTAssertEqual(unknown.stderr, "kpi: error: unknown person 'carl'; did you mean 'carol'? (people/ has no such file)\n")
        let team = try s.kpi("team", "set", "desing", "--lead", "carol", status: 1)
        XCTAssertEqual(team.stderr, "kpi: error: unknown team 'desing'; did you mean 'design'? (teams/ has no such file)\n")
        let same = try s.kpi("team", "set", "design", "--lead", "carol", status: 1)
        XCTAssertEqual(same.stderr, "kpi: error: team design already has these values; nothing to commit\n")
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
    }
}
