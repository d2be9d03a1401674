import Foundation
import XCTest
@testable import LedgerCore

/// `FileFacts.RecordFact.text` copies the date, metric and value into one string: it must be
/// what the interpolation `"\(date) \(metric) \(value)"` gives, for any UTF-8 (empty fields,
/// short strings kept inline and long ones on the heap, CJK, emoji, a NUL) and `text(beside:)` on it.
final class RecordFactTextTests: XCTestCase {
    func testTextIsTheInterpolationOfItsThreeFields() {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["", "2026-07-31", "retention", "45%", "50万", "1.2亿", "on_time_delivery", "é", "😀", "a b", "\u{0}",
                      String(repeating: "x", count: 15), String(repeating: "y", count: 16), String(repeating: "值", count: 40)]
        func field() -> String { (0..<Int.random(in: 0...3, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() }
        for _ in 0..<5000 {
            let r = FileFacts.RecordFact(date: field(), metric: field(), value: field(), source: nil, note: nil)
            let expected = "\(r.date) \(r.metric) \(r.value)"
            XCTAssertEqual(r.text, expected)
            XCTAssertEqual(Array(r.text.utf8), Array(expected.utf8))
        }
        // Substrings' bridged forms (not native UTF-8 storage) as fields.
        let wide = ("2026-07-31 nps 42" as NSString).components(separatedBy: " ")
        let r = FileFacts.RecordFact(date: wide[0], metric: wide[1], value: wide[2], source: "a", note: nil)
        XCTAssertEqual(r.text, "2026-07-31 nps 42")
        XCTAssertEqual(r.text(beside: FileFacts.RecordFact(date: "2026-07-31", metric: "nps", value: "42", source: "b", note: nil)),
                       "2026-07-31 nps 42 (source: a)")
    }
}
