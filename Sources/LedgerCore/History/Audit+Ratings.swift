import GitStore

/// `rating_overridden` (warning; docs/review-cycle.md, "Calibration"): at the audited tip, a
/// final rating that differs from the computed one without a reason — a reviewer's rating that
/// is not the computed one, for a subject no calibration meeting rated (a calibrated rating
/// always carries its reason). Attributed to the commit that last set the review's rating.
extension HistoryReports {
    func ratingOverrides(_ history: [CommitEvents]) throws -> [AuditFinding] {
        var setBy: [SheetKey: Commit] = [:]
        for ce in history {
            for e in ce.events where e.kind == .review && e.field == "rating" {
                guard let s = e.subject, let q = e.quarter else { continue }
                setBy[SheetKey(subject: s, quarter: q)] = ce.commit
            }
        }
        guard !setBy.isEmpty, let head = history.last?.commit.id else { return [] }
        return try overrides(at: head).compactMap { o in
            guard let commit = setBy[SheetKey(subject: o.subject, quarter: o.quarter)] else { return nil }
            return AuditFinding(
                rule: "rating_overridden", severity: Auditor.severities["rating_overridden"]!, commit: commit.id, author: commit.author,
                subject: o.subject, quarter: o.quarter, metric: nil,
                message: "\(commit.author.name) <\(commit.author.email)> rated \(o.subject) \(o.given) for \(o.quarter) in \(o.path), but the computed rating is \(o.computed) (\(o.points) points) and no calibration gives a reason; record one in calibration/\(o.quarter)/<team>.yaml")
        }
    }

    /// Every review at `head` whose rating is not the computed one and that no calibration
    /// rated, by quarter then subject; kept by ledger tree (`RatingOverrideCache`).
    func overrides(at head: ObjectID) throws -> [RatingOverrideCache.Override] {
        guard let tree = try store.tree(of: head) else { return [] }
        let cache = RatingOverrideCache(gitDir: store.repository.gitDir, prefix: store.location.prefix)
        if let cached = cache.lookup(tree: tree) { return cached }
        let ledger = try store.ledger(at: head)
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
