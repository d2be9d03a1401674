import LedgerFormat

/// Prints diagnostics the way compilers do, so editors can jump to them.
package enum DiagnosticPrinter {
    package static func text(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { SafeText.line($0.description) + "\n" }.joined()
    }

    package static func json(_ diagnostics: [Diagnostic]) -> JSON {
        let errors = diagnostics.filter { $0.severity == .error }.count
        return .object([
            ("errors", .int(errors)),
            ("warnings", .int(diagnostics.count - errors)),
            ("diagnostics", .array(diagnostics.map {
                .object([("path", .string($0.path)), ("line", .int($0.line)), ("column", .int($0.column)),
                         ("severity", .string($0.severity.rawValue)), ("code", .string($0.code.rawValue)),
                         ("message", .string($0.message))])
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
        func plural(_ n: Int, _ w: String) -> String { "\(n) \(w)\(n == 1 ? "" : "s")" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning"))"
    }
}
