import GitStore
import LedgerFormat

/// `signatures:` in ledger.yaml.
public enum SignaturePolicy: String, Sendable, CaseIterable {
    case required, optional
}

/// What a commit's signature proves (docs/audit.md, "Proving who changed what").
public struct CommitVerification: Sendable {
    public enum Status: String, Sendable {
        /// Signed by a key listed in a person's file at the commit's parent.
        case good
        case unsigned
        /// The signature does not match the commit (the commit was altered, or the signature is damaged).
        case bad
        /// A valid signature by a key no person held at the parent (or an OpenPGP signature,
        /// which no people file can hold).
        case unknownKey = "unknown_key"
    }

    public var commit: Commit
    public var status: Status
    /// The person whose key signed it (`good` only).
    public var signer: String?
    /// The signing person's email, as their file said at the parent.
    public var signerEmail: String?
    /// The signing key's fingerprint (`SHA256:…`), when the signature could be read.
    public var key: String?
    /// Whether `signatures: required` applies to this commit (its ledger.yaml or its parent's says so).
    public var required: Bool

    /// A good signature by a person whose email is not the commit's author email: the audit's
    /// `signer_not_author`, and a failure of `kpi verify` under `signatures: required`.
    public var signerIsNotAuthor: Bool {
        status == .good && signer != nil && (signerEmail ?? "").lowercased() != commit.author.email.lowercased()
    }

    /// Whether this commit fails the ledger's policy: a bad signature always; under
    /// `signatures: required` also unsigned, unknown keys and a signer who is not the author.
    public var failsPolicy: Bool {
        status == .bad || (required && (status == .unsigned || status == .unknownKey || signerIsNotAuthor))
    }
}

/// Verifies commit signatures in process against the keys in the people files. A key proves a
/// commit only if it was in that person's file at the commit's first parent, so a commit cannot
/// vouch for itself by adding its own key; the ledger's first commit is judged by its own files.
public final class SignatureVerifier {
    let repository: Repository
    /// Key (wire bytes) → person, by the id of the `people/` tree they were read from.
    private var keysByPeopleTree: [ObjectID: [[UInt8]: (person: String, email: String?)]] = [:]
    private var personFiles: [ObjectID: Person?] = [:]
    private var policyByBlob: [ObjectID: Bool] = [:]
    /// By ledger tree: each commit's tree is the next one's parent tree.
    private var policyByTree: [ObjectID: Bool] = [:]

    /// Finds the ledger's files in each commit's tree (its folder in the repository, docs/repositories.md).
    let scanner: HistoryScanner

    public init(repository: Repository, prefix: String = "") {
        self.repository = repository
        self.scanner = HistoryScanner(repository: repository, prefix: prefix)
    }

    public convenience init(store: LedgerStore) { self.init(repository: store.repository, prefix: store.location.prefix) }

    /// The ledger commits of `range` (`A..B`, or one revision: everything reachable from it),
    /// oldest first: commits that change no ledger file are not the ledger's (`HistoryScanner`).
    public func commits(range: String) throws -> [ObjectID] {
        let ids: [ObjectID]
        if let dots = range.firstRange(of: "..") {
            let a = String(range[..<dots.lowerBound]), b = String(range[dots.upperBound...])
            let from = try repository.resolve(a.isEmpty ? "HEAD" : a)
            let to = try repository.resolve(b.isEmpty ? "HEAD" : b)
            ids = try repository.walk(from: to, excluding: [from], reverse: true)
        } else {
            ids = try repository.walk(from: try repository.resolve(range), reverse: true)
        }
        return try ids.filter { try scanner.touchesLedger(try repository.commit($0)) }
    }

    public func verify(_ ids: [ObjectID]) throws -> [CommitVerification] {
        try ids.map { try verify(try repository.commit($0)) }
    }

    /// `trees`: commits' trees already known (by commit id), so the first parent's is not read again.
    /// `settingsAsParent`: the commit's ledger.yaml is its first parent's (a history scan compared
    /// their ledger trees), so its policy is the parent's, known without reading its tree again.
    public func verify(_ commit: Commit, trees: [ObjectID: ObjectID] = [:], settingsAsParent: Bool = false) throws -> CommitVerification {
        let tree = try scanner.ledgerTree(commit.tree)
        let parentTree = try commit.parents.first.flatMap { try scanner.ledgerTree(try trees[$0] ?? repository.commit($0).tree) }
        let required: Bool
        if settingsAsParent, let tree, let parentTree, let known = policyByTree[parentTree] {
            policyByTree[tree] = known
            required = known
        } else {
            required = try (tree.map(policy) ?? false) || (try parentTree.map(policy) ?? false)
        }
        var result = CommitVerification(commit: commit, status: .unsigned, signer: nil, signerEmail: nil, key: nil, required: required)
        guard let (armored, signed) = try repository.commitSignature(commit.id) else { return result }
        guard SSHSignature.isSSH(armored) else {
            result.status = .unknownKey
            return result
        }
        guard let signature = SSHSignature.parse(armored: armored) else {
            result.status = .bad
            return result
        }
        result.key = signature.key.fingerprint
        guard signature.verify(signed) == .good else {
            result.status = .bad
            return result
        }
        if let judgedBy = parentTree ?? tree, let holder = try keys(in: judgedBy)[signature.key.blob] {
            result.status = .good
            result.signer = holder.person
            result.signerEmail = holder.email
        } else {
            result.status = .unknownKey
        }
        return result
    }

    /// Every person's keys in a tree's people files.
    func keys(in tree: ObjectID) throws -> [[UInt8]: (person: String, email: String?)] {
        guard let people = try repository.entry(at: "people", in: tree), people.kind == .tree else { return [:] }
        if let hit = keysByPeopleTree[people.id] { return hit }
        var out: [[UInt8]: (person: String, email: String?)] = [:]
        for e in try repository.treeEntries(people.id) where e.kind == .blob && e.name.hasSuffix(".yaml") {
            guard let person = try person(e.id, path: "people/" + e.name) else { continue }
            for key in person.signingKeys where out[key.blob] == nil { out[key.blob] = (person.id, person.email) }
        }
        keysByPeopleTree[people.id] = out
        return out
    }

    func person(_ blob: ObjectID, path: String) throws -> Person? {
        if let hit = personFiles[blob] { return hit }
        let ledger = LedgerLoader.load(files: [(path, try repository.blob(blob))], checks: false)
        let p = ledger.people.values.first
        personFiles[blob] = p
        return p
    }

    /// Whether a tree's ledger.yaml says `signatures: required`.
    func policy(_ tree: ObjectID) throws -> Bool {
        if let hit = policyByTree[tree] { return hit }
        let required = try settingsPolicy(tree)
        policyByTree[tree] = required
        return required
    }

    private func settingsPolicy(_ tree: ObjectID) throws -> Bool {
        guard let settings = try repository.entry(named: LedgerLayout.settingsFile, in: tree) else { return false }
        if let hit = policyByBlob[settings.id] { return hit }
        let ledger = LedgerLoader.load(files: [(LedgerLayout.settingsFile, try repository.blob(settings.id))], checks: false)
        policyByBlob[settings.id] = ledger.settings.signaturesRequired
        return ledger.settings.signaturesRequired
    }
}
