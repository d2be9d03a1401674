import Foundation
import XCTest

/// SSH keys made by ssh-keygen in the test, and ssh-agents started (and stopped) by it.
final class SSHKeys {
    let sandbox: Sandbox
    private var agents: [pid_t] = []

    init(_ sandbox: Sandbox) { self.sandbox = sandbox }

    deinit { for pid in agents { kill(pid, SIGTERM) } }

    /// A new key without passphrase: its private key file; the public key is `path + ".pub"`.
    func make(_ name: String, type: String = "ed25519", comment: String? = nil) throws -> String {
        let path = sandbox.dir.appendingPathComponent("keys/\(name)").path
        try FileManager.default.createDirectory(atPath: sandbox.dir.appendingPathComponent("keys").path, withIntermediateDirectories: true)
        var args = ["-q", "-t", type, "-N", "", "-f", path, "-C", comment ?? name]
        if type == "ecdsa" { args += ["-b", "256"] }
        if type == "rsa" { args += ["-b", "2048"] }
        let r = try sandbox.run("/usr/bin/ssh-keygen", args)
        XCTAssertEqual(r.status, 0, r.stderr)
        return path
    }

    func publicKey(_ path: String) throws -> String {
        try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts an ssh-agent (in the foreground, `-D`, so the test owns its process) holding
    /// `keys`; returns its socket (for SSH_AUTH_SOCK).
    func agent(holding keys: [String]) throws -> String {
        let socket = sandbox.dir.appendingPathComponent("agent-\(agents.count).sock").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-agent")
        p.arguments = ["-D", "-a", socket]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        agents.append(p.processIdentifier)
        for _ in 0..<500 where !FileManager.default.fileExists(atPath: socket) { usleep(10_000) }
        for key in keys {
            let add = try sandbox.run("/usr/bin/ssh-add", ["-q", key], env: ["SSH_AUTH_SOCK": socket])
            XCTAssertEqual(add.status, 0, add.stderr)
        }
        return socket
    }

    /// An allowed-signers file for `git verify-commit` (the oracle).
    func allowedSigners(_ entries: [(email: String, key: String)]) throws -> String {
        let path = sandbox.dir.appendingPathComponent("allowed_signers").path
        try Data(entries.map { "\($0.email) \(try publicKey($0.key))\n" }.joined().utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

extension Sandbox {
    /// `git verify-commit` / `verify-tag` with an allowed-signers file: the oracle for signatures.
    func gitVerify(_ what: String, _ revision: String, allowed: String) throws -> Run {
        try run("/usr/bin/git", ["-C", ledger, "-c", "gpg.ssh.allowedSignersFile=\(allowed)", what, revision])
    }
}

final class SigningTests: XCTestCase {
    func testSigningKeysArePeopleFileKeysAndAMalformedOneIsALocatedError() throws {
        let s = try Sandbox()
        let keys = SSHKeys(s)
        try s.makeLedger()
        let ed = try keys.publicKey(try keys.make("ed"))
        let ec = try keys.publicKey(try keys.make("ec", type: "ecdsa"))
        let rsa = try keys.publicKey(try keys.make("rsa", type: "rsa"))
        try s.write("people/carol.yaml", """
        name: Carol
        email: carol@example.com
        signing_keys:
          - \(ed)
          - \(ec)
          - \(rsa)
        """)
        try s.kpi("check")
        let broken = String(ed.dropLast(12))   // base64 cut short
        try s.write("people/carol.yaml", """
        name: Carol
        signing_keys:
          - ssh-dss AAAAB3NzaC1kc3MAAACBAP
          - \(ed)
          - \(broken)
          - ssh-ed25519 not*base64
        """)
        let r = try s.kpi("check", status: 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("people/carol.yaml:3:5: error: signing_keys: 'ssh-dss' is not an SSH public key type; a key starts with ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa, like a line of a .pub file"), r.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("people/carol.yaml:5:5: error: signing_keys: ") }, r.stdout)
        XCTAssertTrue(lines.contains("people/carol.yaml:6:5: error: signing_keys: the ssh-ed25519 key's text is not valid base64; copy the whole line of the .pub file"), r.stdout)
        XCTAssertFalse(lines.contains { $0.hasPrefix("people/carol.yaml:4:") }, r.stdout)
        try s.write("people/carol.yaml", "name: Carol\nsigning_keys: ssh-ed25519 AAAA\n")
        XCTAssertTrue(try s.kpi("check", status: 1).stdout.contains("people/carol.yaml:2:15: error: 'signing_keys' should be a list"))
    }

    func testCommitsAreSignedWithAKeyFileWhenGitConfigAsksAndGitAcceptsThem() throws {
        let s = try Sandbox()
        let keys = SSHKeys(s)
        let key = try keys.make("bob")
        // git's own configuration, global: kpi init's first commit is signed too.
        try s.git("config", "--global", "gpg.format", "ssh", in: s.dir.path)
        try s.git("config", "--global", "user.signingKey", key, in: s.dir.path)
        try s.git("config", "--global", "commit.gpgSign", "true", in: s.dir.path)
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%")
        try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", "--allow-future")
        let allowed = try keys.allowedSigners([("bob@example.com", key)])
        let commits = try s.git("rev-list", "HEAD").split(separator: "\n").map(String.init)
        XCTAssertEqual(commits.count, 6)
        for c in commits {
            let v = try s.gitVerify("verify-commit", c, allowed: allowed)
            XCTAssertEqual(v.status, 0, "\(c): \(v.stderr)")
            XCTAssertTrue(v.stderr.contains("Good \"git\" signature for bob@example.com with ED25519 key"), v.stderr)
        }
        // --no-sign overrides the configuration.
        try s.kpi("record", "alice", "retention", "43%", "--date", "2026-08-31", "--allow-future", "--no-sign")
        XCTAssertNotEqual(try s.gitVerify("verify-commit", "HEAD", allowed: allowed).status, 0)
        XCTAssertEqual(try s.git("cat-file", "commit", "HEAD").contains("gpgsig"), false)
    }

    func testDashSSignsThroughSSHAgentWithALiteralKeyAndCloseSignsItsTag() throws {
        let s = try Sandbox()
        let keys = SSHKeys(s)
        try s.makeLedger()
        let key = try keys.make("bob-ec", type: "ecdsa")
        let socket = try keys.agent(holding: [key])
        try s.git("config", "gpg.format", "ssh")
        try s.git("config", "user.signingKey", "key::" + (try keys.publicKey(key)))
        // No commit.gpgSign: only -S asks.
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%", env: ["SSH_AUTH_SOCK": socket])
        XCTAssertFalse(try s.git("cat-file", "commit", "HEAD").contains("gpgsig"))
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "46%", "-S", env: ["SSH_AUTH_SOCK": socket])
        let allowed = try keys.allowedSigners([("bob@example.com", key)])
        let v = try s.gitVerify("verify-commit", "HEAD", allowed: allowed)
        XCTAssertEqual(v.status, 0, v.stderr)
        XCTAssertTrue(v.stderr.contains("Good \"git\" signature for bob@example.com with ECDSA key"), v.stderr)

        try s.git("config", "tag.gpgSign", "true")
        try s.kpi("close", "2026-Q3", env: ["SSH_AUTH_SOCK": socket, "GIT_AUTHOR_DATE": "2026-10-02T09:00:00+08:00"])
        let t = try s.gitVerify("verify-tag", "closed/2026-Q3", allowed: allowed)
        XCTAssertEqual(t.status, 0, t.stderr)
        XCTAssertTrue(t.stderr.contains("Good \"git\" signature for bob@example.com"), t.stderr)
        XCTAssertEqual(try s.git("rev-parse", "closed/2026-Q3^{commit}"), try s.git("rev-parse", "HEAD"))
    }

    func testASigningFailureIsAClearErrorAndCommitsNothing() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let head = try s.git("rev-parse", "HEAD")
        let status = try s.git("status", "--porcelain")
        try s.git("config", "gpg.format", "ssh")
        try s.git("config", "commit.gpgSign", "true")

        try s.git("config", "user.signingKey", s.dir.appendingPathComponent("missing_key").path)
        var r = try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", "--allow-future", status: 1)
        XCTAssertEqual(r.stderr, "kpi: error: the signing key \(s.dir.appendingPathComponent("missing_key").path) (user.signingKey) does not exist\n")

        // A literal key no agent holds.
        let keys = SSHKeys(s)
        let key = try keys.make("nobody")
        let socket = try keys.agent(holding: [])
        try s.git("config", "user.signingKey", "key::" + (try keys.publicKey(key)))
        r = try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", "--allow-future", status: 1, env: ["SSH_AUTH_SOCK": socket])
        XCTAssertTrue(r.stderr.contains("kpi: error: ssh-keygen could not sign with the key ssh-ed25519 "), r.stderr)

        try s.git("config", "--unset", "user.signingKey")
        r = try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", "--allow-future", status: 1)
        XCTAssertTrue(r.stderr.hasPrefix("kpi: error: signing is asked for, but no key is set"), r.stderr)

        try s.git("config", "gpg.format", "openpgp")
        r = try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", "--allow-future", status: 1)
        XCTAssertTrue(r.stderr.hasPrefix("kpi: error: signing is asked for (commit.gpgSign), but gpg.format is openpgp"), r.stderr)

        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.git("status", "--porcelain"), status)
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/records/2026-Q3/alice.yaml"))
    }

    func testTheDemoIsUnsignedWhateverGitConfigSays() throws {
        let s = try Sandbox()
        try s.git("config", "--global", "gpg.format", "ssh", in: s.dir.path)
        try s.git("config", "--global", "user.signingKey", s.dir.appendingPathComponent("no_such_key").path, in: s.dir.path)
        try s.git("config", "--global", "commit.gpgSign", "true", in: s.dir.path)
        let demo = s.dir.appendingPathComponent("demo").path
        try s.kpi("demo", demo, cwd: s.dir.path)
        XCTAssertFalse(try s.git("cat-file", "commit", "HEAD", in: demo).contains("gpgsig"))
    }
}
