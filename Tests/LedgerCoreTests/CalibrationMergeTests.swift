import XCTest
import LedgerCore

/// A calibration's ratings merge by subject (docs/review-cycle.md, "Calibration"): two
/// managers adding different people both keep theirs; the same person rated differently on
/// both sides is a conflict, not a silent pick.
final class CalibrationMergeTests: XCTestCase {
    let path = "calibration/2026-Q3/product.yaml"
    let head = "attendees:\n  - bob\nratings:\n"
    let alice = "  - subject: alice\n    rating: B\n    reason: launch\n"

    func merge(_ base: String, _ ours: String, _ theirs: String) throws -> LedgerMerge.FileResult {
        try LedgerMerge.mergeFile(path: path, base: Array(base.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), resolution: nil)
    }

    func testDifferentSubjectsAreBothKept() throws {
        let base = head + alice
        let ours = base + "  - subject: carol\n    rating: A\n    reason: led the team\n"
        let theirs = base + "  - subject: dave\n    rating: C\n    reason: missed the launch\n"
        let r = try merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        let text = String(decoding: r.bytes, as: UTF8.self)
        XCTAssertTrue(text.contains("subject: carol") && text.contains("subject: dave") && text.contains("subject: alice"), text)
    }

    func testOneSubjectRatedTwoWaysConflicts() throws {
        let base = head + alice
        let ours = head + "  - subject: alice\n    rating: A\n    reason: launch\n"
        let theirs = head + "  - subject: alice\n    rating: C\n    reason: launch\n"
        XCTAssertFalse(try merge(base, ours, theirs).conflicts.isEmpty)
        // Theirs changes the reason, ours the rating: both changes land on alice's one item.
        let r = try merge(base, ours, head + "  - subject: alice\n    rating: B\n    reason: launch, and the migration\n")
        XCTAssertEqual(r.conflicts, [])
        XCTAssertEqual(String(decoding: r.bytes, as: UTF8.self), head + "  - subject: alice\n    rating: A\n    reason: launch, and the migration\n")
    }
}
