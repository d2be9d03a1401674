import Foundation
import XCTest
@testable import GitStore

/// `IndexStat.SHA1AfterBlock` goes on from the state after one block (the parsed-file cache's
/// keys): the id of the block, a text, a 0 byte and a blob id must be the SHA-1 of those bytes
/// in a row, for prefixes that fill the block or not and texts that fit in the next block or
/// spill into a third, against coreutils' `sha1sum` as the oracle; and the state is reused, not
/// used up, from one id to the next.
final class SHA1AfterBlockTests: XCTestCase {
    func testIdsAreTheSHA1OfTheBlockTheTextAndTheId() throws {
        let dir = TestEnv.tempDir("sha1-after-block")
        let id = ObjectID(bytes: (0..<20).map { UInt8($0 &* 13 &+ 7) })!
        var cases: [(prefix: [UInt8], text: String)] = []
        for prefixCount in [0, 1, 20, 63, 64] {
            for text in ["", "a", "records/2026-Q1/p0001.yaml", String(repeating: "x", count: 34), String(repeating: "y", count: 35),
                         "teams/ünïcode-团队.yaml", String(repeating: "people/long/", count: 12)] {
                cases.append(((0..<prefixCount).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ prefixCount) }, text))
            }
        }
        for (k, c) in cases.enumerated() {
            let state = IndexStat.SHA1AfterBlock(block: c.prefix)
            var bytes = c.prefix + [UInt8](repeating: 0, count: 64 - c.prefix.count)
            bytes += Array(c.text.utf8) + [0] + id.bytes
            let file = dir + "/case\(k)"
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            let expected = try sha1sum(file)
            XCTAssertEqual(state.id(c.text, id).hex, expected, "prefix of \(c.prefix.count) bytes, text \(c.text)")
            // Again from the same state, and another text in between: the state is kept as it was.
            _ = state.id("another", id)
            XCTAssertEqual(state.id(c.text, id).hex, expected, "the state was used up")
        }
    }
}
