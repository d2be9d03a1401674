import XCTest
import LedgerCore

/// An item theirs added, written into ours at ours' own column (theirs indents differently):
/// the emitter writes it, so its text survives whole.
final class MergeNewItemTextTests: XCTestCase {
    func merged(_ base: String, _ ours: String, _ theirs: String) throws -> String {
        let r = try LedgerMerge.mergeFile(path: "records/2026-Q3/alice.yaml", base: Array(base.utf8), ours: Array(ours.utf8),
                                          theirs: Array(theirs.utf8))
        XCTAssertEqual(r.conflicts, [])
        return String(decoding: r.bytes, as: UTF8.self)
    }

    func testABlankLineInsideANoteIsKept() throws {
        let head = "subject: alice\nquarter: 2026-Q3\nrecords:\n"
        let oursItem = "- date: 2026-07-01\n  metric: retention\n  value: 40%\n"
        let theirsItem = "  - date: 2026-07-01\n    metric: retention\n    value: 40%\n"
        let added = "  - date: 2026-07-31\n    metric: retention\n    value: 42%\n    note: |\n      First paragraph.\n\n      Second paragraph.\n"
        let out = try merged(head + theirsItem, head + oursItem, head + theirsItem + added)
        XCTAssertEqual(out, head + oursItem
                       + "- date: 2026-07-31\n  metric: retention\n  value: 42%\n  note: |\n    First paragraph.\n\n    Second paragraph.\n")
    }

    func testAMultiLineItemInACRLFFileIsIndentedWhole() throws {
        let head = "subject: alice\r\nquarter: 2026-Q3\r\nrecords:\r\n"
        let oursItem = "- date: 2026-07-01\r\n  metric: retention\r\n  value: 40%\r\n"
        let theirsItem = "  - date: 2026-07-01\r\n    metric: retention\r\n    value: 40%\r\n"
        let added = "  - date: 2026-07-31\r\n    metric: retention\r\n    value: 42%\r\n"
        let out = try merged(head + theirsItem, head + oursItem, head + theirsItem + added)
        XCTAssertEqual(out, head + oursItem + "- date: 2026-07-31\r\n  metric: retention\r\n  value: 42%\r\n")
    }
}
