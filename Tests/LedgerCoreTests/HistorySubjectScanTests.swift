import Foundation
import GitStore
import XCTest
@testable import LedgerCore

/// `HistoryScanner.events(about:from:)` reads only the files whose place names the subject, and
/// keeps that subject's events for the tip in a partial `subjects-v1`: its events are exactly
/// those of a full scan about that subject, in the same order — cold, from the partial file,
/// with the events cache of an earlier scan, and from a full scan's files — for every subject
/// (moves into and out of its places, a version that does not load, merges), and a partial file
/// answers for no other subject.
final class HistorySubjectScanTests: XCTestCase {
    static func makeRepository() throws -> (Repository, String, [ObjectID]) {
        let dir = NSTemporaryDirectory() + "kpi-subject-scan-\(UUID().uuidString)"
        let repo = try Repository.create(at: dir)
        var time: Int64 = 1_780_000_000
        var commits: [ObjectID] = []
        func sig() -> Signature {
            time += 3600
            return Signature(name: "A", email: "a@example.com", time: time, offsetMinutes: 60)
        }
        func commit(_ files: [String: String?], _ message: String) throws {
            let s = sig()
            commits.append(try repo.commitFiles(files.mapValues { $0.map { Array($0.utf8) } }, message: message, author: s, committer: s))
        }
        let goals = { (s: String, t: Int) in "subject: \(s)\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: \(t)\n    weight: 50\n" }
        let records = { (s: String, n: Int) in
            "subject: \(s)\nquarter: 2026-Q3\nrecords:\n" + (0..<n).map { "  - date: 2026-07-0\($0 % 9 + 1)\n    metric: nps\n    value: \($0)\n" }.joined()
        }
        var first: [String: String?] = ["ledger.yaml": "fiscal_year_start: 1\n", "people/al.yaml": "name: Al\nemail: al@example.com\n",
                                        "people/bo.yaml": "name: Bo\nmanager: al\n", "teams/t1.yaml": "name: T1\nlead: al\n"]
        for s in ["al", "bo", "cy"] { first["goals/2026-Q3/\(s).yaml"] = goals(s, 10) }
        first["records/2026-Q3/x.yaml"] = records("x", 2)
        try commit(first, "one")
        for i in 0..<12 {
            try commit(["goals/2026-Q3/al.yaml": goals("al", 20 + i), "records/2026-Q3/bo.yaml": records("bo", i + 1)], "step \(i)")
        }
        try commit(["records/2026-Q3/bo.yaml": records("bo", 3)], "records deleted")
        try commit(["goals/2026-Q3/al.yaml": "goals: [broken\n", "people/bo.yaml": "name: Bo\nmanager: cy\n"], "broken")
        try commit(["goals/2026-Q3/al.yaml": goals("al", 99)], "mended")
        // Moved into bo's place and out of cy's: one `moved` event each, about the new place.
        try commit(["records/2026-Q3/x.yaml": nil, "records/2026-Q3/bo2.yaml": records("x", 2)], "moved out")
        try commit(["goals/2026-Q3/cy.yaml": nil, "goals/2026-Q3/dee.yaml": goals("cy", 10)], "moved to dee")
        try commit(["ledger.yaml": "fiscal_year_start: 4\n", "teams/t1.yaml": "name: T1\nlead: bo\n"], "settings")
        // Merges: a tree of an older commit over the tip and a commit below it; the tip's own tree.
        let tip = commits.last!, older = commits[5], oldTree = try repo.commit(commits[8]).tree
        let s1 = sig()
        commits.append(try repo.createCommit(tree: oldTree, parents: [tip, older], author: s1, committer: s1, message: "merge old"))
        let s2 = sig()
        commits.append(try repo.createCommit(tree: try repo.commit(tip).tree, parents: [commits.last!, commits[3]], author: s2, committer: s2,
                                             message: "merge same"))
        return (repo, dir, commits)
    }

    static func dump(_ events: [LedgerEvent]) -> String { events.map(TipCacheTests.line).joined(separator: "\n") }

