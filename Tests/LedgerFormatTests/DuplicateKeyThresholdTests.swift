import XCTest
@testable import LedgerFormat

/// A mapping's repeated key is found by comparing it with each earlier key up to 16 keys, and
/// through a table of hashes beyond: around that threshold, every repeat is refused at its
/// place, however it is written, and keys that only look alike are not.
final class DuplicateKeyThresholdTests: XCTestCase {
    func testRepeatsAroundSixteenKeysAreRefusedAtTheirPlace() {
        for n in 14...19 {
            var t = ""
            for i in 0..<n { t += "key\(i): \(i)\n" }
            XCTAssertEqual(parse(t).map { $0.count($0.root!) }, n, "\(n) keys")
            _ = expectRefusal(t + "‸key0: again\n", "the key `key0` appears twice in the same block (first on line 1)", .invalidYAML)
            _ = expectRefusal(t + "‸key\(n - 1): again\n", "first on line \(n)", .invalidYAML)
            _ = expectRefusal(t + "‸'key3': quoted\n", "the key `key3` appears twice in the same block (first on line 4)", .invalidYAML)
            _ = expectRefusal(t + "‸\"key\\x31\": escaped\n", "the key `key1` appears twice in the same block (first on line 2)", .invalidYAML)
            // Keys alike in length or prefix, or only in another block, are different keys.
            let alike = t + "keyX: 1\nkey: 2\nkey00: 3\n'key 1': 4\nnested:\n  key0: 5\n"
            XCTAssertEqual(parse(alike).map { $0.count($0.root!) }, n + 5, "\(n) keys and their look-alikes")
        }
        // A quoted first key repeated plain, in a small mapping and in a large one.
        _ = expectRefusal("\"a\": 1\nb: 2\n‸a: 3\n", "the key `a` appears twice in the same block (first on line 1)", .invalidYAML)
        var large = "\"a\": 1\n"
        for i in 0..<30 { large += "k\(i): \(i)\n" }
        _ = expectRefusal(large + "‸a: again\n", "the key `a` appears twice in the same block (first on line 1)", .invalidYAML)
    }
}
