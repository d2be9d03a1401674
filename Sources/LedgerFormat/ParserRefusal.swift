/// One way the parser refuses a text: its stable code, whether the text is not YAML at all or
/// valid YAML outside the ledger subset, and its one wording, in the voice of every other kpi
/// message (lower case, the problem first, then what to do). Each is named beside the code that
/// raises it (Parser.swift, TextValidation.swift); docs/format.md, "Refused constructs and their
/// messages", lists them all.
struct ParserRefusal {
    let code: DiagnosticCode
    let category: Diagnostic.Category
    let message: String

    init(_ code: DiagnosticCode, _ category: Diagnostic.Category, _ message: String) {
        self.code = code
        self.category = category
        self.message = message
    }
}
