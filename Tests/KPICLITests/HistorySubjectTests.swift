import XCTest

/// `kpi history SUBJECT` of a name the ledger never knew is refused; a subject who left the
/// ledger keeps the history of the changes made while they were in it.
final class HistorySubjectTests: XCTestCase {
    func testATypoIsRefusedNotAnsweredWithAnEmptyHistory() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let r = try s.kpi("history", "alcie", status: 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.hasPrefix("kpi: error: unknown subject 'alcie'"), r.stderr)
        let json = try s.kpi("history", "alcie", "--format", "json", status: 1).stdout
        let list = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["diagnostics"] as! [[String: Any]]
        XCTAssertEqual(list.map { $0["code"] as? String }, ["unknown-subject"])
        // A known subject with nothing changed yet answers, with exit 0.
        XCTAssertEqual(try s.kpi("history", "alice").stdout, "No goal changes for alice.\n")
    }

    func testASubjectWhoLeftKeepsTheirHistory() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "30", "--weight", "100")
        try s.git("rm", "-q", "-r", "people/alice.yaml", "goals")
        try s.git("commit", "-q", "-m", "alice left")
        let json = try s.kpi("history", "alice", "--format", "json").stdout
        let events = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["events"] as! [[String: Any]]
        XCTAssertEqual(events.map { "\($0["field"]!) \($0["old"]!) \($0["new"]!)" },
                       ["target <null> 30", "weight <null> 100", "target 30 <null>", "weight 100 <null>"])
    }
}
