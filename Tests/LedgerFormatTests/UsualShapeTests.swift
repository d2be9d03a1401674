import XCTest
@testable import LedgerFormat

/// `LedgerParser.usual` reads a file of the usual shape in one pass; the document it makes must
/// be the general parser's, node for node (kind, style, span, children, indentation, line
/// starts), and a file the general parser refuses must never be read there. Checked on files as
/// kpi writes them and on many thousands of random edits with the bytes that matter to YAML or
/// to the text check put anywhere.
final class UsualShapeTests: XCTestCase {
    /// Everything a document holds, spelt out (two documents are equal when these are).
    func render(_ d: LedgerDocument) -> String {
        var out = "root \(d.root.map(String.init) ?? "-")\nlines \(d.lineStarts)\nchildren \(d.children)\n"
        for (i, n) in d.nodes.enumerated() {
            out += "\(i) \(n.kind) \(n.style) \(n.start)..<\(n.end) first \(n.firstChild) count \(n.count)\n"
        }
        return out
    }

    /// The general parser's answer: its document, or its refusal.
    func general(_ bytes: [UInt8]) -> String {
        do { return render(try LedgerParser.general(bytes, path: "x.yaml")) } catch { return "refused \(error)" }
    }

    static let records = """
        subject: p000005
        quarter: 2026-Q1
        records:
          - date: 2026-01-31
            metric: revenue
            value: 58.7万
            source: monthly export
          - date: 2026-02-28
            metric: retention
            value: -76.6%
            note: late (see mail)
          - metric: retention
            date: 2026-02-28
            value: 77%
            corrects: 2026-02-28
            note: "typo é: 12"

        """
    static let goals = """
        # Goals of p000005
        subject: p000005
        quarter: 2026-Q1
        goals:
          - metric: revenue
            target: 4.3万
            weight: 20

          - target: 3
            metric: nps
            core: true
            baseline: 1
        # bonus
        bonus:
          - points: 2
            reason: Shipped early
        scorecard: pm_mid

        """
    static let person = "name: Person 5 😀\nemail: p5@example.com\nteam: t0\nmanager: p0\nlevel: \"yes\"\n"
    static let review = "subject: p000005\r\nquarter: 2026-Q1\r\nreviewer: p000000\r\nrating: A\r\nsummary: Quarter 2026-Q1 review.\r\n"

    func testFilesAsKpiWritesThemAreReadInOnePass() {
        for text in [Self.records, Self.goals, Self.person, Self.review, "name: x", "a: -b\nc: ?d\ne: :f\ng: \"\"\n"] {
            let bytes = Array(text.utf8)
            guard let doc = LedgerParser.usual(bytes, path: "x.yaml") else { XCTFail("declined: \(text)"); continue }
            XCTAssertEqual(render(doc), general(bytes), text)
            XCTAssertEqual(doc.path, "x.yaml")
            XCTAssertEqual(doc.bytes, bytes)
        }
        // What the loader asks of it, by hand.
        let doc = LedgerParser.usual(Array(Self.records.utf8), path: "r.yaml")!
        let list = doc.value(forKey: "records", in: doc.root!)!
        XCTAssertEqual(doc.items(list).count, 3)
        XCTAssertEqual(doc.position(doc.items(list)[1]), SourcePosition(line: 8, column: 5))
        XCTAssertEqual(doc.string(doc.value(forKey: "note", in: doc.items(list)[2])!), "typo é: 12")
        XCTAssertEqual(doc.style(doc.value(forKey: "note", in: doc.items(list)[2])!), .doubleQuoted)
    }

