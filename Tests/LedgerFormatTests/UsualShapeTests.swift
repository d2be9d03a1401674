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

    /// Files that outgrow the room the one pass starts in (`UsualShape.room`, sized by the
    /// file's bytes): short lines (more nodes and line starts than it holds), lists of more items
    /// than it holds, items of many keys. Each run moves to memory of its own and the document is
    /// the general parser's.
    func testFilesOutgrowingTheFirstRoomAreReadAsTheGeneralParserReadsThem() {
        var texts: [String] = []
        for lines in [1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100, 1000] {
            texts.append((0..<min(lines, 32)).map { "k\($0): \($0 % 10)\n" }.joined())
            texts.append("a:\n" + (0..<lines).map { "  - b: \($0 % 10)\n" }.joined() + "c: d\n")
            texts.append("a:\n" + (0..<3).map { _ in "  - " + (0..<min(lines, 32)).map { "k\($0): 1\n" }.joined(separator: "    ") }.joined())
        }
        for text in texts {
            let bytes = Array(text.utf8)
            guard let doc = LedgerParser.usual(bytes, path: "x.yaml") else { XCTFail("declined: \(text.prefix(80))"); continue }
            XCTAssertEqual(render(doc), general(bytes), String(text.prefix(80)))
            XCTAssertEqual(doc.lineStarts.count, text.utf8.filter { $0 == 10 }.count + 1)
        }
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

    /// A value's bytes are passed over eight at a time (`usualSpecialBytes`): the first byte it
    /// flags in a word must be exactly the first the byte-by-byte scan stops at, for every byte
    /// value at every place in the word, before and after other bytes of every kind.
    func testEightBytesAtATimeStopAtTheFirstByteThatMatters() {
        func special(_ c: UInt8) -> Bool {
            c < 0x20 || c >= 0x7F || c == UInt8(ascii: "\"") || c == UInt8(ascii: "#") || c == UInt8(ascii: ":") || c == UInt8(ascii: "\\")
        }
        func word(_ bytes: [UInt8]) -> UInt64 { bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) } }
        func check(_ bytes: [UInt8]) {
            let flagged = usualSpecialBytes(word(bytes))
            let first = bytes.firstIndex(where: special)
            XCTAssertEqual(flagged == 0 ? nil : flagged.trailingZeroBitCount >> 3, first, "\(bytes)")
            if let first { XCTAssertEqual(flagged.trailingZeroBitCount & 7, 7, "\(bytes) at \(first)") }
        }
        for b in 0...255 {
            for at in 0..<8 {
                for filler: UInt8 in [0x61, 0x20, 0x00, 0x01, 0x21, 0x24, 0x39, 0x3B, 0x7E, 0x7F, 0x80, 0xFF, 0x22, 0x23, 0x3A, 0x5C] {
                    var bytes = [UInt8](repeating: 0x61, count: 8)
                    bytes[at] = UInt8(b)
                    for j in (at + 1)..<8 { bytes[j] = filler }
                    check(bytes)
                }
            }
        }
        var g = SplitMix(state: 8)
        let alphabet = Array(0...255).map(UInt8.init)
        let usual = Array("abcxyz0123456789 -._/%!$&'()*+,;<=>?@[]^`{|}~".utf8)
        for _ in 0..<100_000 {
            let bytes = (0..<8).map { _ in g.next() % 8 == 0 ? alphabet[Int(g.next() % 256)] : usual[Int(g.next() % UInt64(usual.count))] }
            check(bytes)
        }
    }

    /// A key's bytes are passed over eight at a time (`usualNonKeyBytes`): each byte of a word is
    /// flagged exactly when the byte-by-byte rule (a lower-case letter, a digit, `_`) refuses it,
    /// for every byte value at every place, beside bytes of every kind.
    func testEightKeyBytesAtATimeFlagExactlyTheBytesNoKeyHolds() {
        func keyByte(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95 }
        func check(_ bytes: [UInt8]) {
            let w = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let flagged = usualNonKeyBytes(w)
            for (i, c) in bytes.enumerated() {
                XCTAssertEqual(flagged >> (8 * UInt64(i)) & 0xFF, keyByte(c) ? 0 : 0x80, "\(bytes) at \(i)")
            }
        }
        for b in 0...255 {
            for at in 0..<8 {
                for filler: UInt8 in [0x61, 0x7A, 0x30, 0x39, 0x5F, 0x60, 0x7B, 0x2F, 0x3A, 0x5E, 0x00, 0x20, 0x7F, 0x80, 0xE1, 0xFF] {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[at] = UInt8(b)
                    check(bytes)
                }
            }
        }
        var g = SplitMix(state: 9)
        for _ in 0..<20_000 { check((0..<8).map { _ in UInt8(truncatingIfNeeded: g.next()) }) }
    }

    /// Long values with a byte that matters at every place: read as the general parser reads them.
    func testLongValuesWithAByteThatMattersAnywhere() {
        let pieces: [[UInt8]] = ["#", " #", ":", ": ", "\"", "\\", "\t", "\r", "\r\n", "\n", "é", "万", "😀", "\u{85}", "\u{2028}"]
            .map { Array($0.utf8) } + [[0xFF], [0xC3], [0x7F], [0], [0x1B], [0xED, 0xA0, 0x80]]
        var usual = 0
        for quoted in [false, true] {
            for at in 0..<26 {
                for piece in pieces {
                    var value = Array("monthly export of the team".utf8)
                    value.insert(contentsOf: piece, at: at)
                    if quoted { value = [0x22] + value + [0x22] }
                    for text in [Array("subject: a\nnote: ".utf8) + value + [10], Array("note: ".utf8) + value,
                                 Array("records:\n  - source: ".utf8) + value + Array("\n    date: 2026-01-31\n".utf8)] {
                        if let fast = LedgerParser.usual(text, path: "x.yaml") {
                            usual += 1
                            XCTAssertEqual(render(fast), general(text), String(decoding: text, as: UTF8.self).debugDescription)
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(usual, 500)
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
