import Foundation
import XCTest

/// `kpi serve`'s JSON API against the built binary on a free port: the same bytes as the CLI's
/// `--format json`, writes as one commit each by the CLI's code, refusals as 4xx, the tip
/// followed without a restart, `--read-only`.
/// Scenario (numbers by hand): retention progress (42 − 40) / (45 − 40) = 0.4, weight 60;
/// revenue ratio 80万 / 100万 = 0.8, weight 40; score 56 → D. Recording retention 45%
/// makes it (45 − 40) / 5 = 1.0: score 60 + 32 = 92 → B.
final class ServeAPITests: XCTestCase {
    /// Today is 2026-09-01 for the server: 2026-Q3 is the current quarter.
    static let serverEnv = ["GIT_AUTHOR_DATE": "2026-09-01T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-09-01T10:00:00+08:00"]

    func scenario() throws -> Sandbox { try Self.scenario() }

    static func scenario() throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--baseline", "40%", "--target", "45%", "--weight", "60")
        try s.kpi("goal", "set", "alice", "revenue", "--quarter", "2026-Q3", "--target", "100万", "--weight", "40")
        try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", env: ["GIT_AUTHOR_DATE": "2026-07-31T18:00:00+08:00"])
        try s.kpi("record", "alice", "revenue", "80万", "--date", "2026-07-31", env: ["GIT_AUTHOR_DATE": "2026-07-31T19:00:00+08:00"])
        return s
    }

    func head(_ s: Sandbox) throws -> String { try s.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines) }

    func testReadRoutesReturnTheCLIsJSONByteForByte() throws {
        let s = try scenario()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "44%", "-m", "eased")
        let server = try ServeProcess(s, env: Self.serverEnv)
        let cases: [(String, [String])] = [
            ("/api/score?quarter=2026-Q3", ["score", "--quarter", "2026-Q3", "--format", "json"]),
            ("/api/score?year=2026", ["score", "--year", "2026", "--format", "json"]),
            ("/api/score?quarter=2026-Q3&subject=alice", ["score", "alice", "--quarter", "2026-Q3", "--format", "json"]),
            ("/api/audit", ["audit", "--format", "json"]),
            ("/api/audit?quarter=2026-Q3", ["audit", "--quarter", "2026-Q3", "--format", "json"]),
            ("/api/history/alice", ["history", "alice", "--format", "json"]),
            ("/api/history/alice?metric=retention&quarter=2026-Q3", ["history", "alice", "retention", "--quarter", "2026-Q3", "--format", "json"]),
            ("/api/diff", ["diff", "--format", "json"]),
            ("/api/diff?from=HEAD~3&to=HEAD~1", ["diff", "HEAD~3", "HEAD~1", "--format", "json"]),
        ]
        for (path, args) in cases {
            let api = try server.get(s, path)
            XCTAssertEqual(api.status, 200, path)
            XCTAssertEqual(api.headers["content-type"], "application/json; charset=utf-8", path)
            let cli = try s.run(Sandbox.kpiBinary.path, args, cwd: s.ledger, env: Self.serverEnv)
            XCTAssertEqual(api.body, cli.stdout, path)
        }
        // Without arguments, both score the current quarter (2026-Q3 for this server's today).
        XCTAssertEqual(try server.get(s, "/api/score").json["quarter"] as? String, "2026-Q3")
        // The CLI's own refusals, as JSON.
        let badQuarter = try server.get(s, "/api/score?quarter=2026-Q9")
        XCTAssertEqual(badQuarter.status, 400)
        XCTAssertNotNil(badQuarter.json["error"] as? String)
        let unknown = try server.get(s, "/api/score?quarter=2026-Q3&subject=zed")
        XCTAssertEqual(unknown.status, 400)
        XCTAssertEqual(unknown.json["error"] as? String, "unknown subject 'zed' (people/ or teams/ has no such file)")
        let badRev = try server.get(s, "/api/diff?from=nope")
        XCTAssertEqual(badRev.status, 422)
        XCTAssertTrue((badRev.json["error"] as? String ?? "").contains("unknown revision 'nope'"), badRev.body)
        XCTAssertEqual(try server.get(s, "/api/nothing").status, 404)
    }

    func testPostRecordCommitsOnceThroughTheRecorder() throws {
        let s = try scenario()
        let server = try ServeProcess(s, env: Self.serverEnv)
        let before = try head(s)
        let body = #"{"subject": "alice", "metric": "retention", "value": "45%", "date": "2026-08-20", "note": "August cohort"}"#
        let r = try server.request(s, "POST", "/api/records", body: body, headers: ["Content-Type: application/json"])
        XCTAssertEqual(r.status, 201, r.body)
        let commit = try XCTUnwrap(r.json["commit"] as? String)
        XCTAssertEqual(commit, try head(s))
        XCTAssertEqual(try s.git("rev-list", "--count", "\(before)..HEAD").trimmingCharacters(in: .whitespacesAndNewlines), "1")
        XCTAssertEqual(try s.git("log", "-1", "--format=%an <%ae>|%s").trimmingCharacters(in: .whitespacesAndNewlines),
                       "Bob Manager <bob@example.com>|record: alice retention 45% on 2026-08-20")
        XCTAssertTrue(try s.read("records/2026-Q3/alice.yaml").contains("  - date: 2026-08-20\n    metric: retention\n    value: 45%\n    note: August cohort\n"))
        XCTAssertEqual(try s.git("status", "--porcelain"), "", "working tree and index follow the commit")
        let alice = (try server.get(s, "/api/score?quarter=2026-Q3").json["subjects"] as! [[String: Any]])[0]
        XCTAssertEqual(alice["score"] as? Int, 92)
        XCTAssertEqual(alice["rating"] as? String, "B")

        // Refusals: the CLI's messages, 4xx, nothing committed.
        let tip = try head(s)
        let refusals: [(String, [String], Int, String)] = [
            (#"{"subject": "alice", "metric": "nope", "value": "1"}"#, ["Content-Type: application/json"], 422, "unknown metric 'nope'"),
            (#"{"subject": "alice", "metric": "retention", "value": "lots", "date": "2026-08-21"}"#, ["Content-Type: application/json"], 422, "'lots' is not a valid value for retention"),
            (#"{"subject": "alice", "metric": "retention", "value": "45%", "date": "2026-08-20"}"#, ["Content-Type: application/json"], 422, "already recorded"),
            (#"{"subject": "alice", "metric": "retention", "value": "45%", "date": "31/08/2026"}"#, ["Content-Type: application/json"], 400, "'31/08/2026' is not a date"),
            (#"{"subject": "alice", "metric": "retention"}"#, ["Content-Type: application/json"], 400, "'value' is missing"),
            (#"{"subject": "alice", "metric": "retention", "value": "1", "boss": "me"}"#, ["Content-Type: application/json"], 400, "unknown field 'boss'"),
            (#"[1, 2]"#, ["Content-Type: application/json"], 400, "not a JSON object"),
            (#"{"subject": "alice"}"#, ["Content-Type: text/plain", "Sec-Fetch-Site: same-origin"], 415, "application/json"),
            // No browser: curl -d's and urllib's default label is read as JSON all the same.
            (#"{"subject": "alice", "metric": "retention"}"#, ["Content-Type: application/x-www-form-urlencoded"], 400, "'value' is missing"),
            (#"subject=alice&metric=retention"#, ["Content-Type: application/x-www-form-urlencoded"], 400, "not a JSON object"),
            (#"{"subject": "alice", "metric": "retention", "value": "46%"}"#, ["Content-Type: application/json", "Origin: http://evil.example"], 403, "this site's own pages"),
        ]
        for (body, headers, status, message) in refusals {
            let r = try server.request(s, "POST", "/api/records", body: body, headers: headers)
            XCTAssertEqual(r.status, status, body)
            XCTAssertTrue((r.json["error"] as? String ?? "").contains(message), "\(body): \(r.body)")
        }
        let big = String(repeating: " ", count: 2 << 20) + "{}"
        XCTAssertEqual(try server.request(s, "POST", "/api/records", body: big, headers: ["Content-Type: application/json"]).status, 413)
        XCTAssertEqual(try head(s), tip)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
    }

    func testTheServerFollowsTheTipWithoutARestart() throws {
        let s = try scenario()
        let server = try ServeProcess(s, env: Self.serverEnv)
        let first = try server.get(s, "/api/tip")
        XCTAssertEqual(first.json["tip"] as? String, try head(s))
        let etag = try XCTUnwrap(first.headers["etag"])
        XCTAssertEqual(try server.request(s, "GET", "/api/tip", headers: ["If-None-Match: \(etag)"]).status, 304)

        // A CLI write…
        try s.kpi("record", "alice", "retention", "45%", "--date", "2026-08-20", env: Self.serverEnv)
        let afterCLI = try server.request(s, "GET", "/api/tip", headers: ["If-None-Match: \(etag)"])
        XCTAssertEqual(afterCLI.status, 200)
        XCTAssertEqual(afterCLI.json["tip"] as? String, try head(s))
        XCTAssertEqual((try server.get(s, "/api/score?quarter=2026-Q3").json["subjects"] as! [[String: Any]])[0]["score"] as? Int, 92)

        // …and a plain git commit of a hand edit.
        try s.write("records/2026-Q3/alice.yaml", try s.read("records/2026-Q3/alice.yaml") + "  - date: 2026-08-25\n    metric: revenue\n    value: 90万\n")
        try s.git("commit", "-qam", "August revenue")
        XCTAssertEqual(try server.get(s, "/api/tip").json["tip"] as? String, try head(s))
        // revenue sums: 80万 + 90万 = 170万 / 100万 = 1.7, capped at 1.2: 60 + 48 = 108 → A.
        let alice = (try server.get(s, "/api/score?quarter=2026-Q3").json["subjects"] as! [[String: Any]])[0]
        XCTAssertEqual(alice["score"] as? Int, 108)
        XCTAssertTrue(try server.get(s, "/").body.contains("data-tip=\"\(try head(s))\""))
    }

    func testABrowserWriteAndACLIWriteAtTheSameMomentBothLand() throws {
        let s = try scenario()
        let server = try ServeProcess(s, env: Self.serverEnv)
        let tip = try head(s)
        for round in 0..<3 {
            let cli = Process()
            cli.executableURL = Sandbox.kpiBinary
            cli.arguments = ["-C", s.ledger, "record", "alice", "revenue", "\(round + 1)万", "--date", "2026-08-2\(round)"]
            cli.environment = s.env.merging(Self.serverEnv) { $1 }
            cli.standardOutput = FileHandle.nullDevice
            try cli.run()
            let body = "{\"subject\": \"alice\", \"metric\": \"retention\", \"value\": \"4\(round)%\", \"date\": \"2026-08-2\(round)\"}"
            let r = try server.request(s, "POST", "/api/records", body: body, headers: ["Content-Type: application/json"])
            cli.waitUntilExit()
            XCTAssertEqual(r.status, 201, r.body)
            XCTAssertEqual(cli.terminationStatus, 0)
        }
        XCTAssertEqual(try s.git("rev-list", "--count", "\(tip)..HEAD").trimmingCharacters(in: .whitespacesAndNewlines), "6")
        let records = try s.read("records/2026-Q3/alice.yaml")
        for round in 0..<3 {
            XCTAssertTrue(records.contains("value: \(round + 1)万"), records)
            XCTAssertTrue(records.contains("value: 4\(round)%"), records)
        }
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
    }

    func testReadOnlyRefusesEveryWrite() throws {
        let s = try scenario()
        let server = try ServeProcess(s, ["--read-only"], env: Self.serverEnv)
        let tip = try head(s)
        for method in ["POST", "PUT", "DELETE", "PATCH"] {
            let r = try server.request(s, method, "/api/records", body: #"{"subject": "alice", "metric": "retention", "value": "45%"}"#,
                                       headers: ["Content-Type: application/json"])
            XCTAssertEqual(r.status, 405, method)
            XCTAssertTrue((r.json["error"] as? String ?? "").contains("read-only"), r.body)
        }
        XCTAssertEqual(try server.request(s, "POST", "/subjects/alice/records", body: "metric=retention&value=45%25",
                                          headers: ["Content-Type: application/x-www-form-urlencoded"]).status, 405)
        XCTAssertEqual(try head(s), tip)
        XCTAssertEqual(try server.get(s, "/api/score?quarter=2026-Q3").status, 200)
        let page = try server.get(s, "/subjects/alice?quarter=2026-Q3").body
        XCTAssertFalse(page.contains("<form class=\"inline\" id=\"record-form\""), "no write forms when read-only")
    }

    func testWritesAreServedOnLoopbackOnly() throws {
        let s = try scenario()
        let r = try s.kpi("serve", "--host", "0.0.0.0", "--port", "0", status: 64)
        XCTAssertTrue(r.stderr.contains("refusing to serve writes on 0.0.0.0"), r.stderr)
    }
}