    func testOtherShapesAreLeftToTheGeneralParser() {
        for text in [
            "", "# only a comment\n", "\n", "records:\n", "subject: a\nrecords:\n", "records:\nsubject: a\n", // no item
            "subject: a # who\n", "  # indented comment\nsubject: a\n", "subject: a\n   \n", // comments, blank spaces
            "subject: a\nsubject: b\n", "records:\n  - date: 1\n    date: 2\n", // a key twice
            "records:\n- date: 1\n", "records:\n  - date: 1\n      metric: m\n", "records:\n   - date: 1\n",
            "records:\n  -  date: 1\n", "records:\n  - - 1\n", "records:\n  - a\n", "records:\n  - a:\n", "a:\n  b: c\n",
            "subject: -\n", "subject: - 1\n", "subject: ? a\n", "subject: : a\n", "subject: a: b\n", "subject: a:\n",
            "subject: a \n", "subject:  a\n", "subject: a\tb\n", "subject:\ta\n", "subject: a#b\n", "subject: 'a'\n",
            "subject: \"a\\\"b\"\n", "subject: \"a\" \n", "subject: \"a\"b\"\n", "subject: \"a\n",
            "subject: \u{2028}\n", "subject: \u{85}\n", "subject: \u{FEFF}\n", "\u{FEFF}subject: a\n", "---\nsubject: a\n",
            "Subject: a\n", "sub ject: a\n", "subject: [a]\n", "subject: {a}\n", "subject: |\n  a\n", "subject: >\n  a\n",
            "subject: &a b\n", "subject: *a\n", "subject: !t b\n", "subject: %a\n", "subject: @a\n", "subject: `a\n",
            "subject: ,a\n", "subject: a\r", "subject: a\rb\n", "% YAML\n",
        ] {
            XCTAssertNil(LedgerParser.usual(Array(text.utf8), path: "x.yaml"), text.debugDescription)
        }
        for bytes: [UInt8] in [[0xFF, 10], Array("a: \u{7F}\n".utf8), Array("a: b".utf8) + [0], [0x61, 0x3A, 0x20, 0xC3, 10],
                               Array("# ".utf8) + [0xED, 0xA0, 0x80, 10]] {
            XCTAssertNil(LedgerParser.usual(bytes, path: "x.yaml"), "\(bytes)")
        }
        // A key of 1,000 characters is read; one over is left (the parser's limit is 1,024).
        let long = String(repeating: "k", count: 1000)
        XCTAssertNotNil(LedgerParser.usual(Array("\(long): v\n".utf8), path: "x.yaml"))
        XCTAssertNil(LedgerParser.usual(Array("\(long)k: v\n".utf8), path: "x.yaml"))
        // A mapping of up to 32 keys is read (each compared with the others); one of more is the
        // general parser's, which finds a repeated key by its hash.
        func keys(_ n: Int, _ indent: String) -> String { (0..<n).map { "\(indent)k\($0): v\n" }.joined() }
        for (n, read) in [(32, true), (33, false)] {
            for text in [keys(n, ""), "list:\n  - " + keys(n, "    ").dropFirst(4)] {
                let bytes = Array(text.utf8)
                XCTAssertEqual(LedgerParser.usual(bytes, path: "x.yaml") != nil, read, "\(n) keys")
                XCTAssertEqual(render(try LedgerParser.parse(bytes, path: "x.yaml")), general(bytes))
            }
        }
    }

    /// Every byte YAML or the text check cares about, put anywhere, lines doubled, dropped,
    /// swapped and re-indented, CRLF and a missing final line break: wherever the file is read in
    /// one pass, its document is the general parser's, and `parse` gives the same either way.
    func testEditsReadAsTheGeneralParserReadsThem() {
        var g = SplitMix(state: 16)
        func next(_ bound: Int) -> Int { Int(g.next() % UInt64(bound)) }
        let pieces: [[UInt8]] = ["#", " #", ":", ": ", " ", "  ", "-", "- ", "\"", "'", "\\", "\t", "\r", "\r\n", "\n", "\n\n", "\n  ",
                                 "\n    ", "\n  - ", "\n# c\n", "é", "万", "😀", "%", "|", ">", "[", "{", "&", "*", "!", "?", "? ",
                                 "@", "`", ",", "~", "null", "---", "...", "a", "k: v", "x_1", "Z"].map { Array($0.utf8) }
            + [[0xC2, 0x85], [0xC2, 0x9F], [0xC2, 0xA0], [0xE2, 0x80, 0xA8], [0xEF, 0xBB, 0xBF], [0xEF, 0xBF, 0xBE], [0xFF], [0xC3],
               [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0], [0x7F], [0x1B], [0x0B]]
        let bases = [Self.records, Self.goals, Self.person, Self.review].map { Array($0.utf8) }
        var usual = 0
        for i in 0..<30_000 {
            var bytes = bases[i % bases.count]
            for _ in 0..<(1 + next(3)) {
                switch next(6) {
                case 0, 1, 2: bytes.insert(contentsOf: pieces[next(pieces.count)], at: next(bytes.count + 1))
                case 3: if !bytes.isEmpty { bytes.remove(at: next(bytes.count)) }
                case 4:
                    // A whole line doubled (a key twice), moved or dropped.
                    var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
                    let k = next(max(lines.count - 1, 1))
                    switch next(3) {
                    case 0: lines.insert(lines[k], at: next(lines.count))
                    case 1: lines.swapAt(k, next(lines.count))
                    default: lines.remove(at: k)
                    }
                    bytes = Array(lines.joined(separator: [10]))
                default:
                    // Every line ending turned into CR LF, or the final line break dropped.
                    if next(2) == 0 {
                        bytes = Array(bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init).joined(separator: [13, 10]))
                    } else if bytes.last == 10 {
                        bytes.removeLast()
                    }
                }
            }
            let expected = general(bytes)
            let fast = LedgerParser.usual(bytes, path: "x.yaml")
            if let fast {
                usual += 1
                XCTAssertEqual(render(fast), expected, String(decoding: bytes, as: UTF8.self).debugDescription)
            }
            // `parse` is one or the other: the same document or the same refusal.
            do {
                let doc = try LedgerParser.parse(bytes, path: "x.yaml")
                XCTAssertEqual(render(doc), expected)
            } catch {
                XCTAssertEqual("refused \(error)", expected)
            }
        }
        XCTAssertGreaterThan(usual, 5_000, "many edits keep the usual shape and are read in one pass")
    }
}
