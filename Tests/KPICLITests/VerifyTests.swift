import Foundation
import XCTest

/// `kpi verify`: each commit's signature against the keys in the people files at its parent.
final class VerifyTests: XCTestCase {
    struct Entry: Equatable {
        var status: String
        var signer: String?
        var email: String
    }

    func verify(_ s: Sandbox, _ args: String..., status: Int32 = 0) throws -> [String: Entry] {
        let r = try s.run(Sandbox.kpiBinary.path, ["verify"] + args + ["--format", "json"], cwd: s.ledger)
        XCTAssertEqual(r.status, status, r.stderr)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        var out: [String: Entry] = [:]
        for c in obj["commits"] as! [[String: Any]] {
            XCTAssertNotNil(c["author"] as? String)
            XCTAssertNotNil(c["date"] as? String)
            out[c["commit"] as! String] = Entry(status: c["status"] as! String, signer: c["signer"] as? String, email: c["email"] as! String)
        }
        return out
    }

    func sign(_ s: Sandbox, with key: String) throws {
        try s.git("config", "user.signingKey", key)
    }

    func testEachStatusAndAKeyCountsOnlyFromTheParentOn() throws {
        let s = try Sandbox()
        let keys = SSHKeys(s)
        try s.makeLedger()
        let bob = try keys.make("bob"), carol = try keys.make("carol", type: "ecdsa"), rsa = try keys.make("alice", type: "rsa")
        try s.git("config", "gpg.format", "ssh")
        try s.git("config", "commit.gpgSign", "true")
        let unsignedBase = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .newlines)

