/// A problem found in a ledger file, located the way compilers locate them so editors can jump there.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning
        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public var path: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in Unicode scalars (what an editor shows), not bytes.
    public var column: Int
    public var severity: Severity
    /// Its stable name (docs/diagnostics.md).
    public var code: DiagnosticCode
    public var message: String
    /// For a problem that follows from another one (a goal naming a metric whose file is
    /// broken), where that one is: `path:line:column`. Text output folds such problems under
    /// it as a count (docs/diagnostics.md, "Follow-on problems").
    public var causedBy: String?
    /// What kind of problem this is; parser refusals say whether the text is not YAML at all or
    /// valid YAML that ledger files do not use. Other diagnostics keep the default `.general`.
    public var category: Category

    public enum Category: String, Sendable, Hashable {
        /// Not a parser refusal (validation, scoring, ...).
        case general
        /// The text is not valid YAML (or not valid UTF-8 text): any YAML tool would refuse it too.
        case invalidYAML
        /// Valid YAML, but a construct outside the documented ledger subset (see docs/format.md).
        case outsideFormat
    }

    public init(path: String, line: Int, column: Int, severity: Severity = .error, code: DiagnosticCode, message: String,
                category: Category = .general) {
        self.path = path
        self.line = line
        self.column = column
        self.severity = severity
        self.code = code
        self.message = message
        self.category = category
    }

    /// `path:line:column`
    public var place: String { "\(path):\(line):\(column)" }

    /// `path:line:column: error: message`
    public var description: String { "\(path):\(line):\(column): \(severity.rawValue): \(message)" }
}

/// A 1-based line and column.
public struct SourcePosition: Hashable, Sendable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}
