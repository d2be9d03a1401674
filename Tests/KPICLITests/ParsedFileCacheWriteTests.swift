import Foundation
import XCTest

/// The parsed-file cache is held and written a piece at a time (docs/architecture.md, "The
/// caches"): the entries a first run adds are copied into blocks of 1 MiB, past 8 MiB moved
/// out to a file of their own, and the cache file is written from them in pieces with its
/// seal worked out as it goes. Checked here on the file's bytes: the layout `kpi-files 3`,
/// entry count, (key, length, bytes) per entry, the seal of the rest (FNV-1a over 8-byte
/// little-endian words, then the bytes left, worked out here word by word as the oracle), with
/// entries beside, across and larger than a block, and a warm run that finds every entry (the
/// file is not written again) and prints the same.
final class ParsedFileCacheWriteTests: XCTestCase {
    func testAFileOfManyBlocksIsWholeAndFoundAgain() throws {
        let s = try Sandbox()
        try GeneratedLedger.make(in: s)
        // Records files whose entries are each larger than a block (about 25 bytes a record),
        // more than the 8 MiB held in all: the later blocks are moved out to a file and read back.
        for p in 0..<7 {
            var big = "subject: \(GeneratedLedger.id(p))\nquarter: 2026-Q2\nrecords:\n"
            for k in 0..<50_000 {
                big += "  - date: 2026-05-\(10 + k % 19)\n    metric: nps\n    value: \(1 + k % 9)\n    source: survey \(k)\n"
            }
            try s.write("records/2026-Q2/\(GeneratedLedger.id(p)).yaml", big)
        }
        // And many small ones beside it, so the entries fill more than one block.
        for p in 40..<400 {
            let id = GeneratedLedger.id(p)
            try s.write("people/\(id).yaml", "name: Person \(p)\nemail: \(id)@example.com\n")
            try s.write("records/2026-Q1/\(id).yaml", "subject: \(id)\nquarter: 2026-Q1\nrecords:\n"
                        + (0..<100).map { "  - date: 2026-02-\(10 + $0 % 18)\n    metric: nps\n    value: \($0 % 9 + 1)\n    source: note number \($0) of \(id)\n" }.joined())
        }
        try GeneratedLedger.commit(s, "2026-06-17T09:00:00+08:00", "a large records file and many small ones")
        let cache = s.ledger + "/.git/kpi/files-v1"
        try? FileManager.default.removeItem(atPath: cache)
        let env = ["KPI_NO_REPORT_CACHE": "1", "GIT_AUTHOR_DATE": "2026-06-20T10:00:00+08:00"]
        let score = [Sandbox.kpiBinary.path, "-C", s.ledger, "score", "--year", "2026", "--format", "json"]
        let cold = try s.run(score[0], Array(score.dropFirst()), env: env)

        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cache)))
        let magic = Array("kpi-files 3\n".utf8)
        XCTAssertEqual(Array(bytes.prefix(magic.count)), magic)
        var at = magic.count
        func u32() -> Int {
            defer { at += 4 }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        let count = u32()
        var keys: Set<[UInt8]> = [], largest = 0
        for _ in 0..<count {
            keys.insert(Array(bytes[at..<(at + 20)]))
            at += 20
            let n = u32()
            largest = max(largest, n)
            at += n
        }
        XCTAssertEqual(at + 8, bytes.count, "entries, then the seal and nothing more")
        XCTAssertEqual(keys.count, count, "each key once")
        // At least the files written above (a person and a records file each, and the large ones).
        XCTAssertGreaterThan(count, 2 * 360)
        XCTAssertGreaterThan(largest, 1 << 20, "an entry larger than a block")
        XCTAssertGreaterThan(at, 9 << 20, "more than is held in memory")
        var h: UInt64 = 0xcbf29ce484222325, i = 0
        while i + 8 <= at {
            var word: UInt64 = 0
            for k in 0..<8 { word |= UInt64(bytes[i + k]) << UInt64(8 * k) }
            h = (h ^ word) &* 0x100000001b3
            i += 8
        }
        for k in i..<at { h = (h ^ UInt64(bytes[k])) &* 0x100000001b3 }
        var trailer: UInt64 = 0
        for k in 0..<8 { trailer |= UInt64(bytes[at + k]) << UInt64(8 * k) }
        XCTAssertEqual(trailer, h, "ends in the seal of the rest")

        // A warm run finds every entry: the file is not written again, and the output is the same.
        var before = stat()
        XCTAssertEqual(stat(cache, &before), 0)
        let warm = try s.run(score[0], Array(score.dropFirst()), env: env)
        var after = stat()
        XCTAssertEqual(stat(cache, &after), 0)
        XCTAssertEqual(before.st_ino, after.st_ino, "the cache file was written again: an entry was not found")
        XCTAssertEqual(warm.status, cold.status)
        XCTAssertEqual(warm.stdout, cold.stdout)
        XCTAssertEqual(warm.stderr, cold.stderr)
        XCTAssertTrue(cold.stdout.contains("\"p03\""), cold.stdout.prefix(300).description)
        // The file the blocks were moved to is gone (unlinked as soon as it was opened).
        let left = try FileManager.default.contentsOfDirectory(atPath: s.ledger + "/.git/kpi").filter { $0.contains("spill") || $0.contains("tmp") }
        XCTAssertEqual(left, [])

        // Loaded a quarter at a time (its entries kept to be read back, the file written on a
        // thread of its own beside the scoring): the same entries (noted organisation first, then
        // quarter after quarter), found whole by the next run.
        try FileManager.default.removeItem(atPath: cache)
        var byQuarter = env
        byQuarter["KPI_MANY_FILES"] = "1"
        let first = try s.run(score[0], Array(score.dropFirst()), env: byQuarter)
        XCTAssertEqual(first.stdout, cold.stdout)
        XCTAssertEqual(first.stderr, cold.stderr)
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: cache)[.size] as? Int), bytes.count, "the same entries")
        XCTAssertEqual(stat(cache, &before), 0)
        let again = try s.run(score[0], Array(score.dropFirst()), env: byQuarter)
        XCTAssertEqual(stat(cache, &after), 0)
        XCTAssertEqual(before.st_ino, after.st_ino, "every entry found")
        XCTAssertEqual(again.stdout, cold.stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: s.ledger + "/.git/kpi").filter { $0.contains("spill") || $0.contains("tmp") }, [])
    }
}
