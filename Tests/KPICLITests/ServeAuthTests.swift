import Foundation
import XCTest

/// Who writes through `kpi serve` when the server is not just its starter's: signed-in users
/// from a users file (salted PBKDF2-SHA-256 hashes, `kpi serve adduser`) or a trusted proxy's
/// header, each mapped to a person who authors the commit; a change the audit would call
/// `unauthorized_change` is refused with 403 and the reason.
final class ServeAuthTests: XCTestCase {
    func addUser(_ s: Sandbox, _ user: String, _ password: String, file: String, extra: [String] = []) throws -> Sandbox.Run {
        try s.run(Sandbox.kpiBinary.path, ["serve", "adduser", user, "--users", file, "--iterations", "1000"] + extra, stdin: password + "\n")
    }

    func testAddUserWritesASaltedHash() throws {
        let s = try Sandbox()
        let file = s.dir.appendingPathComponent("users").path
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P = "passwd", S = "salt", c = 1 (first 32 bytes).
        let r = try s.run(Sandbox.kpiBinary.path, ["serve", "adduser", "u", "--users", file, "--salt", "73616c74", "--iterations", "1"], stdin: "passwd\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8),
                       "u:u:pbkdf2-sha256:1:73616c74:55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc\n")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int, 0o600)
        // A second user is added; the same user again is replaced; salts are random.
        XCTAssertEqual(try addUser(s, "bob", "pw1", file: file).status, 0)
        XCTAssertEqual(try addUser(s, "bob", "pw2", file: file, extra: ["--person", "bob"]).stdout, "Updated bob (writes as bob) in \(file).\n")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertTrue(lines[1].hasPrefix("bob:bob:pbkdf2-sha256:1000:"))
        XCTAssertEqual(lines[1].split(separator: ":")[4].count, 32, "16 random bytes of salt")
        XCTAssertEqual(try s.run(Sandbox.kpiBinary.path, ["serve", "adduser", "eve", "--users", file], stdin: "").status, 1, "no password")
    }

    func testUsersFileSignsInAndAuthorsAsThePerson() throws {
        let s = try ServeAPITests.scenario()
        let file = s.dir.appendingPathComponent("users").path
        XCTAssertEqual(try addUser(s, "alice", "alice-pw", file: file).status, 0)
        XCTAssertEqual(try addUser(s, "boss", "bob-pw", file: file, extra: ["--person", "bob"]).status, 0)
        let server = try ServeProcess(s, ["--users", file], env: ServeAPITests.serverEnv)
        let anonymous = try server.get(s, "/")
        XCTAssertEqual(anonymous.status, 401)
        XCTAssertEqual(anonymous.headers["www-authenticate"], "Basic realm=\"kpi serve\", charset=\"UTF-8\"")
        func basic(_ u: String, _ p: String) -> String { "Authorization: Basic " + Data("\(u):\(p)".utf8).base64EncodedString() }
        XCTAssertEqual(try server.request(s, "GET", "/", headers: [basic("alice", "wrong")]).status, 401)
        XCTAssertEqual(try server.request(s, "GET", "/", headers: [basic("alice", "alice-pw")]).status, 200)

        let json = ["Content-Type: application/json"]
        let tip = try s.git("rev-parse", "HEAD")
        // Alice records her own actual: she is its author, the server's starter its committer.
        let own = try server.request(s, "POST", "/api/records", body: #"{"subject": "alice", "metric": "retention", "value": "45%", "date": "2026-08-20"}"#,
                                     headers: json + [basic("alice", "alice-pw")])
        XCTAssertEqual(own.status, 201, own.body)
        XCTAssertEqual(try s.git("log", "-1", "--format=%an <%ae>|%cn <%ce>"), "Alice Chen <alice@example.com>|Bob Manager <bob@example.com>\n")
        // Alice may not record for her manager: the audit would report it.
        let tip2 = try s.git("rev-parse", "HEAD")
        let refused = try server.request(s, "POST", "/api/records", body: #"{"subject": "bob", "metric": "retention", "value": "45%", "date": "2026-08-20"}"#,
                                         headers: json + [basic("alice", "alice-pw")])
        XCTAssertEqual(refused.status, 403)
        XCTAssertEqual(refused.json["error"] as? String,
                       "Alice Chen <alice@example.com> may not change records/2026-Q3/bob.yaml: only bob's managers up the chain, bob or a ledger admin may; `kpi audit` would report it as unauthorized_change")
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), tip2)
        // Her manager may.
        let boss = try server.request(s, "POST", "/api/records", body: #"{"subject": "alice", "metric": "revenue", "value": "10万", "date": "2026-08-21"}"#,
                                      headers: json + [basic("boss", "bob-pw")])
        XCTAssertEqual(boss.status, 201, boss.body)
        XCTAssertEqual(try s.git("log", "-1", "--format=%an"), "Bob Manager\n")
        XCTAssertNotEqual(try s.git("rev-parse", "HEAD"), tip)
        let findings = try s.kpi("audit", "--format", "json").stdout
        XCTAssertFalse(findings.contains("unauthorized_change"), findings)
    }

    func testATrustedProxyHeaderNamesThePerson() throws {
        let s = try ServeAPITests.scenario()
        let server = try ServeProcess(s, ["--trust-user-header", "X-Remote-User"], env: ServeAPITests.serverEnv)
        let json = ["Content-Type: application/json"]
        let body = #"{"subject": "alice", "metric": "retention", "value": "45%", "date": "2026-08-20"}"#
        XCTAssertEqual(try server.get(s, "/").status, 200, "reading needs no user")
        let none = try server.request(s, "POST", "/api/records", body: body, headers: json)
        XCTAssertEqual(none.status, 403)
        XCTAssertEqual(none.json["error"] as? String, "no user named in the X-Remote-User header: writes need a signed-in user")
        let stranger = try server.request(s, "POST", "/api/records", body: body, headers: json + ["X-Remote-User: carol"])
        XCTAssertEqual(stranger.status, 403)
        XCTAssertTrue((stranger.json["error"] as? String ?? "").contains("user 'carol' is not a person of the ledger"), stranger.body)
        let ok = try server.request(s, "POST", "/api/records", body: body, headers: json + ["X-Remote-User: Alice@Example.com"])
        XCTAssertEqual(ok.status, 201, ok.body)
        XCTAssertEqual(try s.git("log", "-1", "--format=%an <%ae>"), "Alice Chen <alice@example.com>\n")
    }

    func testTheUsersFileMustLiveOutsideTheLedger() throws {
        let s = try ServeAPITests.scenario()
        let inside = s.ledger + "/users.txt"
        XCTAssertEqual(try addUser(s, "alice", "pw", file: inside).status, 0)
        let r = try s.kpi("serve", "--users", inside, "--port", "0", status: 1)
        XCTAssertTrue(r.stderr.contains("is inside the ledger's repository"), r.stderr)
        let both = try s.kpi("serve", "--users", inside, "--trust-user-header", "X-User", "--port", "0", status: 64)
        XCTAssertTrue(both.stderr.contains("not both"), both.stderr)
    }
}
