import XCTest

/// A remote that drops the connection, stalls, or refuses with a reason: kpi ends with a clear
/// error, shows what the remote said, and leaves the local ledger exactly as it was.
final class FlakyNetworkTests: XCTestCase {
    func assertUnchanged(_ s: Sandbox, head: String, bare: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head, file: file, line: line)
        XCTAssertEqual(try s.git("status", "--porcelain"), "", file: file, line: line)
        XCTAssertNotEqual(try s.git("rev-parse", "main", in: bare), head, "nothing reached the remote", file: file, line: line)
        try s.kpi("check")
    }

    func testAServerThatDropsThePushGivesAnErrorNotSIGPIPE() throws {
        let s = try Sandbox()
        let (base, bare) = try TestServer.ledgerAhead(s)
        // Megabytes to push, so kpi is still writing when the server hangs up.
        var bytes = [UInt8](repeating: 0, count: 6_000_000)
        var x: UInt64 = 88172645463325252
        for i in bytes.indices { x ^= x << 13; x ^= x >> 7; x ^= x << 17; bytes[i] = UInt8(truncatingIfNeeded: x) }
        try Data(bytes).write(to: URL(fileURLWithPath: s.ledger + "/attachment.bin"))
        _ = try s.git("add", "attachment.bin")
        _ = try s.git("commit", "-q", "-m", "a large attachment")
        let head = try s.git("rev-parse", "HEAD")
        let port = TestServer.freePort()
        let tls = try TestServer.certificates(s, in: s.dir.appendingPathComponent("tls").path)
        let server = try TestServer.python(s, script: TestServer.dropOnPushScript, [base, tls.cert, tls.key], port: port)
        defer { server.stop() }
        try s.kpi("remote", "add", "flaky", "https://localhost:\(port)/ledger.git")
        _ = try s.git("config", "http.sslCAInfo", tls.ca)
        // git, the oracle, fails too.
        XCTAssertNotEqual(try s.run("/usr/bin/git", ["-C", s.ledger, "push", "flaky", "main"]).status, 0)
        let r = try s.kpi("sync", "flaky", status: 1)
        XCTAssertTrue(r.stderr.contains("kpi: error: cannot reach remote 'flaky'"), r.stderr)
        XCTAssertTrue(r.stderr.contains("closed the connection"), r.stderr)
        XCTAssertTrue(r.stderr.contains("your local commits are kept"), r.stderr)
        try assertUnchanged(s, head: head, bare: bare)
    }

    /// A ledger one commit ahead of its remote `stalled`, at `url(port)`: a server that takes
    /// the connection and then says nothing (stop it when done).
    func ledgerWithStalledRemote(_ s: Sandbox, url: (Int) -> String) throws -> (head: String, bare: String, port: Int, server: TestServer) {
        let (_, bare) = try TestServer.ledgerAhead(s)
        let head = try s.git("rev-parse", "HEAD")
        let port = TestServer.freePort()
        let server = try TestServer.python(s, script: TestServer.stallScript, [], port: port)
        try s.kpi("remote", "add", "stalled", url(port))
        return (head, bare, port, server)
    }

    func testAServerThatSaysNothingIsAbandonedAfterKpiTimeout() throws {
        let s = try Sandbox()
        let (head, bare, port, server) = try ledgerWithStalledRemote(s) { "http://127.0.0.1:\($0)/ledger.git" }
        defer { server.stop() }
        _ = try s.git("config", "kpi.timeout", "2")
        let r = try s.kpi("sync", "stalled", status: 1)
        XCTAssertTrue(r.stderr.contains("no data from http://127.0.0.1:\(port)/ledger.git for 2 seconds: the transfer was abandoned"), r.stderr)
        try assertUnchanged(s, head: head, bare: bare)

        // Without kpi.timeout, git's http.lowSpeedTime sets the limit.
        _ = try s.git("config", "--unset", "kpi.timeout")
        _ = try s.git("config", "http.lowSpeedTime", "1")
        let r2 = try s.kpi("sync", "stalled", status: 1)
        XCTAssertTrue(r2.stderr.contains("for 1 second: the transfer was abandoned"), r2.stderr)
        try assertUnchanged(s, head: head, bare: bare)
    }

    func testAStalledSSHServerIsAbandonedToo() throws {
        let s = try Sandbox()
        let (head, bare, port, server) = try ledgerWithStalledRemote(s) { "ssh://root@127.0.0.1:\($0)/ledger.git" }
        defer { server.stop() }
        _ = try s.git("config", "kpi.timeout", "1")
        // The SSH library retries an interrupted read, so the watchdog's last resort ends kpi.
        let r = try s.kpi("sync", "stalled", status: 1)
        XCTAssertTrue(r.stderr.contains("kpi: error: no data from ssh://127.0.0.1:\(port)/ledger.git for 1 second: the transfer was abandoned"), r.stderr)
        XCTAssertTrue(r.stderr.contains("your local commits are kept"), r.stderr)
        try assertUnchanged(s, head: head, bare: bare)
    }

    func testAPreReceiveHookReasonIsShownAndNothingIsRetried() throws {
        let s = try Sandbox()
        let (base, bare) = try TestServer.ledgerAhead(s)
        let head = try s.git("rev-parse", "HEAD")
        let hook = bare + "/hooks/pre-receive"
        try "#!/bin/sh\necho 'branch main is protected' >&2\nexit 1\n".write(toFile: hook, atomically: true, encoding: .utf8)
        chmod(hook, 0o755)
        let daemon = try TestServer.gitDaemon(s, base: base)
        defer { daemon.stop() }
        let url = "git://127.0.0.1:\(daemon.port)/ledger.git"
        try s.kpi("remote", "add", "origin", url)
        // git, the oracle, shows the hook's words as `remote: …`.
        let git = try s.run("/usr/bin/git", ["-C", s.ledger, "push", "origin", "main"])
        XCTAssertTrue(git.stderr.contains("remote: branch main is protected"), git.stderr)
        let r = try s.kpi("sync", status: 1)
        XCTAssertTrue(r.stderr.contains("remote: branch main is protected\n"), r.stderr)
        XCTAssertTrue(r.stderr.contains("kpi: error: remote 'origin' refused the push: origin refused to update refs/heads/main: pre-receive hook declined"), r.stderr)
        XCTAssertEqual(r.stderr.components(separatedBy: "remote: branch main is protected").count, 2, "tried once, not again: \(r.stderr)")
        try assertUnchanged(s, head: head, bare: bare)
    }
}
