import KPICLI
import LedgerFormat
import XCTest

/// `kpi check` prints its lines from one byte buffer (`DiagnosticPrinter.textBytes`): they must be
/// exactly the lines made the plain way — each diagnostic's `description` through
/// `SafeText.line`, follow-on problems folded under their cause — for any path and message,
/// hostile ones included (control characters, line breaks, tabs, direction overrides, C1,
/// multi-byte text, negative or large numbers).
final class DiagnosticPrinterBytesTests: XCTestCase {
    /// The lines as they were made before the byte buffer: one `String` per line.
    func reference(_ diagnostics: [Diagnostic]) -> String {
        let roots = Set(diagnostics.filter { $0.causedBy == nil }.map(\.place))
        var folded: [String: [Diagnostic]] = [:]
        for d in diagnostics { if let c = d.causedBy, roots.contains(c) { folded[c, default: []].append(d) } }
        var out = ""
        var noted = Set<String>()
        for d in diagnostics {
            if let c = d.causedBy, folded[c] != nil { continue }
            out += SafeText.line(d.description) + "\n"
            if let f = folded[d.place], noted.insert(d.place).inserted {
                let errors = f.filter { $0.severity == .error }.count
                let files = Set(f.map(\.path)).count
                func plural(_ n: Int, _ w: String) -> String { "\(n) \(w)\(n == 1 ? "" : "s")" }
                out += SafeText.line("\(d.place): note: \(plural(f.count, "problem")) caused by \(d.place) \(f.count == 1 ? "is" : "are") not shown "
                    + "(\(plural(errors, "error")) and \(plural(f.count - errors, "warning")) in \(plural(files, "file")) that use what it defines); fix it first") + "\n"
            }
        }
        return out
    }

    static let texts = [
        "records/2026-Q1/p000001.yaml", "plain message; check the date", "", "a\nb", "tab\there", "bell\u{07}", "esc \u{1B}[2J",
        "del\u{7F}", "c1 \u{85} \u{9F}", "rtl \u{202E}evil", "lrm \u{200E}", "isolate \u{2066}x\u{2069}", "arabic mark \u{061C}",
        "dash — arrow → ok", "é ü ß 日本", "emoji 😀", "cr\r\nlf", "\u{00A0}nbsp", "\u{0080}", "quote \" and \\ backslash",
        "people/ä\u{1B}.yaml",
    ]

    func testBytesMatchTheLinesMadeOneByOne() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<200 {
            var diagnostics: [Diagnostic] = []
            let n = Int.random(in: 0...30, using: &generator)
            for _ in 0..<n {
                let path = Self.texts.randomElement(using: &generator)!
                // Often the message of the line before, as a commit's records dated after it share
                // one (the printer escapes a run of them once).
                let message = round % 2 == 0 && Bool.random(using: &generator) && !diagnostics.isEmpty ? diagnostics.last!.message
                    : (0..<Int.random(in: 1...3, using: &generator)).map { _ in Self.texts.randomElement(using: &generator)! }.joined()
                let line = [1, 9, 10, 99, 1_000, 123_456_789, Int.max, 0, -1, -42].randomElement(using: &generator)!
                var d = Diagnostic(path: path, line: line, column: Int.random(in: -3...200, using: &generator),
                                   severity: Bool.random(using: &generator) ? .error : .warning, code: .duplicateKey, message: message)
                // Some follow-on problems, of a cause that is in the list or not.
                if round % 3 == 0, let cause = diagnostics.randomElement(using: &generator), Bool.random(using: &generator) {
                    d.causedBy = Bool.random(using: &generator) ? cause.place : "elsewhere.yaml:1:1"
                }
                diagnostics.append(d)
            }
            let expected = reference(diagnostics)
            XCTAssertEqual(DiagnosticPrinter.textBytes(diagnostics), Array(expected.utf8), "round \(round)")
            XCTAssertEqual(DiagnosticPrinter.text(diagnostics), expected)
        }
    }

    func testFollowOnProblemsAreFoldedUnderTheirCause() {
        let cause = Diagnostic(path: "metrics.yaml", line: 3, column: 1, code: .duplicateKey, message: "broken")
        var a = Diagnostic(path: "goals/p1.yaml", line: 4, column: 5, severity: .error, code: .duplicateKey, message: "unknown metric")
        a.causedBy = cause.place
        var b = Diagnostic(path: "goals/p2.yaml", line: 6, column: 5, severity: .warning, code: .duplicateKey, message: "unknown metric")
        b.causedBy = cause.place
        let text = String(decoding: DiagnosticPrinter.textBytes([cause, a, b]), as: UTF8.self)
        XCTAssertEqual(text, """
            metrics.yaml:3:1: error: broken
            metrics.yaml:3:1: note: 2 problems caused by metrics.yaml:3:1 are not shown (1 error and 1 warning in 2 files that use what it defines); fix it first

            """)
    }

    func testEscapedLineHoldsNoControlCharacter() {
        let d = Diagnostic(path: "p\u{1B}.yaml", line: 1, column: 2, code: .duplicateKey, message: "x\ny\t\u{202E}z")
        XCTAssertEqual(String(decoding: DiagnosticPrinter.textBytes([d]), as: UTF8.self), "p\\x1b.yaml:1:2: error: x\\ny\\t\\u202ez\n")
    }
}