    func testTheSameEventsAsAFullScanColdWarmAndFromEveryCache() throws {
        let (repo, dir, commits) = try Self.makeRepository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let kpi = repo.gitDir + "kpi/"
        for head in [commits[commits.count - 3], commits.last!] {
            try? FileManager.default.removeItem(atPath: kpi)
            let full = try HistoryScanner(repository: repo).scan(from: head).flatMap(\.events)
            let subjects = Set(full.compactMap(\.subject))
            XCTAssertTrue(subjects.isSuperset(of: ["al", "bo", "cy", "dee", "t1"]), "\(subjects.sorted())")
            XCTAssertTrue(full.contains { $0.kind == .moved && $0.subject == "dee" })
            XCTAssertTrue(full.contains { $0.subject == "bo" && $0.recordChange == .deleted })
            let reference = Dictionary(uniqueKeysWithValues: (subjects.sorted() + ["nobody"]).map { s in
                (s, Self.dump(full.filter { $0.subject == s }))
            })
            for (s, expected) in reference.sorted(by: { $0.key < $1.key }) {
                try FileManager.default.removeItem(atPath: kpi)
                XCTAssertEqual(Self.dump(try HistoryScanner(repository: repo).events(about: s, from: head)), expected, "cold, \(s)")
                // The partial file answers for this subject: no tree is compared again.
                try FileManager.default.removeItem(atPath: kpi + "changes-v1")
                XCTAssertEqual(Self.dump(try HistoryScanner(repository: repo).events(about: s, from: head)), expected, "partial file, \(s)")
                XCTAssertFalse(FileManager.default.fileExists(atPath: kpi + "changes-v1"), "read from the partial file, \(s)")
                // And for no other: each is scanned (from the changes kept) and right.
                for other in reference.keys.sorted() where other != s {
                    let scanner = HistoryScanner(repository: repo)
                    XCTAssertEqual(scanner.cachedEvents(about: other, head: head).map(Self.dump), nil, "partial file for \(s), asked \(other)")
                }
            }
            for other in reference.keys.sorted() {
                XCTAssertEqual(Self.dump(try HistoryScanner(repository: repo).events(about: other, from: head)), reference[other], "after others, \(other)")
            }
            // With each commit's events kept by an earlier full scan (no tip files), and with a full scan's files.
            try FileManager.default.removeItem(atPath: kpi)
            _ = try HistoryScanner(repository: repo).scan(from: head)
            for f in ["tip-v1", "subjects-v1"] { try FileManager.default.removeItem(atPath: kpi + f) }
            for (s, expected) in reference {
                XCTAssertEqual(Self.dump(try HistoryScanner(repository: repo).events(about: s, from: head)), expected, "events cache, \(s)")
                try? FileManager.default.removeItem(atPath: kpi + "subjects-v1")
            }
            _ = try HistoryScanner(repository: repo).scan(from: head)
            for (s, expected) in reference {
                XCTAssertEqual(Self.dump(try HistoryScanner(repository: repo).events(about: s, from: head)), expected, "full scan's files, \(s)")
            }
            try? FileManager.default.removeItem(atPath: kpi + "subjects-v1")
            for (s, expected) in reference {
                XCTAssertEqual(Self.dump(try HistoryScanner(repository: repo).events(about: s, from: head)), expected, "tip file, \(s)")
                try? FileManager.default.removeItem(atPath: kpi + "subjects-v1")
            }
        }
    }

    /// A damaged partial file is ignored (the subject is scanned again), and a partial file of
    /// another tip answers nothing.
    func testADamagedOrOtherTipsPartialFileIsIgnored() throws {
        let (repo, dir, commits) = try Self.makeRepository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let kpi = repo.gitDir + "kpi/"
        let head = commits.last!
        let expected = Self.dump(try HistoryScanner(repository: repo).scan(from: head).flatMap(\.events).filter { $0.subject == "al" })
        try FileManager.default.removeItem(atPath: kpi)
        _ = try HistoryScanner(repository: repo).events(about: "al", from: head)
        var bytes = [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: kpi + "subjects-v1")))
        bytes[bytes.count - 30] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: kpi + "subjects-v1"))
        XCTAssertNil(HistoryScanner(repository: repo).cachedEvents(about: "al", head: head))
        XCTAssertEqual(Self.dump(try HistoryScanner(repository: repo).events(about: "al", from: head)), expected)
        XCTAssertNil(HistoryScanner(repository: repo).cachedEvents(about: "al", head: commits[commits.count - 2]), "another tip")
        XCTAssertEqual(HistoryScanner(repository: repo).cachedEvents(about: "al", head: head).map(Self.dump), expected)
    }
}
