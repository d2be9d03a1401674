import XCTest
import LedgerCore

final class MergeLedgerFileTests: XCTestCase {
    func merge(_ path: String, _ base: String?, _ ours: String, _ theirs: String,
               resolution: MergeResolution? = nil) throws -> LedgerMerge.FileResult {
        try LedgerMerge.mergeFile(path: path, base: base.map { Array($0.utf8) }, ours: Array(ours.utf8),
                                  theirs: Array(theirs.utf8), resolution: resolution)
    }

    func text(_ r: LedgerMerge.FileResult) -> String { String(decoding: r.bytes, as: UTF8.self) }

    let records = "records/2026-Q3/alice.yaml"
    let goals = "goals/2026-Q3/alice.yaml"

    func testRecordsAppendedOnBothSidesAreAllKeptInDateOrder() throws {
        let base = "subject: alice\nquarter: 2026-Q3\nrecords:\n  - date: 2026-07-01\n    metric: retention\n    value: 40%\n"
        let ours = base + "  - date: 2026-08-31\n    metric: retention\n    value: 43%\n"
        let theirs = base + "  # July cohort, from the export\n  - date: 2026-07-31\n    metric: retention\n    value: 42%\n"
        let r = try merge(records, base, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertTrue(r.semantic)
        XCTAssertEqual(text(r), base + "  # July cohort, from the export\n  - date: 2026-07-31\n    metric: retention\n    value: 42%\n"
                       + "  - date: 2026-08-31\n    metric: retention\n    value: 43%\n")
    }

    func testAddAddOfARecordsFileKeepsBoth() throws {
        let head = "subject: alice\nquarter: 2026-Q3\nrecords:\n"
        let ours = head + "  - date: 2026-07-31\n    metric: retention\n    value: 42%\n"
        let theirs = head + "  - date: 2026-07-15\n    metric: nps\n    value: \"31\"\n"
        let r = try merge(records, nil, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertEqual(text(r), head + "  - date: 2026-07-15\n    metric: nps\n    value: \"31\"\n"
                       + "  - date: 2026-07-31\n    metric: retention\n    value: 42%\n")
    }

    let sheet = """
    # Alice's goals
    subject: alice
    quarter: 2026-Q3
    goals:
      - metric: retention   # 30-day
        baseline: 40%
        target: 45%
        weight: 60
      - metric: nps
        target: 30
        weight: 40

    """

    func testDifferentGoalsAndDifferentFieldsMergeAndKeepCommentsOfBothSides() throws {
        let ours = sheet.replacingOccurrences(of: "target: 45%", with: "target: 44%   # agreed in the 1:1")
            .replacingOccurrences(of: "# Alice's goals", with: "# Alice's goals (Bob)")
        let theirs = sheet.replacingOccurrences(of: "target: 30", with: "target: 35   # stretch")
            .replacingOccurrences(of: "weight: 60", with: "weight: 55")
        let r = try merge(goals, sheet, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertEqual(text(r), """
        # Alice's goals (Bob)
        subject: alice
        quarter: 2026-Q3
        goals:
          - metric: retention   # 30-day
            baseline: 40%
            target: 44%   # agreed in the 1:1
            weight: 55
          - metric: nps
            target: 35
            weight: 40

        """)
    }

    func testNewGoalAndNewFieldFromTheirSide() throws {
        let ours = sheet.replacingOccurrences(of: "target: 45%", with: "target: 44%")
        let theirs = sheet.replacingOccurrences(of: "    target: 30\n", with: "    baseline: 20\n    target: 30\n")
            + "  - metric: revenue\n    target: 50万\n"
        let r = try merge(goals, sheet, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertTrue(text(r).contains("target: 44%"))
        XCTAssertTrue(text(r).contains("  - metric: revenue\n    target: 50万\n"))
        XCTAssertTrue(text(r).contains("    weight: 40\n    baseline: 20\n") || text(r).contains("baseline: 20"))
    }

    func testTheSameFieldChangedDifferentlyIsAConflict() throws {
        let ours = sheet.replacingOccurrences(of: "target: 45%", with: "target: 44%")
        let theirs = sheet.replacingOccurrences(of: "target: 45%", with: "target: 46%")
        let r = try merge(goals, sheet, ours, theirs)
        XCTAssertEqual(r.conflicts.count, 1)
        let c = r.conflicts[0]
        XCTAssertEqual(c.subject, "alice")
        XCTAssertEqual(c.quarter, "2026-Q3")
        XCTAssertEqual(c.metric, "retention")
        XCTAssertEqual(c.field, "target")
        XCTAssertEqual(c.base, "45%")
        XCTAssertEqual(c.ours, "44%")
        XCTAssertEqual(c.theirs, "46%")
        XCTAssertTrue(text(r).contains("<<<<<<<"), "the driver gets git's conflict markers")
        // Both changed to the same value: no conflict.
        XCTAssertEqual(try merge(goals, sheet, ours, ours).conflicts, [])
        // --theirs / --ours settle it.
        let t = try merge(goals, sheet, ours, theirs, resolution: .theirs)
        XCTAssertEqual(t.conflicts, [])
        XCTAssertEqual(t.resolved.count, 1)
        XCTAssertTrue(text(t).contains("target: 46%"))
        let o = try merge(goals, sheet, ours, theirs, resolution: .ours)
        XCTAssertTrue(text(o).contains("target: 44%"))
    }

    func testDeletionVersusModification() throws {
        let withoutNPS = sheet.replacingOccurrences(of: "  - metric: nps\n    target: 30\n    weight: 40\n", with: "")
        let npsChanged = sheet.replacingOccurrences(of: "target: 30", with: "target: 33")
        let r = try merge(goals, sheet, npsChanged, withoutNPS)
        XCTAssertEqual(r.conflicts.count, 1)
        XCTAssertEqual(r.conflicts[0].kind, .removedAndChanged)
        XCTAssertEqual(r.conflicts[0].theirs, nil)
        // Removed on one side, untouched on the other: removed.
        let ours = sheet.replacingOccurrences(of: "target: 45%", with: "target: 44%")
        let clean = try merge(goals, sheet, ours, withoutNPS)
        XCTAssertEqual(clean.conflicts, [])
        XCTAssertFalse(text(clean).contains("nps"))
        XCTAssertTrue(text(clean).contains("target: 44%"))
    }

    func testNonLedgerFilesUseGitsLineMerge() throws {
        let r = try merge("notes.txt", "a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n")
        XCTAssertFalse(r.semantic)
        XCTAssertEqual(text(r), "A\nb\nC\n")
        let c = try merge("notes.txt", "a\n", "b\n", "c\n")
        XCTAssertEqual(c.conflicts.count, 1)
        XCTAssertTrue(text(c).contains("<<<<<<<"))
    }

    func testAnUnparseableSideFallsBackToLines() throws {
        let broken = sheet + "  - metric: [oops\n"
        let r = try merge(goals, sheet, broken, sheet.replacingOccurrences(of: "target: 45%", with: "target: 46%"))
        XCTAssertFalse(r.semantic)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertTrue(text(r).contains("target: 46%") && text(r).contains("[oops"))
    }
}
