import LedgerFormat

/// Reads one parsed file into typed values, collecting a located diagnostic for everything
/// wrong instead of stopping at the first problem.
struct FileReader {
    let doc: LedgerDocument
    let file: Int32
    var diagnostics: [Diagnostic] = []
    /// Problems past `maxDiagnostics`, counted but not reported (a file of a million unknown
    /// keys gets a readable answer quickly, not a million lines).
    var suppressed = 0
    static let maxDiagnostics = 100

    init(doc: LedgerDocument, file: Int32) {
        self.doc = doc
        self.file = file
    }

    func ref(_ n: NodeID) -> SourceRef { SourceRef(file: file, offset: Int32(doc.span(n).lowerBound)) }
    var startRef: SourceRef { SourceRef(file: file, offset: 0) }

    mutating func error(_ n: NodeID?, _ code: DiagnosticCode, _ message: String, causedBy: String? = nil) {
        report(n, .error, code, message)
        if let causedBy, let last = diagnostics.indices.last { diagnostics[last].causedBy = causedBy }
    }
    mutating func warning(_ n: NodeID?, _ code: DiagnosticCode, _ message: String) { report(n, .warning, code, message) }

    mutating func report(_ n: NodeID?, _ severity: Diagnostic.Severity, _ code: DiagnosticCode, _ message: String) {
        if diagnostics.count >= Self.maxDiagnostics { suppressed += 1; return }
        if let n {
            diagnostics.append(doc.diagnostic(at: n, severity, code, message))
        } else {
            diagnostics.append(Diagnostic(path: doc.path, line: 1, column: 1, severity: severity, code: code, message: message))
        }
    }

    /// The document's top-level mapping, or a diagnostic.
    mutating func rootMapping(what: String) -> NodeID? {
        guard let root = doc.root else {
            error(nil, .emptyFile, "the file is empty; \(what) needs at least its required keys")
            return nil
        }
        guard doc.kind(root) == .mapping else {
            error(root, .wrongShape, "\(what) must be written as `key: value` lines")
            return nil
        }
        return root
    }

    /// Values of a mapping's keys, by position in `allowed`. Unknown keys and missing required
    /// keys are reported.
    /// The values of a mapping shaped as `shape` says (its keys, the required ones).
    mutating func fields(_ map: NodeID, _ shape: FileShape) -> Fields {
        fields(map, what: shape.what, allowed: shape.names, required: shape.checkedRequired)
    }

    mutating func fields(_ map: NodeID, what: String, allowed: [String], required: [String]) -> Fields {
        var values = [NodeID?](repeating: nil, count: allowed.count)
        guard doc.kind(map) == .mapping else {
            error(map, .wrongShape, "\(what) must be written as `key: value` lines")
            return Fields(names: allowed, values: values)
        }
        for (key, value) in doc.entries(map) {
            var found = false
            for i in allowed.indices where doc.scalarEquals(key, allowed[i]) {
                values[i] = value
                found = true
                break
            }
            if !found {
                if diagnostics.count >= Self.maxDiagnostics { suppressed += 1; continue }
                let name = doc.string(key)
                var message = "unknown key '\(name)' in \(what)"
                if let guess = Suggestion.closest(to: name, in: allowed) {
                    message += "; did you mean '\(guess)'?"
                } else {
                    message += " (known keys: \(allowed.joined(separator: ", ")))"
                }
                error(key, .unknownKey, message)
            }
        }
        let fields = Fields(names: allowed, values: values)
        for key in required where fields[key] == nil || doc.isEmpty(fields[key]!) {
            if let n = fields[key] {
                error(n, .missingKey, "'\(key)' is empty; \(what) needs a value here")
            } else {
                error(map, .missingKey, "\(what) needs '\(key)'")
            }
        }
        return fields
    }

    /// A single value's text; nil (with a diagnostic) for a list or a mapping, nil for empty.
    mutating func text(_ n: NodeID?, _ key: String) -> String? {
        guard let n else { return nil }
        switch doc.kind(n) {
        case .scalar:
            return doc.isEmpty(n) ? nil : doc.string(n)
        case .mapping, .sequence:
            error(n, .wrongShape, "'\(key)' should be a single value, not a \(doc.kind(n) == .mapping ? "group of keys" : "list")")
            return nil
        }
    }

