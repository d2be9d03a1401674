import XCTest
@testable import LedgerCore

/// `FileFacts.usual` reads the usual shape of a records, goals or other file straight from its
/// bytes; whatever it reads must be what the parser's document gives (`FileFacts.parsed`), and a
/// file the parser refuses must never be read there. Checked on files as kpi writes them and on
/// thousands of edits of them with the bytes that matter to YAML put anywhere.
final class UsualFileFactsTests: XCTestCase {
    func render(_ f: FileFacts?) -> String {
        switch f {
        case nil: return "refused"
        case .records(let r)?:
            return "records\n" + r.map { "\($0.date)|\($0.metric)|\($0.value)|\($0.source ?? "-")|\($0.note ?? "-")|\($0.corrects ?? "-")" }.joined(separator: "\n")
        case .goals(let g, let b)?:
            return "goals\n" + g.map { "\($0.metric): " + $0.fields.map { "\($0.0)=\($0.1)" }.joined(separator: ",") }.joined(separator: "\n")
                + "\nbonus " + b.joined(separator: ";")
        case .keys(let k, let a)?:
            return "keys\n" + k.map { "\($0.0)=\($0.1)" }.joined(separator: "\n") + "\nadmins " + a.joined(separator: ",")
        }
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
            value: 76.6%
            note: late (see mail)
          - date: 2026-02-28
            metric: retention
            value: 77%
            corrects: 2026-02-28
            note: typo é

        """
    static let goals = """
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

        """
    static let review = """
        subject: p000005
        quarter: 2026-Q1
        reviewer: p000000
        rating: A
        summary: Quarter 2026-Q1 review.

        """

    func testFilesAsKpiWritesThemAreReadFromTheirBytes() {
        for (text, kind) in [(Self.records, LedgerFileKind.records), (Self.goals, .goals), (Self.review, .review),
                             ("name: Person 5\nemail: p5@example.com\nteam: t0\nmanager: p0\n", .person)] {
            let bytes = Array(text.utf8)
            XCTAssertNotNil(FileFacts.usual(bytes, kind: kind), text)
            XCTAssertEqual(render(FileFacts.usual(bytes, kind: kind)), render(FileFacts.parsed(bytes, path: "x.yaml", kind: kind)))
        }
        XCTAssertEqual(render(FileFacts.usual(Array(Self.records.utf8), kind: .records)), """
            records
            2026-01-31|revenue|58.7万|monthly export|-|-
            2026-02-28|retention|76.6%|-|late (see mail)|-
            2026-02-28|retention|77%|-|typo é|2026-02-28
            """)
    }

    func testOtherShapesAreLeftToTheParser() {
        for text in [
            "subject: a\nrecords:\n  - date: 1", // no final line break
            "subject: a\nrecords:\n", // a list with no item
            "subject: a # who\nrecords:\n  - date: 1\n", // a comment
            "subject: \"a\"\n", // quoted
            "subject: a\n\nrecords:\n  - date: 1\n", // a blank line
            "subject: a\r\n", // CRLF
            "subject: a\nsubject: b\n", // a key twice: refused by the parser
            "records:\n  - date: 1\n    date: 2\n", // a key twice in an item
            "records:\n- date: 1\n", // a list at its key's indentation
            "records:\n  - date: 1\n      metric: m\n", // indented too far
            "records:\n  - date: 1\nsubject: a\n", // a key after the list
            "subject: -1\n", "subject: a: b\n", "subject: a:\n", "subject: a \n", "subject:  a\n", "subject: a\tb\n",
            "subject: \u{2028}\n", "subject: \u{85}\n", "subject: \u{FEFF}\n", "\u{FEFF}subject: a\n",
            "Subject: a\n", "subject: [a]\n", "subject: |\n  a\n",
        ] {
            XCTAssertNil(FileFacts.usual(Array(text.utf8), kind: .records), text)
        }
        XCTAssertNil(FileFacts.usual(Array("subject: a\nrecords:\n  - date: 1\n".utf8), kind: .goals), "another kind's list")
        XCTAssertNil(FileFacts.usual(Array("admins:\n  - date: 1\n".utf8), kind: .settings), "a list in a file of keys")
        XCTAssertNil(FileFacts.usual([0xFF, 10], kind: .person), "not UTF-8")
    }

    /// Every byte YAML or the text check cares about, put anywhere, lines doubled, dropped and
    /// re-indented: where the bytes are read here, they read as the parser reads them.
    func testEditsReadAsTheParserReadsThem() {
        var g = SeededRandom(seed: 8)
        let pieces: [[UInt8]] = ["#", ":", ": ", " ", "  ", "-", "- ", "\"", "'", "\t", "\r", "\n", "\n  ", "\n    ", "é", "万", "%", "|", ">",
                                 "[", "{", "&", "*", "!", "?", "@", "`", ",", "~", "null", "---", "..."].map { Array($0.utf8) }
            + [[0xC2, 0x85], [0xE2, 0x80, 0xA8], [0xEF, 0xBB, 0xBF], [0xEF, 0xBF, 0xBE], [0xFF], [0xC3], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0], [0x7F], [0x1B]]
        var read = 0
        for i in 0..<6_000 {
            let (text, kind) = [(Self.records, LedgerFileKind.records), (Self.goals, .goals), (Self.review, .review)][i % 3]
            var bytes = Array(text.utf8)
            for _ in 0..<(1 + g.next(3)) {
                switch g.next(4) {
                case 0, 1: bytes.insert(contentsOf: pieces[g.next(pieces.count)], at: g.next(bytes.count + 1))
                case 2: bytes.remove(at: g.next(bytes.count))
                default:
                    // A whole line doubled (a key twice) or moved.
                    var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
                    let k = g.next(max(lines.count - 1, 1))
                    if g.next(2) == 0 { lines.insert(lines[k], at: g.next(lines.count)) } else { lines.swapAt(k, g.next(lines.count)) }
                    bytes = Array(lines.joined(separator: [10]))
                }
            }
            guard let usual = FileFacts.usual(bytes, kind: kind) else { continue }
            read += 1
            XCTAssertEqual(render(usual), render(FileFacts.parsed(bytes, path: "x.yaml", kind: kind)), String(decoding: bytes, as: UTF8.self))
        }
        XCTAssertGreaterThan(read, 600, "many edits keep the usual shape and are read from their bytes")
    }
}
