import XCTest

/// `kpi serve`'s own refusals (WebRefusals.swift), each with its status and one wording: the
/// API answers JSON `{"error": …}`, and a date is refused in the command line's words.
final class ServeRefusalWordsTests: XCTestCase {
    func testTheAPIsRefusalsSayWhatIsWrong() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let server = try ServeProcess(s)
        let origin = "Origin: http://\(server.authority)"
        let cases: [(String, String, String?, [String], Int, String)] = [
            ("GET", "/api/nowhere", nil, [], 404, "no such API route: /api/nowhere"),
            ("DELETE", "/api/score", nil, [origin], 405, "DELETE is not allowed on /api/score"),
            ("GET", "/api/audit?quarter=2026-Q5", nil, [], 400, "'2026-Q5' is not a quarter; write it like 2026-Q3"),
            ("GET", "/api/score?forecast=maybe", nil, [], 400, "forecast=maybe: use forecast=true or forecast=false"),
            ("POST", "/api/records", "{\"subject\": \"alice\", \"metric\": \"nps\", \"value\": \"20\", \"date\": \"31/07/2026\"}",
             ["Content-Type: application/json", origin], 400, "'31/07/2026' is not a date; write YYYY-MM-DD"),
            ("POST", "/api/records", "{\"subject\": \"alice\", \"metric\": \"nps\", \"value\": \"20\", \"corrects\": \"soon\"}",
             ["Content-Type: application/json", origin], 400, "corrects 'soon' is not a date; write YYYY-MM-DD"),
            ("POST", "/api/records", "{\"metric\": \"nps\", \"value\": \"20\"}", ["Content-Type: application/json", origin], 400,
             "'subject' is missing"),
            ("POST", "/api/records", "{\"subject\": \"alice\", \"metric\": \"nps\", \"value\": \"20\"}",
             ["Content-Type: application/json", "Origin: http://elsewhere.example"], 403,
             "writes are accepted only from this site's own pages (origin http://elsewhere.example)"),
        ]
        let head = try s.git("rev-parse", "HEAD")
        for (method, path, body, headers, status, words) in cases {
            let r = try server.request(s, method, path, body: body, headers: headers)
            XCTAssertEqual(r.status, status, "\(method) \(path): \(r.body)")
            XCTAssertEqual(r.json["error"] as? String, words, "\(method) \(path): \(r.body)")
        }
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head, "nothing committed")
        let page = try server.get(s, "/nowhere")
        XCTAssertEqual(page.status, 404)
        XCTAssertTrue(page.body.contains("There is no page at /nowhere."), page.body)
    }
}
