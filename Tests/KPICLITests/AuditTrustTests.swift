import Foundation
import XCTest

/// The audit of who changed what, tried as an evader would: forged authors, self-made keys,
/// self-promotion, self-made admins, the catalog and bands changed, back-dating, rewritten history.
final class AuditTrustTests: XCTestCase {
    /// A ledger whose first commit (never a finding) holds: hr (admin), bob (manager of alice
    /// and eve), alice, eve, their keys, `signatures: required` and alice's 2026-Q3 goal.
    final class World {
        let s: Sandbox
        let keys: SSHKeys
        var key: [String: String] = [:]

        init(required: Bool = true) throws {
            s = try Sandbox()
            keys = SSHKeys(s)
            try s.kpi("init", s.ledger, "--name", "Trust Co", cwd: s.dir.path)
            for p in ["hr", "bob", "alice", "eve", "mallory"] { key[p] = try keys.make(p) }
            func person(_ id: String, _ name: String, manager: String?) throws {
                var text = "name: \(name)\nemail: \(id)@example.com\n"
                if let manager { text += "manager: \(manager)\n" }
                text += "signing_keys:\n  - \(try keys.publicKey(key[id]!))\n"
                try s.write("people/\(id).yaml", text)
            }
            try person("hr", "Hana Resources", manager: nil)
            try person("bob", "Bob Manager", manager: nil)
            try person("alice", "Alice Chen", manager: "bob")
            try person("eve", "Eve Junior", manager: "bob")
            var settings = try s.read("ledger.yaml").replacingOccurrences(of: "admins:\n", with: "admins:\n  - hr@example.com\n")
            if required { settings += "signatures: required\n" }
            try s.write("ledger.yaml", settings)
            try s.write("goals/2026-Q3/alice.yaml", "subject: alice\nquarter: 2026-Q3\ngoals:\n  - metric: retention\n    target: 45%\n")
            try s.git("add", "-A")
            try s.git("commit", "-q", "--amend", "-m", "set up the ledger")
            try s.git("config", "gpg.format", "ssh")
            try s.git("config", "commit.gpgSign", "true")
            try s.kpi("check")
        }

        /// Runs kpi signed with `signer`'s key (nil: unsigned), authored as `author`.
        @discardableResult
        func kpi(as author: String, signedBy signer: String?, _ args: String..., env: [String: String] = [:]) throws -> String {
            if let signer { try s.git("config", "user.signingKey", key[signer]!) }
            var e = env
            e["GIT_AUTHOR_NAME"] = author
            e["GIT_AUTHOR_EMAIL"] = "\(author)@example.com"
            let r = try s.run(Sandbox.kpiBinary.path, args + (signer == nil ? ["--no-sign"] : []), cwd: s.ledger,
                              env: e.merging(["GIT_COMMITTER_DATE": e["GIT_COMMITTER_DATE"] ?? e["GIT_AUTHOR_DATE"] ?? "2026-06-20T10:00:00+08:00"]) { a, _ in a })
            XCTAssertEqual(r.status, 0, "kpi \(args): \(r.stderr)")
            return try head()
        }

        func head() throws -> String { try s.git("rev-parse", "HEAD").trimmingCharacters(in: .newlines) }

        /// Findings as "rule commit" lines, in the audit's order.
        func audit(status: Int32 = 1) throws -> [String] {
            let r = try s.run(Sandbox.kpiBinary.path, ["audit", "--format", "json"], cwd: s.ledger)
            XCTAssertEqual(r.status, status, r.stderr)
            let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            return (obj["findings"] as! [[String: Any]]).map { "\($0["rule"]!) \($0["commit"]!)" }
        }
    }

