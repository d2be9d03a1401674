import GitStore
import XCTest
@testable import LedgerCore

/// `unauthorized_change` asks whether a commit's actor may change a subject once per subject and
/// kind of change in a commit (`Auditor.Allowed`), not once per event: the findings are those of
/// asking `Authority` for every event — a person's own records are theirs to change, their own
/// goals are not, another subject in the same commit gets its own answer, and the next commit
/// (another actor, another organisation) asks again.
final class AuditAuthorityPerCommitTests: XCTestCase {
    func id(_ n: Int) -> ObjectID { ObjectID(hex: String(format: "%040x", n))! }

    func testEachSubjectAndKindOfChangeIsJudgedOnItsOwnWithinACommit() {
        func sig(_ email: String, _ t: Int64) -> Signature { Signature(name: email, email: email, time: t, offsetMinutes: 0) }
        func commit(_ n: Int, by email: String) -> Commit {
            Commit(id: id(n), tree: id(1000 + n), parents: n == 1 ? [] : [id(n - 1)], author: sig(email, 1_780_000_000 + Int64(n) * 60),
                   committer: sig(email, 1_780_000_000 + Int64(n) * 60), message: "c\(n)", summary: "c\(n)")
        }
        func event(_ c: Commit, _ kind: LedgerEvent.Subject, _ subject: String, _ path: String, metric: String? = nil,
                   field: String, old: String? = nil, new: String?) -> LedgerEvent {
            LedgerEvent(commit: c.id, author: c.author, message: c.summary, path: path, kind: kind, subject: subject,
                        quarter: kind == .person ? nil : Quarter(year: 2026, number: 3), metric: metric, field: field, old: old, new: new,
                        recordChange: kind == .record ? .added : nil)
        }
        let q = "2026-Q3"
        func record(_ c: Commit, _ subject: String, _ text: String) -> LedgerEvent {
            event(c, .record, subject, "records/\(q)/\(subject).yaml", metric: "nps", field: "record", new: text)
        }
        func goal(_ c: Commit, _ subject: String, _ metric: String, _ target: String) -> LedgerEvent {
            event(c, .goal, subject, "goals/\(q)/\(subject).yaml", metric: metric, field: "target", new: target)
        }
        let c1 = commit(1, by: "admin@example.com")
        var people: [LedgerEvent] = []
        for (p, manager) in [("alice", "carol"), ("bob", "carol"), ("carol", nil)] as [(String, String?)] {
            people.append(event(c1, .person, p, "people/\(p).yaml", field: "name", new: p))
            people.append(event(c1, .person, p, "people/\(p).yaml", field: "email", new: "\(p)@example.com"))
            if let manager { people.append(event(c1, .person, p, "people/\(p).yaml", field: "manager", new: manager)) }
        }
        let c2 = commit(2, by: "Alice@Example.com")
        let c3 = commit(3, by: "carol@example.com")
        let history = [
            CommitEvents(commit: c1, events: people, ledgerParent: nil),
            // alice: her own record (hers to add), her own goal (not hers), bob's record and goal
            // (not hers), her own record again, bob's other goal.
            CommitEvents(commit: c2, events: [record(c2, "alice", "2026-07-01 nps 3"), goal(c2, "alice", "nps", "9"),
                                              record(c2, "bob", "2026-07-01 nps 4"), goal(c2, "bob", "nps", "8"),
                                              record(c2, "alice", "2026-07-02 nps 5"), goal(c2, "bob", "csat", "90")],
                         ledgerParent: c1.id),
            // carol, alice's and bob's manager: all hers to change; dave has no file, so no manager.
            CommitEvents(commit: c3, events: [goal(c3, "alice", "nps", "10"), record(c3, "bob", "2026-07-03 nps 6"),
                                              goal(c3, "dave", "nps", "1"), record(c3, "carol", "2026-07-03 nps 2")],
                         ledgerParent: c2.id),
        ]
        let found = Auditor(closed: [:], closedReach: [:]).audit(history).filter { $0.rule == "unauthorized_change" }
        XCTAssertEqual(found.map { "\($0.commit == c2.id ? "c2" : $0.commit == c3.id ? "c3" : "?") \($0.subject ?? "") \($0.metric ?? "")" },
                       ["c2 alice nps", "c2 bob nps", "c2 bob nps", "c2 bob csat", "c3 dave nps"])
        // bob's records file and goals file are two files: both named (the once-per-commit rule is by file and metric).
        XCTAssertEqual(Set(found.filter { $0.subject == "bob" }.map(\.message)).count, 3)
    }
}
