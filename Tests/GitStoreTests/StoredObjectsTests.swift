import Foundation
import XCTest
@testable import GitStore

/// Loose objects that fit in one file-system block are written as a zlib stream of one stored
/// (uncompressed) block (`LooseObjectWriter.storedUpTo`): the file takes the block either way, and
/// git, libgit2 and `git fsck` read them as any other loose object. Larger ones are deflated.
final class StoredObjectsTests: XCTestCase {
    private func objectFile(_ dir: String, _ hex: String) -> [UInt8] {
        let hex = hex.trimmingCharacters(in: .whitespacesAndNewlines)
        return Array(FileManager.default.contents(atPath: dir + "/.git/objects/" + hex.prefix(2) + "/" + hex.dropFirst(2))!)
    }

    func testObjectsUpToABlockAreStoredAndLargerOnesDeflated() throws {
        let dir = TestEnv.tempDir("stored")
        let repo = try Repository.create(at: dir)
        // "blob 4075\0" + 4,075 bytes, in a stream with 2 + 5 + 4 bytes of framing: 4,096 bytes.
        let fits = String(repeating: "x", count: 4_075), over = String(repeating: "x", count: 4_076)
        let small = "records:\n  - date: 2026-07-01\n    metric: nps\n    value: 42\n"
        try repo.commitFiles(["fits.txt": bytes(fits), "over.txt": bytes(over), "small.yaml": bytes(small)],
                             message: "objects of three sizes", author: TestEnv.alice, committer: TestEnv.alice)
        for (path, content, stored) in [("fits.txt", fits, true), ("over.txt", over, false), ("small.yaml", small, true)] {
            let id = try git(["rev-parse", "HEAD:" + path], in: dir).out
            let file = objectFile(dir, id)
            XCTAssertEqual(Array(file.prefix(2)), [0x78, 0x01], path)
            // A stored block's type bits (after BFINAL) are 00; deflated ones are not.
            XCTAssertEqual((file[2] >> 1) & 3 == 0, stored, path)
            let n = "blob \(content.utf8.count)\0".utf8.count + content.utf8.count
            if stored {
                XCTAssertEqual(file.count, 2 + 5 + n + 4, path)
                XCTAssertEqual(Int(file[3]) | Int(file[4]) << 8, n, path)
                XCTAssertEqual(Int(file[5]) | Int(file[6]) << 8, n ^ 0xFFFF, path)
            } else {
                XCTAssertLessThan(file.count, 200, path)
            }
            XCTAssertEqual(try git(["cat-file", "-p", "HEAD:" + path], in: dir).out, content, path)
            XCTAssertEqual(try repo.blob(ObjectID(hex: id.trimmingCharacters(in: .whitespacesAndNewlines))!), bytes(content), path)
        }
        // The commit and its tree are small: stored too, and git reads the whole history.
        let commit = objectFile(dir, try git(["rev-parse", "HEAD"], in: dir).out)
        XCTAssertEqual((commit[2] >> 1) & 3, 0)
        XCTAssertEqual(try git(["log", "--format=%s"], in: dir).out, "objects of three sizes\n")
        try git(["fsck", "--strict", "--no-dangling"], in: dir)
        XCTAssertEqual(try git(["status", "--porcelain"], in: dir).out, "")
    }
}
