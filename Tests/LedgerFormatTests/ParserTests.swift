import XCTest
@testable import LedgerFormat

final class AcceptedTests: XCTestCase {
    func testRecordsFileShape() throws {
        let text = """
        # records/2026-Q3/alice.yaml
        subject: alice
        quarter: 2026-Q3
        records:
          - date: 2026-07-31
            metric: retention   # the KPI id
            value: 42%
            source: analytics export
            note: July cohort

          - date: 2026-08-31
            metric: revenue
            value: 50万
        """
        let doc = try XCTUnwrap(parse(text))
        let root = try XCTUnwrap(doc.root)
        XCTAssertEqual(doc.kind(root), .mapping)
        XCTAssertEqual(doc.count(root), 3)
        let recs = try XCTUnwrap(doc.value(forKey: "records", in: root))
        XCTAssertEqual(doc.kind(recs), .sequence)
        let items = doc.items(recs)
        XCTAssertEqual(items.count, 2)
        let m = try XCTUnwrap(doc.value(forKey: "metric", in: items[0]))
        XCTAssertEqual(doc.string(m), "retention")
        XCTAssertTrue(doc.scalarEquals(m, "retention"))
        XCTAssertFalse(doc.scalarEquals(m, "retentio"))
        XCTAssertEqual(doc.position(m), SourcePosition(line: 6, column: 13))
        XCTAssertEqual(doc.string(doc.value(forKey: "value", in: items[1])!), "50万")
        XCTAssertEqual(doc.position(items[1]), SourcePosition(line: 11, column: 5))
        XCTAssertEqual(doc.position(recs), SourcePosition(line: 5, column: 3))
        XCTAssertEqual(Array(doc.bytes[doc.span(m)]), Array("retention".utf8))
    }

    func testNoImplicitTyping() {
        XCTAssertEqual(data("a: no\nb: true\nc: 1,200\nd: ~\ne: null\nf: 0x1F\ng: 2026-07-31\n"),
                       .map([("a", S("no")), ("b", S("true")), ("c", S("1,200")), ("d", S("~")),
                             ("e", S("null")), ("f", S("0x1F")), ("g", S("2026-07-31"))]))
    }

    func testEmptyValuesAndValueOnNextLine() {
        XCTAssertEqual(data("a:\nb:   # nothing\nc:\n  value on next line\nd:\n"),
                       .map([("a", S("")), ("b", S("")), ("c", S("value on next line")), ("d", S(""))]))
        let doc = parse("a:\n")!
        XCTAssertTrue(doc.isEmpty(doc.value(forKey: "a", in: doc.root!)!))
        XCTAssertEqual(doc.style(doc.value(forKey: "a", in: doc.root!)!), .empty)
    }

    func testSequences() {
        XCTAssertEqual(data("key:\n- a\n- b\nother: c\n"),
                       .map([("key", .sequence([S("a"), S("b")])), ("other", S("c"))]))
        XCTAssertEqual(data("- - a\n  - b\n- c\n-\n- # empty\n"),
                       .sequence([.sequence([S("a"), S("b")]), S("c"), S(""), S("")]))
        XCTAssertEqual(data("- a: 1\n  b:\n    - x\n    - y: 2\n      z: 3\n"),
                       .sequence([.map([("a", S("1")), ("b", .sequence([S("x"), .map([("y", S("2")), ("z", S("3"))])]))])]))
        XCTAssertEqual(data("-\n  a: 1\n  b: 2\n"), .sequence([.map([("a", S("1")), ("b", S("2"))])]))
    }

