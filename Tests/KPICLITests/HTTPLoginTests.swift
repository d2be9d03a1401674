import XCTest

/// HTTPS and HTTP logins against nginx + git http-backend with basic auth (alice / s3cret):
/// credentials where git finds them, TLS with a CA made in the test, proxies. The git CLI,
/// with the same configuration, is the oracle.
final class HTTPLoginTests: XCTestCase {
    /// A credential helper that logs each call (action and input) and answers `get` with `password`.
    func loggingHelper(_ s: Sandbox, password: String) throws -> (command: String, log: String) {
        let log = s.dir.appendingPathComponent("helper.log").path
        let script = s.dir.appendingPathComponent("helper.sh").path
        try """
        #!/bin/sh
        echo "action=$1" >> '\(log)'
        while read line; do [ -z "$line" ] && break; echo "$line" >> '\(log)'; done
        [ "$1" = get ] && printf 'username=alice\\npassword=\(password)\\n'
        exit 0

        """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        return (script, log)
    }

    func testTheStoreHelperLogsInAndTheHelperProtocolMatchesGit() throws {
        let s = try Sandbox()
        let (server, bare, _) = try TestServer.servedLedger(s)
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/git/ledger.git"
        try s.kpi("remote", "add", "origin", url)
        // Nothing configured: a clear error naming every place kpi looked.
        let none = try s.kpi("sync", status: 1, env: ["GIT_TERMINAL_PROMPT": "0"])
        for words in ["asks for a user name and password", "credential.helper (none configured)", "GIT_ASKPASS / core.askPass (not set)",
                      "a terminal prompt"] {
            XCTAssertTrue(none.stderr.contains(words), "\(words): \(none.stderr)")
        }
        XCTAssertTrue(none.stderr.contains("your local commits are kept"), none.stderr)

        // git's `store` helper, with the file git writes.
        let credentials = s.home.appendingPathComponent(".git-credentials").path
        let line = "http://alice:s3cret@127.0.0.1:\(server.port)\n"
        try line.write(toFile: credentials, atomically: true, encoding: .utf8)
        _ = try s.git("config", "--global", "credential.helper", "store")
        XCTAssertTrue(try s.git("ls-remote", url).contains("refs/heads/main"))
        let storedByGit = try String(contentsOfFile: credentials, encoding: .utf8)
        try line.write(toFile: credentials, atomically: true, encoding: .utf8)
        let r = try s.kpi("sync")
        XCTAssertTrue(r.stdout.contains("Pushed to origin/main"), r.stdout)
        XCTAssertEqual(try s.git("rev-parse", "main", in: bare), try s.git("rev-parse", "HEAD"))
        XCTAssertEqual(try String(contentsOfFile: credentials, encoding: .utf8), storedByGit, "stored as git stores it")

        // The protocol, call by call, against git's: get then store on success, erase on refusal.
        _ = try s.git("config", "--global", "--unset", "credential.helper")
        let good = try loggingHelper(s, password: "s3cret")
        _ = try s.git("config", "credential.helper", good.command)
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "31")
        try s.kpi("sync")
        let kpiLog = try String(contentsOfFile: good.log, encoding: .utf8)
        try FileManager.default.removeItem(atPath: good.log)
        _ = try s.git("fetch", "-q", "origin")
        let gitLog = try String(contentsOfFile: good.log, encoding: .utf8)
        let oneRound = "action=get\nprotocol=http\nhost=127.0.0.1:\(server.port)\n"
            + "action=store\nprotocol=http\nhost=127.0.0.1:\(server.port)\nusername=alice\npassword=s3cret\n"
        XCTAssertEqual(gitLog, oneRound)
        XCTAssertEqual(kpiLog, oneRound + oneRound, "one round for the fetch, one for the push")