    mutating func located(_ n: NodeID?, _ key: String) -> Located<String>? {
        guard let n, let s = text(n, key) else { return nil }
        return Located(s, ref(n))
    }

    /// An id that must be lower_snake_case.
    mutating func id(_ n: NodeID?, _ key: String, what: String) -> Located<String>? {
        guard let n, let s = text(n, key) else { return nil }
        guard Identifier.isValid(s) else {
            error(n, .invalidID, Identifier.problem(s, what: what))
            return nil
        }
        return Located(s, ref(n))
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_ n: NodeID?, _ key: String, _: E.Type) -> E? where E.RawValue == String {
        guard let n, let s = text(n, key) else { return nil }
        if let e = E(rawValue: s) { return e }
        let options = E.allCases.map(\.rawValue)
        var message = "'\(s)' is not a valid \(key); use one of: \(options.joined(separator: ", "))"
        if let guess = Suggestion.closest(to: s, in: options) { message = "'\(s)' is not a valid \(key); did you mean '\(guess)'?" }
        error(n, .invalidValue, message)
        return nil
    }

    mutating func number(_ n: NodeID?, _ key: String, unit: MetricUnit, subject: String = "") -> (Number, String)? {
        guard let n, let s = text(n, key) else { return nil }
        switch LedgerValue.parse(s, unit: unit) {
        case .success(let v): return (v, s)
        case .failure(let e):
            error(n, .invalidValue, "\(key) \(subject.isEmpty ? "" : "of \(subject) ")is not a valid value: \(e.message)")
            return nil
        }
    }

    /// A goal's weight (`30` or `30%`).
    mutating func weight(_ n: NodeID?) -> (Number, String)? {
        guard let n, let s = text(n, "weight") else { return nil }
        switch LedgerValue.parseWeight(s) {
        case .success(let v): return (v, s)
        case .failure(let e):
            error(n, .invalidValue, "weight is not a valid value: \(e.message)")
            return nil
        }
    }

    mutating func integer(_ n: NodeID?, _ key: String, range: ClosedRange<Int>) -> Int? {
        guard let n, let s = text(n, key) else { return nil }
        guard let v = Int(s), range.contains(v) else {
            error(n, .invalidValue, "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(s)'")
            return nil
        }
        return v
    }

    mutating func bool(_ n: NodeID?, _ key: String) -> Bool? {
        guard let n, let s = text(n, key) else { return nil }
        switch s {
        case "true": return true
        case "false": return false
        default:
            error(n, .invalidValue, "'\(key)' must be true or false, not '\(s)'")
            return nil
        }
    }

    mutating func day(_ n: NodeID?, _ key: String) -> Day? {
        guard let n, let s = text(n, key) else { return nil }
        guard let d = Day(s) else {
            error(n, .invalidDate, "'\(s)' is not a date; write dates as YYYY-MM-DD, like 2026-07-31")
            return nil
        }
        return d
    }

    mutating func quarter(_ n: NodeID?, _ key: String) -> Quarter? {
        guard let n, let s = text(n, key) else { return nil }
        guard let q = Quarter(s) else {
            error(n, .invalidDate, "'\(s)' is not a quarter; write quarters like 2026-Q3")
            return nil
        }
        return q
    }

    /// Items of a list; an empty value is an empty list.
    mutating func list(_ n: NodeID?, _ key: String) -> [NodeID] {
        guard let n else { return [] }
        if doc.isEmpty(n) { return [] }
        guard doc.kind(n) == .sequence else {
            error(n, .wrongShape, "'\(key)' should be a list, one `- ` item per line")
            return []
        }
        return doc.items(n)
    }

    /// Text values of a list (`- a` lines).
    mutating func textList(_ n: NodeID?, _ key: String) -> [Located<String>] {
        list(n, key).compactMap { located($0, key) }
    }
}

/// A mapping's values by key, in the order the reader asked for them.
struct Fields {
    let names: [String]
    let values: [NodeID?]
    subscript(_ key: String) -> NodeID? {
        guard let i = names.firstIndex(of: key) else { preconditionFailure("key \(key) not declared") }
        return values[i]
    }
}
