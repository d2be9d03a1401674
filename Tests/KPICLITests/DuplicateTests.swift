import Foundation
import XCTest

/// Duplicates (docs/scoring.md, "Duplicates"): the same record twice is refused by `kpi import`
/// and `kpi record` unless `--allow-duplicates`; `kpi import --dry-run` commits nothing.
final class DuplicateTests: XCTestCase {
    /// alice has one goal: revenue (sum), target 100万, no weight (100). Records are written after
    /// their dates.
    func makeSheet(_ s: Sandbox) throws {
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "100万")
        s.recordAt("2026-10-02T10:00:00+08:00")
    }

    func revenue(_ s: Sandbox) throws -> Double {
        let json = try s.kpi("score", "alice", "--quarter", "2026-Q3", "--format", "json").stdout
        let subject = ((try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["subjects"] as! [[String: Any]])[0]
        return ((subject["goals"] as! [[String: Any]])[0]["actual"] as! NSNumber).doubleValue
    }

    /// HEAD, the index and the working tree, to compare before and after a refused command.
    func state(_ s: Sandbox) throws -> [String] {
        [try s.git("rev-parse", "HEAD"), try s.git("ls-files", "--stage"), try s.git("status", "--porcelain"),
         try s.read("records/2026-Q3/alice.yaml")]
    }

    func testImportingTheSameFileTwiceIsRefusedWithTheRowAndTheRecord() throws {
        let s = try Sandbox()
        try makeSheet(s)
        try s.write("../july.csv", "subject,metric,date,value,source\nalice,revenue,2026-07-31,30万,BI\nalice,revenue,2026-08-31,40万,BI\n")
        try s.kpi("import", "../july.csv")
        XCTAssertEqual(try revenue(s), 700_000)   // 30万 + 40万
        let before = try state(s)
        let r = try s.kpi("import", "../july.csv", status: 1)
        XCTAssertEqual(r.stderr, """
        ../july.csv:2:1: error: row 2: alice revenue 30万 on 2026-07-31 is already recorded at records/2026-Q3/alice.yaml:5; importing it would count it twice (give --allow-duplicates if it is a second measurement)
        ../july.csv:3:1: error: row 3: alice revenue 40万 on 2026-08-31 is already recorded at records/2026-Q3/alice.yaml:9; importing it would count it twice (give --allow-duplicates if it is a second measurement)

        """)
        XCTAssertEqual(try state(s), before)
        XCTAssertEqual(try revenue(s), 700_000)   // not 140万

        // Given on purpose, both land: 30万 + 40万 + 30万 + 40万 = 140万.
        try s.kpi("import", "../july.csv", "--allow-duplicates")
        XCTAssertEqual(try revenue(s), 1_400_000)
    }

    func testTheSameRowTwiceInOneFileIsRefused() throws {
        let s = try Sandbox()
        try makeSheet(s)
        // 10万 and 100,000 are the same value.
        try s.write("../sept.csv", "subject,metric,date,value\nalice,revenue,2026-09-30,10万\nalice,revenue,2026-08-31,5万\nalice,revenue,2026-09-30,\"100,000\"\n")
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("import", "../sept.csv", status: 1)
        XCTAssertEqual(r.stderr, "../sept.csv:4:1: error: row 4: the same record as row 2 (alice revenue 100,000 on 2026-09-30); importing it would count it twice (give --allow-duplicates if it is a second measurement)\n")
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/records/2026-Q3/alice.yaml"))
        try s.kpi("import", "../sept.csv", "--allow-duplicates")
        XCTAssertEqual(try revenue(s), 250_000)   // 10万 + 5万 + 10万
    }

    func testRecordRefusesARecordAlreadyWrittenByHandOrReplaced() throws {
        let s = try Sandbox()
        try makeSheet(s)
        try s.write("records/2026-Q3/alice.yaml", """
        subject: alice
        quarter: 2026-Q3
        records:
          # July, from the finance export
          - date: 2026-07-31
            metric: revenue
            value: 300,000
          - date: 2026-07-31
            corrects: 2026-07-31
            metric: revenue
            value: 35万
            note: late invoices

        """)
        try s.kpi("commit", "-m", "July by hand")
        XCTAssertEqual(try revenue(s), 350_000)
        let before = try state(s)
        // 30万 is the replaced figure: recording it again would bring it back.
        var r = try s.kpi("record", "alice", "revenue", "30万", "--date", "2026-07-31", status: 1)
        XCTAssertEqual(r.stderr, "kpi: error: alice revenue 30万 on 2026-07-31 is already recorded at records/2026-Q3/alice.yaml:5; nothing recorded (recording it again would count it twice; give --allow-duplicates if it is a second measurement)\n")
        r = try s.kpi("record", "alice", "revenue", "350000", "--date", "2026-07-31", status: 1)
        XCTAssertTrue(r.stderr.contains("is already recorded at records/2026-Q3/alice.yaml:8;"), r.stderr)
        try s.write("../again.csv", "subject,metric,date,value\nalice,revenue,2026-08-31,1万\nalice,revenue,2026-07-31,35万\n")
        r = try s.kpi("import", "../again.csv", status: 1)
        XCTAssertEqual(r.stderr, "../again.csv:3:1: error: row 3: alice revenue 35万 on 2026-07-31 is already recorded at records/2026-Q3/alice.yaml:8; importing it would count it twice (give --allow-duplicates if it is a second measurement)\n")
        XCTAssertEqual(try state(s), before)

        // Another value, or another day, is not a duplicate; --allow-duplicates records a second measurement.
        try s.kpi("record", "alice", "revenue", "1万", "--date", "2026-08-31")
        try s.kpi("record", "alice", "revenue", "1万", "--date", "2026-08-31", "--allow-duplicates")
        XCTAssertEqual(try revenue(s), 370_000)   // 35万 + 1万 + 1万
    }

    func testImportDryRunPrintsWhatWouldBeRecordedAndCommitsNothing() throws {
        let s = try Sandbox()
        try makeSheet(s)
        try s.kpi("record", "alice", "revenue", "5万", "--date", "2026-07-15")
        try s.write("../q3.csv", "subject,metric,date,value,source\nalice,revenue,2026-07-31,30万,BI\nbob,revenue,2026-08-31,40万,BI\n")
        let before = try state(s)
        let r = try s.kpi("import", "../q3.csv", "--dry-run")
        XCTAssertEqual(r.stdout, """
        Dry run, nothing committed: import: 2 records from q3.csv
          records/2026-Q3/alice.yaml: alice revenue 30万 on 2026-07-31
          records/2026-Q3/bob.yaml: bob revenue 40万 on 2026-08-31

        """)
        XCTAssertEqual(try state(s), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/records/2026-Q3/bob.yaml"))

        // A dry run refuses what the import would refuse, with the same messages.
        try s.write("../bad.csv", "subject,metric,date,value\nalice,revenue,2026-07-15,50000\nalice,revenu,2026-07-31,1\n")
        let bad = try s.kpi("import", "../bad.csv", "--dry-run", status: 1)
        XCTAssertEqual(bad.stderr, """
        ../bad.csv:3:1: error: row 3: unknown metric 'revenu'; did you mean 'revenue'? (metrics/ has no such file)

        """)
        try s.write("../dup.csv", "subject,metric,date,value\nalice,revenue,2026-07-15,50000\n")
        let dup = try s.kpi("import", "../dup.csv", "--dry-run", status: 1)
        XCTAssertTrue(dup.stderr.hasPrefix("../dup.csv:2:1: error: row 2: alice revenue 50000 on 2026-07-15 is already recorded at records/2026-Q3/alice.yaml:5;"), dup.stderr)
        try s.kpi("close", "2026-Q3")
        let closed = try s.kpi("import", "../q3.csv", "--dry-run", status: 1)
        XCTAssertTrue(closed.stderr.contains("2026-Q3 is closed"), closed.stderr)
        XCTAssertEqual(try state(s), before)
    }
}
