import Foundation
import GitStore
import XCTest
@testable import LedgerCore

/// After a full scan, `events-v1` holds only the entries `tip-v1` does not (a commit that changes
/// no ledger file, a commit of an older tip's history): `EventCache` reads both, and together
/// they hold every single-parent commit walked, each ledger commit's events field for field as
/// scanned — on a history with moves, a version that does not load, merges and a commit outside
/// the ledger; cold, after a new commit, after a scan of an older tip (whose `tip-v1` no longer
/// holds the newer commits) and after a scan `since` a commit (which writes no `tip-v1`).
final class EventCacheFromTipTests: XCTestCase {
    /// Every entry `EventCache` reads, one line an event, "∅" for a commit changing no ledger file.
    static func lines(_ entries: [ObjectID: EventCache.Entry], _ repo: Repository) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for (id, entry) in entries {
            let commit = try repo.commit(id)
            out[id.hex] = entry.map { $0.map { HistoryEventCacheTests.line($0.event(of: commit)) } } ?? ["∅"]
        }
        return out
    }

    /// The ids `events-v1` holds alone.
    static func inEventsFile(_ kpi: String) throws -> Set<ObjectID> {
        let bytes = [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: kpi + "events-v1")))
        return Set(try XCTUnwrap(EventCache.parse(bytes)).keys)
    }

    func testTheEventsFileHoldsWhatTheTipFileDoesNot() throws {
        let (repo, dir, commits) = try HistorySubjectScanTests.makeRepository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let kpi = repo.gitDir + "kpi/"
        let sig = Signature(name: "B", email: "b@example.com", time: 1_790_000_000, offsetMinutes: -300)
        let readme = try repo.commitFiles(["README.md": Array("not a ledger file\n".utf8)], message: "readme", author: sig, committer: sig)

        func check(_ head: ObjectID, _ what: String) throws -> [ObjectID: EventCache.Entry] {
            let history = try HistoryScanner(repository: repo).scan(from: head)
            let entries = EventCache(gitDir: repo.gitDir).entries
            // Every single-parent commit walked has an entry; each ledger one holds its events.
            let single = try repo.walk(from: head).filter { try repo.commit($0).parents.count <= 1 }
            XCTAssertEqual(Set(entries.keys), Set(single), what)
            for ce in history where ce.commit.parents.count <= 1 {
                let kept = try XCTUnwrap(entries[ce.commit.id] ?? nil, what).map { $0.event(of: ce.commit) }
                XCTAssertEqual(kept.map(HistoryEventCacheTests.line), ce.events.map(HistoryEventCacheTests.line), what)
            }
            // `events-v1` alone: the single-parent commits the tip's history leaves out, none it holds.
            let inTip = Set(history.filter { $0.commit.parents.count <= 1 }.map(\.commit.id))
            XCTAssertEqual(try Self.inEventsFile(kpi), Set(single).subtracting(inTip), what)
            return entries
        }
        try? FileManager.default.removeItem(atPath: kpi)
        let cold = try check(readme, "cold")
        XCTAssertEqual(try Self.inEventsFile(kpi), [readme], "only the README commit: no ledger file changed")
        XCTAssertTrue(cold.values.contains { $0?.contains { $0.kind == .moved } == true }, "a move")
        XCTAssertTrue(commits.count > 20)

        let next = try repo.commitFiles(["goals/2026-Q3/al.yaml": Array("subject: al\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 7\n    weight: 50\n".utf8)],
                                        message: "after", author: sig, committer: sig)
        let warm = try check(next, "after a new commit")
        XCTAssertEqual(warm.count, cold.count + 1)
        XCTAssertEqual(try Self.lines(warm, repo).filter { $0.key != next.hex }, try Self.lines(cold, repo))

        // A full scan of an older tip: its `tip-v1` holds fewer commits, and `events-v1` keeps the
        // entries of the newer ones, read from the `tip-v1` it replaces.
        let older = try XCTUnwrap(commits.dropLast(3).last)
        let history = try HistoryScanner(repository: repo).scan(from: older)
        XCTAssertLessThan(history.count, warm.count)
        let entries = EventCache(gitDir: repo.gitDir).entries
        XCTAssertEqual(try Self.lines(entries, repo), try Self.lines(warm, repo), "an older tip's scan")
        let olderTip = Set(history.filter { $0.commit.parents.count <= 1 }.map(\.commit.id))
        XCTAssertEqual(try Self.inEventsFile(kpi), Set(warm.keys).subtracting(olderTip))
    }

    /// The events a scan learns are kept as the scan gave them (`EventCache.learnt`, no copy of
    /// each event) and encoded only when written: a scan `since` a commit writes no `tip-v1`, so
    /// every entry it learnt is encoded from its `LedgerEvent`s into `events-v1`, beside the
    /// entries read from it, and none that the `tip-v1` there holds. Read back with that
    /// `tip-v1`, every commit's entry is the one a full cold scan gives.
    func testEventsLearntAreWrittenBesideTheTipFile() throws {
        let (repo, dir, _) = try HistorySubjectScanTests.makeRepository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let kpi = repo.gitDir + "kpi/"
        let head = try XCTUnwrap(try repo.headCommit())
        let walked = try repo.walk(from: head, reverse: true)
        XCTAssertGreaterThan(walked.count, 10)
        let middle = walked[walked.count / 2]
        try? FileManager.default.removeItem(atPath: kpi)
        let full = try HistoryScanner(repository: repo).scan(from: head)
        let whole = try Self.lines(EventCache(gitDir: repo.gitDir).entries, repo)

        try FileManager.default.removeItem(atPath: kpi)
        let below = try HistoryScanner(repository: repo).scan(from: middle)
        let tipFile = try XCTUnwrap(FileManager.default.contents(atPath: kpi + "tip-v1"))
        let later = try HistoryScanner(repository: repo).scan(from: head, since: middle)
        XCTAssertEqual(FileManager.default.contents(atPath: kpi + "tip-v1"), tipFile, "a scan since a commit keeps no whole history")
        XCTAssertFalse(later.isEmpty)
        XCTAssertEqual(try Self.lines(EventCache(gitDir: repo.gitDir).entries, repo), whole, "read and learnt entries, written")
        let middleTip = Set(below.filter { $0.commit.parents.count <= 1 }.map(\.commit.id))
        XCTAssertTrue(try Self.inEventsFile(kpi).isDisjoint(with: middleTip), "none the tip file holds")
        XCTAssertTrue(try Self.inEventsFile(kpi).isSuperset(of: later.filter { $0.commit.parents.count <= 1 }.map(\.commit.id)), "every one learnt")
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
