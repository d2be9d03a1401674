import LedgerFormat

/// What a check found, before where: its severity, its stable code (docs/diagnostics.md) and
/// its one wording. Each rule names its findings beside itself (as the parser names its
/// `ParserRefusal`s and commands their `Refusal`s), so a rule reads as the rule and the same
/// finding reads the same wherever it is raised.
public struct Finding: Sendable, Equatable {
    public let severity: Diagnostic.Severity
    public let code: DiagnosticCode
    public let message: String

    init(_ severity: Diagnostic.Severity, _ code: DiagnosticCode, _ message: String) {
        self.severity = severity
        self.code = code
        self.message = message
    }

    /// A name no file defines: "unknown team 'x'; did you mean 'y'? (teams/ has no such file)".
    static func unknown(_ code: DiagnosticCode, _ what: String, _ id: String, among ids: some Collection<String>,
                        in kinds: LedgerFileKind...) -> Finding {
        Finding(.error, code, Unknown.text(what, id, among: ids, in: kinds))
    }
}

extension Finding {
    /// This finding about a whole file, placed at its start.
    func atStart(of path: String) -> Diagnostic {
        Diagnostic(path: path, line: 1, column: 1, severity: severity, code: code, message: message)
    }

    /// This finding at the start of a line of a file that is not YAML (a CSV file, say).
    func at(_ path: String, line: Int) -> Diagnostic {
        Diagnostic(path: path, line: line, column: 1, severity: severity, code: code, message: message)
    }
}

extension LedgerDocument {
    func diagnostic(at n: NodeID, _ finding: Finding) -> Diagnostic { diagnostic(at: n, finding.severity, finding.code, finding.message) }
}

extension Ledger {
    func diagnostic(_ ref: SourceRef, _ finding: Finding) -> Diagnostic {
        diagnostic(ref, finding.severity, finding.code, finding.message)
    }

    mutating func report(_ ref: SourceRef, _ finding: Finding, causedBy: String? = nil) {
        report(ref, finding.severity, finding.code, finding.message, causedBy: causedBy)
    }
}
