import Foundation
import GitStore
import XCTest
@testable import LedgerCore

/// The history cache in `.git/kpi/` changes speed only: the same events with or without it,
/// and a corrupted cache is ignored.
final class HistoryCacheTests: XCTestCase {
    func events(_ repo: Repository) throws -> String {
        let head = try XCTUnwrap(try repo.headCommit())
        // The whole-tip cache would answer before the caches tested here (TipCacheTests covers it).
        for f in ["tip-v1", "subjects-v1"] { try? FileManager.default.removeItem(atPath: repo.gitDir + "kpi/" + f) }
        return try HistoryScanner(repository: repo).scan(from: head).flatMap { c in
            c.events.map { "\(c.commit.id.hex) \($0.path) \($0.kind) \($0.field) \($0.old ?? "-") \($0.new ?? "-")" }
        }.joined(separator: "\n")
    }

    func testSameEventsColdWarmAndCorrupted() throws {
        let dir = NSTemporaryDirectory() + "kpi-cache-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let repo = try Repository.create(at: dir)
        let sig = Signature(name: "A", email: "a@example.com", time: 1_780_000_000, offsetMinutes: 120)
        try repo.commitFiles(["goals/2026-Q3/al.yaml": Array("subject: al\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 30\n".utf8)],
                             message: "one", author: sig, committer: sig)
        try repo.commitFiles(["goals/2026-Q3/al.yaml": Array("subject: al\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 25\n".utf8),
                              "records/2026-Q3/al.yaml": Array("subject: al\nquarter: 2026-Q3\nrecords:\n  - date: 2026-07-01\n    metric: nps\n    value: 3\n".utf8)],
                             message: "two", author: sig, committer: sig)
        try repo.commitFiles(["records/2026-Q3/al.yaml": nil], message: "three", author: sig, committer: sig)
        // A commit that touches no ledger file (notes, .gitattributes) is cached as zero changes.
        try repo.commitFiles(["NOTES.md": Array("hi\n".utf8)], message: "four", author: sig, committer: sig)
        let cachePath = repo.gitDir + "kpi/changes-v1"
        XCTAssertFalse(FileManager.default.fileExists(atPath: cachePath))
        let cold = try events(repo)
        XCTAssertFalse(cold.isEmpty)
        XCTAssertTrue(FileManager.default.fileExists(atPath: cachePath), "the first walk writes the cache")
        XCTAssertEqual(try events(repo), cold, "warm")
        XCTAssertEqual(try events(repo), cold, "warm again")
        // Without the events cache (EventCache), the walk reads the changed-files cache again.
        let eventsPath = repo.gitDir + "kpi/events-v1"
        try FileManager.default.removeItem(atPath: eventsPath)
        XCTAssertEqual(try events(repo), cold, "warm, changed files only")
        // A cache edited by hand (a blob id changed) fails its checksum and is ignored.
        var text = try String(contentsOfFile: cachePath, encoding: .utf8)
        let firstBlob = try XCTUnwrap(text.split(separator: "\n").first { !$0.hasPrefix("C ") && !$0.hasPrefix("kpi-") }?.prefix(40))
        text = text.replacingOccurrences(of: String(firstBlob), with: String(repeating: "1", count: 40))
        try text.write(toFile: cachePath, atomically: true, encoding: .utf8)
        XCTAssertNil(ChangeCache.parse(Array(text.utf8)))
        try FileManager.default.removeItem(atPath: eventsPath)
        XCTAssertEqual(try events(repo), cold, "corrupted")
        try "garbage".write(toFile: cachePath, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: eventsPath)
        XCTAssertEqual(try events(repo), cold, "garbage")
        XCTAssertNotNil(ChangeCache.parse([UInt8](try XCTUnwrap(FileManager.default.contents(atPath: cachePath)))), "rewritten")
    }
}
