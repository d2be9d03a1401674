import Foundation
import GitStore

/// `rating_overridden` (warning; docs/review-cycle.md, "Calibration"): at the audited tip, a
/// final rating that differs from the computed one without a reason — a reviewer's rating that
/// is not the computed one, for a subject no calibration meeting rated (a calibrated rating
/// always carries its reason). Attributed to the commit that last set the review's rating.
extension HistoryReports {
    /// `overrides(at: head)` begun on a thread of its own before the history is scanned, so the
    /// load and score of the ledger at the tip share the cores with the scan instead of coming
    /// after it; nil when the ledger at `head` has no reviews folder (no rating to override:
    /// nothing is loaded, as when the history sets no rating).
    /// `shelf`: where the load leaves the blobs it reads, for the scan (`BlobShelf`).
    func ratingOverridesAhead(head: ObjectID, shelf: BlobShelf? = nil) throws -> OverridesTask? {
        guard let tree = try store.tree(of: head), let reviews = LedgerLayout.folder(of: .review),
              try store.repository.subtree(reviews, in: tree) != nil else { return nil }
        return OverridesTask(gitDir: store.repository.gitDir, location: store.location, head: head, shelf: shelf)
    }

    /// The findings, worked out on a thread of its own (the ledger at the tip is loaded and
    /// scored through a repository of its own) while the caller runs the other rules: the
    /// returned function waits for the findings (or the error) and gives them. The tip is the
    /// audited HEAD, whose load `ratingOverridesAhead` began before the scan; nil there means
    /// HEAD's ledger has no reviews, so no rating to override. Judged at HEAD, not at the
    /// history's last ledger commit: after a merge that kept its first parent's files, a side
    /// branch's newer commit is last in the history, but its ledger is not the one that stands.
    func ratingOverridesMeanwhile(_ history: [CommitEvents], ahead: OverridesTask?) throws -> () throws -> [AuditFinding] {
        guard let task = ahead else { return { [] } }
        // Which commit last set each rating: a pass over every event, made on another thread
        // while the caller runs the other rules.
        let setting = LastRatings(history)
        return {
            let setBy = setting.wait()
            guard !setBy.isEmpty else { return [] }
            return try task.wait().compactMap { o in
                guard let commit = setBy[SheetKey(subject: o.subject, quarter: o.quarter)] else { return nil }
                return AuditFinding(
                    rule: "rating_overridden", severity: Auditor.severities["rating_overridden"]!, commit: commit.id, author: commit.author,
                    subject: o.subject, quarter: o.quarter, metric: nil,
                    message: "\(commit.author.name) <\(commit.author.email)> rated \(o.subject) \(o.given) for \(o.quarter) in \(o.path), but the computed rating is \(o.computed) (\(o.points) points) and no calibration gives a reason; record one in calibration/\(o.quarter)/<team>.yaml")
            }
        }
    }

    /// `findings` and then `overrides` in history order (`place`: a commit's position in the
    /// history), each after the findings of its own commit: the order a stable sort of both
    /// by place gives. The rules' findings come in history order already, so the few overrides
    /// are merged into them (sorting and copying ~19,000 findings twice was ~18 ms of a cold
    /// audit's main thread); findings out of order are sorted as a whole.
    static func inHistoryOrder(_ findings: [AuditFinding], _ overrides: [AuditFinding],
                               place: (ObjectID) -> Int) -> [AuditFinding] {
        let placeOfFinding = findings.map { place($0.commit) }
        let placeOfOverride = overrides.map { place($0.commit) }
        guard zip(placeOfFinding, placeOfFinding.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            let all = findings + overrides
            let place = placeOfFinding + placeOfOverride
            return all.indices.sorted { (place[$0], $0) < (place[$1], $1) }.map { all[$0] }
        }
        let order = overrides.indices.sorted { (placeOfOverride[$0], $0) < (placeOfOverride[$1], $1) }
        var out: [AuditFinding] = []
        out.reserveCapacity(findings.count + overrides.count)
        var i = 0
        for o in order {
            // A finding of the same place comes first: it stood before every override in the sort.
            while i < findings.count, placeOfFinding[i] <= placeOfOverride[o] {
                out.append(findings[i])
                i += 1
            }
            out.append(overrides[o])
        }
        out.append(contentsOf: findings[i...])
        return out
    }

    /// The commit that last set each review's rating, found on another thread.
    final class LastRatings: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var setBy: [SheetKey: Commit] = [:]

        init(_ history: [CommitEvents]) {
            DispatchQueue.global().async { [self] in
                for ce in history {
                    for e in ce.events where e.kind == .review && e.field == "rating" {
                        guard let s = e.subject, let q = e.quarter else { continue }
                        setBy[SheetKey(subject: s, quarter: q)] = ce.commit
                    }
                }
                done.signal()
            }
        }

        func wait() -> [SheetKey: Commit] {
            done.wait()
            done.signal()
            return setBy
        }
    }

    /// `overrides(at:)` on a thread of its own, with its own repository (a libgit2 repository
    /// object serves one thread at a time).
    final class OverridesTask: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var result: Result<[RatingOverrideCache.Override], Error>?

        init(gitDir: String, location: LedgerLocation, head: ObjectID, shelf: BlobShelf?) {
            let thread = Thread { [self] in
                result = Result {
                    let store = LedgerStore(repository: try Repository(path: gitDir), location: location)
                    return try HistoryReports(store: store).overrides(at: head, shelf: shelf)
                }
                done.signal()
            }
            // Loading parses the ledger's files: the main thread's stack size, not a worker's 512 KB.
            thread.stackSize = 8 << 20
            thread.start()
        }

        func wait() throws -> [RatingOverrideCache.Override] {
            done.wait()
            done.signal()
            return try result!.get()
        }
    }

    /// Every review at `head` whose rating is not the computed one and that no calibration
    /// rated, by quarter then subject; kept by ledger tree (`RatingOverrideCache`).
    /// `shelf`: where the blobs the load reads are left (`BlobShelf`).
    func overrides(at head: ObjectID, shelf: BlobShelf? = nil) throws -> [RatingOverrideCache.Override] {
        guard let tree = try store.tree(of: head) else { return [] }
        let cache = RatingOverrideCache(gitDir: store.repository.gitDir, prefix: store.location.prefix)
        if let cached = cache.lookup(tree: tree) { return cached }
        // `store.ledger(at: head)`, its blobs left on the shelf.
        let ledger = try LedgerLoader.load(from: TreeSource(repository: store.repository, tree: tree, shelf: shelf),
                                           cacheIn: store.repository.gitDir)
        let scorer = Scorer(ledger: ledger)
        var out: [RatingOverrideCache.Override] = []
        for key in ledger.reviews.keys.sorted() {
            guard let review = ledger.reviews[key], let given = review.rating,
                  ledger.calibratedRating(key.subject, in: key.quarter) == nil else { continue }
            let s = scorer.score(key.subject, quarter: key.quarter)
            guard s.isComplete, let computed = s.rating, computed != given, let points = s.shownScore(places: 1) else { continue }
            out.append(.init(subject: key.subject, quarter: key.quarter, given: given, computed: computed, points: "\(points)", path: review.path))
        }
        cache.store(out, tree: tree)
        return out
    }
}
