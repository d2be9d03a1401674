import Foundation
import GitStore
import XCTest
@testable import LedgerCore

/// A cold audit's load of the tip leaves the blobs it reads on a `BlobShelf` for the history scan
/// beside it (docs/architecture.md, "History"): the load puts each file's blob, the scan's facts
/// pass takes the ones it needs instead of reading them again, with the same events and cache
/// files as a scan that reads every blob itself; a blob is given once, and none is kept once
/// the shelf is closed or past its limit. (Tests of `FactsPrefetchTests`, whose history they use.)
extension FactsPrefetchTests {
    func testShelvedBlobsAreTakenByTheScanWithTheSameEvents() throws {
        let (repo, dir) = try makeRepository()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let head = try XCTUnwrap(try repo.headCommit())
        let (reference, referenceFiles) = try scan(repo, workers: 1)

        // The load of the tip puts every file it reads, by its blob id, with its bytes.
        let shelf = BlobShelf()
        let tree = try repo.commitTree(head)
        let ledger = try LedgerLoader.load(from: TreeSource(repository: repo, tree: tree, shelf: shelf))
        XCTAssertNotNil(ledger.goalSheets[SheetKey(subject: "al", quarter: try XCTUnwrap(Quarter("2026-Q3")))])
        let tip = try repo.files(in: tree)
        XCTAssertEqual(shelf.count, Set(tip.map(\.blob)).count)

        // The scan takes them: the same events and cache files as reading every blob itself.
        try? FileManager.default.removeItem(atPath: repo.gitDir + "kpi")
        let scanner = HistoryScanner(repository: repo)
        scanner.prefetchWorkers = 1
        scanner.shelf = shelf
        let history = try scanner.scan(from: head)
        XCTAssertEqual(FactsPrefetchTests.dump(history), reference)
        for name in FactsPrefetchTests.caches {
            XCTAssertEqual(FileManager.default.contents(atPath: repo.gitDir + "kpi/" + name), referenceFiles[name], name)
        }
        // Every version at the tip is one the history changed: each was taken, none is left.
        XCTAssertEqual(shelf.count, 0)
    }

    func testShelfGivesOnceAndKeepsNoneWhenClosedOrPastItsLimit() throws {
        let a = try XCTUnwrap(ObjectID(hex: String(repeating: "a", count: 40)))
        let b = try XCTUnwrap(ObjectID(hex: String(repeating: "b", count: 40)))
        let shelf = BlobShelf()
        shelf.put(a, [1, 2, 3])
        XCTAssertEqual(shelf.take(a), [1, 2, 3])
        XCTAssertNil(shelf.take(a))
        shelf.put(b, [UInt8](repeating: 7, count: BlobShelf.limit + 1))
        XCTAssertNil(shelf.take(b), "a blob past the limit is not kept")
        shelf.put(a, [4])
        shelf.close()
        XCTAssertNil(shelf.take(a))
        shelf.put(a, [5])
        XCTAssertNil(shelf.take(a), "nothing is kept once closed")
    }
}