        // Bob lists his key and signs that very commit with it: not proven yet (unknown_key).
        try sign(s, with: bob)
        try s.write("people/bob.yaml", "name: Bob Manager\nemail: bob@example.com\nsigning_keys:\n  - \(try keys.publicKey(bob))\n")
        try s.write("people/alice.yaml", """
        name: Alice Chen
        email: alice@example.com
        manager: bob
        team: product
        scorecard: pm_mid
        signing_keys:
          - \(try keys.publicKey(rsa))
        """)
        try s.kpi("commit", "-m", "keys for bob and alice")
        let addKeys = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .newlines)
        // From here on his key counts.
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%")
        let goodBob = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .newlines)
        // Alice signs with her RSA key, as herself.
        try sign(s, with: rsa)
        try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", "--allow-future",
                  env: ["GIT_AUTHOR_NAME": "Alice Chen", "GIT_AUTHOR_EMAIL": "alice@example.com"])
        let goodAlice = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .newlines)
        // Carol's key is in nobody's file: a valid signature by an unknown key, under a forged author.
        try sign(s, with: carol)
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "40%")
        let unknown = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .newlines)
        try s.kpi("record", "alice", "retention", "43%", "--date", "2026-08-31", "--allow-future", "--no-sign")
        let unsigned = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .newlines)

        let all = try verify(s)
        XCTAssertEqual(all.count, 9)
        XCTAssertEqual(all[unsignedBase], Entry(status: "unsigned", signer: nil, email: "bob@example.com"))
        XCTAssertEqual(all[addKeys], Entry(status: "unknown_key", signer: nil, email: "bob@example.com"))
        XCTAssertEqual(all[goodBob], Entry(status: "good", signer: "bob", email: "bob@example.com"))
        XCTAssertEqual(all[goodAlice], Entry(status: "good", signer: "alice", email: "alice@example.com"))
        XCTAssertEqual(all[unknown], Entry(status: "unknown_key", signer: nil, email: "bob@example.com"))
        XCTAssertEqual(all[unsigned], Entry(status: "unsigned", signer: nil, email: "bob@example.com"))
        XCTAssertEqual(all.values.filter { $0.status == "unsigned" }.count, 5)

        // A range: only the commits after goodBob.
        let range = try verify(s, "\(goodBob)..HEAD")
        XCTAssertEqual(Set(range.keys), [goodAlice, unknown, unsigned])
        let table = try s.kpi("verify", "\(addKeys)..\(goodAlice)").stdout
        XCTAssertTrue(table.hasSuffix("2 commits: 2 good\n"), table)
        XCTAssertTrue(table.contains("\(goodBob.prefix(7))  good    bob"), table)

        // The oracle agrees on the good ones.
        let allowed = try keys.allowedSigners([("bob@example.com", bob), ("alice@example.com", rsa)])
        XCTAssertEqual(try s.gitVerify("verify-commit", goodBob, allowed: allowed).status, 0)
        XCTAssertEqual(try s.gitVerify("verify-commit", goodAlice, allowed: allowed).status, 0)
    }

    func testATamperedCommitIsBadAndExitsOne() throws {
        let s = try Sandbox()
        let keys = SSHKeys(s)
        try s.makeLedger()
        let bob = try keys.make("bob")
        try s.write("people/bob.yaml", "name: Bob Manager\nemail: bob@example.com\nsigning_keys:\n  - \(try keys.publicKey(bob))\n")
        try s.kpi("commit", "-m", "bob's key")
        try s.git("config", "gpg.format", "ssh")
        try sign(s, with: bob)
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%", "-S")
        XCTAssertEqual(try verify(s, "HEAD~1..HEAD").values.map(\.status), ["good"])
        // Keep the signature, change the target inside the commit: a new commit object with a stale signature.
        let raw = try s.git("cat-file", "commit", "HEAD")
        let tree = try s.git("rev-parse", "HEAD^{tree}").trimmingCharacters(in: .newlines)
        try s.write("goals/2026-Q3/alice.yaml", try s.read("goals/2026-Q3/alice.yaml").replacingOccurrences(of: "45%", with: "30%"))
        try s.git("add", "goals/2026-Q3/alice.yaml")
        let newTree = try s.git("write-tree").trimmingCharacters(in: .newlines)
        let forged = raw.replacingOccurrences(of: "tree \(tree)", with: "tree \(newTree)")
        let r = try s.run("/usr/bin/git", ["-C", s.ledger, "hash-object", "-t", "commit", "-w", "--stdin"], stdin: forged)
        let id = r.stdout.trimmingCharacters(in: .newlines)
        try s.git("update-ref", "refs/heads/main", id)
        let entries = try verify(s, "HEAD~1..HEAD", status: 1)
        XCTAssertEqual(entries[id], Entry(status: "bad", signer: nil, email: "bob@example.com"))
        let allowed = try keys.allowedSigners([("bob@example.com", bob)])
        XCTAssertNotEqual(try s.gitVerify("verify-commit", id, allowed: allowed).status, 0)
        let t = try s.kpi("verify", "HEAD~1..HEAD", status: 1)
        XCTAssertEqual(t.stderr, "kpi: 1 commit not proven: \(id.prefix(7)) bad\n")
    }

    func testSignaturesRequiredFailsOnUnsignedAndUnknownFromThePolicyOn() throws {
        let s = try Sandbox()
        let keys = SSHKeys(s)
        try s.makeLedger()
        // Without the policy, unsigned commits are reported, exit 0.
        XCTAssertEqual(try verify(s).values.map(\.status), ["unsigned", "unsigned", "unsigned", "unsigned"])
        let bob = try keys.make("bob")
        try s.git("config", "gpg.format", "ssh")
        try sign(s, with: bob)
        try s.write("people/bob.yaml", "name: Bob Manager\nemail: bob@example.com\nsigning_keys:\n  - \(try keys.publicKey(bob))\n")
        try s.kpi("commit", "-m", "bob's key")
        try s.write("ledger.yaml", try s.read("ledger.yaml") + "signatures: required\n")
        try s.kpi("commit", "-m", "signatures required", "-S")
        try s.kpi("check")
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%", "-S")
        _ = try verify(s)   // every commit under the policy is good: exit 0
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "44%")
        let all = try verify(s, status: 1)
        XCTAssertEqual(all.values.filter { $0.status == "good" }.count, 2)
        XCTAssertEqual(all.values.filter { $0.status == "unsigned" }.count, 6)
        // Bob's key on a commit that names Alice as its author: good signature, wrong person.
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "43%", "-S",
                  env: ["GIT_AUTHOR_NAME": "Alice Chen", "GIT_AUTHOR_EMAIL": "alice@example.com"])
        let head = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        let r = try s.run(Sandbox.kpiBinary.path, ["verify", "HEAD~1..HEAD"], cwd: s.ledger)
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stderr.contains("\(head.prefix(7)) signer_not_author"), r.stderr)
        XCTAssertEqual(try verify(s, "HEAD~1..HEAD", status: 1)[head], Entry(status: "good", signer: "bob", email: "alice@example.com"))
        try s.write("ledger.yaml", try s.read("ledger.yaml").replacingOccurrences(of: "signatures: required", with: "signatures: sometimes"))
        XCTAssertTrue(try s.kpi("check", status: 1).stdout.contains("ledger.yaml:"))
    }
}
