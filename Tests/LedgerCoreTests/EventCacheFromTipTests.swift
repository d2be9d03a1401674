import Foundation
import GitStore
import XCTest
@testable import LedgerCore

/// After a full scan, `events-v1` is written from `tip-v1`'s bytes (each commit's events copied,
/// not encoded again: `EventCache.write(_:to:copying:from:)`): the file is byte for byte the one
/// encoding every entry gives (`EventCache.write(_:to:)`), on a history with moves, a version
/// that does not load, merges and a commit outside the ledger — cold, and after a new commit
/// over an events file already there (older entries read from it, the new one copied).
final class EventCacheFromTipTests: XCTestCase {
    func testTheEventsFileIsTheOneEncodingEveryEntryGives() throws {
        let (repo, dir, commits) = try HistorySubjectScanTests.makeRepository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let kpi = repo.gitDir + "kpi/"
        let sig = Signature(name: "B", email: "b@example.com", time: 1_790_000_000, offsetMinutes: -300)
        let readme = try repo.commitFiles(["README.md": Array("not a ledger file\n".utf8)], message: "readme", author: sig, committer: sig)
        let reference = NSTemporaryDirectory() + "kpi-events-reference-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: reference) }

        func check(_ head: ObjectID, _ what: String) throws -> [ObjectID: EventCache.Entry] {
            let history = try HistoryScanner(repository: repo).scan(from: head)
            let written = try XCTUnwrap(FileManager.default.contents(atPath: kpi + "events-v1"), what)
            let entries = EventCache(gitDir: repo.gitDir).entries
            // Every single-parent commit walked has an entry; each ledger one holds its events.
            XCTAssertEqual(entries.count, try repo.walk(from: head).filter { try repo.commit($0).parents.count <= 1 }.count, what)
            for ce in history where ce.commit.parents.count <= 1 {
                XCTAssertEqual(try XCTUnwrap(entries[ce.commit.id] ?? nil, what).count, ce.events.count, what)
            }
            EventCache.write(entries, to: reference)
            XCTAssertEqual(FileManager.default.contents(atPath: reference), written, what)
            return entries
        }
        try? FileManager.default.removeItem(atPath: kpi)
        let cold = try check(readme, "cold")
        XCTAssertTrue(cold.values.contains { $0 == nil }, "the README commit: no ledger file changed")
        XCTAssertTrue(cold.values.contains { $0?.contains { $0.kind == .moved } == true }, "a move")
        XCTAssertTrue(commits.count > 20)

        let next = try repo.commitFiles(["goals/2026-Q3/al.yaml": Array("subject: al\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 7\n    weight: 50\n".utf8)],
                                        message: "after", author: sig, committer: sig)
        let warm = try check(next, "after a new commit")
        XCTAssertEqual(warm.count, cold.count + 1)
    }

    /// The events a scan learns are kept as the scan gave them (`EventCache.learnt`, no copy of
    /// each event) and encoded only when written: a scan `since` a commit writes no `tip-v1`, so
    /// every entry it learnt is encoded from its `LedgerEvent`s, beside the entries read from the
    /// file the scan below it wrote. The file is byte for byte the one a full cold scan writes
    /// (copied from `tip-v1`), and each commit's events read back are the ones scanned.
    func testEventsLearntAndReadAreWrittenAsAFullScanWritesThem() throws {
        let (repo, dir, _) = try HistorySubjectScanTests.makeRepository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let kpi = repo.gitDir + "kpi/"
        let head = try XCTUnwrap(try repo.headCommit())
        let walked = try repo.walk(from: head, reverse: true)
        XCTAssertGreaterThan(walked.count, 10)
        let middle = walked[walked.count / 2]
        try? FileManager.default.removeItem(atPath: kpi)
        let full = try HistoryScanner(repository: repo).scan(from: head)
        let whole = try XCTUnwrap(FileManager.default.contents(atPath: kpi + "events-v1"))

        try FileManager.default.removeItem(atPath: kpi)
        _ = try HistoryScanner(repository: repo).scan(from: middle)
        XCTAssertTrue(FileManager.default.fileExists(atPath: kpi + "tip-v1"))
        try FileManager.default.removeItem(atPath: kpi + "tip-v1")
        let later = try HistoryScanner(repository: repo).scan(from: head, since: middle)
        XCTAssertFalse(FileManager.default.fileExists(atPath: kpi + "tip-v1"), "a scan since a commit keeps no whole history")
        XCTAssertFalse(later.isEmpty)
        XCTAssertEqual(FileManager.default.contents(atPath: kpi + "events-v1"), whole, "read and learnt entries, written")
        let entries = EventCache(gitDir: repo.gitDir).entries
        for ce in full where ce.commit.parents.count <= 1 {
            let kept = try XCTUnwrap(entries[ce.commit.id] ?? nil).map { $0.event(of: ce.commit) }
            XCTAssertEqual(kept.map(HistoryEventCacheTests.line), ce.events.map(HistoryEventCacheTests.line))
        }
    }

    /// `EventCache.put(_: Quarter?)` writes the bytes of the quarter's description, as the
    /// events' encoding always did.
    func testAQuarterIsWrittenAsItsDescription() throws {
        var quarters: [Quarter?] = [nil]
        for year in [1000, 1999, 2026, 2100, 9999] { for n in 1...4 { quarters.append(Quarter(year: year, number: n)) } }
        XCTAssertEqual(quarters.count, 21)
        for q in quarters {
            var direct: [UInt8] = [7], described: [UInt8] = [7]
            EventCache.put(q, into: &direct)
            EventCache.put(q?.description, into: &described)
            XCTAssertEqual(direct, described, q?.description ?? "none")
        }
    }
}
