import Foundation
import XCTest

/// A team's chain of parent teams must end (roll-ups, alignment and authority walk up it):
/// `kpi team set` refuses to close a circle, and `kpi check` finds a hand-written one.
final class TeamCycleTests: XCTestCase {
    func testTeamSetRefusesACircleAndChangesNothing() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("team", "add", "dept", "--name", "Department")
        try s.kpi("team", "set", "product", "--parent", "dept")
        let head = try s.git("rev-parse", "HEAD")
        let before = try s.read("teams/dept.yaml")

        let r = try s.kpi("team", "set", "dept", "--parent", "product", status: 1)
        XCTAssertTrue(r.stderr.contains("teams/dept.yaml:3:9: error: team dept's chain of parent teams comes back to dept"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.read("teams/dept.yaml"), before)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")

        let own = try s.kpi("team", "set", "dept", "--parent", "dept", status: 1)
        XCTAssertTrue(own.stderr.contains("error: team dept is its own parent team"), own.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
    }

    func testCheckFindsAHandWrittenCircle() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("team", "add", "dept", "--name", "Department")
        try s.write("teams/dept.yaml", "name: Department\nparent: product\n")
        try s.write("teams/product.yaml", "name: Product\nlead: bob\nparent: dept\n")
        let r = try s.kpi("check", status: 1)
        XCTAssertEqual(r.stdout.split(separator: "\n").filter { $0.contains("team-cycle") || $0.contains("parent teams") }.sorted(), [
            "teams/dept.yaml:2:9: error: team dept's chain of parent teams comes back to dept",
            "teams/product.yaml:3:9: error: team product's chain of parent teams comes back to product",
        ])
        let json = try s.kpi("check", "--format", "json", status: 1).stdout
        XCTAssertTrue(json.contains("\"code\": \"team-cycle\""), json)
    }
}
