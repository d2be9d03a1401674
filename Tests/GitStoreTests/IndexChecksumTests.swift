import Foundation
import XCTest
@testable import GitStore

/// The index this process wrote is checksummed again only from its first changed block
/// (`IndexFile.checkpoints`): whatever entry an edit changes — the first, one in the middle, the
/// last, one that grows or shrinks the file, one added or removed — the checksum is the SHA-1
/// of the whole file, as an index read from disk (no kept states) computes it and git checks it.
final class IndexChecksumTests: XCTestCase {
    func testAnIndexWrittenAgainHasTheChecksumOfItsWholeBytes() throws {
        let dir = TestEnv.tempDir("indexsum")
        try git(["init", "-q", "-b", "main"], in: dir)
        // 400 files: an index of ~40 KB, ten checkpoints.
        for i in 0..<400 { try writeFile(dir + "/records/2026-Q3/p\(String(format: "%04d", i)).yaml", "value: \(i)\n") }
        try writeFile(dir + "/ledger.yaml", "name: x\n")
        try git(["add", "-A"], in: dir)
        try git(["commit", "-q", "-m", "init"], in: dir)
        let blob = try Repository(path: dir).hash(bytes("changed\n"))
        let read = try XCTUnwrap(IndexFile(Array(FileManager.default.contents(atPath: dir + "/.git/index")!)))
        var written = read.written()
        XCTAssertEqual(written.original, read.bytes(), "nothing changed: the same bytes")
        let edits: [(String, (inout IndexFile) -> Void)] = [
            ("the last entry", { $0.put("records/2026-Q3/p0399.yaml", IndexFile.entry(path: "records/2026-Q3/p0399.yaml", blob: blob, mode: 0o100644, stat: nil)) }),
            ("an entry in the middle", { $0.put("records/2026-Q3/p0200.yaml", IndexFile.entry(path: "records/2026-Q3/p0200.yaml", blob: blob, mode: 0o100755, stat: nil)) }),
            ("the first entry", { $0.put("ledger.yaml", IndexFile.entry(path: "ledger.yaml", blob: blob, mode: 0o100644, stat: nil)) }),
            ("a longer path added in the middle", { $0.put("records/2026-Q3/p0200-and-a-much-longer-name.yaml", IndexFile.entry(path: "records/2026-Q3/p0200-and-a-much-longer-name.yaml", blob: blob, mode: 0o100644, stat: nil)) }),
            ("an entry removed near the end", { $0.remove("records/2026-Q3/p0390.yaml") }),
            ("the same edit again", { $0.put("records/2026-Q3/p0399.yaml", IndexFile.entry(path: "records/2026-Q3/p0399.yaml", blob: blob, mode: 0o100644, stat: nil)) }),
        ]
        for (what, edit) in edits {
            var kept = written, fresh = try XCTUnwrap(IndexFile(written.original))   // with and without kept states
            edit(&kept)
            edit(&fresh)
            let next = kept.written()
            XCTAssertEqual(next.original, fresh.written().original, what)
            let body = next.original.dropLast(20)
            XCTAssertEqual(Array(next.original.suffix(20)), IndexFile.sha1(body), what)
            XCTAssertNotNil(IndexFile(next.original), what)
            written = next
        }
        // git reads the last one (it checks the checksum: "bad index file sha1 signature" otherwise).
        try Data(written.original).write(to: URL(fileURLWithPath: dir + "/.git/index"))
        let files = try git(["ls-files", "-s"], in: dir).out.split(separator: "\n")
        XCTAssertEqual(files.count, 401)
        XCTAssertTrue(files.contains { $0.hasPrefix("100755 \(blob.hex) 0\trecords/2026-Q3/p0200.yaml") })
        XCTAssertFalse(files.contains { $0.hasSuffix("p0390.yaml") })
    }
}
