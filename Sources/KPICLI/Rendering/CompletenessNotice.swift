import LedgerCore

/// What `kpi score`, `kpi report` and `kpi diff` say on standard error about a ledger with
/// errors, and the exit status they owe: 1 when a score shown is incomplete (docs/scoring.md).
enum CompletenessNotice {
    /// Prints the notice for `shown` subjects; true when any of them is incomplete.
    static func report(_ ledger: Ledger, shown: [SubjectScore]) -> Bool {
        report(ledger, incomplete: shown.filter { !$0.isComplete }.map { "\($0.id) \($0.quarter)" })
    }

    /// The same when the scores shown are already let go: the incomplete ones named `id quarter`.
    static func report(_ ledger: Ledger, incomplete: [String]) -> Bool {
        let errors = ledger.diagnostics.filter { $0.severity == .error }.count
        if !incomplete.isEmpty {
            let names = incomplete.joined(separator: ", ")
            Output.err("kpi: error: \(count(incomplete.count, "score")) incomplete (\(names)): a file \(incomplete.count == 1 ? "it depends" : "they depend") on did not load; fix \(errors == 1 ? "the error" : "the errors") `kpi check` lists\n")
            return true
        }
        if errors > 0 {
            Output.err("kpi: warning: the ledger has \(errors) error\(errors == 1 ? "" : "s") (run `kpi check`); no score shown depends on \(errors == 1 ? "it" : "them")\n")
        }
        return false
    }

    static func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? " is" : "s are")" }
}
