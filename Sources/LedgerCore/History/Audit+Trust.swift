import GitStore

/// The audit rules about who made a commit and when (docs/audit.md, "Proving who changed
/// what"): signatures under `signatures: required`, authority over the organisation and the
/// catalog, back-dated commits.
extension Auditor {
    /// The verified signer when the commit is signed by a key in a people file at its parent;
    /// else whoever the author's email names (which anyone can set).
    func actor(_ c: Commit, _ org: Organisation) -> Maker {
        if let v = signatures[c.id], v.status == .good, let signer = v.signer {
            return Maker(email: (v.signerEmail ?? org.emails[signer] ?? "").lowercased(), people: [signer])
        }
        let email = c.author.email.lowercased()
        return Maker(email: email, people: (org.owners[email] ?? []).sorted())
    }

    func commitFinding(_ rule: String, _ c: Commit, _ message: AuditMessage) -> AuditFinding {
        AuditFinding(rule: rule, severity: Auditor.severities[rule]!, commit: c.id, author: c.author, subject: nil,
                     quarter: nil, metric: nil, message: message.text)
    }

    /// Findings about a whole commit: its signature (when the policy applies) and its dates.
    func commitFindings(_ c: Commit, parent: Commit?) -> [AuditFinding] {
        var out: [AuditFinding] = []
        // Only a finding's message uses it: not made for every commit.
        var who: AuditMessage { "\(c.author.name) <\(c.author.email)>" }
        if let v = signatures[c.id], v.required {
            switch v.status {
            case .unsigned:
                out.append(commitFinding("unsigned_change", c, "\(who) committed \"\(c.summary)\" unsigned, but ledger.yaml requires signatures (signatures: required)"))
            case .bad:
                out.append(commitFinding("bad_signature", c, "the signature of \"\(c.summary)\" (author \(who)) does not match the commit: it was changed after it was signed"))
            case .unknownKey:
                out.append(commitFinding("unknown_signer", c, "\"\(c.summary)\" (author \(who)) is signed by \(v.key ?? "a key") that no person's file listed before this commit"))
            case .good:
                if v.signerIsNotAuthor, let signer = v.signer {
                    out.append(commitFinding("signer_not_author", c, "\"\(c.summary)\" names \(who) as its author but is signed by \(signer)\(v.signerEmail.map { " <\($0)>" } ?? "")"))
                }
            }
        }
        // Back-dating: an author date before the parent's, or more than a day before the commit's own.
        if let parent, c.author.time < parent.author.time {
            out.append(commitFinding("backdated_change", c, "\(who) dated \"\(c.summary)\" \(c.author.iso8601), before the commit it follows (\(parent.author.iso8601))"))
        } else if c.committer.time - c.author.time > 86_400 {
            out.append(commitFinding("backdated_change", c, "\(who) dated \"\(c.summary)\" \(c.author.iso8601), more than a day before it was committed (\(c.committer.iso8601))"))
        }
        return out
    }

    /// A change to ledger.yaml, a metric or scorecard, a person's manager or team, or someone
    /// else's signing keys, by someone who was neither an admin nor (for a person) that
    /// person's manager at the parent revision.
    func organisationChange(_ e: LedgerEvent, _ c: Commit, org: Organisation, after: Organisation, actor: Maker) -> AuditFinding? {
        // A ledger with no admins yet has no authority over its organisation to judge by: setting
        // it up (naming the admins, placing people) is not a finding.
        if org.admins.isEmpty || org.admins.contains(actor.email) { return nil }
        // Only a finding's message uses it: not made for every event.
        var who: String { actor.people.first.map { "\($0) (\(c.author.name) <\(c.author.email)>)" } ?? "\(c.author.name) <\(c.author.email)>" }
        switch e.kind {
        case .settings, .metric, .scorecard:
            return finding("unauthorized_change", e, c, "\(who) changed \(e.path) (\(describe(e))), but is not a ledger admin")
        case .person:
            guard let id = e.subject else { return nil }
            let sensitive = e.field == "manager" || e.field == "team" || (e.field == "signing_keys" && !actor.people.contains(id))
            guard sensitive else { return nil }
            // An existing person: their manager chain at the parent. A new one: whoever they are
            // placed under (or that person's managers) may add them.
            let chain: [String]
            if org.people.contains(id) {
                chain = managers(of: id, org)
            } else if let m = after.managers[id] {
                chain = [m] + managers(of: m, org)
            } else {
                chain = []
            }
            if actor.people.contains(where: chain.contains) { return nil }
            return finding("unauthorized_change", e, c, "\(who) changed \(e.path) (\(describe(e))), but is neither \(id)'s manager up the chain nor a ledger admin")
        default:
            return nil
        }
    }

    /// Puts back the parent's organisation for one change judged unauthorised.
    func undoOrganisationChange(_ e: LedgerEvent, in s: inout State, parent: Organisation) {
        switch e.kind {
        case .person:
            guard let id = e.subject else { return }
            if e.field == "manager" { s.org.managers[id] = parent.managers[id] }
        case .settings:
            if e.field == "admins" { s.org.admins = parent.admins }
        default: break
        }
    }

    /// A person's managers, nearest first.
    func managers(of person: String, _ org: Organisation) -> [String] {
        var out: [String] = []
        var cur = org.managers[person]
        while let m = cur, out.count < 64, !out.contains(m) {
            out.append(m)
            cur = org.managers[m]
        }
        return out
    }
}
