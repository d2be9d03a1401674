import LedgerFormat

/// Prints diagnostics the way compilers do, so editors can jump to them.
package enum DiagnosticPrinter {
    /// One line each, except follow-on problems (a goal naming a metric whose file is broken):
    /// those are folded under the error they follow from as one note with their count, so the
    /// error to fix is not lost among them (docs/diagnostics.md, "Follow-on problems").
    package static func text(_ diagnostics: [Diagnostic]) -> String {
        String(decoding: textBytes(diagnostics), as: UTF8.self)
    }

    /// `text` as bytes, every line escaped as `SafeText.line` escapes it: nothing in them is a
    /// control character, so they go out as they are (`Output.outEscaped`). Written into one
    /// buffer, number by number: a check of a large ledger prints tens of thousands of lines.
    package static func textBytes(_ diagnostics: [Diagnostic]) -> [UInt8] {
        let folded = followOns(diagnostics)
        var out: [UInt8] = []
        out.reserveCapacity(diagnostics.count * 160)
        var noted = Set<String>()
        var lastPath: String? = nil
        var lastPathBytes: [UInt8] = []
        // Likewise a message the line before had (a commit's records dated after it share one
        // text per date, `RecordDates`): escaped once for the run, its bytes copied after.
        var lastMessage: String? = nil
        var lastMessageBytes: [UInt8] = []
        for d in diagnostics {
            if !folded.isEmpty, let cause = d.causedBy, folded[cause] != nil { continue }
            // Diagnostics come sorted by file: a path is escaped once for all its lines.
            if d.path != lastPath {
                lastPath = d.path
                lastPathBytes = []
                SafeText.appendLine(d.path, to: &lastPathBytes)
            }
            out.append(contentsOf: lastPathBytes)
            out.append(UInt8(ascii: ":"))
            appendDecimal(d.line, to: &out)
            out.append(UInt8(ascii: ":"))
            appendDecimal(d.column, to: &out)
            out.append(contentsOf: d.severity == .error ? Self.errorMark : Self.warningMark)
            if d.message != lastMessage {
                lastMessage = d.message
                lastMessageBytes = []
                SafeText.appendLine(d.message, to: &lastMessageBytes)
            }
            out.append(contentsOf: lastMessageBytes)
            out.append(UInt8(ascii: "\n"))
            if !folded.isEmpty, let f = folded[d.place], noted.insert(d.place).inserted {
                let errors = f.filter { $0.severity == .error }.count
                let files = Set(f.map(\.path)).count
                SafeText.appendLine("\(d.place): note: \(plural(f.count, "problem")) caused by \(d.place) \(f.count == 1 ? "is" : "are") not shown "
                    + "(\(plural(errors, "error")) and \(plural(f.count - errors, "warning")) in \(plural(files, "file")) that use what it defines); fix it first", to: &out)
                out.append(UInt8(ascii: "\n"))
            }
        }
        return out
    }

    private static let errorMark = Array(": \(Diagnostic.Severity.error.rawValue): ".utf8)
    private static let warningMark = Array(": \(Diagnostic.Severity.warning.rawValue): ".utf8)

    /// `n` in decimal, as `"\(n)"` writes it.
    static func appendDecimal(_ n: Int, to out: inout [UInt8]) {
        guard n >= 0 else { out.append(contentsOf: String(n).utf8); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var v = n, k = 0
        withUnsafeMutableBytes(of: &digits) { p in
            repeat { p[k] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10; k += 1 } while v > 0
            while k > 0 { k -= 1; out.append(p[k]) }
        }
    }

    /// Follow-on problems by the place of the problem they follow from, when that one is
    /// among `diagnostics` itself (else they are shown as they are).
    static func followOns(_ diagnostics: [Diagnostic]) -> [String: [Diagnostic]] {
        // Usually none: then no place is spelt out for every diagnostic.
        guard diagnostics.contains(where: { $0.causedBy != nil }) else { return [:] }
        let roots = Set(diagnostics.filter { $0.causedBy == nil }.map(\.place))
        var out: [String: [Diagnostic]] = [:]
        for d in diagnostics {
            if let cause = d.causedBy, roots.contains(cause) { out[cause, default: []].append(d) }
        }
        return out
    }

    static func plural(_ n: Int, _ w: String) -> String { "\(n) \(w)\(n == 1 ? "" : "s")" }

    package static func json(_ diagnostics: [Diagnostic]) -> JSON {
        let errors = diagnostics.filter { $0.severity == .error }.count
        return .object([
            ("errors", .int(errors)),
            ("warnings", .int(diagnostics.count - errors)),
            ("diagnostics", .array(diagnostics.map {
                .object([("path", .string($0.path)), ("line", .int($0.line)), ("column", .int($0.column)),
                         ("severity", .string($0.severity.rawValue)), ("code", .string($0.code.rawValue)),
                         ("message", .string($0.message))] + ($0.causedBy.map { [("caused_by", JSON.string($0))] } ?? []))
            })),
        ])
    }

    /// A refusal that names no place in a file, in the same shape: `path`, `line` and
    /// `column` are null.
    package static func json(refusal code: DiagnosticCode, _ message: String) -> JSON {
        .object([
            ("errors", .int(1)),
            ("warnings", .int(0)),
            ("diagnostics", .array([.object([("path", .null), ("line", .null), ("column", .null),
                                             ("severity", .string(Diagnostic.Severity.error.rawValue)),
                                             ("code", .string(code.rawValue)), ("message", .string(message))])])),
        ])
    }

    static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        let folded = followOns(diagnostics).values.reduce(0) { $0 + $1.count }
        return "\(plural(errors, "error")), \(plural(warnings, "warning"))" + (folded == 0 ? "" : " (\(folded) of them follow from the others and are not shown)")
    }
}
