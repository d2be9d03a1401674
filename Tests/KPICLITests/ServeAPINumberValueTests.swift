import XCTest

/// `POST /api/records` takes a value as text (`"45%"`) or as a JSON number (`41.5`): a script
/// sending the number it has should not get a 400. A number is written as its shortest decimal
/// form; true/false are refused.
final class ServeAPINumberValueTests: XCTestCase {
    func testAJSONNumberIsAValue() throws {
        let s = try ServeAPITests.scenario()
        let server = try ServeProcess(s, env: ServeAPITests.serverEnv)
        let json = ["Content-Type: application/json"]
        var r = try server.request(s, "POST", "/api/records", body: #"{"subject": "alice", "metric": "revenue", "value": 900000, "date": "2026-08-20"}"#, headers: json)
        XCTAssertEqual(r.status, 201, r.body)
        r = try server.request(s, "POST", "/api/records", body: #"{"subject": "alice", "metric": "retention", "value": 43.5, "date": "2026-08-21"}"#, headers: json)
        XCTAssertEqual(r.status, 201, r.body)
        let file = try s.read("records/2026-Q3/alice.yaml")
        XCTAssertTrue(file.contains("  - date: 2026-08-20\n    metric: revenue\n    value: 900000\n"), file)
        XCTAssertTrue(file.contains("  - date: 2026-08-21\n    metric: retention\n    value: 43.5\n"), file)

        let tip = try s.git("rev-parse", "HEAD")
        r = try server.request(s, "POST", "/api/records", body: #"{"subject": "alice", "metric": "retention", "value": true, "date": "2026-08-22"}"#, headers: json)
        XCTAssertEqual(r.status, 400, r.body)
        XCTAssertEqual(r.json["error"] as? String, "'value' must be a number or a string")
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), tip)
    }
}
