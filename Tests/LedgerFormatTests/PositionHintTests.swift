import XCTest
@testable import LedgerFormat

/// `position(_:hint:)` (a node's line found from the line of the node read before) gives the
/// position a search gives, whatever the hint: before, at, a few lines or far above the node,
/// or past the end; on LF and CRLF files, with blank lines, comments and multi-byte text.
final class PositionHintTests: XCTestCase {
    func testPositionFromAnyHintIsThePositionFoundBySearch() throws {
        var state: UInt64 = 42
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let values = ["45", "naïve café", "日本", "'quoted'", "\"dq\"", "x # c", ""]
        var checked = 0
        for _ in 0..<200 {
            let eol = next(3) == 0 ? "\r\n" : "\n"
            var lines = ["records:"]
            for _ in 0..<(1 + next(40)) {
                if next(4) == 0 { lines.append(["", "  # c", "#"][next(3)]) }
                lines.append("  - date: 2026-01-01")
                lines.append("    value: " + values[next(values.count)])
                if next(3) == 0 { lines.append("    text: |\n      one\n\n      two") }
            }
            let text = lines.joined(separator: eol) + eol
            let doc = try LedgerParser.parse(Array(text.utf8), path: "x.yaml")
            var hint = 0
            for n in 0..<Int32(doc.nodes.count) {
                if next(5) == 0 { hint = next(doc.lineStarts.count) }
                let p = doc.position(n, hint: &hint)
                XCTAssertEqual(p, doc.position(n))
                XCTAssertEqual(hint + 1, p.line)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 5_000)
    }
}