        try FileManager.default.removeItem(atPath: good.log)
        let bad = try loggingHelper(s, password: "wrong")
        _ = try s.git("config", "credential.helper", bad.command)
        let head = try s.git("rev-parse", "HEAD")
        let refused = try s.kpi("sync", status: 1)
        XCTAssertTrue(refused.stderr.contains("refused the user name and password of 'alice' (from credential helper"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("told to forget them"), refused.stderr)
        let erased = try String(contentsOfFile: bad.log, encoding: .utf8)
        XCTAssertEqual(erased, "action=get\nprotocol=http\nhost=127.0.0.1:\(server.port)\n"
                       + "action=erase\nprotocol=http\nhost=127.0.0.1:\(server.port)\nusername=alice\npassword=wrong\n")
        try FileManager.default.removeItem(atPath: bad.log)
        XCTAssertNotEqual(try s.run("/usr/bin/git", ["-C", s.ledger, "fetch", "-q", "origin"]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: bad.log, encoding: .utf8), erased, "git does the same")
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
    }

    func testAskpassIsAskedWhatGitAsks() throws {
        let s = try Sandbox()
        let (server, bare, _) = try TestServer.servedLedger(s)
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/git/ledger.git"
        try s.kpi("remote", "add", "origin", url)
        let log = s.dir.appendingPathComponent("askpass.log").path
        let askpass = s.dir.appendingPathComponent("askpass.sh").path
        try """
        #!/bin/sh
        echo "$1" >> '\(log)'
        case "$1" in Username*) echo alice;; Password*) echo s3cret;; esac

        """.write(toFile: askpass, atomically: true, encoding: .utf8)
        chmod(askpass, 0o755)
        _ = try s.git("config", "core.askPass", askpass)
        _ = try s.git("fetch", "-q", "origin")
        let gitPrompts = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertEqual(gitPrompts, "Username for 'http://127.0.0.1:\(server.port)': \nPassword for 'http://alice@127.0.0.1:\(server.port)': \n")
        try FileManager.default.removeItem(atPath: log)
        try s.kpi("sync")
        XCTAssertEqual(try String(contentsOfFile: log, encoding: .utf8), gitPrompts + gitPrompts)
        XCTAssertEqual(try s.git("rev-parse", "main", in: bare), try s.git("rev-parse", "HEAD"))
        // GIT_ASKPASS comes before core.askPass, as in git.
        try FileManager.default.removeItem(atPath: log)
        let r = try s.kpi("sync", status: 1, env: ["GIT_ASKPASS": "/bin/false"])
        XCTAssertTrue(r.stderr.contains("askpass program '/bin/false'"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: log), "GIT_ASKPASS was used: \(r.stderr)")
    }

    func testATerminalPromptWhenThereIsATerminal() throws {
        let s = try Sandbox()
        let (server, bare, _) = try TestServer.servedLedger(s)
        defer { server.stop() }
        try s.kpi("remote", "add", "origin", "http://127.0.0.1:\(server.port)/git/ledger.git")
        // A pseudo-terminal as kpi's controlling terminal; the script answers the prompts.
        let driver = s.dir.appendingPathComponent("drive-terminal.py").path
        try """
        import os, pty, sys
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(sys.argv[2]); os.execv(sys.argv[1], [sys.argv[1], "sync"])
        seen = b""
        answers = [(b"Username for 'http://127.0.0.1:\(server.port)': ", b"alice\\n"),
                   (b"Password for 'http://alice@127.0.0.1:\(server.port)': ", b"s3cret\\n")] * 2
        while True:
            try: chunk = os.read(fd, 1024)
            except OSError: break
            if not chunk: break
            seen += chunk
            while answers and answers[0][0] in seen:
                seen = seen.replace(answers[0][0], b"<" + answers[0][0].split(b" ")[0] + b">", 1)
                os.write(fd, answers.pop(0)[1])
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(seen.decode(errors="replace"))
        sys.exit(os.WEXITSTATUS(status))

        """.write(toFile: driver, atomically: true, encoding: .utf8)
        let r = try s.run(TestServer.python, [driver, Sandbox.kpiBinary.path, s.ledger])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertEqual(r.stdout.components(separatedBy: "<Username>alice").count, 3, "asked twice (fetch, push): \(r.stdout)")
        XCTAssertEqual(r.stdout.components(separatedBy: "<Password>").count, 3, r.stdout)
        XCTAssertFalse(r.stdout.contains("s3cret"), "the password is not echoed: \(r.stdout)")
        XCTAssertTrue(r.stdout.contains("Pushed to origin/main"), r.stdout)
        XCTAssertEqual(try s.git("rev-parse", "main", in: bare), try s.git("rev-parse", "HEAD"))
    }
}
