import XCTest

/// `--format` and the extension of `-o FILE` must agree: CSV written into `scores.xlsx` would
/// open as a broken workbook, so the pair is refused and nothing is written.
final class ExportFormatMismatchTests: XCTestCase {
    func testAFormatThatContradictsTheFileNameIsRefused() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let r = try s.kpi("score", "--format", "csv", "-o", "scores.xlsx", status: 64)
        XCTAssertTrue(r.stderr.contains("--format csv does not match -o scores.xlsx, whose extension says xlsx"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/scores.xlsx"))
        // Agreeing, or only one of the two given: written.
        try s.kpi("score", "--format", "csv", "-o", "scores.csv")
        try s.kpi("score", "--format", "json", "-o", "scores.txt")
        XCTAssertTrue(try s.read("scores.txt").hasPrefix("{"))
    }
}
