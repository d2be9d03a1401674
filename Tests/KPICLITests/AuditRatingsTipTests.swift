import Foundation
import XCTest

/// `rating_overridden` is judged on the ledger at the audited tip, HEAD (docs/audit.md), also when
/// HEAD's ledger differs from the history's last ledger commit's: after a merge that kept its
/// first parent's files and brought nothing of its own, a side branch's newer commit is last in
/// the history, but HEAD's files are the ones that stand. erin has one nps goal (target 100,
/// weight 100): recorded 90 she computes B, as her reviewer rated her; recorded 115 she
/// computes S.
final class AuditRatingsTipTests: XCTestCase {
    func testTheOverridesOfHeadsLedgerWhenTheLastLedgerCommitDiffers() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let records = { (value: String) in
            "subject: erin\nquarter: 2026-Q3\nrecords:\n  - date: 2026-09-30\n    metric: nps\n    value: \(value)\n"
        }
        try s.write("people/erin.yaml", "name: Erin\nemail: erin@example.com\nmanager: bob\nteam: product\n")
        try s.write("goals/2026-Q3/erin.yaml", "subject: erin\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 100\n    weight: 100\n")
        try s.write("records/2026-Q3/erin.yaml", records("90"))
        try s.write("reviews/2026-Q3/erin.yaml", "subject: erin\nquarter: 2026-Q3\nreviewer: bob\nrating: B\n")
        try s.kpi("commit", "-m", "Q3", env: ["GIT_AUTHOR_DATE": "2026-10-05T10:00:00+08:00"])
        let branch = try s.git("symbolic-ref", "--short", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        func commit(_ message: String, _ date: String) throws {
            let env = ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date]
            XCTAssertEqual(try s.run("/usr/bin/git", ["-C", s.ledger, "add", "-A"], env: env).status, 0)
            let r = try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-qm", message], env: env)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        // A side branch edits erin's record to 115: at its tip she computes S against the B given.
        try s.git("checkout", "-qb", "side")
        try s.write("records/2026-Q3/erin.yaml", records("115"))
        try commit("erin 115", "2026-10-07T10:00:00+08:00")
        // Main adds a person (earlier), then merges the side keeping its own files: HEAD's
        // ledger is main's, and the side's commit is the history's last ledger commit.
        try s.git("checkout", "-q", branch)
        try s.write("people/frank.yaml", "name: Frank\nemail: frank@example.com\nmanager: bob\nteam: product\n")
        try commit("frank", "2026-10-06T10:00:00+08:00")
        let env = ["GIT_AUTHOR_DATE": "2026-10-08T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-10-08T10:00:00+08:00"]
        XCTAssertEqual(try s.run("/usr/bin/git", ["-C", s.ledger, "merge", "-q", "-s", "ours", "--no-edit", "side"], env: env).status, 0)
        XCTAssertEqual(try s.read("records/2026-Q3/erin.yaml"), records("90"), "the merge kept main's files")

        let log = try s.kpi("log", "--format", "json").stdout
        XCTAssertTrue(log.contains("erin 115") && !log.contains("Merge branch"), "the side's commit is the last ledger commit: \(log)")
        func overrides() throws -> [String] {
            try? FileManager.default.removeItem(atPath: s.ledger + "/.git/kpi")
            let json = try s.kpi("audit", "--format", "json", status: 1).stdout
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
            return (object["findings"] as? [[String: Any]] ?? []).filter { $0["rule"] as? String == "rating_overridden" }.map { $0["message"] as? String ?? "" }
        }
        // The side's 115 (S against the B given) was discarded by the merge: no override.
        XCTAssertEqual(try overrides(), [], "HEAD's ledger has erin at 90, which computes B as rated")
        XCTAssertEqual(try overrides(), [], "again, cold")

        // Main itself records 115: now HEAD's ledger overrides, attributed to the rating's commit.
        try s.write("records/2026-Q3/erin.yaml", records("115"))
        try commit("erin 115 on main", "2026-10-09T10:00:00+08:00")
        let found = try overrides()
        XCTAssertEqual(found.count, 1, "\(found)")
        XCTAssertTrue(found.first?.contains("rated erin B for 2026-Q3") == true && found.first?.contains("computed rating is S") == true, "\(found)")
    }
}
