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

    func ref(_ n: NodeID) -> SourceRef { SourceRef(file: file, doc.position(n)) }
    var startRef: SourceRef { SourceRef(file: file, doc.position(ofByte: 0)) }

    /// `finding` at `n` (at the file's start when nil); `causedBy` where the problem it follows from is.
    mutating func report(_ n: NodeID?, _ finding: Finding, causedBy: String? = nil) {
        report(n, finding.severity, finding.code, finding.message)
        if let causedBy, let last = diagnostics.indices.last { diagnostics[last].causedBy = causedBy }
    }

    mutating func report(_ n: NodeID?, _ severity: Diagnostic.Severity, _ code: DiagnosticCode, _ message: String) {
        if diagnostics.count >= Self.maxDiagnostics { suppressed += 1; return }
        if let n {
            diagnostics.append(doc.diagnostic(at: n, severity, code, message))
        } else {
            diagnostics.append(Diagnostic(path: doc.path, line: 1, column: 1, severity: severity, code: code, message: message))
        }
    }

    /// The top-level keys of a file, read as its `shape` says (FileShapes.swift); nil, with a
    /// diagnostic, when the file is empty or not `key: value` lines.
    mutating func topLevel(_ shape: FileShape) -> Fields? {
        guard let root = doc.root else {
            report(nil, .emptyFile(shape.what))
            return nil
        }
        guard doc.kind(root) == .mapping else {
            report(root, .notKeyValueLines(shape.what))
            return nil
        }
        return fields(root, shape)
    }

    /// The values of a mapping shaped as `shape` says (its keys, the required ones).
    mutating func fields(_ map: NodeID, _ shape: FileShape) -> Fields {
        fields(map, what: shape.what, allowed: shape.names, required: shape.checkedRequired)
    }

    /// Values of a mapping's keys, by position in `allowed`. Unknown keys and missing required
    /// keys are reported.
    mutating func fields(_ map: NodeID, what: String, allowed: [String], required: [String]) -> Fields {
        var values = [NodeID?](repeating: nil, count: allowed.count)
        guard doc.kind(map) == .mapping else {
            report(map, .notKeyValueLines(what))
            return Fields(map: map, names: allowed, values: values)
        }
        for e in 0..<doc.count(map) {
            let (key, value) = doc.entry(map, e)
            var found = false
            // A plain key equals only a name of its length (`scalarEquals` says the same): the
            // other names are passed over without a call.
            let plainLength = doc.kind(key) == .scalar && doc.style(key) == .plain ? doc.span(key).count : -1
            for i in allowed.indices where (plainLength < 0 || allowed[i].utf8.count == plainLength) && doc.scalarEquals(key, allowed[i]) {
                values[i] = value
                found = true
                break
            }
            if !found {
                if diagnostics.count >= Self.maxDiagnostics { suppressed += 1; continue }
                report(key, .unknownKey(doc.string(key), in: what, known: allowed))
            }
        }
        let fields = Fields(map: map, names: allowed, values: values)
        for key in required where fields[key] == nil || doc.isEmpty(fields[key]!) {
            if let n = fields[key] {
                report(n, .emptyKey(key, in: what))
            } else {
                report(map, .missingKey(key, in: what))
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
            report(n, .notSingleValue(key, isMapping: doc.kind(n) == .mapping))
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
            report(n, .invalidID(s, what: what))
            return nil
        }
        return Located(s, ref(n))
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_ n: NodeID?, _ key: String, _: E.Type) -> E? where E.RawValue == String {
        guard let n, let s = text(n, key) else { return nil }
        if let e = E(rawValue: s) { return e }
        report(n, .notAChoice(s, key, options: E.allCases.map(\.rawValue)))
        return nil
    }

    mutating func number(_ n: NodeID?, _ key: String, unit: MetricUnit, subject: String = "") -> (Number, String)? {
        guard let n, let s = text(n, key) else { return nil }
        switch LedgerValue.parse(s, unit: unit) {
        case .success(let v): return (v, s)
        case .failure(let e):
            report(n, .invalidNumber(key, of: subject, e))
            return nil
        }
    }

    /// A goal's weight (`30` or `30%`).
    mutating func weight(_ n: NodeID?) -> (Number, String)? {
        guard let n, let s = text(n, "weight") else { return nil }
        switch LedgerValue.parseWeight(s) {
        case .success(let v): return (v, s)
        case .failure(let e):
            report(n, .invalidNumber("weight", of: "", e))
            return nil
        }
    }

    mutating func integer(_ n: NodeID?, _ key: String, range: ClosedRange<Int>) -> Int? {
        guard let n, let s = text(n, key) else { return nil }
        guard let v = Int(s), range.contains(v) else {
            report(n, .notAWholeNumber(s, key, in: range))
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
            report(n, .notTrueOrFalse(s, key))
            return nil
        }
    }

    mutating func day(_ n: NodeID?, _ key: String) -> Day? {
        guard let n, let s = text(n, key) else { return nil }
        guard let d = Day(s) else {
            report(n, .notADate(s))
            return nil
        }
        return d
    }

    mutating func quarter(_ n: NodeID?, _ key: String) -> Quarter? {
        guard let n, let s = text(n, key) else { return nil }
        guard let q = Quarter(s) else {
            report(n, .notAQuarter(s))
            return nil
        }
        return q
    }

    /// Items of a list; an empty value is an empty list.
    mutating func list(_ n: NodeID?, _ key: String) -> [NodeID] {
        guard let n else { return [] }
        if doc.isEmpty(n) { return [] }
        guard doc.kind(n) == .sequence else {
            report(n, .notAList(key))
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
    /// The mapping they were read from.
    let map: NodeID
    let names: [String]
    let values: [NodeID?]
    subscript(_ key: String) -> NodeID? {
        guard let i = names.firstIndex(of: key) else { preconditionFailure("key \(key) not declared") }
        return values[i]
    }
}

extension Finding {
    // A file's shape.
    static func emptyFile(_ what: String) -> Finding { Finding(.error, .emptyFile, "the file is empty; \(what) needs at least its required keys") }
    static func notKeyValueLines(_ what: String) -> Finding { Finding(.error, .wrongShape, "\(what) must be written as `key: value` lines") }
    static func unknownKey(_ name: String, in what: String, known: [String]) -> Finding {
        if let guess = Suggestion.closest(to: name, in: known) {
            return Finding(.error, .unknownKey, "unknown key '\(name)' in \(what); did you mean '\(guess)'?")
        }
        return Finding(.error, .unknownKey, "unknown key '\(name)' in \(what) (known keys: \(known.joined(separator: ", ")))")
    }
    static func emptyKey(_ key: String, in what: String) -> Finding { Finding(.error, .missingKey, "'\(key)' is empty; \(what) needs a value here") }
    static func missingKey(_ key: String, in what: String) -> Finding { Finding(.error, .missingKey, "\(what) needs '\(key)'") }
    static func notSingleValue(_ key: String, isMapping: Bool) -> Finding {
        Finding(.error, .wrongShape, "'\(key)' should be a single value, not a \(isMapping ? "group of keys" : "list")")
    }
    static func notAList(_ key: String) -> Finding { Finding(.error, .wrongShape, "'\(key)' should be a list, one `- ` item per line") }

    // Values.
    static func invalidID(_ id: String, what: String) -> Finding { Finding(.error, .invalidID, Identifier.problem(id, what: what)) }
    static func notAChoice(_ text: String, _ key: String, options: [String]) -> Finding {
        if let guess = Suggestion.closest(to: text, in: options) {
            return Finding(.error, .invalidValue, "'\(text)' is not a valid \(key); did you mean '\(guess)'?")
        }
        return Finding(.error, .invalidValue, "'\(text)' is not a valid \(key); use one of: \(options.joined(separator: ", "))")
    }
    /// `subject`: whose value it is ("" when the key says enough).
    static func invalidNumber(_ key: String, of subject: String, _ e: ValueError) -> Finding {
        Finding(.error, .invalidValue, "\(key) \(subject.isEmpty ? "" : "of \(subject) ")is not a valid value: \(e.message)")
    }
    static func notAWholeNumber(_ text: String, _ key: String, in range: ClosedRange<Int>) -> Finding {
        Finding(.error, .invalidValue, "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
    }
    static func notTrueOrFalse(_ text: String, _ key: String) -> Finding { Finding(.error, .invalidValue, "'\(key)' must be true or false, not '\(text)'") }
    static func notADate(_ text: String) -> Finding { Finding(.error, .invalidDate, "'\(text)' is not a date; write dates as YYYY-MM-DD, like 2026-07-31") }
    static func notAQuarter(_ text: String) -> Finding { Finding(.error, .invalidDate, "'\(text)' is not a quarter; write quarters like 2026-Q3") }
}
