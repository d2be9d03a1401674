import Foundation
import GitStore
import XCTest
@testable import LedgerCore

/// A cold scan reads and parses changed files on other threads first (`FactsPrefetch`) and
/// writes its caches on several threads: the events and the cache files are exactly those of a
/// scan on one thread, with any number of workers, and a blob that cannot be read fails the scan
/// as it did (no worker left waiting). Caches written after the scan returns are the same files.
final class FactsPrefetchTests: XCTestCase {
    static let caches = ["changes-v1", "events-v1", "tip-v1", "subjects-v1"]

    func makeRepository() throws -> (Repository, String) {
        let dir = NSTemporaryDirectory() + "kpi-prefetch-\(UUID().uuidString)"
        let repo = try Repository.create(at: dir)
        var time: Int64 = 1_780_000_000
        func commit(_ files: [String: String?], _ message: String) throws {
            time += 3600
            let sig = Signature(name: "A", email: "a@example.com", time: time, offsetMinutes: 60)
            try repo.commitFiles(files.mapValues { $0.map { Array($0.utf8) } }, message: message, author: sig, committer: sig)
        }
        let goals = { (t: Int) in "subject: al\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: \(t)\n" }
        let records = { (v: Int) in "subject: bo\nquarter: 2026-Q3\nrecords:\n  - date: 2026-07-01\n    metric: nps\n    value: \(v)\n" }
        var first: [String: String?] = ["people/al.yaml": "id: al\nname: Al\n", "people/bo.yaml": "id: bo\nname: Bo\n"]
        for i in 0..<40 { first["goals/2026-Q3/p\(i).yaml"] = "subject: p\(i)\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: \(i)\n" }
        // The same bytes as a goals file and as a records file: facts differ by kind.
        first["goals/2026-Q3/same.yaml"] = "{}\n"
        first["records/2026-Q3/same.yaml"] = "{}\n"
        try commit(first, "one")
        for i in 0..<30 {
            try commit(["goals/2026-Q3/al.yaml": goals(i), "records/2026-Q3/bo.yaml": records(i % 7)], "step \(i)")
        }
        try commit(["goals/2026-Q3/al.yaml": "goals: [broken\n"], "broken")
        try commit(["goals/2026-Q3/al.yaml": goals(99)], "mended")
        try commit(["goals/2026-Q3/p1.yaml": nil, "goals/2026-Q3/p1-moved.yaml": "subject: p1\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 1\n"], "moved")
        try commit(["records/2026-Q3/bo.yaml": nil, "goals/2026-Q3/same.yaml": records(3)], "removed")
        return (repo, dir)
    }

    func scan(_ repo: Repository, workers: Int?) throws -> (String, [String: Data]) {
        try? FileManager.default.removeItem(atPath: repo.gitDir + "kpi")
        let scanner = HistoryScanner(repository: repo)
        scanner.prefetchWorkers = workers
        let history = try scanner.scan(from: try XCTUnwrap(try repo.headCommit()))
        let files = Dictionary(uniqueKeysWithValues: Self.caches.map { ($0, FileManager.default.contents(atPath: repo.gitDir + "kpi/" + $0) ?? Data()) })
        return (Self.dump(history), files)
    }

    static func dump(_ history: [CommitEvents]) -> String {
        history.map { ce in ([ce.commit.id.hex, ce.ledgerParent?.hex ?? "-"] + ce.events.map(TipCacheTests.line)).joined(separator: "\n") }
            .joined(separator: "\n\n")
    }

    func testSameEventsAndCacheFilesWithAnyNumberOfWorkers() throws {
        let (repo, dir) = try makeRepository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (reference, referenceFiles) = try scan(repo, workers: nil)
        XCTAssertTrue(reference.contains("|target|29|99|"), "the mended file is measured against the last version that loaded")
        XCTAssertTrue(reference.contains("|moved|"))
        for name in Self.caches { XCTAssertFalse(referenceFiles[name]!.isEmpty, name) }
        for workers in [0, 1, 3] {
            let (events, files) = try scan(repo, workers: workers)
            XCTAssertEqual(events, reference, "\(workers) workers")
            for name in Self.caches { XCTAssertEqual(files[name], referenceFiles[name], "\(name), \(workers) workers") }
        }
    }

