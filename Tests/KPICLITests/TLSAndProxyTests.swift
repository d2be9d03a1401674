import XCTest

/// HTTPS with a certificate authority made in the test, git's TLS settings, proxies, and the
/// git transport for what the built-in one cannot do (a certificate checked against an IP).
final class TLSAndProxyTests: XCTestCase {
    func served(_ s: Sandbox) throws -> (server: TestServer, bare: String, ca: String) {
        let (server, bare, ca) = try TestServer.servedLedger(s, tls: true)
        // The password from git's `store` helper, for both names of the server.
        try "https://alice:s3cret@localhost:\(server.port)\nhttps://alice:s3cret@127.0.0.1:\(server.port)\n"
            .write(toFile: s.home.appendingPathComponent(".git-credentials").path, atomically: true, encoding: .utf8)
        _ = try s.git("config", "--global", "credential.helper", "store")
        return (server, bare, ca!)
    }

    func testACompanyCertificateAuthorityAsGitConfiguresIt() throws {
        let s = try Sandbox()
        let (server, bare, ca) = try served(s)
        defer { server.stop() }
        let url = "https://localhost:\(server.port)/git/ledger.git"
        try s.kpi("remote", "add", "origin", url)
        let head = try s.git("rev-parse", "HEAD")
        // Unknown authority: git refuses, kpi refuses and says what to set.
        XCTAssertNotEqual(try s.run("/usr/bin/git", ["-C", s.ledger, "ls-remote", "origin"]).status, 0)
        let untrusted = try s.kpi("sync", status: 1)
        XCTAssertTrue(untrusted.stderr.contains("the TLS certificate of localhost is not trusted"), untrusted.stderr)
        XCTAssertTrue(untrusted.stderr.contains("http.sslCAInfo"), untrusted.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)

        // GIT_SSL_CAINFO.
        XCTAssertEqual(try s.run("/usr/bin/git", ["-C", s.ledger, "ls-remote", "origin"], env: ["GIT_SSL_CAINFO": ca]).status, 0)
        let viaEnv = try s.kpi("sync", env: ["GIT_SSL_CAINFO": ca])
        XCTAssertTrue(viaEnv.stdout.contains("Pushed to origin/main"), viaEnv.stdout)
        XCTAssertFalse(viaEnv.stderr.contains("warning"), viaEnv.stderr)
        XCTAssertEqual(try s.git("rev-parse", "main", in: bare), try s.git("rev-parse", "HEAD"))

        // http.<url>.sslCAInfo for this server only (and another server's setting ignored).
        _ = try s.git("config", "http.https://localhost:\(server.port)/.sslCAInfo", ca)
        _ = try s.git("config", "http.https://elsewhere.example.com/.sslCAInfo", "/nonexistent.pem")
        _ = try s.git("ls-remote", "origin")
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "32")
        try s.kpi("sync")
        XCTAssertEqual(try s.git("rev-parse", "main", in: bare), try s.git("rev-parse", "HEAD"))
        _ = try s.git("config", "--unset", "http.https://localhost:\(server.port)/.sslCAInfo")

