import Foundation
import XCTest

/// `kpi serve` on a ledger in a subfolder of a larger repository (docs/repositories.md): its API
/// answers what the commands answer there, and a write commits only the ledger's file.
final class SubfolderServeTests: XCTestCase {
    let when = ["GIT_AUTHOR_DATE": "2026-09-01T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-09-01T10:00:00+08:00"]

    func testTheAPIOfASubfolderLedgerEqualsItsCommandsAndWritesOnlyItsFiles() throws {
        let s = try Sandbox()
        let hr = s.ledger + "/hr/ledger"
        try FileManager.default.createDirectory(atPath: s.ledger, withIntermediateDirectories: true)
        _ = try s.git("init", "-q", "-b", "main")
        try s.write("README.md", "Monorepo\n")
        _ = try s.git("add", "README.md")
        _ = try s.git("commit", "-q", "-m", "readme")
        try s.kpi("init", "hr/ledger", "--name", "HR")
        try s.kpi("person", "add", "bob", "--name", "Bob Manager", "--email", "bob@example.com", cwd: hr)
        try s.kpi("person", "add", "alice", "--name", "Alice Chen", "--manager", "bob", cwd: hr)
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "50%", "--weight", "100", cwd: hr)
        try s.kpi("record", "alice", "retention", "20%", "--date", "2026-07-31", env: when, cwd: hr)
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "30%", env: when, cwd: hr)
        try s.write("README.md", "Monorepo, again\n")
        _ = try s.git("commit", "-q", "-a", "-m", "readme again")

        let server = try ServeProcess(s, ["-C", "hr/ledger"], env: when)
        for (api, args) in [("/api/score?quarter=2026-Q3", ["score", "--quarter", "2026-Q3", "--format", "json"]),
                            ("/api/audit", ["audit", "--format", "json"]),
                            ("/api/history/alice", ["history", "alice", "--format", "json"])] {
            let reply = try server.get(s, api)
            XCTAssertEqual(reply.status, 200, api)
            let cli = try s.run(Sandbox.kpiBinary.path, args, cwd: hr, env: when)
            XCTAssertEqual(reply.body, cli.stdout, api)
        }
        XCTAssertTrue(try server.get(s, "/api/audit").body.contains("eased_after_actuals"))

        let body = #"{"subject": "alice", "metric": "retention", "value": "25%", "date": "2026-08-20"}"#
        let r = try server.request(s, "POST", "/api/records", body: body, headers: ["Content-Type: application/json"])
        XCTAssertEqual(r.status, 201, r.body)
        XCTAssertEqual(try s.git("show", "--name-only", "--format=", "HEAD"), "hr/ledger/records/2026-Q3/alice.yaml\n")
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
    }
}
