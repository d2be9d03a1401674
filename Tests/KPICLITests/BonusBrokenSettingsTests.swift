import Foundation
import XCTest

/// A ledger.yaml that does not load leaves its multipliers unknown: `kpi bonus` points at the
/// error instead of saying that none are set.
final class BonusBrokenSettingsTests: XCTestCase {
    func testBonusNamesTheSettingsError() throws {
        let s = try Sandbox()
        try s.kpi("demo", s.ledger, cwd: s.dir.path)
        let settings = try s.read("ledger.yaml")
        try s.write("ledger.yaml", settings.replacingOccurrences(of: "\n    S: 1.5\n", with: "\n    S: lots\n"))
        let line = try XCTUnwrap(try s.read("ledger.yaml").components(separatedBy: "\n").firstIndex(of: "    S: lots")) + 1
        let r = try s.kpi("bonus", "--quarter", "2026-Q3", status: 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.hasPrefix("kpi: error: ledger.yaml has an error at ledger.yaml:\(line):8 ("), r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("); its bonus multipliers cannot be read until it is fixed\n"), r.stderr)
    }
}
