extension Recorder {
    /// Throws when the author may not make this change: a goal, records or review of someone
    /// they are not a manager of (the audit's `unauthorized_change`), or any other ledger file
    /// (settings, catalog, people, teams) without being an admin.
    func refuseUnauthorizedChange(_ files: [String: [UInt8]?], ledger: Ledger) throws {
        let who = "\(author.name) <\(author.email)>"
        if let (path, subject) = unauthorized(files, ledger: ledger).first {
            throw LedgerError.unauthorized("\(who) may not change \(path): only \(subject)'s managers up the chain\(path.hasPrefix("records/") ? ", \(subject)" : "") or a ledger admin may; `kpi audit` would report it as unauthorized_change")
        }
        let authority = Authority(ledger)
        for path in files.keys.sorted() where !authority.isAdmin(author.email) {
            if case .file(let lp) = LedgerLayout.classify(path), [.goals, .records, .review].contains(lp.kind) { continue }
            throw LedgerError.unauthorized("\(who) may not change \(path): only a ledger admin (ledger.yaml admins:) may")
        }
    }
}
