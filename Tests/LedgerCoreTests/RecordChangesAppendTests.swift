import XCTest
@testable import LedgerCore

/// `SemanticDiff.unmatched` takes a short cut when records were only appended; it must give what
/// matching every record gives, and the full matching must still run for every other change.
final class RecordChangesAppendTests: XCTestCase {
    func fact(_ k: Int, note: String? = nil) -> FileFacts.RecordFact {
        FileFacts.RecordFact(date: "2026-0\(1 + k % 9)-01", metric: "m\(k % 3)", value: "\(k % 4)", source: nil, note: note)
    }

    func render(_ r: (added: [(index: Int, fact: FileFacts.RecordFact)], gone: [FileFacts.RecordFact])) -> String {
        "added " + r.added.map { "\($0.index):\($0.fact.text)" }.joined(separator: ", ") + " gone " + r.gone.map(\.text).joined(separator: ", ")
    }

    func testAppendedRecordsGiveWhatMatchingGives() {
        // Values repeat (k % 4, k % 3): equal records in both parts, the case where order could slip.
        for oldCount in [0, 1, 5, 12] {
            for more in [0, 1, 3, 9] {
                let o = (0..<oldCount).map { fact($0 % 7) }
                let n = o + (0..<more).map { fact(($0 * 5) % 7) }
                XCTAssertEqual(render(SemanticDiff.unmatched(o, n)), render(SemanticDiff.matched(o, n)), "\(oldCount) + \(more)")
                XCTAssertEqual(SemanticDiff.unmatched(o, n).added.map(\.index), Array(oldCount..<(oldCount + more)))
            }
        }
    }

    /// `startsWith` compares the records where they stand: a difference in any field of any old
    /// record, at any place, is no prefix.
    func testAPrefixIsEveryFieldOfEveryRecordEqual() {
        let o = (0..<6).map { fact($0) }
        XCTAssertTrue(SemanticDiff.startsWith(o + [fact(9)], o))
        XCTAssertTrue(SemanticDiff.startsWith(o, o))
        XCTAssertTrue(SemanticDiff.startsWith(o, []))
        XCTAssertFalse(SemanticDiff.startsWith(Array(o.dropLast()), o))
        for i in o.indices {
            for change in 0..<6 {
                var n = o + [fact(7)]
                switch change {
                case 0: n[i].date += "x"
                case 1: n[i].metric += "x"
                case 2: n[i].value += "x"
                case 3: n[i].source = "x"
                case 4: n[i].note = "x"
                default: n[i].corrects = "2026-01-01"
                }
                XCTAssertFalse(SemanticDiff.startsWith(n, o), "record \(i), field \(change)")
                XCTAssertEqual(render(SemanticDiff.unmatched(o, n)), render(SemanticDiff.matched(o, n)))
            }
        }
    }

    func testOtherChangesStillMatchRecordByRecord() {
        let o = [fact(0), fact(1), fact(0), fact(2)]
        // A deleted duplicate: the first equal record is the one reported gone, in the old order.
        let deleted = SemanticDiff.unmatched([fact(0), fact(1), fact(0)], [fact(0)])
        XCTAssertEqual(deleted.gone.map(\.text), [fact(0).text, fact(1).text])
        XCTAssertEqual(render(SemanticDiff.unmatched(o, [fact(1), fact(0), fact(2), fact(5)])),
                       "added 3:\(fact(5).text) gone \(fact(0).text)")
        // The same records and a changed note: the edited one is both gone and added.
        let edited = SemanticDiff.unmatched(o, [fact(0), fact(1, note: "x"), fact(0), fact(2)])
        XCTAssertEqual(edited.added.map(\.index), [1])
        XCTAssertEqual(edited.gone, [fact(1)])
    }
}
