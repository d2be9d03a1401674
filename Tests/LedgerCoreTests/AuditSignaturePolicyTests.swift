import Foundation
import GitStore
import XCTest
@testable import LedgerCore

/// `signatures: required` applies to a commit when its ledger.yaml or its first parent's says
/// so; the audit carries a commit's policy over from its parent when the scan found its
/// ledger.yaml unchanged (`SignatureVerifier.verify(_:trees:settingsAsParent:)`), and reads it
/// again where the scan found ledger.yaml changed: the policy turned on, kept, and turned off
/// gives `unsigned_change` exactly from the commit that turns it on to the one that turns it off.
final class AuditSignaturePolicyTests: XCTestCase {
    func testThePolicyFollowsLedgerYamlCommitByCommit() throws {
        let l = try TempLedger()
        var time: Int64 = 1_781_920_800
        func commit(_ files: [String: String], _ message: String) throws -> ObjectID {
            time += 3_600
            let sig = Signature(name: "Bob Manager", email: "bob@example.com", time: time, offsetMinutes: 480)
            return try l.store.repository.commitFiles(files.mapValues { Optional(Array($0.utf8)) }, message: message, author: sig, committer: sig)
        }
        func goal(_ target: String) -> [String: String] {
            ["goals/2026-Q3/alice.yaml": "subject: alice\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: \(target)\n"]
        }
        let settings = String(decoding: try XCTUnwrap(FileManager.default.contents(atPath: l.path + "/ledger.yaml")), as: UTF8.self)
        XCTAssertFalse(settings.contains("signatures:"))
        let people = try commit(["people/alice.yaml": "name: Alice\nemail: alice@example.com\n"], "alice")
        let before = try commit(goal("40"), "a goal, nothing required")
        let on = try commit(["ledger.yaml": settings + "signatures: required\n"], "signatures required")
        let kept = try commit(goal("41"), "a goal under the policy")
        let records = try commit(["records/2026-Q3/alice.yaml": "subject: alice\nquarter: 2026-Q3\nrecords:\n  - date: 2026-07-01\n    metric: nps\n    value: 3\n"], "a record under the policy")
        let off = try commit(["ledger.yaml": settings + "signatures: optional\n"], "signatures optional again")
        let after = try commit(goal("42"), "a goal, nothing required again")
        let names = [people: "people", before: "before", on: "on", kept: "kept", records: "records", off: "off", after: "after"]
        let unsigned = try HistoryReports(store: l.store).audit(quarter: nil).filter { $0.rule == "unsigned_change" }
        XCTAssertEqual(unsigned.map { names[$0.commit] ?? $0.commit.hex }, ["on", "kept", "records", "off"])
        // Each commit verified on its own (no scan behind it) says the same.
        let verifier = SignatureVerifier(store: l.store)
        XCTAssertEqual(try [people, before, on, kept, records, off, after].map { try verifier.verify(try l.store.repository.commit($0)).required },
                       [false, false, true, true, true, true, false])
    }
}
