import LedgerFormat

/// Prints diagnostics the way compilers do, so editors can jump to them.
package enum DiagnosticPrinter {
    /// One line each, except follow-on problems (a goal naming a metric whose file is broken):
    /// those are folded under the error they follow from as one note with their count, so the
    /// error to fix is not lost among them (docs/diagnostics.md, "Follow-on problems").
    package static func text(_ diagnostics: [Diagnostic]) -> String {
        let folded = followOns(diagnostics)
        var out = ""
        var noted = Set<String>()
        for d in diagnostics {
            if let cause = d.causedBy, folded[cause] != nil { continue }
            out += SafeText.line(d.description) + "\n"
            if let f = folded[d.place], noted.insert(d.place).inserted {
                let errors = f.filter { $0.severity == .error }.count
                let files = Set(f.map(\.path)).count
                out += SafeText.line("\(d.place): note: \(plural(f.count, "problem")) caused by \(d.place) \(f.count == 1 ? "is" : "are") not shown "
                    + "(\(plural(errors, "error")) and \(plural(f.count - errors, "warning")) in \(plural(files, "file")) that use what it defines); fix it first") + "\n"
            }
        }
        return out
    }

    /// Follow-on problems by the place of the problem they follow from, when that one is
    /// among `diagnostics` itself (else they are shown as they are).
    static func followOns(_ diagnostics: [Diagnostic]) -> [String: [Diagnostic]] {
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
