/// A team's or department's view of its members' scores.
public struct RollupResult: Equatable, Sendable {
    /// The mean of the scores that exist; nil when no member has a score.
    public let mean: Number?
    /// How many members have each rating (members without a rating are not counted).
    public let countByRating: [String: Int]
    /// Members with a score.
    public let scoredCount: Int
    /// Ids of members without a score, in input order, so a roll-up never hides them.
    public let unscored: [String]
    /// Ids of members whose score is incomplete: then there is no mean at all, rather than a
    /// mean over fewer members (docs/scoring.md, "Incomplete scores").
    public var incomplete: [String] = []
    /// False when a person or team file did not load, so the members themselves are uncertain.
    public var membershipKnown = true

    public var isComplete: Bool { incomplete.isEmpty && membershipKnown }
}

public enum Rollup {
    /// Rolls members' scores up. A member without a score does not pull the mean down
    /// (it is not a 0: the sheet may not exist yet) but is listed in `unscored`.
    /// `incomplete` members, or `membershipKnown: false` (a person or team file did not load, so
    /// who belongs is uncertain), leave the roll-up without a mean.
    public static func compute(scores: [(id: String, score: Number?, rating: String?)], incomplete: [String] = [],
                               membershipKnown: Bool = true) -> RollupResult {
        var count = 0
        // Each rating counted in a short list (a ledger has a handful of grades; a department
        // hundreds of members): the dictionary is made once, not hashed once a member.
        var grades: [(grade: String, count: Int)] = []
        var unscored: [String] = []
        for entry in scores {
            if entry.score != nil {
                count += 1
            } else {
                unscored.append(entry.id)
            }
            if let rating = entry.rating {
                if let g = grades.firstIndex(where: { $0.grade == rating }) { grades[g].count += 1 } else { grades.append((rating, 1)) }
            }
        }
        var ratings: [String: Int] = [:]
        ratings.reserveCapacity(grades.count)
        for g in grades { ratings[g.grade] = g.count }
        let skipped = Set(incomplete)
        return RollupResult(mean: count == 0 || !incomplete.isEmpty || !membershipKnown ? nil : mean(scores, count),
                            countByRating: ratings, scoredCount: count,
                            unscored: unscored.filter { !skipped.contains($0) }, incomplete: incomplete,
                            membershipKnown: membershipKnown)
    }

    /// The mean of the scores that exist: their sum in order, divided by `count`, each step
    /// `Number`'s own (`ScoreValue`: the same digits, no `Number` made of each partial sum).
    static func mean(_ scores: [(id: String, score: Number?, rating: String?)], _ count: Int) -> Number {
        if #available(macOS 15, *), DecimalBits.layoutKnown, let divisor = ScoreValue(Number(count)) {
            var total: ScoreValue? = .zero
            for entry in scores {
                guard let score = entry.score, let sum = total else { continue }
                total = ScoreValue(score).flatMap { sum + $0 }
            }
            if let mean = total.flatMap({ $0 / divisor })?.number { return mean }
        }
        var total = Number.zero
        for entry in scores { if let score = entry.score { total += score } }
        return total / Number(count)
    }
}
