import XCTest
@testable import LedgerCore

/// `Identifier.isValid` (read over the id's bytes lent at once) says what the rule says: lower-case
/// ASCII letters, digits and `_`, a letter first, 1 to 64 bytes — checked against the rule
/// spelt out over generated texts of the bytes that matter (capitals, `-`, spaces, UTF-8, the
/// lengths about 64).
final class IdentifierTests: XCTestCase {
    func rule(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard let first = b.first, (0x61...0x7A).contains(first), b.count <= 64 else { return false }
        return b.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    func testEveryTextIsValidExactlyWhenTheRuleSaysSo() {
        var state: UInt64 = 0x1d_e471
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let pieces = ["a", "z", "q", "0", "9", "_", "A", "Z", "-", " ", ".", "é", "名", "\u{0}", "`", "{", "/", ":"]
        var valid = 0
        for _ in 0..<20_000 {
            let length = [0, 1, 2, 5, 12, 63, 64, 65, 70][next(9)]
            var s = ""
            for _ in 0..<length { s += next(4) == 0 ? pieces[next(pieces.count)] : pieces[next(3)] }
            if rule(s) { valid += 1 }
            XCTAssertEqual(Identifier.isValid(s), rule(s), s)
        }
        XCTAssertGreaterThan(valid, 1000)
        for s in ["alice", "p000123", "a_b9", String(repeating: "a", count: 64)] { XCTAssertTrue(Identifier.isValid(s), s) }
        for s in ["", "9a", "_a", "Alice", "a-b", "a b", "zoë", String(repeating: "a", count: 65)] { XCTAssertFalse(Identifier.isValid(s), s) }
    }
}
