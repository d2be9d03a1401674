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
}
