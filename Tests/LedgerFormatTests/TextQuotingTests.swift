import Foundation
import XCTest
import Yams
@testable import LedgerFormat

/// Text the emitter writes is read back as the same string by every YAML tool — PyYAML (YAML
/// 1.1) and Yams as oracles — even when it looks like a number, a date, a boolean or null;
/// values the format types (`value`, `date`, `weight` …) stay plain as typed (docs/format.md).
final class TextQuotingTests: XCTestCase {
    static let lookalikes = [
        "12", "-5", "+7", "0", "007", "0x1F", "0X1f", "0o17", "0b101", "1_000", "1e3", "1E-3", "6.02e+23", "1.5", ".5", "1.",
        ".inf", "-.inf", "+.INF", ".nan", ".NaN", "1:20", "190:20:30", "2026-10-01", "2026-1-1", "2026-10-01 10:00:00",
        "2026-10-01T10:00:00Z", "yes", "Yes", "NO", "on", "Off", "y", "N", "true", "False", "TRUE", "null", "Null", "~", "<<", "=",
    ]
    static let plainText = ["analytics export", "2026-Q3", "45%", "200万", "1,200", "v2", "12 users", "alice_chen", "e3", "x1"]

    func file(_ source: String) -> String {
        YAMLEmitter.emit(.map([("records", .sequence([.map([("date", S("2026-10-01")), ("metric", S("nps")), ("value", S("12")),
                                                            ("source", S(source)), ("note", S(source))])]))]))
    }

    func testEveryLookalikeIsQuotedAndReadBackAsTheSameStringByYams() throws {
        for text in Self.lookalikes + Self.plainText {
            let yaml = file(text)
            let loaded = try Yams.load(yaml: yaml) as? [String: Any]
            let record = (loaded?["records"] as? [Any])?.first as? [String: Any]
            XCTAssertEqual(record?["source"] as? String, text, "Yams reads source of \(yaml)")
            XCTAssertEqual(record?["note"] as? String, text, "Yams reads note of \(yaml)")
            // Our own parser reads the same text.
            let doc = try LedgerParser.parse(Array(yaml.utf8), path: "r.yaml")
            XCTAssertEqual(doc.root.map { doc.value($0) }?["records"].flatMap { v -> YAMLValue? in
                if case .sequence(let items) = v { return items.first?["source"] } else { return nil }
            }, .scalar(text))
            // Typed values stay as written.
            XCTAssertTrue(yaml.contains("- date: 2026-10-01\n") && yaml.contains("    value: 12\n"), yaml)
        }
        for text in Self.plainText {
            XCTAssertTrue(file(text).contains("source: \(text)\n"), "\(text) needs no quotes")
        }
    }

    func testEveryLookalikeIsReadBackAsTheSameStringByPyYAML() throws {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else { throw XCTSkip("python3 is not installed") }
        var documents: [String] = []
        for text in Self.lookalikes + Self.plainText { documents.append(file(text)) }
        // One process for all: each document's source and note, as Python's type and repr.
        let script = """
        import sys, json, yaml
        out = []
        for doc in json.load(sys.stdin):
            r = yaml.safe_load(doc)["records"][0]
            out.append([type(r["source"]).__name__, r["source"] if isinstance(r["source"], str) else repr(r["source"]),
                        type(r["note"]).__name__, type(r["date"]).__name__, type(r["value"]).__name__])
        print(json.dumps(out))
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", script]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: documents))
        input.fileHandleForWriting.closeFile()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw XCTSkip("PyYAML is not installed") }
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [[String]])
        for (text, row) in zip(Self.lookalikes + Self.plainText, rows) {
            XCTAssertEqual(row[0], "str", "PyYAML reads source \(text) as \(row[0]) \(row[1])")
            XCTAssertEqual(row[1], text)
            XCTAssertEqual(row[2], "str", "PyYAML reads note \(text) as \(row[2])")
            // As documented: a date stays a date, a number a number.
            XCTAssertEqual(row[3], "date")
            XCTAssertEqual(row[4], "int")
        }
    }

    func testAReplacedTextValueIsQuotedWhenItLooksLikeANumber() throws {
        let doc = try LedgerParser.parse(Array("name: Alice\nweight: 30\n".utf8), path: "p.yaml")
        let root = try XCTUnwrap(doc.root)
        let name = try XCTUnwrap(doc.value(forKey: "name", in: root))
        let weight = try XCTUnwrap(doc.value(forKey: "weight", in: root))
        XCTAssertEqual(String(decoding: doc.applying([doc.replaceScalar(name, with: "0x1F", key: "name")]), as: UTF8.self),
                       "name: \"0x1F\"\nweight: 30\n")
        XCTAssertEqual(String(decoding: doc.applying([doc.replaceScalar(weight, with: "40", key: "weight")]), as: UTF8.self),
                       "name: Alice\nweight: 40\n")
    }
}
