import LedgerFormat

/// What ratings feed (docs/review-cycle.md, "Incentives"): each person's final rating and its
/// bonus multiplier from `incentives: multipliers:`, and the award candidates of a quarter.
public struct BonusLine: Sendable {
    public struct Period: Sendable {
        public var quarter: Quarter
        public var finalRating: String?
        /// Nil when there is no final rating, or the ledger sets no multiplier for it.
        public var multiplier: Number?
        /// Why the quarter has no final rating yet: its computed rating is not final while the
        /// quarter runs ("in progress, day 61 of 92"), before it starts, while its score is
        /// incomplete, or when the score lies below every rating band ("unrated"). A person's own
        /// rating (reviewer's or calibrated) is final whenever given.
        public var pending: String?
        /// The score's errors when it is incomplete and no person rated it: the bonus cannot
        /// be computed honestly (`kpi bonus` exits 1).
        public var errors: [Diagnostic] = []
    }

    public var subject: String
    public var name: String
    public var periods: [Period]
    /// The mean multiplier over the periods that have one (nil: none has).
    public var mean: Number?
}

/// A progress-award candidate: a person whose score rose over the previous quarter.
public struct ProgressCandidate: Sendable {
    public var subject: String
    public var name: String
    public var previous: Number
    public var current: Number
    public var gain: Number
}

/// An award a review proposes (`awards: [innovation]` with `award_reason`).
public struct AwardNomination: Sendable {
    public var award: String
    public var subject: String
    public var name: String
    public var reason: String?
    public var reviewer: String?
    public var path: String
}

extension Quarter {
    public var previous: Quarter { number == 1 ? Quarter(year: year - 1, number: 4)! : Quarter(year: year, number: number - 1)! }
}

extension Scorer {
    /// Every person with goals, a review or a calibrated rating in `quarters`, by id. A computed
    /// rating counts only for a finished quarter with a complete score (`BonusLine.Period.pending`).
    public func bonusLines(quarters: [Quarter], today: Day) -> [BonusLine] {
        let multipliers = Dictionary(ledger.settings.multipliers.map { ($0.grade, $0.multiplier) }, uniquingKeysWith: { a, _ in a })
        let ids = ledger.people.keys.sorted().filter { id in
            quarters.contains { q in
                let key = SheetKey(subject: id, quarter: q)
                return ledger.goalSheets[key] != nil || ledger.reviews[key] != nil || ledger.calibratedRating(id, in: q) != nil
            }
        }
        return ids.map { id in
            let periods = quarters.map { q -> BonusLine.Period in
                let s = score(id, quarter: q)
                let trail = s.ratings
                // A calibration file that did not load may hold this person's rating: no guess.
                if !trail.calibrationKnown { return BonusLine.Period(quarter: q, pending: "incomplete", errors: s.errors) }
                if let rated = trail.calibrated ?? trail.review {
                    return BonusLine.Period(quarter: q, finalRating: rated, multiplier: multipliers[rated])
                }
                let progress = QuarterProgress(q, today: today, fiscalYearStart: ledger.settings.fiscalYearStart)
                if progress.inProgress {
                    return BonusLine.Period(quarter: q, pending: "in progress, day \(progress.elapsedDays) of \(progress.totalDays)")
                }
                if progress.elapsedDays == 0 { return BonusLine.Period(quarter: q, pending: "not started") }
                if !s.isComplete { return BonusLine.Period(quarter: q, pending: "incomplete", errors: s.errors) }
                // A score below every band has no grade, so no multiplier can be read for it.
                if s.score != nil, trail.computed == nil { return BonusLine.Period(quarter: q, pending: "unrated: below every band") }
                return BonusLine.Period(quarter: q, finalRating: trail.computed, multiplier: trail.computed.flatMap { multipliers[$0] })
            }
            let given = periods.compactMap(\.multiplier)
            return BonusLine(subject: id, name: ledger.people[id]?.name ?? id, periods: periods,
                             mean: given.isEmpty ? nil : given.reduce(.zero, +) / Number(given.count))
        }
    }

    /// People whose complete score rose over the previous quarter's, largest gain first.
    public func progressCandidates(quarter: Quarter) -> [ProgressCandidate] {
        var out: [ProgressCandidate] = []
        for id in ledger.people.keys.sorted() where ledger.goalSheets[SheetKey(subject: id, quarter: quarter)] != nil {
            let now = score(id, quarter: quarter), before = score(id, quarter: quarter.previous)
            guard now.isComplete, before.isComplete, let c = now.shownScore(places: 2), let p = before.shownScore(places: 2), c > p else { continue }
            out.append(ProgressCandidate(subject: id, name: now.name, previous: p, current: c, gain: c - p))
        }
        return out.sorted { ($1.gain, $0.subject) < ($0.gain, $1.subject) }
    }

    /// The awards the quarter's reviews propose, by award then subject.
    public func nominations(quarter: Quarter) -> [AwardNomination] {
        var out: [AwardNomination] = []
        for key in ledger.reviews.keys.sorted() where key.quarter == quarter {
            let r = ledger.reviews[key]!
            for a in r.awards {
                out.append(AwardNomination(award: a.value, subject: key.subject, name: ledger.subjectName(key.subject) ?? key.subject,
                                           reason: r.awardReason, reviewer: r.reviewer, path: r.path))
            }
        }
        return out.sorted { ($0.award, $0.subject) < ($1.award, $1.subject) }
    }
}
