import XCTest
@testable import LedgerCore

/// `LedgerLayout.classify` places the usual file from its bytes (`usualFile`) and any other path
/// by its parts (`classifyInParts`): where the first answers, it gives what the second would.
final class LedgerLayoutUsualPathTests: XCTestCase {
    /// Paths of every shape: usual files, near misses, odd names.
    static let paths: [String] = [
        "ledger.yaml", "people/p1.yaml", "metrics/revenue.yaml", "scorecards/sales.yaml", "teams/t_1.yaml",
        "goals/2026-Q1/p000005.yaml", "records/2026-Q3/alice.yaml", "reviews/2026-Q4/bob.yaml",
        "calibration/2026-Q2/sales.yaml", "people/.yaml", "goals/2026-Q1/.yaml", "goals//x.yaml", "people//x.yaml",
        "people/sub/x.yaml", "goals/x.yaml", "goals/2026-Q1/sub/x.yaml", "people/x.yml", "people/x.yaml.orig",
        "people/x.YAML", "people/x.txt", "people", "people/", "/people/x.yaml", "other/x.yaml", "peoplex/x.yaml",
        "people/ünïcode.yaml", "goals/2026-Q1/ü.yaml", "goalsx/2026-Q1/x.yaml",
        "records/2026-Q1/a.b.yaml", "records/2026-Q1/yaml", "people/a yaml", "people/xyaml", "metrics/.hidden.yaml",
        "scorecards/a/b/c.yaml", "calibration/x.yaml", "reviews/not-a-quarter/p.yaml", "teams/a.yaml.yaml",
        // Folder names a word or a byte away from the layout's, and each kind of folder at the
        // other depth.
        "teams/2026-Q1/x.yaml", "metrics/2026-Q1/x.yaml", "records/x.yaml", "reviews/x.yaml", "scorecard/x.yaml",
        "scorecardss/x.yaml", "calibrations/2026-Q1/x.yaml", "calibratio/2026-Q1/x.yaml", "recordsrecords/2026-Q1/x.yaml",
        "records\u{0}/2026-Q1/x.yaml", "Records/2026-Q1/x.yaml", "peoplepeoplepeople/x.yaml", "teamt/x.yaml",
    ]

    func testTheUsualFileIsPlacedAsItsPartsPlaceIt() {
        var usual = 0
        for path in Self.paths {
            let general = LedgerLayout.classifyInParts(path)
            if let fast = LedgerLayout.usualFile(path) {
                usual += 1
                XCTAssertEqual(LedgerLayout.Placement.file(fast), general, path)
            }
            XCTAssertEqual(LedgerLayout.classify(path), general, path)
            // Lent as the bytes of a list of paths (as a load classifies them), the same.
            let list = PathList(["people/x.yaml", path])
            XCTAssertEqual(list.withUTF8(1, LedgerLayout.classify(utf8:)), general, path)
        }
        // The fast path is taken for the usual files, and only for ASCII paths in the layout.
        XCTAssertEqual(usual, 15)
        XCTAssertNil(LedgerLayout.usualFile("people/ünïcode.yaml"))
        XCTAssertNil(LedgerLayout.usualFile("people/sub/x.yaml"))
        XCTAssertEqual(LedgerLayout.usualFile("records/2026-Q3/alice.yaml"),
                       LedgerPath(kind: .records, id: "alice", quarter: "2026-Q3"))
        XCTAssertEqual(LedgerLayout.usualFile("teams/t_1.yaml"), LedgerPath(kind: .team, id: "t_1", quarter: nil))
    }

    /// A folder named like the settings file (a tree git allows, written by another tool) holds
    /// no ledger file: placed as misplaced, never a crash.
    func testAFolderNamedLikeTheSettingsFileHoldsNoLedgerFile() {
        let why = LedgerLayout.Placement.misplaced("ledger.yaml is the ledger's settings file, not a folder; this file is ignored")
        XCTAssertEqual(LedgerLayout.classify("ledger.yaml/x.yaml"), why)
        XCTAssertEqual(LedgerLayout.classify("ledger.yaml/2026-Q1/x.yaml"), why)
        XCTAssertEqual(LedgerLayout.classify("ledger.yaml"), .file(LedgerPath(kind: .settings, id: "ledger", quarter: nil)))
    }
}
