import Foundation
import GitStore
import XCTest
@testable import LedgerCore

/// The whole-tip cache (`.git/kpi/tip-v1`, `subjects-v1`) changes speed only: at an unchanged
/// HEAD it answers the scan and a subject's events without walking a commit, field for field as
/// a cold scan does; a damaged file, another tip's file or a new commit mean a scan as before.
final class TipCacheTests: XCTestCase {
    static func line(_ e: LedgerEvent) -> String {
        [e.commit.hex, e.author.name, e.author.email, "\(e.author.time)", "\(e.author.offsetMinutes)", e.message, e.path,
         e.kind.rawValue, e.subject ?? "∅", e.quarter?.description ?? "∅", e.metric ?? "∅", e.field, e.old ?? "∅",
         e.new ?? "∅", e.recordChange?.rawValue ?? "∅", e.reason ?? "∅"].joined(separator: "|")
    }

    func dump(_ history: [CommitEvents]) -> String {
        history.map { c in
            let m = c.commit
            return ["C", m.id.hex, m.tree.hex, m.parents.map(\.hex).joined(separator: ","), m.author.description, "\(m.author.time)",
                    "\(m.author.offsetMinutes)", m.committer.description, "\(m.committer.time)", "\(m.committer.offsetMinutes)",
                    m.message, m.summary, "below", c.ledgerParent?.hex ?? "-"].joined(separator: "|") + "\n"
                + c.events.map(Self.line).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    func testSameHistoryColdWarmDamagedAndAfterANewCommit() throws {
        let dir = NSTemporaryDirectory() + "kpi-tip-cache-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let repo = try Repository.create(at: dir)
        var time: Int64 = 1_780_000_000
        func commit(_ files: [String: String?], _ message: String, email: String = "a@example.com") throws {
            time += 3600
            let sig = Signature(name: "A é", email: email, time: time, offsetMinutes: -330)
            try repo.commitFiles(files.mapValues { $0.map { Array($0.utf8) } }, message: message, author: sig, committer: sig)
        }
        try commit(["goals/2026-Q3/al.yaml": "subject: al\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 30\n",
                    "people/al.yaml": "id: al\nname: Al\nemail: a@example.com\n", "people/bo.yaml": "id: bo\nname: Bo\n"], "one\n\nbody line")
        try commit(["goals/2026-Q3/al.yaml": "subject: al\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 25\n    weight: 2\n",
                    "records/2026-Q3/bo.yaml": "subject: bo\nquarter: 2026-Q3\nrecords:\n  - date: 2026-07-01\n    metric: nps\n    value: 3\n"],
                   "two", email: "b@example.com")
        try commit(["NOTES.md": "not a ledger file\n"], "three")
        try commit(["records/2026-Q3/bo.yaml": "subject: bo\nquarter: 2026-Q3\nrecords:\n  - date: 2026-07-01\n    metric: nps\n    value: 4\n"], "four")
        let head = try XCTUnwrap(try repo.headCommit())
        let kpi = repo.gitDir + "kpi/"
        let cache = TipCache(gitDir: repo.gitDir)
        XCTAssertNil(cache.history(tip: head))
        XCTAssertNil(HistoryScanner(repository: repo).cachedEvents(about: "al", head: head))

        let coldHistory = try HistoryScanner(repository: repo).scan(from: head)
        let cold = dump(coldHistory)
        XCTAssertEqual(coldHistory.count, 3, "the commit changing no ledger file is left out")
        let tipFile = try XCTUnwrap(FileManager.default.contents(atPath: kpi + "tip-v1"))
        XCTAssertNotNil(FileManager.default.contents(atPath: kpi + "subjects-v1"))
        XCTAssertEqual(dump(try XCTUnwrap(cache.history(tip: head))), cold)
        for subject in ["al", "bo", "nobody"] {
            let expected = coldHistory.flatMap(\.events).filter { $0.subject == subject }.map(Self.line)
            XCTAssertEqual(try XCTUnwrap(HistoryScanner(repository: repo).cachedEvents(about: subject, head: head)).map(Self.line), expected, subject)
        }

        // Warm: no commit is walked, so the per-commit caches removed are not written again.
        try FileManager.default.removeItem(atPath: kpi + "events-v1")
        try FileManager.default.removeItem(atPath: kpi + "changes-v1")
        XCTAssertEqual(dump(try HistoryScanner(repository: repo).scan(from: head)), cold, "warm")
        XCTAssertFalse(FileManager.default.fileExists(atPath: kpi + "events-v1"), "a warm scan walks no commit")

        // Another tip's file is not this one's; a scan from an older commit is answered afresh.
        let older = try XCTUnwrap(coldHistory.first?.commit.id)
        XCTAssertNil(cache.history(tip: older))
        XCTAssertNil(HistoryScanner(repository: repo).cachedEvents(about: "al", head: older))

        // One byte changed, a file cut short, garbage: ignored, and the scan rewrites the same file.
        var flipped = [UInt8](tipFile)
        flipped[flipped.count / 2] ^= 0x20
        for broken in [flipped, Array(tipFile.prefix(tipFile.count - 3)), Array("garbage".utf8), []] {
            try Data(broken).write(to: URL(fileURLWithPath: kpi + "tip-v1"))
            XCTAssertNil(cache.history(tip: head))
            XCTAssertEqual(dump(try HistoryScanner(repository: repo).scan(from: head)), cold, "damaged")
            XCTAssertEqual(FileManager.default.contents(atPath: kpi + "tip-v1"), tipFile, "rewritten as before")
        }
        // A subject's group damaged (the last group is the last subject's, "bo"): that subject reads
        // nothing from the file; the index damaged: no subject does.
        let subjects = [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: kpi + "subjects-v1")))
        var lastGroup = subjects
        lastGroup[lastGroup.count - 2] ^= 0x01
        try Data(lastGroup).write(to: URL(fileURLWithPath: kpi + "subjects-v1"))
        XCTAssertNil(cache.events(about: "bo", tip: head))
        XCTAssertNotNil(cache.events(about: "al", tip: head))
        var index = subjects
        index[TipCache.subjectsVersion.utf8.count + 1 + 20 + 4 + 2] ^= 0x01  // past the header and the index's length
        try Data(index).write(to: URL(fileURLWithPath: kpi + "subjects-v1"))
        XCTAssertNil(cache.events(about: "al", tip: head))

        // A new commit: a new tip, scanned (from the per-commit caches) and kept in its turn.
        try commit(["goals/2026-Q3/al.yaml": nil], "five")
        let newHead = try XCTUnwrap(try repo.headCommit())
        XCTAssertNil(cache.history(tip: newHead))
        let after = try HistoryScanner(repository: repo).scan(from: newHead)
        XCTAssertEqual(after.count, 4)
        XCTAssertEqual(dump(Array(after.prefix(3))), cold)
        XCTAssertEqual(dump(try XCTUnwrap(cache.history(tip: newHead))), dump(after))
        XCTAssertEqual(try XCTUnwrap(cache.events(about: "al", tip: newHead)).map(Self.line),
                       after.flatMap(\.events).filter { $0.subject == "al" }.map(Self.line))
    }
}
