import Foundation
import GitStore
import XCTest
@testable import LedgerCore

/// The events cache in `.git/kpi/` (`events-v1`, and the entries of `tip-v1`, which `events-v1`
/// does not repeat) changes speed only: cold, warm, corrupted, garbage and an older version's
/// file give the same events, field for field.
final class HistoryEventCacheTests: XCTestCase {
    func dump(_ repo: Repository) throws -> String {
        let head = try XCTUnwrap(try repo.headCommit())
        // The whole-tip cache would answer before the caches tested here (TipCacheTests covers
        // it): its file is made another tip's, as after a new commit, so only its entries serve.
        try Self.retip(repo.gitDir + "kpi/")
        return try HistoryScanner(repository: repo).scan(from: head).map { c in
            "C \(c.commit.id.hex) below \(c.ledgerParent?.hex ?? "-")\n" + c.events.map(Self.line).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// `tip-v1`, when there is one, sealed again as another tip's (twenty zero bytes for its
    /// tip); `subjects-v1` removed.
    static func retip(_ kpi: String) throws {
        try? FileManager.default.removeItem(atPath: kpi + "subjects-v1")
        let versionLine = Array((TipCache.version + "\n").utf8)
        guard var body = CacheFile.readSealed(kpi + "tip-v1", header: versionLine) else { return }
        body.replaceSubrange(versionLine.count..<(versionLine.count + 20), with: [UInt8](repeating: 0, count: 20))
        CacheFile.replaceSealed(kpi + "tip-v1", body: body)
        XCTAssertNotNil(TipCache.entries(at: kpi + "tip-v1"))
    }

    /// Every field of an event, on one line.
    static func line(_ e: LedgerEvent) -> String {
        [e.commit.hex, e.author.name, e.author.email, e.message, e.path, e.kind.rawValue, e.subject ?? "∅",
         e.quarter?.description ?? "∅", e.metric ?? "∅", e.field, e.old ?? "∅", e.new ?? "∅",
         e.recordChange?.rawValue ?? "∅", e.reason ?? "∅"].joined(separator: "|")
    }

    func testSameEventsColdWarmCorruptedAndOlderVersion() throws {
        let dir = NSTemporaryDirectory() + "kpi-event-cache-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let repo = try Repository.create(at: dir)
        let sig = Signature(name: "A", email: "a@example.com", time: 1_780_000_000, offsetMinutes: 120)
        func commit(_ files: [String: String?], _ message: String) throws {
            try repo.commitFiles(files.mapValues { $0.map { Array($0.utf8) } }, message: message, author: sig, committer: sig)
        }
        try commit(["goals/2026-Q3/al.yaml": "subject: al\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 30\n",
                    "people/al.yaml": "id: al\nname: Al\nemail: a@example.com\n"], "one")
        try commit(["goals/2026-Q3/al.yaml": "subject: al\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 25\n    weight: 2\n",
                    "records/2026-Q3/al.yaml": "subject: al\nquarter: 2026-Q3\nrecords:\n  - date: 2026-07-01\n    metric: nps\n    value: 3\n    note: \"two\\nlines é\"\n"],
                   "two")
        try commit(["records/2026-Q3/al.yaml": "subject: al\nquarter: 2026-Q3\nrecords:\n  - date: 2026-07-01\n    metric: nps\n    value: 4\n",
                    "people/al.yaml": "id: al\nname: \"Al\\nBo é\"\nemail: a@example.com\n"], "three")
        try commit(["NOTES.md": "not a ledger file\n"], "four")
        try commit(["goals/2026-Q3/al.yaml": nil, "goals/2026-Q3/bo.yaml": "subject: al\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 25\n    weight: 2\n"],
                   "five: moved")
        try commit(["records/2026-Q3/al.yaml": nil], "six")
        let cachePath = repo.gitDir + "kpi/events-v1"
        XCTAssertFalse(FileManager.default.fileExists(atPath: cachePath))
        let cold = try dump(repo)
        XCTAssertTrue(cold.contains("|moved|"), cold)
        XCTAssertTrue(cold.contains("Al\nBo é"), cold)
        XCTAssertFalse(cold.contains("four"), "a commit changing no ledger file is not the ledger's")
        XCTAssertTrue(FileManager.default.fileExists(atPath: cachePath), "the first walk writes the cache")
        let written = try XCTUnwrap(FileManager.default.contents(atPath: cachePath))
        XCTAssertEqual(EventCache.parse([UInt8](written))?.count, 1, "the non-ledger commit only: tip-v1 holds the others")
        XCTAssertEqual(EventCache(gitDir: repo.gitDir).entries.count, 6, "every single-parent commit, the non-ledger one included")
        XCTAssertEqual(try dump(repo), cold, "warm")
        // A warm walk reads the events only: with the changed-files cache gone and the blobs'
        // facts unreadable it still gives the same answer (the events come from the files).
        try FileManager.default.removeItem(atPath: repo.gitDir + "kpi/changes-v1")
        XCTAssertEqual(try dump(repo), cold, "warm without the change cache")
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.gitDir + "kpi/changes-v1"), "a warm walk compares no trees")

        // One byte changed anywhere fails the checksum: the file is ignored and rewritten.
        var bytes = [UInt8](written)
        bytes[bytes.count / 2] ^= 0x20
        XCTAssertNil(EventCache.parse(bytes))
        try Data(bytes).write(to: URL(fileURLWithPath: cachePath))
        XCTAssertEqual(try dump(repo), cold, "corrupted")
        XCTAssertEqual([UInt8](try XCTUnwrap(FileManager.default.contents(atPath: cachePath))), [UInt8](written), "rewritten as before")

        // A file cut short, garbage, and an empty file.
        for broken in [Array(written.prefix(written.count - 3)), Array("garbage".utf8), []] {
            try Data(broken).write(to: URL(fileURLWithPath: cachePath))
            XCTAssertNil(EventCache.parse(broken))
            XCTAssertEqual(try dump(repo), cold, "broken cache")
        }

        // An older version's file, well formed with a valid checksum but other events: ignored.
        let older = "kpi-events 0 facts-0 " + LedgerLayout.ledgerRoots.joined(separator: ",")
        var forged = Array(String(decoding: written, as: UTF8.self).replacingOccurrences(of: EventCache.version, with: older).utf8)
        forged.removeLast(22)  // the old "\nEND <checksum>\n"
        let body = Array(forged)
        forged += Array("\nEND \(CacheFile.hexSeal(body))\n".utf8)
        XCTAssertNil(EventCache.parse(forged))
        try Data(forged).write(to: URL(fileURLWithPath: cachePath))
        XCTAssertEqual(try dump(repo), cold, "older version")
        XCTAssertEqual([UInt8](try XCTUnwrap(FileManager.default.contents(atPath: cachePath))), [UInt8](written))

        // The tip file damaged (one byte changed, cut short): its entries are not read, every
        // commit's events are worked out again, and the events file written is the same.
        let tipPath = repo.gitDir + "kpi/tip-v1"
        let tipFile = [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: tipPath)))
        var flipped = tipFile
        flipped[flipped.count / 2] ^= 0x20
        for broken in [flipped, Array(tipFile.prefix(tipFile.count - 3))] {
            try FileManager.default.removeItem(atPath: repo.gitDir + "kpi/changes-v1")
            try Data(broken).write(to: URL(fileURLWithPath: tipPath))
            XCTAssertNil(TipCache.entries(at: tipPath))
            XCTAssertEqual(EventCache(gitDir: repo.gitDir).entries.count, 1, "the events file's entry only")
            XCTAssertEqual(try dump(repo), cold, "damaged tip file")
            XCTAssertTrue(FileManager.default.fileExists(atPath: repo.gitDir + "kpi/changes-v1"), "the trees compared again")
            XCTAssertEqual([UInt8](try XCTUnwrap(FileManager.default.contents(atPath: cachePath))), [UInt8](written))
        }
    }
}
