import Foundation
import XCTest

/// The writes to a large records file that `LargeRecordsFileTests`' summary cannot serve — the
/// first kpi write to a file plain git committed, and an edit inside the file — check it in parts
/// (`StreamingRecordsCheck`, docs/reliability.md, "Large files") and refuse exactly what
/// `kpi check` reports, at the same place. The parts' memory is shown by
/// `StreamingRecordsCheckTests`; speed by BENCHMARKS.md, not here.
final class LargeRecordsFileInPartsTests: XCTestCase {
    static let path = LargeRecordsFileTests.path

    /// The ledger with the large file committed by plain git: kpi keeps no summary of it.
    func makeLedgerByGit() throws -> Sandbox {
        let s = try LargeRecordsFileTests.ledgerCommittedByGit()
        XCTAssertNil(try summary(s))
        return s
    }

    func summary(_ s: Sandbox) throws -> Data? {
        let blob = try s.git("rev-parse", "HEAD:" + Self.path).trimmingCharacters(in: .whitespacesAndNewlines)
        return FileManager.default.contents(atPath: s.ledger + "/.git/kpi/records/" + blob)
    }

    func forgetSummaries(_ s: Sandbox) throws {
        try? FileManager.default.removeItem(atPath: s.ledger + "/.git/kpi/records")
    }

    func testTheFirstKpiWriteAfterPlainGitRefusesAsTheWholeFileDoes() throws {
        let s = try makeLedgerByGit()
        let head = try s.git("rev-parse", "HEAD")
        // Each refusal from a ledger without any summary: the file is read in parts first.
        var r = try s.kpi("record", "alice", "nps", "9", "--date", "2026-07-10", status: 1)
        XCTAssertTrue(r.stderr.contains("alice nps 9 on 2026-07-10 is already recorded at records/2026-Q3/alice.yaml:40;"), r.stderr)
        XCTAssertNotNil(try summary(s), "the summary made in parts is kept for the committed file")
        try forgetSummaries(s)
        r = try s.kpi("record", "alice", "revenue", "¥5", "--date", "2026-09-30", status: 1)
        XCTAssertTrue(r.stderr.hasPrefix("records/2026-Q3/alice.yaml:6004:5: error: revenue value ¥5 is in ¥, but the revenue record at records/2026-Q3/alice.yaml:8:5 ($1) is in $;"), r.stderr)
        try forgetSummaries(s)
        r = try s.kpi("record", "alice", "nps", "3", "--date", "2026-09-01", "--corrects", "2026-07-11", "--note", "typo", status: 1)
        XCTAssertTrue(r.stderr.contains("records/2026-Q3/alice.yaml has no nps record dated 2026-07-11 to correct"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")

        try forgetSummaries(s)
        try s.kpi("record", "alice", "nps", "3", "--date", "2026-09-01", "--corrects", "2026-07-10", "--note", "typo")
        XCTAssertNotNil(try summary(s), "extended from the one made in parts")
        XCTAssertEqual(try s.git("show", "HEAD:" + Self.path), LargeRecordsFileTests.bulk() + """
              - date: 2026-09-01
                corrects: 2026-07-10
                metric: nps
                value: 3
                note: typo

            """)
        try s.kpi("check")
    }

    func testAFirstCommitOfAHandAppendAfterPlainGit() throws {
        let s = try makeLedgerByGit()
        let head = try s.git("rev-parse", "HEAD")
        // Refused as `kpi check` reports it.
        try s.write(Self.path, LargeRecordsFileTests.bulk() + "  - date: 2026-09-02\n    metric: revenue\n    value: ¥3\n")
        let check = try s.kpi("check", status: 1)
        let commit = try s.kpi("commit", "-m", "by hand", status: 1)
        XCTAssertEqual(errors(commit), errors(check))
        XCTAssertEqual(errors(commit), ["records/2026-Q3/alice.yaml:6004:5: error: revenue value ¥3 is in ¥, but the revenue record at records/2026-Q3/alice.yaml:8:5 ($1) is in $; kpi does not convert currencies, so write every revenue record of alice for 2026-Q3 in one currency, or none in any"])
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        try forgetSummaries(s)
        let edit = "  - date: 2026-09-02\n    metric: revenue\n    value: $3\n"
        try s.write(Self.path, LargeRecordsFileTests.bulk() + edit)
        try s.kpi("commit", "-m", "by hand")
        XCTAssertEqual(try s.git("show", "HEAD:" + Self.path), LargeRecordsFileTests.bulk() + edit)
        XCTAssertNotNil(try summary(s))
    }

    /// Record i starts on line 4 + 4i (`LargeRecordsFileTests.bulk`): record 699, nps 699 on
    /// 2026-07-28, is on line 2800.
    func testAnEditInsideTheFileIsCheckedInParts() throws {
        let s = try makeLedgerByGit()
        try s.kpi("record", "alice", "nps", "1", "--date", "2026-09-30")
        let head = try s.git("rev-parse", "HEAD")
        let committed = try s.git("show", "HEAD:" + Self.path)
        for (from, to) in [("    value: 699\n", "    value: lots\n"),
                           ("    value: $1300\n", "    value: ¥1300\n"),
                           ("    source: bulk 1200\n", "    corrects: 2026-07-02\n    note: why\n    source: bulk 1200\n"),
                           ("  - date: 2026-07-05\n    metric: revenue\n    value: $4\n", "  - date: 2026-12-05\n    metric: revenue\n    value: $4\n")] {
            XCTAssertTrue(committed.contains(from), from)
            try s.write(Self.path, committed.replacingOccurrences(of: from, with: to))
            let check = try s.kpi("check", status: 1)
            let commit = try s.kpi("commit", "-m", "edit", status: 1)
            XCTAssertFalse(errors(check).isEmpty, to)
            XCTAssertEqual(errors(commit), errors(check), to)
            XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        }
        // A value changed inside: committed, with the warning for the record that is new (alice
        // has no goals, so nps counts nowhere) at its line and nowhere else.
        let edited = committed.replacingOccurrences(of: "    value: 699\n", with: "    value: 6990\n")
        try s.write(Self.path, edited)
        let r = try s.kpi("commit", "-m", "edit")
        XCTAssertEqual(r.stderr.split(separator: "\n").filter { $0.contains("counts in no score") },
                       ["records/2026-Q3/alice.yaml:2800:5: warning: nps is neither a goal of alice in 2026-Q3 nor an input of one of their goals' formulas, so this record counts in no score; check the subject and the date"])
        XCTAssertEqual(try s.git("show", "HEAD:" + Self.path), edited)
        XCTAssertNotNil(try summary(s), "the summary made in parts is kept for the new file")
        // The next write checks against it: the edited record is found at its line.
        let d = try s.kpi("record", "alice", "nps", "6990", "--date", "2026-07-28", status: 1)
        XCTAssertTrue(d.stderr.contains("alice nps 6990 on 2026-07-28 is already recorded at records/2026-Q3/alice.yaml:2800;"), d.stderr)
        try s.kpi("check")
    }

    func errors(_ r: Sandbox.Run) -> [Substring] {
        (r.stdout + r.stderr).split(separator: "\n").filter { $0.contains(": error: ") }
    }
}
