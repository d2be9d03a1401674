import XCTest
import LedgerFormat

/// Items on lines of their own, with the comment lines right above them: what a merge copies
/// from one side and where it inserts into the other.
final class ItemLinesTests: XCTestCase {
    static let text = """
    records:
      - date: 2026-07-01
        value: 40%

      # from the July export
      # (checked by bob)
      - date: 2026-07-31
        value: 42%
    """ + "\n"

    func items() throws -> (LedgerDocument, NodeID, [NodeID]) {
        let doc = try LedgerParser.parse(Array(Self.text.utf8), path: "r.yaml")
        let list = doc.value(forKey: "records", in: doc.root!)!
        return (doc, list, doc.items(list))
    }

    func testAnItemComesWithTheCommentLinesRightAboveIt() throws {
        let (doc, _, items) = try items()
        XCTAssertEqual(doc.itemColumn(items[1]), 2)
        XCTAssertEqual(doc.itemWithLeadingComments(items[1]).map { String(decoding: $0, as: UTF8.self) },
                       "  # from the July export\n  # (checked by bob)\n  - date: 2026-07-31\n    value: 42%\n")
        // The blank line keeps the comments off the first item.
        XCTAssertEqual(doc.itemWithLeadingComments(items[0]).map { String(decoding: $0, as: UTF8.self) },
                       "  - date: 2026-07-01\n    value: 40%\n")
    }

    func testInsertingBeforeAnItemGoesAboveItsComments() throws {
        let (doc, _, items) = try items()
        let edit = try XCTUnwrap(doc.insertLines(Array("  - x\n".utf8), before: items[1]))
        XCTAssertEqual(String(decoding: doc.applying([edit]), as: UTF8.self),
                       Self.text.replacingOccurrences(of: "  # from the July", with: "  - x\n  # from the July"))
    }

    func testInsertingAfterTheLastItemAddsALineBreakWhereTheFileHasNone() throws {
        let doc = try LedgerParser.parse(Array("list:\n  - a".utf8), path: "l.yaml")
        let list = doc.value(forKey: "list", in: doc.root!)!
        let edit = doc.insertLines(doc.itemText(.scalar("b"), column: 2), afterLastItemOf: list)
        XCTAssertEqual(String(decoding: doc.applying([edit]), as: UTF8.self), "list:\n  - a\n  - b\n")
    }

    func testTheItemTextUsesTheFilesLineEnds() throws {
        let doc = try LedgerParser.parse(Array("list:\r\n  - a\r\n".utf8), path: "l.yaml")
        XCTAssertEqual(String(decoding: doc.itemText(.mapping([YAMLPair("k", .scalar("v")), YAMLPair("note", .scalar("1"))]), column: 0), as: UTF8.self),
                       "- k: v\r\n  note: \"1\"\r\n")
    }
}