    func testQuotedScalars() {
        XCTAssertEqual(data(#"'a b': 'it''s'"#), .map([("a b", S("it's"))]))
        XCTAssertEqual(data(#"k: "tab\tnl\nq\"bs\\sl\/ \x41\u00e9\U0001F600 \N\_\L\P\0\a\b\v\f\r\e\ end""#),
                       .map([("k", S("tab\tnl\nq\"bs\\sl/ Aé😀 \u{85}\u{A0}\u{2028}\u{2029}\0\u{7}\u{8}\u{B}\u{C}\r\u{1B} end"))]))
        XCTAssertEqual(data(#""": x"#), .map([("", S("x"))]))
        XCTAssertEqual(data("k: \"# not a comment\"  # a comment\n"), .map([("k", S("# not a comment"))]))
    }

    func testPlainScalarEdges() {
        XCTAssertEqual(data("url: http://x.com/a#b\nt: 1:2\np: 45%\ns: a  b\nk : v\nh: x #c\n"),
                       .map([("url", S("http://x.com/a#b")), ("t", S("1:2")), ("p", S("45%")), ("s", S("a  b")),
                             ("k", S("v")), ("h", S("x"))]))
        XCTAssertEqual(data("- -5\n- :x\n- ?y\n- a:b\n- x[1]\n"),
                       .sequence([S("-5"), S(":x"), S("?y"), S("a:b"), S("x[1]")]))
    }

    func testBlockText() {
        let doc = "clip: |\n  one\n  two\n\nstrip: |-\n  one\n\nkeep: |+\n  one\n\n\nind: |2\n    lead\n  x\nrev: |-2\n   y\nlast: |\n  a\n\n  b\n"
        XCTAssertEqual(data(doc), .map([
            ("clip", S("one\ntwo\n")), ("strip", S("one")), ("keep", S("one\n\n\n")), ("ind", S("  lead\nx\n")),
            ("rev", S(" y")), ("last", S("a\n\nb\n")),
        ]))
        XCTAssertEqual(data("- |\n  in list\n- |+\n\n- |\n"), .sequence([S("in list\n"), S("\n"), S("")]))
        XCTAssertEqual(data("a: |  # comment\n  # not a comment\nb: x"), .map([("a", S("# not a comment\n")), ("b", S("x"))]))
        // YAML 1.2 and libyaml disagree on block text ending the file without a line break.
        expectRefusal("a: ‸|\n  no final break", "without a final line break", .outsideFormat)
        expectRefusal("a: ‸|+\n  x\n  ", "without a final line break", .outsideFormat)
        XCTAssertEqual(data("a: |\n  x\n "), .map([("a", S("x\n"))]))
        XCTAssertEqual(data("a: |-\n  no final break"), .map([("a", S("no final break"))]))
    }

    func testCommentsAndBlankLines() {
        XCTAssertEqual(data("# top\n\n   \na: 1 # c\n  # indented comment\n    \n# between\nb:\n  # inside\n  c: 2\n# end"),
                       .map([("a", S("1")), ("b", .map([("c", S("2"))]))]))
    }

    func testEmptyAndCommentOnlyFiles() throws {
        for t in ["", "\n", "# only a comment\n", "  \n# x\n\n", "\u{FEFF}", "---\n", "--- # c\n# x\n"] {
            let d = try LedgerParser.parse(Array(t.utf8), path: "e.yaml")
            XCTAssertNil(d.root, t.debugDescription)
        }
    }

    func testDocumentStartAndTopLevels() {
        XCTAssertEqual(data("---\na: 1\n"), .map([("a", S("1"))]))
        XCTAssertEqual(data("- a\n- b\n"), .sequence([S("a"), S("b")]))
        XCTAssertEqual(data("just text\n"), S("just text"))
        XCTAssertEqual(data("'quoted'"), S("quoted"))
        XCTAssertEqual(data("|\n  block\n"), S("block\n"))
        expectRefusal("‸|2\n  block\n", "indentation digit", .outsideFormat)
        expectRefusal("|\n‸block\n", "indentation does not match", .invalidYAML)
        XCTAssertEqual(data("  a: 1\n  b: 2\n"), .map([("a", S("1")), ("b", S("2"))]))
    }

    func testUnicode() {
        let doc = parse("名前: 用户留存率\n\"ключ\": 'значение'\nemoji: 😀 ok\n")!
        XCTAssertEqual(doc.value(doc.root!), .map([("名前", S("用户留存率")), ("ключ", S("значение")), ("emoji", S("😀 ok"))]))
        let e = doc.entries(doc.root!)
        XCTAssertEqual(doc.position(e[0].value), SourcePosition(line: 1, column: 5))
        XCTAssertEqual(doc.position(e[2].value), SourcePosition(line: 3, column: 8))
        XCTAssertTrue(doc.scalarEquals(e[1].key, "ключ"))
    }

    func testCRLFAndBOM() {
        let t = "\u{FEFF}a: 1\r\nb: |\r\n  x\r\n  y\r\nc:\r\n  - 'q' # c\r\n"
        let doc = parse(t)!
        XCTAssertEqual(doc.value(doc.root!), .map([("a", S("1")), ("b", S("x\ny\n")), ("c", .sequence([S("q")]))]))
        XCTAssertEqual(doc.position(doc.entries(doc.root!)[0].key), SourcePosition(line: 1, column: 1))
        XCTAssertEqual(doc.position(doc.entries(doc.root!)[1].key), SourcePosition(line: 2, column: 1))
        // The BOM is not a column: editors do not show it.
        expectRefusal("\u{FEFF}a: &x\r\n", "anchors", .outsideFormat, lineOverride: (1, 4))
    }

    func testUnchangedDocumentGivesBackExactBytes() {
        let t = "# c\r\na:   1  # x\r\n\r\nb: |+\r\n  t\r\n\r\n"
        let doc = parse(t)!
        XCTAssertEqual(doc.applying([]), Array(t.utf8))
        XCTAssertEqual(doc.bytes, Array(t.utf8))
    }

    func testManyKeysUseHashing() throws {
        var t = ""
        for i in 0..<5000 { t += "k\(i): \(i)\n" }
        let doc = try XCTUnwrap(parse(t))
        XCTAssertEqual(doc.count(doc.root!), 5000)
        expectRefusal(t + "‸\"k17\": dup\n", "the key `k17` appears twice in the same block (first on line 18)", .invalidYAML)
        expectRefusal(t + "‸k4999: again\n", "first on line 5000", .invalidYAML)
    }
}

final class RefusalTests: XCTestCase {
    func testOutsideTheFormat() {
        expectRefusal("a: ‸&x 1\n", "anchors (`&name`) are not used", .outsideFormat)
        expectRefusal("a: 1\nb: ‸*x\n", "aliases (`*name`)", .outsideFormat)
        expectRefusal("a: ‸!!str 1\n", "tags (`!name`)", .outsideFormat)
        expectRefusal("a: ‸[1, 2]\n", "lists in brackets are not allowed here; write one `- item` per line", .outsideFormat)
        expectRefusal("‸[1, 2]\n", "lists in brackets", .outsideFormat)
        expectRefusal("a:\n  - ‸{b: 1}\n", "mappings in braces", .outsideFormat)
        expectRefusal("a: ‸>\n  text\n", "use `|` for text over several lines", .outsideFormat)
        expectRefusal("‸? a\n: b\n", "explicit keys", .outsideFormat)
        expectRefusal("‸%YAML 1.2\n---\na: 1\n", "directives", .outsideFormat)
        expectRefusal("a: 1\n‸---\nb: 2\n", "second one starts here", .outsideFormat)
        expectRefusal("---\n‸---\n", "second one starts here", .outsideFormat)
        expectRefusal("a: 1\n‸...\n", "`...`", .outsideFormat)
        expectRefusal("--- ‸a: 1\n", "nothing may follow `---`", .outsideFormat)
        expectRefusal("a: one\n  ‸two\n", "continues the text of the line above", .outsideFormat)
        expectRefusal("- one\n  ‸two\n", "continues the text", .outsideFormat)
        expectRefusal("a: ‸\"one\n  two\"\n", "must end on the line where it starts", .outsideFormat)
        expectRefusal("a: 1‸\rb: 2\n", "carriage return", .outsideFormat)
        expectRefusal("a: x‸\u{2028}y\n", "U+2028", .outsideFormat)
        expectRefusal("a: x‸\u{85}y\n", "U+0085", .outsideFormat)
        expectRefusal("a: x‸\u{FEFF}\n", "byte-order mark", .outsideFormat)
        expectRefusal("‸: v\n", "a key is missing", .outsideFormat)
        expectRefusal("a: 1\n‸" + String(repeating: "k", count: 1025) + ": v\n", "longer than 1024", .outsideFormat)
        XCTAssertNotNil(parse(String(repeating: "k", count: 1000) + ": v\n"))
    }

    func testDepthLimit() {
        var t = ""
        for i in 0..<32 { t += String(repeating: "  ", count: i) + "k:\n" }
        XCTAssertNotNil(parse(t + String(repeating: "  ", count: 32) + "v\n"))
        expectRefusal(t + String(repeating: "  ", count: 32) + "‸deep: v\n", "nested more than 32 levels", .outsideFormat)
        expectRefusal(String(repeating: "- ", count: 32) + "‸- x\n", "nested more than 32 levels", .outsideFormat)
    }

    func testInvalidYAML() {
        expectRefusal("a: 1\nb: 2\n‸a: 3\n", "the key `a` appears twice in the same block (first on line 1)", .invalidYAML)
        expectRefusal("a: 1\n‸\"a\": 2\n", "appears twice", .invalidYAML)
        expectRefusal("x:\n  - a: 1\n    ‸a: 2\n", "appears twice", .invalidYAML)
        expectRefusal("a:\n‸\tb: 1\n", "indented with a tab", .invalidYAML)
        expectRefusal("a: 1\n‸\t# comment\n", "starts with a tab", .outsideFormat)
        expectRefusal("a: 1\n ‸\t \n", "starts with a tab", .outsideFormat)
        expectRefusal("a:\n ‸\tvalue\n", "indented with a tab", .outsideFormat)
        expectRefusal("-‸\tx\n", "not a tab, after `-`", .outsideFormat)
        expectRefusal("a: |\n  ‸\tx\n", "starts with a tab", .outsideFormat)
        expectRefusal("a: |\n  x\n ‸\t\nb: 1\n", "tab is used to indent this line of block text", .invalidYAML)
        expectRefusal("a:\n    b: 1\n  ‸c: 2\n", "indented more than the entries above", .invalidYAML)
        expectRefusal("  a: 1\n‸b: 2\n", "indentation does not match", .invalidYAML)
        expectRefusal("a: ‸\"abc\n", "never closed", .invalidYAML)
        expectRefusal("a: ‸'abc\n", "never closed", .invalidYAML)
        expectRefusal("a: 1\n‸b\n", "has no `:`", .invalidYAML)
        expectRefusal("a: \"x‸\\q\"\n", "not a valid escape", .invalidYAML)
        expectRefusal("a: \"‸\\x4\"\n", "hexadecimal", .invalidYAML)
        expectRefusal("a: \"x\"‸y\n", "closing quote", .invalidYAML)
        expectRefusal("a: ‸- b\n", "a list cannot start on the same line as its key", .invalidYAML)
        expectRefusal("a: ‸b: c\n", "cannot itself be `key: value`", .invalidYAML)
        expectRefusal("a: 1\n‸- b\n", "cannot stand among", .invalidYAML)
        expectRefusal("- a\n‸b: 1\n", "expected a list item", .invalidYAML)
        expectRefusal("a: ‸@x\n", "cannot start with `@`", .invalidYAML)
        expectRefusal("a: ‸`x`\n", "cannot start with", .invalidYAML)
        expectRefusal("a: |‸x\n  t\n", "after `|`", .invalidYAML)
        expectRefusal("a: |\n    \n‸  t\n".replacingOccurrences(of: "‸", with: ""), "more spaces", .invalidYAML, lineOverride: (2, 4))
        expectRefusal("top\n‸more: 1\n", "indentation does not match", .invalidYAML)
    }

    func testBinaryAndEncoding() {
        expectRefusal(bytes: Array("a: 1\nb: é".utf8) + [0xFF, 0x41], line: 2, column: 5, "not valid UTF-8", .invalidYAML)
        expectRefusal(bytes: Array("名前: ".utf8) + [0xE7, 0x94], line: 1, column: 5, "not valid UTF-8", .invalidYAML)
        expectRefusal(bytes: [0x61, 0x3A, 0x20, 0xC0, 0x80], line: 1, column: 4, "0xC0", .invalidYAML)
        expectRefusal(bytes: [0x61, 0x3A, 0x20, 0xED, 0xA0, 0x80], line: 1, column: 4, "not valid UTF-8", .invalidYAML)
        expectRefusal(bytes: Array("a: 1\n\nb: x".utf8) + [0, 1, 2], line: 3, column: 5, "NUL byte", .invalidYAML)
        expectRefusal("a: x‸\u{7}\n", "control character U+0007", .invalidYAML)
        expectRefusal("a: x‸\u{7F}\n", "control character U+007F", .invalidYAML)
        expectRefusal("a: x‸\u{9B}\n", "control character U+009B", .invalidYAML)
    }
}

@discardableResult
func expectRefusal(_ marked: String, _ words: String, _ category: Diagnostic.Category, lineOverride: (Int, Int),
                   file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
    expectRefusal(bytes: Array(marked.utf8), line: lineOverride.0, column: lineOverride.1, words, category, file: file, line: line)
}
