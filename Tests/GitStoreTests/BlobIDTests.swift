import Foundation
import XCTest
@testable import GitStore

/// `IndexStat.blobID(of:)` writes the header's digits itself (`blob <size>\0`): every size of a
/// new number of digits, and the sizes around them, against git's own `hash-object`.
final class BlobIDTests: XCTestCase {
    func testBlobIDsAreGitsForEverySizeOfHeader() throws {
        let dir = TestEnv.tempDir("blobid")
        var sizes = [0, 1, 2, 9, 55, 56, 63, 64, 65, 119, 120, 700]
        var power = 10
        while power <= 1_000_000 {
            sizes += [power - 1, power, power + 1]
            power *= 10
        }
        var names: [String] = []
        var expected: [ObjectID] = []
        for size in sizes {
            // Bytes of every value, NULs and line ends included.
            let content = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ size) }
            let name = "f\(size)"
            try Data(content).write(to: URL(fileURLWithPath: dir + "/" + name))
            names.append(name)
            expected.append(IndexStat.blobID(of: content))
        }
        let ids = try git(["hash-object", "--no-filters"] + names, in: dir).out.split(separator: "\n").map(String.init)
        XCTAssertEqual(ids.count, sizes.count)
        for (k, size) in sizes.enumerated() {
            XCTAssertEqual(expected[k].hex, ids[k], "a blob of \(size) bytes")
            XCTAssertEqual(expected[k], Repository.blobID(of: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ size) }), "\(size) bytes, libgit2's")
        }
    }
}
