import XCTest
@testable import LedgerFormat

/// `appendItems` writes many items with one edit, byte for byte what appending them one at a
/// time (re-parsing in between) writes.
final class AppendItemsTests: XCTestCase {
    func sequentially(_ text: String, key: String, _ items: [YAMLValue]) throws -> String {
        var bytes = Array(text.utf8)
        for item in items {
            let doc = try LedgerParser.parse(bytes, path: "x.yaml")
            bytes = doc.applying([doc.appendItem(to: doc.value(forKey: key, in: doc.root!)!, item)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func atOnce(_ text: String, key: String, _ items: [YAMLValue]) throws -> String {
        let doc = try LedgerParser.parse(Array(text.utf8), path: "x.yaml")
        return String(decoding: doc.applying([doc.appendItems(to: doc.value(forKey: key, in: doc.root!)!, items)]), as: UTF8.self)
    }

    func testManyItemsAtOnceEqualOneAtATime() throws {
        let items: [YAMLValue] = (0..<5).map { i in
            .map([("date", .scalar("2026-07-0\(i + 1)")), ("metric", .scalar("nps")), ("value", .scalar("\(40 + i)")),
                  ("note", .scalar(i == 2 ? "two\nlines\n" : "n: \(i)"))])
        }
        let files = [
            "subject: a\nrecords:\n  - date: 2026-07-01\n    value: 1\n    # about the first\nother: x\n",
            "records:\n- date: 2026-07-01\n  value: 1\n",                   // items at the key's column
            "records:\r\n  - value: 1\r\n",                                // CRLF
            "records:\n  - value: 1",                                      // no final line break
            "records:\n    - value: 1\n\n# trailing comment\n",             // deeper indentation, trailing comment
            "subject: a\nrecords:\n",                                      // empty value: the list is started
        ]
        for f in files {
            XCTAssertEqual(try atOnce(f, key: "records", items), try sequentially(f, key: "records", items), f.debugDescription)
            XCTAssertNoThrow(try LedgerParser.parse(Array(try atOnce(f, key: "records", items).utf8), path: "x.yaml"))
        }
    }
}
