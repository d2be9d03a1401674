import XCTest

/// `kpi score` reads the files on disk; when they differ from HEAD its JSON must not present the
/// numbers as `revision`'s alone: `uncommitted` names the ledger files that differ (edited,
/// staged, new or deleted); other files in the folders are not ledger files and are not named.
final class ScoreUncommittedTests: XCTestCase {
    func testScoresOfUncommittedFilesSaySo() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q2", "--target", "40", "--weight", "100")
        try s.kpi("record", "alice", "nps", "30", "--date", "2026-06-10")
        func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(try s.kpi("score", "--quarter", "2026-Q2", "--format", "json").stdout.utf8)) as! [String: Any]
        }

        try s.write("people/notes.txt", "not a ledger file\n")
        XCTAssertNil(try json()["uncommitted"])

        try s.write("records/2026-Q2/alice.yaml", try s.read("records/2026-Q2/alice.yaml").replacingOccurrences(of: "value: 30", with: "value: 40"))
        var j = try json()
        XCTAssertEqual(j["uncommitted"] as? [String], ["records/2026-Q2/alice.yaml"])
        XCTAssertEqual(((j["subjects"] as? [[String: Any]])?.first?["score"]) as? Double, 100) // the file on disk: 40 / 40

        // Staged is not committed either; a new file counts too.
        try s.git("add", "records/2026-Q2/alice.yaml")
        try s.write("people/zoe.yaml", "name: Zoe Ng\n")
        j = try json()
        XCTAssertEqual(j["uncommitted"] as? [String], ["people/zoe.yaml", "records/2026-Q2/alice.yaml"])

        // Committed: nothing on disk differs from the revision.
        try s.kpi("commit", "-m", "fix and add zoe")
        XCTAssertNil(try json()["uncommitted"])
    }
}
