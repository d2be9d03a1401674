import Foundation
import XCTest

/// `scoring.cap` is a multiple of the target. Written as `1.5` it was read as 1.5 percent and
/// quietly capped every goal near zero; a cap below 100% or a negative bonus cap is refused at
/// its place, and the scores are incomplete instead of wrong.
final class ScoringCapTests: XCTestCase {
    func testCapWrittenEitherWayAndNonsenseRefused() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q2", "--target", "40", "--weight", "50")
        try s.kpi("goal", "set", "alice", "csat", "--quarter", "2026-Q2", "--target", "90%", "--weight", "50")
        try s.kpi("record", "alice", "nps", "60", "--date", "2026-06-10")   // 60 / 40 = 1.5
        try s.kpi("record", "alice", "csat", "45%", "--date", "2026-06-10") // 45 / 90 = 0.5
        let settings = try s.read("ledger.yaml")
        XCTAssertTrue(settings.contains("  cap: 120%\n"))

        func score(cap: String, status: Int32 = 0) throws -> [String: Any] {
            try s.write("ledger.yaml", settings.replacingOccurrences(of: "  cap: 120%\n", with: "  cap: \(cap)\n"))
            let r = try s.kpi("score", "alice", "--quarter", "2026-Q2", "--format", "json", status: status)
            return ((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any])["subjects"] as! [[String: Any]])[0]
        }
        // By hand: 100 × (50 × min(1.5, cap) + 50 × 0.5) / 100.
        XCTAssertEqual(try score(cap: "120%")["score"] as? Double, 85)
        XCTAssertEqual(try score(cap: "1.2")["score"] as? Double, 85)
        XCTAssertEqual(try score(cap: "120")["score"] as? Double, 85)
        XCTAssertEqual(try score(cap: "1.4")["score"] as? Double, 95)
        XCTAssertEqual(try score(cap: "100%")["score"] as? Double, 75)

        for bad in ["50%", "0.9", "0", "-5%"] {
            let sub = try score(cap: bad, status: 1)
            XCTAssertTrue(sub["score"] is NSNull, bad)
            let errors = sub["errors"] as? [String] ?? []
            XCTAssertTrue(errors.contains { $0.hasPrefix("ledger.yaml:") && $0.contains("a cap of \(bad) would stop every goal short of its target") }, "\(bad): \(errors)")
        }

        try s.write("ledger.yaml", settings.replacingOccurrences(of: "  bonus_cap: 5\n", with: "  bonus_cap: -5\n"))
        let check = try s.kpi("check", status: 1)
        XCTAssertTrue(check.stdout.contains("ledger.yaml:") && check.stdout.contains("error: bonus_cap (-5) cannot be below 0"), check.stdout)
    }
}
