/// Who may change a subject's goals, bonus, records and review (docs/audit.md,
/// `unauthorized_change`): an admin, the subject's managers up the chain (for a team: its lead,
/// the leads of its parent teams, and their managers), or the subject for their own records.
/// People are matched by email, case-insensitively. The audit replays these maps commit by
/// commit; a recording command builds them from the ledger it writes on, to warn beforehand.
struct Authority {
    var admins: Set<String>           // lower-cased emails
    var emails: [String: String]      // person → lower-cased email
    var managers: [String: String]    // person → manager
    var leads: [String: String]       // team → lead
    var parents: [String: String]     // team → parent team

    init(admins: Set<String>, emails: [String: String], managers: [String: String], leads: [String: String], parents: [String: String]) {
        self.admins = admins
        self.emails = emails
        self.managers = managers
        self.leads = leads
        self.parents = parents
    }

    init(_ ledger: Ledger) {
        admins = Set(ledger.settings.admins.map { $0.lowercased() })
        emails = ledger.people.compactMapValues { $0.email?.lowercased() }
        managers = ledger.people.compactMapValues { $0.manager?.value }
        leads = ledger.teams.compactMapValues { $0.lead?.value }
        parents = ledger.teams.compactMapValues { $0.parent?.value }
    }

    func isAdmin(_ email: String) -> Bool { admins.contains(email.lowercased()) }

    func allows(_ email: String, toChange subject: String, ownRecords: Bool) -> Bool {
        let email = email.lowercased()
        return allows(people: emails.filter { $0.value == email }.map(\.key), email: email, toChange: subject, ownRecords: ownRecords)
    }

    /// The same for someone known as these people (a commit's verified signer) and this email.
    func allows(people: [String], email: String, toChange subject: String, ownRecords: Bool) -> Bool {
        if admins.contains(email.lowercased()) { return true }
        guard !people.isEmpty else { return false }
        if ownRecords, people.contains(subject) { return true }
        // The subject's chain of managers; for a team, its leads up the team tree and their managers.
        var chain: [String] = []
        var starts: [String] = []
        if emails[subject] != nil || managers[subject] != nil { starts.append(subject) }
        var team: String? = leads[subject] != nil || parents[subject] != nil ? subject : nil
        var guardCount = 0
        while let t = team, guardCount < 64 {
            if let lead = leads[t] { chain.append(lead); starts.append(lead) }
            team = parents[t]
            guardCount += 1
        }
        for start in starts {
            var cur = managers[start]
            var n = 0
            while let m = cur, n < 64 {
                chain.append(m)
                cur = managers[m]
                n += 1
            }
        }
        return people.contains { chain.contains($0) }
    }
}
