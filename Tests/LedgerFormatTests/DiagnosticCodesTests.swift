import Foundation
import XCTest
@testable import LedgerFormat

/// docs/diagnostics.md lists every diagnostic code with its meaning, exactly as the code list
/// says, so the page cannot drift from what kpi reports.
final class DiagnosticCodesTests: XCTestCase {
    static let begin = "<!-- codes: generated from DiagnosticCode (DiagnosticCodesTests checks it) -->"
    static let end = "<!-- end of codes -->"

    static var docURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/diagnostics.md")
    }

    /// The table as the code list gives it.
    static func table() -> String {
        var out = "| Code | Meaning |\n| --- | --- |\n"
        for code in DiagnosticCode.allCases {
            out += "| `\(code.rawValue)` | \(code.summary.replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        return out
    }

    func testThePageListsEveryCodeWithItsMeaning() throws {
        let page = try String(contentsOf: Self.docURL, encoding: .utf8)
        guard let b = page.range(of: Self.begin), let e = page.range(of: Self.end), b.upperBound <= e.lowerBound else {
            return XCTFail("docs/diagnostics.md lacks the markers around its table")
        }
        let shown = String(page[b.upperBound..<e.lowerBound]).trimmingCharacters(in: .newlines) + "\n"
        if shown != Self.table(), ProcessInfo.processInfo.environment["KPI_WRITE_DOCS"] == "1" {
            let fresh = String(page[..<b.upperBound]) + "\n" + Self.table() + String(page[e.lowerBound...])
            try fresh.write(to: Self.docURL, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(shown, Self.table(), "regenerate with KPI_WRITE_DOCS=1 swift test --filter DiagnosticCodesTests")
    }

    func testCodesAreKebabCaseAndDistinct() {
        let names = DiagnosticCode.allCases.map(\.rawValue)
        XCTAssertEqual(Set(names).count, names.count)
        for n in names {
            XCTAssertTrue(n.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }, n)
            XCTAssertFalse(n.hasPrefix("-") || n.hasSuffix("-") || n.contains("--"), n)
        }
        for c in DiagnosticCode.allCases { XCTAssertTrue(c.summary.hasSuffix("."), c.rawValue) }
    }

    func testParserRefusalsCarryTheirCode() throws {
        let cases: [(String, DiagnosticCode)] = [
            ("a: [1, 2]\n", .flowStyle), ("a: 1\na: 2\n", .duplicateKey), ("a: &x 1\n", .unusedYAML),
            ("a: \"open\n", .quoting), ("\ta: 1\n", .tabIndentation), ("a: 1\n---\nb: 2\n", .multipleDocuments),
        ]
        for (text, code) in cases {
            do {
                _ = try LedgerParser.parse(Array(text.utf8), path: "t.yaml")
                XCTFail("accepted \(text)")
            } catch {
                XCTAssertEqual(error.code, code, text)
            }
        }
        do {
            _ = try LedgerParser.parse([0x61, 0x3A, 0x20, 0xFF, 0x0A], path: "t.yaml")
            XCTFail("accepted a byte that is not UTF-8")
        } catch {
            XCTAssertEqual(error.code, .notUTF8)
        }
    }
}