    /// A scan that returns before its caches are written (the audit runs its rules and renders
    /// meanwhile): the files are those a waiting scan writes once `finishWritingCaches` returns,
    /// and a scanner that goes away first still finishes them, by the time `CacheWrites.wait`
    /// returns (as the process does before it exits); no temporary file is left behind.
    func testCachesWrittenAfterTheScanReturnsAreTheSame() throws {
        let (repo, dir) = try makeRepository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let head = try XCTUnwrap(try repo.headCommit())
        let (reference, referenceFiles) = try scan(repo, workers: 1)
        func files() -> [String: Data] {
            Dictionary(uniqueKeysWithValues: Self.caches.map { ($0, FileManager.default.contents(atPath: repo.gitDir + "kpi/" + $0) ?? Data()) })
        }
        try FileManager.default.removeItem(atPath: repo.gitDir + "kpi")
        let scanner = HistoryScanner(repository: repo)
        let history = try scanner.scan(from: head, waitForCaches: false)
        scanner.finishWritingCaches()
        XCTAssertEqual(files(), referenceFiles)
        XCTAssertEqual(Self.dump(history), reference)
        try FileManager.default.removeItem(atPath: repo.gitDir + "kpi")
        _ = try HistoryScanner(repository: repo).scan(from: head, waitForCaches: false)
        CacheWrites.wait()
        XCTAssertEqual(files(), referenceFiles, "written after the scanner went away")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: repo.gitDir + "kpi").sorted(), Self.caches.sorted())
    }

    /// A tree that cannot be read fails the first pass after blobs were handed out: the scan
    /// throws (the workers are stopped and waited for, or this test would not end).
    func testATreeThatCannotBeReadFailsTheScanWithAnyNumberOfWorkers() throws {
        let (writer, dir) = try makeRepository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let folder = try XCTUnwrap(try writer.entry(at: "goals", in: try writer.commit(try writer.resolve("HEAD~5")).tree)).id
        try FileManager.default.removeItem(atPath: writer.gitDir + "objects/" + String(folder.hex.prefix(2)) + "/" + String(folder.hex.dropFirst(2)))
        // Opened again: the repository that wrote the commits keeps small trees in memory.
        let repo = try Repository(path: dir)
        for workers in [nil, 0, 1, 3] {
            try? FileManager.default.removeItem(atPath: repo.gitDir + "kpi")
            let scanner = HistoryScanner(repository: repo)
            scanner.prefetchWorkers = workers
            XCTAssertThrowsError(try scanner.scan(from: try XCTUnwrap(try repo.headCommit())), "\(String(describing: workers)) workers") { error in
                XCTAssertTrue("\(error)".contains(folder.short), "\(error)")
            }
        }
        // What was handed out and not yet taken is dropped by a cancel (no worker here to take it).
        let blob = try XCTUnwrap(try repo.entry(at: "goals/2026-Q3/al.yaml", in: try repo.commit(try XCTUnwrap(try repo.headCommit())).tree)).id
        let kept = FactsPrefetch(gitDir: repo.gitDir, workers: 0)
        kept.add(blob, path: "goals/2026-Q3/al.yaml", kind: .goals)
        XCTAssertEqual(kept.finish(helping: repo).count, 1)
        let cancelled = FactsPrefetch(gitDir: repo.gitDir, workers: 0)
        cancelled.add(blob, path: "goals/2026-Q3/al.yaml", kind: .goals)
        cancelled.cancel()
        XCTAssertTrue(cancelled.finish(helping: repo).isEmpty, "nothing handed out before a cancel is read after it")
    }

    func testABlobThatCannotBeReadFailsTheScanWithAnyNumberOfWorkers() throws {
        let (repo, dir) = try makeRepository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // bo's records file as the tenth step wrote it: a loose object, removed.
        let tree = try XCTUnwrap(try repo.commit(try repo.resolve("HEAD~10")).tree)
        let blob = try XCTUnwrap(try repo.entry(at: "records/2026-Q3/bo.yaml", in: tree)).id
        let path = repo.gitDir + "objects/" + String(blob.hex.prefix(2)) + "/" + String(blob.hex.dropFirst(2))
        try FileManager.default.removeItem(atPath: path)
        for workers in [nil, 0, 1, 3] {
            try? FileManager.default.removeItem(atPath: repo.gitDir + "kpi")
            let scanner = HistoryScanner(repository: repo)
            scanner.prefetchWorkers = workers
            XCTAssertThrowsError(try scanner.scan(from: try XCTUnwrap(try repo.headCommit())), "\(String(describing: workers)) workers") { error in
                XCTAssertTrue("\(error)".contains(blob.short), "\(error)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: repo.gitDir + "kpi/tip-v1"), "no tip cache for a failed scan")
        }
    }
}
