extension Recorder {
    /// Throws when the author may not make this change: a goal, records or review of someone
    /// they are not a manager of (the audit's `unauthorized_change`), or any other ledger file
    /// (settings, catalog, people, teams) without being an admin.
    func refuseUnauthorizedChange(_ files: [String: [UInt8]?], authority: Authority) throws {
        if let (path, subject) = unauthorized(files, authority: authority).first {
            throw LedgerError.unauthorized(.notAManager(author, path: path, of: subject))
        }
        for path in files.keys.sorted() where !authority.isAdmin(author.email) {
            if case .file(let lp) = LedgerLayout.classify(path), [.goals, .records, .review].contains(lp.kind) { continue }
            throw LedgerError.unauthorized(.notAnAdmin(author, path: path))
        }
    }
}
