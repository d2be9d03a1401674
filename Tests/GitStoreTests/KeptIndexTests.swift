import Foundation
import XCTest
@testable import GitStore

/// The index a repository object wrote, kept (`Repository.writtenIndex`): its next commit
/// edits it without reading its entries again only while `.git/index` still holds exactly those
/// bytes; an index git changed meanwhile is read again, so what git staged stays staged.
final class KeptIndexTests: XCTestCase {
    func testTheKeptIndexIsUsedOnlyWhileGitHasNotChangedIt() throws {
        let dir = TestEnv.tempDir("keptindex")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let repo = try Repository.create(at: dir)
        try writeFile(dir + "/notes.txt", "v1\n")
        try git(["add", "notes.txt"], in: dir)
        try git(["commit", "-q", "-m", "base"], in: dir)
        func record(_ i: Int) throws {
            try repo.commitFiles(["records/2026-Q3/alice.yaml": bytes("records:\n  - value: \(i)\n"), "goals/2026-Q3/alice.yaml": bytes("g \(i)\n")],
                                 message: "write \(i)", author: TestEnv.alice, committer: TestEnv.alice)
        }
        try record(1)
        let kept = try XCTUnwrap(repo.writtenIndex)
        XCTAssertEqual(kept.original, [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: dir + "/.git/index"))))
        try record(2)   // from the kept index
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "")
        XCTAssertEqual(try git(["diff-files", "--name-only"], in: dir).out, "")   // stat data as git would write them
        // git stages a change: the index differs from the kept one and is read again.
        try writeFile(dir + "/notes.txt", "v2 staged\n")
        try git(["add", "notes.txt"], in: dir)
        try record(3)
        XCTAssertEqual(try git(["diff", "--cached", "--name-only"], in: dir).out, "notes.txt\n")
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "M  notes.txt\n")
        try record(4)
        XCTAssertEqual(try git(["diff", "--cached", "--name-only"], in: dir).out, "notes.txt\n")
        XCTAssertEqual(try git(["ls-files", "--stage", "records/2026-Q3/alice.yaml"], in: dir).out,
                       "100644 \(try repo.hash(bytes("records:\n  - value: 4\n")).hex) 0\trecords/2026-Q3/alice.yaml\n")
        // The kept index, written out again by a fresh reading, gives the same bytes.
        let disk = [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: dir + "/.git/index")))
        XCTAssertEqual(try XCTUnwrap(IndexFile(disk)).bytes(), disk)
        XCTAssertEqual(try XCTUnwrap(repo.writtenIndex).bytes(), disk)
        try git(["fsck", "--strict"], in: dir)
    }
}