        // http.sslVerify=false and GIT_SSL_NO_VERIFY: work, with a warning.
        _ = try s.git("config", "http.sslVerify", "false")
        _ = try s.git("ls-remote", "origin")
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "33")
        let off = try s.kpi("sync")
        XCTAssertTrue(off.stderr.contains("kpi: warning: TLS certificate checks are off for https://localhost:\(server.port)/git/ledger.git"), off.stderr)
        XCTAssertEqual(try s.git("rev-parse", "main", in: bare), try s.git("rev-parse", "HEAD"))
        _ = try s.git("config", "--unset", "http.sslVerify")
        let envOff = try s.kpi("sync", env: ["GIT_SSL_NO_VERIFY": "1"])
        XCTAssertTrue(envOff.stderr.contains("TLS certificate checks are off"), envOff.stderr)
    }

    func testAnIPAddressCertificateNeedsTheGitTransport() throws {
        let s = try Sandbox()
        let (server, bare, ca) = try served(s)
        defer { server.stop() }
        _ = try s.git("config", "http.sslCAInfo", ca)
        try s.kpi("remote", "add", "origin", "https://127.0.0.1:\(server.port)/git/ledger.git")
        _ = try s.git("ls-remote", "origin")   // git (curl, OpenSSL) matches the IP address
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("sync", status: 1)
        XCTAssertTrue(r.stderr.contains("cannot match an IP address against a certificate"), r.stderr)
        XCTAssertTrue(r.stderr.contains("kpi sync --transport git"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        let viaGit = try s.kpi("sync", "--transport", "git")
        XCTAssertTrue(viaGit.stdout.contains("Pushed to origin/main"), viaGit.stdout + viaGit.stderr)
        XCTAssertEqual(try s.git("rev-parse", "main", in: bare), head)
        // The same through git's configuration.
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "34")
        _ = try s.git("config", "kpi.transport", "git")
        try s.kpi("sync")
        XCTAssertEqual(try s.git("rev-parse", "main", in: bare), try s.git("rev-parse", "HEAD"))
        _ = try s.git("config", "kpi.transport", "carrier-pigeon")
        let bad = try s.kpi("sync", status: 1)
        XCTAssertTrue(bad.stderr.contains("kpi.transport is 'carrier-pigeon'"), bad.stderr)
    }

    func testProxiesFromGitConfigurationAndEnvironment() throws {
        let s = try Sandbox()
        let (server, bare, ca) = try served(s)
        defer { server.stop() }
        _ = try s.git("config", "http.sslCAInfo", ca)
        let proxyPort = TestServer.freePort()
        let log = s.dir.appendingPathComponent("proxy.log").path
        let proxy = try TestServer.python(s, script: TestServer.proxyScript, [log], port: proxyPort)
        defer { proxy.stop() }
        func proxied() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        try s.kpi("remote", "add", "origin", "https://localhost:\(server.port)/git/ledger.git")

        // http.proxy: an HTTPS remote is reached through a CONNECT tunnel.
        _ = try s.git("config", "http.proxy", "http://127.0.0.1:\(proxyPort)")
        try s.kpi("sync")
        XCTAssertEqual(try s.git("rev-parse", "main", in: bare), try s.git("rev-parse", "HEAD"))
        XCTAssertTrue(proxied().contains("CONNECT localhost:\(server.port) HTTP/1.1"), proxied())
        _ = try s.git("config", "--unset", "http.proxy")

        // https_proxy from the environment, and no_proxy turning it off for this host.
        try FileManager.default.removeItem(atPath: log)
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "35")
        try s.kpi("sync", env: ["https_proxy": "http://127.0.0.1:\(proxyPort)"])
        XCTAssertTrue(proxied().contains("CONNECT localhost:\(server.port)"), proxied())
        try FileManager.default.removeItem(atPath: log)
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "36")
        try s.kpi("sync", env: ["https_proxy": "http://127.0.0.1:\(proxyPort)", "no_proxy": "localhost"])
        XCTAssertEqual(proxied(), "", "no_proxy names this host")
        XCTAssertEqual(try s.git("rev-parse", "main", in: bare), try s.git("rev-parse", "HEAD"))

        // A proxy for this one server only: http.<url>.proxy.
        _ = try s.git("config", "http.https://localhost:\(server.port)/.proxy", "http://127.0.0.1:\(proxyPort)")
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "37")
        try s.kpi("sync")
        XCTAssertTrue(proxied().contains("CONNECT localhost:\(server.port)"), proxied())
        // git, the oracle, goes through it the same way.
        try FileManager.default.removeItem(atPath: log)
        _ = try s.git("ls-remote", "origin")
        XCTAssertTrue(proxied().contains("CONNECT localhost:\(server.port)"), proxied())
    }
}
