import GitStore
import XCTest
@testable import LedgerCore

/// A finding's message built as bytes (`AuditMessage`) reads exactly as the same literal
/// interpolated into a `String`: every kind of piece the rules write (strings with any UTF-8,
/// numbers, quarters, days, weights, a message within a message, an empty piece).
final class AuditMessageTests: XCTestCase {
    func testEveryKindOfPieceReadsAsAStringInterpolationWritesIt() throws {
        let who = "Zoë 陈 <zoe@例え.jp>", empty = "", old: String? = nil, new: String? = "45% → 50万"
        let q = try XCTUnwrap(Quarter("2026-Q3")), day = try XCTUnwrap(Day("2026-07-01"))
        let weight = try LedgerValue.parseWeight("12.5").get()
        let big = Int.min, real = 0.1 + 0.2
        for n in [1, 3] {
            let inner: AuditMessage = "\(who) (\(n))"
            let message: AuditMessage = "\(who) changed \(empty)the \(old ?? "none") → \(new ?? "none") on \(day), after \(q) began; \(n) actual\(n == 1 ? "" : "s") \(big) \(real) \(weight) [\(inner)]"
            let string = "\(who) changed \(empty)the \(old ?? "none") → \(new ?? "none") on \(day), after \(q) began; \(n) actual\(n == 1 ? "" : "s") \(big) \(real) \(weight) [\("\(who) (\(n))")]"
            XCTAssertEqual(message.text, string)
            XCTAssertEqual(Array(message.text.utf8), Array(string.utf8))
        }
        let plain: AuditMessage = "no pieces at all: ✓"
        XCTAssertEqual(plain.text, "no pieces at all: ✓")
        let nothing: AuditMessage = ""
        XCTAssertEqual(nothing.text, "")
        // Many pieces past the capacity first reserved.
        var long = ""
        for i in 0..<200 { long += "piece \(i) · " }
        let grown: AuditMessage = "\(long)\(long)end"
        XCTAssertEqual(grown.text, long + long + "end")
    }
}
