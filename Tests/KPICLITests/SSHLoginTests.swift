import XCTest

/// SSH logins as OpenSSH users have them, against a real sshd: key files, ~/.ssh/config
/// aliases, ssh-agent, passphrases, known_hosts (unknown, changed, hashed), the local user
/// name, and RSA. kpi reads `$HOME/.ssh` (a private HOME here); git, the oracle, is given the
/// same files through GIT_SSH_COMMAND (OpenSSH reads the passwd entry's home, not $HOME).
final class SSHLoginTests: XCTestCase {
    struct Setup {
        let server: TestServer
        let bare: String
        let ssh: String          // $HOME/.ssh
        let authorized: String
        let hostKey: String
        var port: Int { server.port }
    }

    func setUp(_ s: Sandbox, keyType: String = "ed25519", passphrase: String = "") throws -> Setup {
        try s.makeLedger()
        let bare = s.dir.appendingPathComponent("srv/ledger.git").path
        _ = try s.git("init", "-q", "--bare", "-b", "main", bare, in: s.dir.path)
        _ = try s.git("push", "-q", bare, "main")
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "30")
        let ssh = s.home.appendingPathComponent(".ssh").path
        try FileManager.default.createDirectory(atPath: ssh, withIntermediateDirectories: true)
        let key = ssh + "/id_" + keyType
        var args = ["-q", "-t", keyType, "-N", passphrase, "-f", key]
        if keyType == "rsa" { args += ["-b", "2048"] }
        XCTAssertEqual(try s.run("/usr/bin/ssh-keygen", args).status, 0)
        let authorized = s.dir.appendingPathComponent("authorized_keys").path
        try FileManager.default.copyItem(atPath: key + ".pub", toPath: authorized)
        let (server, hostKey) = try TestServer.sshd(s, authorizedKeys: authorized)
        return Setup(server: server, bare: bare, ssh: ssh, authorized: authorized, hostKey: hostKey)
    }

    /// The server's host key in `file`, as `ssh-keyscan` writes it (optionally hashed).
    func trust(_ s: Sandbox, _ t: Setup, in file: String, hashed: Bool = false) throws {
        let pub = try String(contentsOfFile: t.hostKey + ".pub", encoding: .utf8).split(separator: " ")
        try "[127.0.0.1]:\(t.port) \(pub[0]) \(pub[1])\n".write(toFile: file, atomically: true, encoding: .utf8)
        if hashed { XCTAssertEqual(try s.run("/usr/bin/ssh-keygen", ["-q", "-H", "-f", file]).status, 0) }
    }

    /// git over ssh with this test's files, whatever /root/.ssh holds.
    func gitSSH(_ s: Sandbox, _ t: Setup, key: String) -> [String: String] {
        ["GIT_SSH_COMMAND": "ssh -F /dev/null -o BatchMode=yes -o UserKnownHostsFile=\(t.ssh)/known_hosts -o IdentitiesOnly=yes -i \(key)"]
    }

    func testAKeyFileAndAConfigAliasWithHashedKnownHosts() throws {
        let s = try Sandbox()
        let t = try setUp(s)
        defer { t.server.stop() }
        try trust(s, t, in: t.ssh + "/known_hosts", hashed: true)
        try """
        Host other
          User nobody
        Host ledger-server
          HostName 127.0.0.1
          Port \(t.port)
          User root
          IdentityFile ~/.ssh/id_ed25519
        Host *
          User somebody-else

        """.write(toFile: t.ssh + "/config", atomically: true, encoding: .utf8)
        try s.kpi("remote", "add", "origin", "ledger-server:\(t.bare)")
        let gitURL = "ssh://root@127.0.0.1:\(t.port)\(t.bare)"
        XCTAssertEqual(try s.run("/usr/bin/git", ["ls-remote", gitURL], env: gitSSH(s, t, key: t.ssh + "/id_ed25519")).status, 0)
        let r = try s.kpi("sync")
        XCTAssertTrue(r.stdout.contains("Pushed to origin/main"), r.stdout + r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "main", in: t.bare), try s.git("rev-parse", "HEAD"))
        XCTAssertEqual(try s.git("config", "remote.origin.url"), "ledger-server:\(t.bare)\n", "the alias stays the configured URL")
        // kpi clone through the alias.
        let c = s.dir.appendingPathComponent("clone").path
        let cloned = try s.kpi("clone", "ledger-server:\(t.bare)", c, cwd: s.dir.path)
        XCTAssertTrue(cloned.stdout.contains("Cloned"), cloned.stdout)
        XCTAssertEqual(try s.git("rev-parse", "origin/main", in: c), try s.git("rev-parse", "HEAD"))
        XCTAssertEqual(try s.git("config", "remote.origin.url", in: c), "ledger-server:\(t.bare)\n")
    }

    func testNoUserInTheURLMeansTheLocalUserAndDefaultKeyFiles() throws {
        let s = try Sandbox()
        let t = try setUp(s)
        defer { t.server.stop() }
        try trust(s, t, in: t.ssh + "/known_hosts")
        // No config, no user: OpenSSH logs in as the local user (root here, whom sshd accepts;
        // a user `git` does not exist on this machine).
        let url = "ssh://127.0.0.1:\(t.port)\(t.bare)"
        XCTAssertEqual(try s.run("/usr/bin/git", ["ls-remote", url], env: gitSSH(s, t, key: t.ssh + "/id_ed25519")).status, 0)
        try s.kpi("remote", "add", "origin", url)
        try s.kpi("sync")
        XCTAssertEqual(try s.git("rev-parse", "main", in: t.bare), try s.git("rev-parse", "HEAD"))
    }

    func testAPassphraseComesFromAskpass() throws {
        let s = try Sandbox()
        let t = try setUp(s, keyType: "ecdsa", passphrase: "open sesame")
        defer { t.server.stop() }
        try trust(s, t, in: t.ssh + "/known_hosts")
        let log = s.dir.appendingPathComponent("askpass.log").path
        let askpass = s.dir.appendingPathComponent("askpass.sh").path
        try "#!/bin/sh\necho \"$1\" >> '\(log)'\necho 'open sesame'\n".write(toFile: askpass, atomically: true, encoding: .utf8)
        chmod(askpass, 0o755)
        try s.kpi("remote", "add", "origin", "ssh://root@127.0.0.1:\(t.port)\(t.bare)")
        let none = try s.kpi("sync", status: 1, env: ["GIT_TERMINAL_PROMPT": "0"])
        XCTAssertTrue(none.stderr.contains("id_ecdsa (encrypted, and no passphrase could be asked"), none.stderr)
        try s.kpi("sync", env: ["SSH_ASKPASS": askpass])
        XCTAssertEqual(try String(contentsOfFile: log, encoding: .utf8),
                       "Enter passphrase for key '\(t.ssh)/id_ecdsa': \nEnter passphrase for key '\(t.ssh)/id_ecdsa': \n")
        XCTAssertEqual(try s.git("rev-parse", "main", in: t.bare), try s.git("rev-parse", "HEAD"))
    }

    func testTheAgentIsTriedFirst() throws {
        let s = try Sandbox()
        let t = try setUp(s)
        defer { t.server.stop() }
        try trust(s, t, in: t.ssh + "/known_hosts")
        // The key lives only in the agent.
        let keyDir = s.dir.appendingPathComponent("agent-key").path
        try FileManager.default.createDirectory(atPath: keyDir, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: t.ssh + "/id_ed25519", toPath: keyDir + "/key")
        let sock = s.dir.appendingPathComponent("agent.sock").path
        let agent = TestServer(port: 0)
        defer { agent.stop() }
        try agent.start("/usr/bin/ssh-agent", ["-D", "-a", sock], log: s.dir.appendingPathComponent("agent.log").path)
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: sock) { usleep(20_000) }
        XCTAssertEqual(try s.run("/usr/bin/ssh-add", [keyDir + "/key"], env: ["SSH_AUTH_SOCK": sock]).status, 0)
        try s.kpi("remote", "add", "origin", "ssh://root@127.0.0.1:\(t.port)\(t.bare)")
        let none = try s.kpi("sync", status: 1)
        XCTAssertTrue(none.stderr.contains("no identity to offer"), none.stderr)
        XCTAssertTrue(none.stderr.contains("SSH_AUTH_SOCK is not set"), none.stderr)
        try s.kpi("sync", env: ["SSH_AUTH_SOCK": sock])
        XCTAssertEqual(try s.git("rev-parse", "main", in: t.bare), try s.git("rev-parse", "HEAD"))
    }

    func testUnknownAndChangedHostKeysAreExplainedLikeOpenSSH() throws {
        let s = try Sandbox()
        let t = try setUp(s)
        defer { t.server.stop() }
        try s.kpi("remote", "add", "origin", "ssh://root@127.0.0.1:\(t.port)\(t.bare)")
        let head = try s.git("rev-parse", "HEAD")
        // The fingerprint as OpenSSH prints it.
        let listed = try s.run("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", t.hostKey + ".pub"]).stdout
        let fingerprint = String(listed.split(separator: " ")[1])
        XCTAssertTrue(fingerprint.hasPrefix("SHA256:"), listed)

        let unknown = try s.kpi("sync", status: 1)
        XCTAssertTrue(unknown.stderr.contains("The authenticity of host '[127.0.0.1]:\(t.port)' can't be established."), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("ED25519 key fingerprint is \(fingerprint)."), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("ssh-keyscan -p \(t.port) 127.0.0.1"), unknown.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: t.ssh + "/known_hosts"), "never added silently")
        // git refuses too.
        XCTAssertNotEqual(try s.run("/usr/bin/git", ["-C", s.ledger, "ls-remote", "origin"], env: gitSSH(s, t, key: t.ssh + "/id_ed25519")).status, 0)

        // Another key listed for this host: OpenSSH's warning, the new fingerprint, the old key's line.
        let other = s.dir.appendingPathComponent("other_host").path
        XCTAssertEqual(try s.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", other]).status, 0)
        let pub = try String(contentsOfFile: other + ".pub", encoding: .utf8).split(separator: " ")
        try "# servers\n[127.0.0.1]:\(t.port) \(pub[0]) \(pub[1])\n".write(toFile: t.ssh + "/known_hosts", atomically: true, encoding: .utf8)
        let changed = try s.kpi("sync", status: 1)
        XCTAssertTrue(changed.stderr.contains("WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!"), changed.stderr)
        XCTAssertTrue(changed.stderr.contains("\(fingerprint)."), changed.stderr)
        XCTAssertTrue(changed.stderr.contains("Offending ED25519 key in \(t.ssh)/known_hosts:2"), changed.stderr)
        let gitChanged = try s.run("/usr/bin/git", ["-C", s.ledger, "ls-remote", "origin"], env: gitSSH(s, t, key: t.ssh + "/id_ed25519"))
        XCTAssertTrue(gitChanged.stderr.contains("REMOTE HOST IDENTIFICATION HAS CHANGED"), gitChanged.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertNotEqual(try s.git("rev-parse", "main", in: t.bare), head)
    }

    func testAnRSAKeyIsExplainedAndTheGitTransportUsesIt() throws {
        let s = try Sandbox()
        let t = try setUp(s, keyType: "rsa")
        defer { t.server.stop() }
        try trust(s, t, in: t.ssh + "/known_hosts")
        try s.kpi("remote", "add", "origin", "ssh://root@127.0.0.1:\(t.port)\(t.bare)")
        let r = try s.kpi("sync", status: 1)
        XCTAssertTrue(r.stderr.contains("\(t.ssh)/id_rsa"), r.stderr)
        XCTAssertTrue(r.stderr.contains("ssh-rsa (SHA-1), which current OpenSSH servers refuse"), r.stderr)
        XCTAssertTrue(r.stderr.contains("--transport git"), r.stderr)
        // git runs OpenSSH, which signs with rsa-sha2: the git transport gets through.
        let viaGit = try s.kpi("sync", "--transport", "git", env: gitSSH(s, t, key: t.ssh + "/id_rsa"))
        XCTAssertTrue(viaGit.stdout.contains("Pushed to origin/main"), viaGit.stdout + viaGit.stderr)
        XCTAssertEqual(try s.git("rev-parse", "main", in: t.bare), try s.git("rev-parse", "HEAD"))
    }
}