    func testAForgedAuthorAndAKeyAddedInTheSameCommit() throws {
        let w = try World()
        XCTAssertEqual(try w.audit(status: 0), [])
        // Eve signs with her own key but names bob as the author, and eases alice's target.
        let forged = try w.kpi(as: "bob", signedBy: "eve", "goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "40%")
        // Eve lists mallory's key in her own file and signs that commit with it.
        try w.s.write("people/eve.yaml", try w.s.read("people/eve.yaml") + "  - \(try w.keys.publicKey(w.key["mallory"]!))\n")
        let selfKey = try w.kpi(as: "eve", signedBy: "mallory", "commit", "-m", "my second key")
        // Bob, properly signed: no finding.
        try w.kpi(as: "bob", signedBy: "bob", "goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--weight", "100")
        let unsigned = try w.kpi(as: "bob", signedBy: nil, "goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "46%")
        XCTAssertEqual(try w.audit(), [
            "signer_not_author \(forged)", "unauthorized_change \(forged)",
            "unknown_signer \(selfKey)",
            "unsigned_change \(unsigned)",
        ])
        let v = try w.s.run(Sandbox.kpiBinary.path, ["verify", "--format", "json"], cwd: w.s.ledger)
        XCTAssertEqual(v.status, 1)
    }

    func testSelfPromotionThenAnEasedTargetThenARevertAreAllUnauthorized() throws {
        let w = try World()
        func setManager(_ m: String) throws {
            try w.s.write("people/alice.yaml", try w.s.read("people/alice.yaml").replacingOccurrences(of: #"manager: \w+"#, with: "manager: \(m)", options: .regularExpression))
        }
        // In one commit: eve makes herself alice's manager and lowers the target.
        try setManager("eve")
        try w.s.write("goals/2026-Q3/alice.yaml", try w.s.read("goals/2026-Q3/alice.yaml").replacingOccurrences(of: "45%", with: "41%"))
        let together = try w.kpi(as: "eve", signedBy: "eve", "commit", "-m", "reorg")
        // Eve puts it back: still not hers to change (her promotion gave her nothing).
        try setManager("bob")
        let back = try w.kpi(as: "eve", signedBy: "eve", "commit", "-m", "back")
        // Then in three commits: make-manager, change, revert.
        try setManager("eve")
        let promote = try w.kpi(as: "eve", signedBy: "eve", "commit", "-m", "promote")
        let change = try w.kpi(as: "eve", signedBy: "eve", "goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "40%")
        try setManager("bob")
        let revert = try w.kpi(as: "eve", signedBy: "eve", "commit", "-m", "revert")
        XCTAssertEqual(try w.audit(), [
            "unauthorized_change \(together)", "unauthorized_change \(together)",
            "unauthorized_change \(back)", "unauthorized_change \(promote)", "unauthorized_change \(change)",
            "unauthorized_change \(revert)",
        ])
    }

    func testSelfMadeAdminReviewsAndLeavesAndBandsAndCapChangedByANonAdmin() throws {
        let w = try World()
        let settings = try w.s.read("ledger.yaml")
        try w.s.write("ledger.yaml", settings.replacingOccurrences(of: "  - hr@example.com", with: "  - hr@example.com\n  - eve@example.com"))
        let join = try w.kpi(as: "eve", signedBy: "eve", "commit", "-m", "admins")
        let review = try w.kpi(as: "eve", signedBy: "eve", "review", "alice", "--quarter", "2026-Q3", "--rating", "D", "--summary", "weak")
        try w.s.write("ledger.yaml", settings)
        let leave = try w.kpi(as: "eve", signedBy: "eve", "commit", "-m", "admins back")
        // Bob, a manager but no admin, raises the cap and moves the S band.
        try w.s.write("ledger.yaml", settings.replacingOccurrences(of: "cap: 120%", with: "cap: 200%").replacingOccurrences(of: "min: 110", with: "min: 130"))
        let bands = try w.kpi(as: "bob", signedBy: "bob", "commit", "-m", "bands")
        // The admin may.
        try w.s.write("ledger.yaml", settings)
        try w.kpi(as: "hr", signedBy: "hr", "commit", "-m", "bands back")
        // A metric's aggregation by a non-admin.
        try w.s.write("metrics/retention.yaml", try w.s.read("metrics/retention.yaml").replacingOccurrences(of: "aggregate: last", with: "aggregate: max"))
        let metric = try w.kpi(as: "bob", signedBy: "bob", "commit", "-m", "max")
        XCTAssertEqual(try w.audit(), [
            "unauthorized_change \(join)", "unauthorized_change \(review)", "unauthorized_change \(leave)",
            "unauthorized_change \(bands)", "unauthorized_change \(metric)",
        ])
    }

    func testBackdatedChangesAndChangedAfterStartByTheCommitterDate() throws {
        let w = try World(required: false)
        let first = try w.kpi(as: "bob", signedBy: nil, "goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "46%",
                              env: ["GIT_AUTHOR_DATE": "2026-06-25T10:00:00+08:00"])
        // Author date before the parent's (June 21 < June 25), committed on July 10: inside the quarter.
        let back = try w.kpi(as: "bob", signedBy: nil, "goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "47%",
                             env: ["GIT_AUTHOR_DATE": "2026-06-21T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-07-10T10:00:00+08:00"])
        // More than a day before its own committer date, after the parent's.
        let late = try w.kpi(as: "bob", signedBy: nil, "goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "48%",
                             env: ["GIT_AUTHOR_DATE": "2026-07-08T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-07-11T10:00:00+08:00"])
        XCTAssertNotEqual(first, back)
        XCTAssertEqual(try w.audit(status: 0), [
            "backdated_change \(back)", "changed_after_start \(back)",
            "backdated_change \(late)", "changed_after_start \(late)",
        ])
    }

    func testAMovedCloseTagAndATamperedCommitAreErrors() throws {
        let w = try World()
        try w.kpi(as: "bob", signedBy: "bob", "record", "alice", "retention", "42%", "--date", "2026-07-31",
                  env: ["GIT_AUTHOR_DATE": "2026-08-01T10:00:00+08:00"])
        try w.kpi(as: "bob", signedBy: "bob", "close", "2026-Q3", env: ["GIT_AUTHOR_DATE": "2026-10-02T10:00:00+08:00"])
        XCTAssertEqual(try w.audit(status: 0), [])
        // Rewrite the closed history: the record's commit amended to another value.
        try w.s.write("records/2026-Q3/alice.yaml", try w.s.read("records/2026-Q3/alice.yaml").replacingOccurrences(of: "42%", with: "49%"))
        try w.s.git("add", "-A")
        try w.s.git("-c", "commit.gpgSign=false", "commit", "-q", "--amend", "--no-edit")
        let amended = try w.head()
        let tagged = try w.s.git("rev-parse", "closed/2026-Q3^{commit}").trimmingCharacters(in: .newlines)
        XCTAssertEqual(try w.audit(), ["unsigned_change \(amended)", "closed_quarter_changed \(amended)", "history_rewritten \(tagged)"])
    }

    func testSyncRefusesAForcePushedRemoteUnlessAccepted() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let remote = s.dir.appendingPathComponent("remote.git").path
        try s.git("init", "-q", "--bare", remote, in: s.dir.path)
        try s.kpi("remote", "add", "origin", remote)
        try s.kpi("sync")
        let synced = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .newlines)
        // Someone rewrites the remote: the last commit replaced, force-pushed.
        let other = s.dir.appendingPathComponent("other").path
        try s.git("clone", "-q", "-b", "main", remote, other, in: s.dir.path)
        try s.git("reset", "-q", "--hard", "HEAD~1", in: other)
        try Data("name: Zed\n".utf8).write(to: URL(fileURLWithPath: other + "/people/zed.yaml"))
        try s.git("add", "-A", in: other)
        try s.git("commit", "-q", "-m", "rewritten", in: other)
        try s.git("push", "-q", "--force", "origin", "HEAD:main", in: other)
        let rewritten = try s.git("rev-parse", "HEAD", in: other).trimmingCharacters(in: .newlines)
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%")
        let local = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .newlines)

        let r = try s.kpi("sync", status: 1)
        XCTAssertEqual(r.stderr, "kpi: error: origin/main no longer contains \(synced.prefix(7)), its tip at the previous sync; it is now at \(rewritten.prefix(7)): its history was rewritten (force-pushed)\nNothing was merged or pushed. If the rewrite is intended, run `kpi sync --accept-rewrite` (the merge commit records it); see docs/sync.md.\n")
        XCTAssertEqual(try s.git("rev-parse", "HEAD").trimmingCharacters(in: .newlines), local)
        XCTAssertEqual(try s.git("rev-parse", "main", in: remote).trimmingCharacters(in: .newlines), rewritten)
        // Refused again: a fetch alone does not make the rewrite accepted.
        try s.kpi("sync", status: 1)

        try s.kpi("sync", "--accept-rewrite")
        let message = try s.git("log", "-1", "--format=%B")
        XCTAssertTrue(message.contains("Rewritten history accepted (--accept-rewrite): origin/main no longer contains \(synced), its tip at the previous sync; it is now at \(rewritten)."), message)
        XCTAssertEqual(try s.git("rev-parse", "HEAD^2").trimmingCharacters(in: .newlines), rewritten)
        try s.kpi("sync")
    }
}
