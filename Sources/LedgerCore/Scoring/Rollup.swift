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
        var total = Number.zero
        var count = 0
        var ratings: [String: Int] = [:]
        var unscored: [String] = []
        for entry in scores {
            if let score = entry.score {
                total += score
                count += 1
            } else {
                unscored.append(entry.id)
            }
            if let rating = entry.rating { ratings[rating, default: 0] += 1 }
        }
        let skipped = Set(incomplete)
        return RollupResult(mean: count == 0 || !incomplete.isEmpty || !membershipKnown ? nil : total / Number(count),
                            countByRating: ratings, scoredCount: count,
                            unscored: unscored.filter { !skipped.contains($0) }, incomplete: incomplete,
                            membershipKnown: membershipKnown)
    }
}
