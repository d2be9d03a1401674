import GitStore

/// Quarters closed by `kpi close`: each is an annotated tag `closed/<quarter>` on the commit
/// that closed it. The recorder refuses writes into a closed quarter unless reopened with a
/// reason; the audit reports changes the tag does not reach (`closed_quarter_changed`,
/// docs/audit.md). Both read the tags here.
public struct ClosedQuarters {
    /// Each closed quarter's tag.
    public let tags: [Quarter: Tag]

    /// The tag that closes `quarter`.
    public static func tagName(_ quarter: Quarter) -> String { "closed/\(quarter)" }

    /// The closed quarters of the repository, by its tags.
    public init(repository: Repository) throws {
        var tags: [Quarter: Tag] = [:]
        for tag in try repository.tags() {
            let name = tag.name.hasPrefix("refs/tags/") ? String(tag.name.dropFirst(10)) : tag.name
            if name.hasPrefix("closed/"), let q = Quarter(String(name.dropFirst(7))) { tags[q] = tag }
        }
        self.tags = tags
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
