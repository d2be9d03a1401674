import GitStore
import KPICLI
@testable import LedgerCore
import XCTest

/// The audit's JSON is written straight into bytes (tens of thousands of findings); it must be
/// byte for byte the document the `JSON` renderer writes for the same object, whatever the text
/// holds: quotes, backslashes, line breaks, control and direction characters, absent fields.
final class AuditJSONTests: XCTestCase {
    func reference(_ findings: [AuditFinding]) -> String {
        func opt(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
        return JSON.object([("findings", .array(findings.map { f in
            .object([("rule", .string(f.rule)), ("severity", .string(f.severity.rawValue)), ("commit", .string(f.commit.hex)),
                     ("author", .string(f.author.name)), ("email", .string(f.author.email)), ("date", .string(f.author.iso8601)),
                     ("subject", opt(f.subject)), ("quarter", opt(f.quarter?.description)), ("metric", opt(f.metric)),
                     ("message", .string(f.message))])
        }))]).render() + "\n"
    }

    func testTheSameBytesAsTheJSONRenderer() throws {
        let texts = ["plain", "", "quote \" and \\ backslash", "line\nbreak\ttab\r", "bell \u{7} esc \u{1B}[31m",
                     "→ arrow, U+202E \u{202E}here, NEL \u{85}, ALM \u{61C}", "é 日本 😀", "\u{7F} del", "trailing \\"]
        var findings: [AuditFinding] = []
        for (i, t) in texts.enumerated() {
            let sig = Signature(name: "N \(t)", email: "e\(i)@example.com", time: 1_780_000_000 + Int64(i) * 3_601, offsetMinutes: [0, 330, -300][i % 3])
            findings.append(AuditFinding(rule: "record_edited", severity: i % 2 == 0 ? .error : .warning,
                                         commit: try XCTUnwrap(ObjectID(hex: String(repeating: String(i % 10), count: 40))), author: sig,
                                         subject: i % 3 == 0 ? nil : "p\(i) \(t)", quarter: i % 4 == 0 ? nil : Quarter("2026-Q\(1 + i % 4)"),
                                         metric: i % 2 == 0 ? t : nil, message: "message: \(t)"))
        }
        XCTAssertEqual(String(decoding: HistoryRenderer.audit(findings), as: UTF8.self), reference(findings))
        XCTAssertEqual(String(decoding: HistoryRenderer.audit([]), as: UTF8.self), reference([]))
        XCTAssertEqual(String(decoding: HistoryRenderer.audit(Array(findings.prefix(1))), as: UTF8.self), reference(Array(findings.prefix(1))))
    }

    /// A run of findings of one commit and author shares their text, and each quarter's text is
    /// written once: a finding of the same commit by another author (a tag's tagger), or of
    /// another commit by the same author, or in another quarter, must still show its own.
    func testRunsOfOneCommitAndAuthor() throws {
        let a = Signature(name: "Ann \"A\"", email: "ann@example.com", time: 1_780_000_000, offsetMinutes: 480)
        let b = Signature(name: "Bo", email: "bo@example.com", time: 1_780_000_000, offsetMinutes: 480)
        let later = Signature(name: a.name, email: a.email, time: 1_780_003_600, offsetMinutes: -300)
        let c1 = try XCTUnwrap(ObjectID(hex: String(repeating: "1", count: 40)))
        let c2 = try XCTUnwrap(ObjectID(hex: String(repeating: "2", count: 40)))
        let cases: [(ObjectID, Signature, Quarter?)] = [
            (c1, a, Quarter("2026-Q1")), (c1, a, Quarter("2026-Q1")), (c1, b, Quarter("2026-Q2")), (c1, a, nil),
            (c2, a, Quarter("2026-Q2")), (c2, later, Quarter("2026-Q1")), (c2, later, Quarter("2027-Q1")), (c1, later, Quarter("2026-Q1")),
        ]
        let findings = cases.enumerated().map { i, c in
            AuditFinding(rule: i % 2 == 0 ? "record_edited" : "weight_shift", severity: i % 2 == 0 ? .error : .warning,
                         commit: c.0, author: c.1, subject: "p\(i)", quarter: c.2, metric: nil, message: "finding \(i)")
        }
        XCTAssertEqual(String(decoding: HistoryRenderer.audit(findings), as: UTF8.self), reference(findings))
    }

    /// Written in pieces (`audit(_:emit:)`): the pieces of a document of many findings, with
    /// messages short and long (one longer than a piece), join into the whole document, each
    /// piece past the first starts where a finding does, and none but one holding a long
    /// message is much past 64 KB.
    func testPiecesJoinIntoTheDocument() throws {
        var findings: [AuditFinding] = []
        for i in 0..<3_000 {
            let sig = Signature(name: "N\(i % 7) \"q\"", email: "e\(i % 5)@example.com", time: 1_780_000_000 + Int64(i / 3) * 3_601, offsetMinutes: 60)
            let long = i == 1_500 ? String(repeating: "long é\n", count: 20_000) : ""
            findings.append(AuditFinding(rule: "record_edited", severity: i % 2 == 0 ? .error : .warning,
                                         commit: try XCTUnwrap(ObjectID(hex: String(repeating: String(i / 3 % 10), count: 40))), author: sig,
                                         subject: "p\(i)", quarter: Quarter("2026-Q\(1 + i % 4)"), metric: i % 3 == 0 ? nil : "nps",
                                         message: "message \(i) \u{1B} " + long))
        }
        var pieces: [[UInt8]] = []
        HistoryRenderer.audit(findings) { pieces.append($0) }
        XCTAssertGreaterThan(pieces.count, 10)
        XCTAssertEqual(String(decoding: pieces.joined(), as: UTF8.self), reference(findings))
        for (i, p) in pieces.enumerated() {
            XCTAssertFalse(p.isEmpty)
            if i > 0 { XCTAssertTrue(p.starts(with: Array(",\n    {".utf8)) || p == Array("\n  ]\n}\n".utf8), "piece \(i)") }
            if !String(decoding: p, as: UTF8.self).contains("long é") { XCTAssertLessThan(p.count, 70_000, "piece \(i)") }
        }
        var empty: [[UInt8]] = []
        HistoryRenderer.audit([]) { empty.append($0) }
        XCTAssertEqual(empty.map { String(decoding: $0, as: UTF8.self) }, [reference([])])
    }
}
