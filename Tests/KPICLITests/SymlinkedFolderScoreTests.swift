import Foundation
import XCTest

/// A folder of the ledger that is a symbolic link is never read (docs/format.md): a score that
/// needs a file in it is incomplete — `"complete": false`, `"score": null`, the link named in its
/// errors, exit 1 — never a complete score with those files missing.
final class SymlinkedFolderScoreTests: XCTestCase {
    /// Alice's 2026-Q3 goal (target 45, baseline 40) and a record of 43: 60 points when complete.
    func ledger() throws -> Sandbox {
        let s = try Sandbox.withAliceNPSGoal("--baseline", "40", "--target", "45")
        try s.kpi("record", "alice", "nps", "43", "--date", "2026-08-31")
        return s
    }

    func alice(_ json: String) throws -> [String: Any] {
        let top = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let subjects = try XCTUnwrap(top["subjects"] as? [[String: Any]])
        return try XCTUnwrap(subjects.first { $0["id"] as? String == "alice" }, json)
    }

    /// Moves `folder` out of the ledger and puts a link to it in its place.
    func link(_ s: Sandbox, _ folder: String) throws -> String {
        let outside = s.dir.appendingPathComponent("outside-" + folder.replacingOccurrences(of: "/", with: "-")).path
        try FileManager.default.moveItem(atPath: s.ledger + "/" + folder, toPath: outside)
        try FileManager.default.createSymbolicLink(atPath: s.ledger + "/" + folder, withDestinationPath: outside)
        return outside
    }

    func testTheCompleteScoreFirst() throws {
        let s = try ledger()
        let a = try alice(try s.kpi("score", "--quarter", "2026-Q3", "--format", "json").stdout)
        XCTAssertEqual(a["complete"] as? Bool, true)
        XCTAssertEqual(a["score"] as? Double, 60)
    }

    func testEachLinkedFolderAScoreReadsMakesItIncomplete() throws {
        for folder in ["records/2026-Q3", "records", "goals/2026-Q3", "goals", "people", "metrics"] {
            let s = try ledger()
            let outside = try link(s, folder)
            let r = try s.kpi("score", "--quarter", "2026-Q3", "--format", "json", status: 1)
            let a = try alice(r.stdout)
            XCTAssertEqual(a["complete"] as? Bool, false, "\(folder): \(r.stdout)")
            XCTAssertTrue(a["score"] is NSNull, "\(folder): \(r.stdout)")
            let errors = try XCTUnwrap(a["errors"] as? [String], folder)
            XCTAssertTrue(errors.contains { $0.hasPrefix("\(folder):1:1: ") && $0.contains("\(folder) is a symbolic link (to \(outside))") },
                          "\(folder): \(errors)")
            XCTAssertFalse(r.stderr.contains("no score shown depends on it"), "\(folder): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("incomplete"), "\(folder): \(r.stderr)")
            // The team rolls alice up: incomplete too.
            let team = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["subjects"] as? [[String: Any]])
                .first { $0["id"] as? String == "product" }
            if let team { XCTAssertEqual(team["complete"] as? Bool, false, folder) }
            let table = try s.kpi("score", "--quarter", "2026-Q3", status: 1)
            XCTAssertTrue(table.stdout.contains("incomplete"), "\(folder): \(table.stdout)")
        }
    }

    func testALinkedFolderNoScoreReadsIsReportedButScoresStayComplete() throws {
        for folder in ["reviews", "calibration"] {
            let s = try ledger()
            try FileManager.default.createDirectory(atPath: s.ledger + "/" + folder + "/2026-Q2", withIntermediateDirectories: true)
            let outside = try link(s, folder)
            let check = try s.kpi("check", status: 1)
            XCTAssertTrue(check.stdout.contains("\(folder):1:1: error: \(folder) is a symbolic link (to \(outside))"), check.stdout)
        }
        // A linked reviews folder of the quarter: the review is part of alice's score's files.
        let s = try ledger()
        try FileManager.default.createDirectory(atPath: s.ledger + "/reviews/2026-Q3", withIntermediateDirectories: true)
        _ = try link(s, "reviews/2026-Q3")
        let a = try alice(try s.kpi("score", "--quarter", "2026-Q3", "--format", "json", status: 1).stdout)
        XCTAssertEqual(a["complete"] as? Bool, false)
    }
}
