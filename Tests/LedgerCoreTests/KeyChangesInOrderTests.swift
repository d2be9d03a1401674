import XCTest
@testable import LedgerCore

/// `SemanticDiff.keyChanges` compares each value with the one at its place when both versions
/// list the same keys in the same order, none twice (`sameKeys`); it must give what pairing the
/// keys by name gives (`pairedByKey`), and every other pair of versions must still be paired by name.
final class KeyChangesInOrderTests: XCTestCase {
    func render(_ changes: [SemanticDiff.Change]) -> [String] {
        changes.map { "\($0.kind) \($0.field) \($0.old ?? "∅") → \($0.new ?? "∅")" }
    }

    func paired(_ ok: [(String, String)], _ nk: [(String, String)]) -> [String] {
        var out: [SemanticDiff.Change] = []
        SemanticDiff.pairedByKey(.review, ok, nk, into: &out)
        return render(out)
    }

    func changes(_ ok: [(String, String)], _ nk: [(String, String)]) -> [String] {
        render(SemanticDiff.keyChanges(.review, .keys(ok, admins: []), .keys(nk, admins: [])))
    }

    func testEveryPairOfVersionsGivesWhatPairingByKeyGives() {
        var rng = SystemRandomNumberGenerator()
        let names = ["subject", "quarter", "reviewer", "rating", "summary", "notes", "name", "email", "manager"]
        let values = ["A", "B", "p000001", "2026-Q3", "Strong quarter.", "", "é 值"]
        var inOrder = 0
        for round in 0..<3000 {
            let ok = names.shuffled(using: &rng).prefix(Int.random(in: 0...7, using: &rng)).map { ($0, values.randomElement(using: &rng)!) }
            var nk = ok
            switch round % 6 {
            case 0: break                                                                   // the same version
            case 1: if !nk.isEmpty { nk[Int.random(in: 0..<nk.count, using: &rng)].1 = values.randomElement(using: &rng)! }  // a value edited
            case 2: nk.shuffle(using: &rng)                                                 // reordered
            case 3: nk.append((names.randomElement(using: &rng)!, values.randomElement(using: &rng)!))  // added (maybe a key twice)
            case 4: if !nk.isEmpty { nk.remove(at: Int.random(in: 0..<nk.count, using: &rng)) }        // removed
            default: nk = nk.map { ($0.0, values.randomElement(using: &rng)!) }            // every value changed
            }
            if SemanticDiff.sameKeys(ok, nk) { inOrder += 1 }
            XCTAssertEqual(changes(ok, nk), paired(ok, nk), "round \(round): \(ok) → \(nk)")
        }
        XCTAssertGreaterThan(inOrder, 1000)
    }

    func testAKeyTwiceOrAReorderIsPairedByName() {
        let twice = [("rating", "A"), ("rating", "B")], once = [("rating", "C"), ("rating", "B")]
        XCTAssertFalse(SemanticDiff.sameKeys(twice, once))
        XCTAssertEqual(changes(twice, once), ["review rating A → C"])
        let ab = [("a", "1"), ("b", "2")], ba = [("b", "3"), ("a", "1")]
        XCTAssertFalse(SemanticDiff.sameKeys(ab, ba))
        XCTAssertEqual(changes(ab, ba), ["review b 2 → 3"])
        XCTAssertEqual(changes([("a", "1")], [("a", "2")]), ["review a 1 → 2"])
    }
}
