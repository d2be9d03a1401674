import GitStore

/// Quarters closed by `kpi close`: each is an annotated tag `closed/<quarter>` on the commit
/// that closed it. The recorder refuses writes into a closed quarter unless reopened with a
/// reason; the audit reports changes the tag does not reach (`closed_quarter_changed`,
/// docs/audit.md). Both read the tags here.
/// A ledger in a subfolder of its repository names its tags with its folder
/// (`closed/hr/ledger/2026-Q3`), so two ledgers of one repository close their quarters apart
/// (docs/repositories.md).
public struct ClosedQuarters {
    /// Each closed quarter's tag.
    public let tags: [Quarter: Tag]
    /// The ledger's folder in the repository ("" at its root).
    public let prefix: String

    /// The tag that closes `quarter` of the ledger at `prefix`.
    public static func tagName(_ quarter: Quarter, prefix: String = "") -> String {
        prefix.isEmpty ? "closed/\(quarter)" : "closed/\(prefix)/\(quarter)"
    }

    /// The tag that closes `quarter` of this ledger.
    public func tagName(_ quarter: Quarter) -> String { Self.tagName(quarter, prefix: prefix) }

    /// The commit-message trailer that says why a closed quarter is changed: what a plain
    /// `git commit` must carry to pass the commit-msg hook, and what the audit shows
    /// (docs/audit.md, docs/hooks.md).
    public static let reasonTrailer = "Reopen-Reason"

    /// The reopen reason a commit message gives: a `Reopen-Reason:` trailer in its last
    /// paragraph (or, as older kpi wrote it, a last paragraph `Reopened: why`); comment lines
    /// (`#`, which git strips after the commit-msg hook has run) do not count.
    public static func reopenReason(inMessage message: String) -> String? {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
            .filter { !$0.hasPrefix("#") }
        var last = lines
        while let l = last.last, l.allSatisfy({ $0 == " " || $0 == "\t" }) { last.removeLast() }
        if let gap = last.lastIndex(where: { $0.allSatisfy { $0 == " " || $0 == "\t" } }) { last = Array(last[(gap + 1)...]) }
        for line in last.reversed() {
            for key in [reasonTrailer, "Reopened"] {
                guard line.count > key.count, line.prefix(key.count).lowercased() == key.lowercased(),
                      line.dropFirst(key.count).first == ":" else { continue }
                let reason = line.dropFirst(key.count + 1).trimmingScalars(in: " \t")
                if !reason.isEmpty { return String(reason) }
            }
        }
        return nil
    }

    /// The closed quarters of the ledger at `prefix` in the repository, by its tags.
    public init(repository: Repository, prefix: String = "") throws {
        var tags: [Quarter: Tag] = [:]
        let start = "closed/" + (prefix.isEmpty ? "" : prefix + "/")
        for tag in try repository.tags(under: start) {
            let name = tag.name.hasPrefix("refs/tags/") ? String(tag.name.dropFirst(10)) : tag.name
            if name.hasPrefix(start), let q = Quarter(String(name.dropFirst(start.count))) { tags[q] = tag }
        }
        self.tags = tags
        self.prefix = prefix
    }

    /// The closed quarter a goals, records or review file belongs to; nil for other files and
    /// for quarters still open.
    public func quarter(ofPath path: String) -> Quarter? {
        guard !tags.isEmpty, case .file(let lp) = LedgerLayout.classify(path), let text = lp.quarter,
              let q = Quarter(text), tags[q] != nil else { return nil }
        return q
    }

    /// Each closed quarter's closing commit, and every commit its tag reaches: a change to the
    /// quarter in any other commit came after the close.
    public func reach(in repository: Repository) throws -> (closed: [Quarter: ObjectID], reach: [Quarter: Set<ObjectID>]) {
        var closed: [Quarter: ObjectID] = [:]
        var reach: [Quarter: Set<ObjectID>] = [:]
        for (q, tag) in tags {
            closed[q] = tag.target
            reach[q] = Set(try repository.walk(from: tag.target))
        }
        return (closed, reach)
    }
}
