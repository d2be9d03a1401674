/// One goal of a sheet as the sheet score needs it: its weight as written (nil: not given)
/// and its attainment (nil: no actual yet, or no value — counts 0).
public struct ScoredGoalInput: Equatable, Sendable {
    public var metric: String
    public var dimension: String
    public var weight: Number?
    public var attainment: Number?

    public init(metric: String, dimension: String, weight: Number?, attainment: Number?) {
        self.metric = metric
        self.dimension = dimension
        self.weight = weight
        self.attainment = attainment
    }
}

/// A dimension's share of a sheet.
public struct DimensionSubtotal: Equatable, Sendable {
    public let dimension: String
    /// Σ effective weights of the dimension's goals (for scorecard range checks).
    public let weightSum: Number
    /// 100 × Σ w × a / Σ w within the dimension; nil when its weights sum to 0.
    public let score: Number?
    /// The points this dimension adds to the sheet's score before bonus:
    /// 100 × Σ w × a / (the sheet's Σ w). The dimensions' points add up to `baseScore`.
    /// Worked out when asked (a report shows `score`; a division per dimension and sheet saved).
    public var points: Number? { sheetWeight.isZero ? nil : hundredfold / sheetWeight }
    public let goalCount: Int
    /// 100 × Σ w × a within the dimension, and the sheet's Σ w: what `points` divides.
    let hundredfold: Number
    let sheetWeight: Number
}

public struct SheetScoreResult: Equatable, Sendable {
    /// `baseScore` + `bonus`; nil when the sheet has no weight at all (no goals).
    public let score: Number?
    /// 100 × Σ w × a / Σ w, before bonus.
    public let baseScore: Number?
    /// Bonus points applied: Σ bonus, capped at the bonus cap.
    public let bonus: Number
    /// Σ bonus as written, before the cap.
    public let bonusRequested: Number
    /// Σ effective weights, so callers can warn when it is not 100.
    public let weightSum: Number
    /// The effective weight of each goal, in input order (defaults resolved).
    public let weights: [Number]
    /// Per dimension, in order of first appearance.
    public let dimensions: [DimensionSubtotal]
    /// Metrics of goals without an attainment, in input order; each counted 0.
    public let missing: [String]
}

/// A goal sheet's score, as docs/scoring.md ("The sheet's score") defines it.
public enum SheetScore {
    /// Computes a sheet's score.
    ///
    /// Weights: goals without a weight share what the weighted goals leave of 100 equally
    /// (all goals unweighted: 100 / n each; weights 60 and two unweighted: 20 each); when
    /// the given weights already reach 100 or more, the unweighted goals get 0 and so do
    /// not count (their weight shows as 0 in `weights`, for callers to warn about). Given
    /// weights are used as written — they need not sum to 100: the score is normalised
    /// by Σ w, and `weightSum` lets callers warn.
    ///
    /// Exactness: the equal shares are never rounded before use. The shared weight enters
    /// sums as `left × Σ a / k` with one division, so three unweighted goals all met score
    /// exactly 100 and `weightSum` is exactly 100 (rather than 3 × 33.333…).
    ///
    /// Bonus: Σ bonus, capped at `bonusCap` (a negative sum, a penalty, is not capped).
    public static func compute(goals: [ScoredGoalInput], bonusPoints: [Number], bonusCap: Number) -> SheetScoreResult {
        if #available(macOS 15, *), let result = computeByParts(goals: goals, bonusPoints: bonusPoints, bonusCap: bonusCap) {
            return result
        }
        return computeByNumbers(goals: goals, bonusPoints: bonusPoints, bonusCap: bonusCap)
    }

    /// `compute` with every sum and product a `Number` (the definition; also the fallback
    /// where `computeByParts` declines).
    static func computeByNumbers(goals: [ScoredGoalInput], bonusPoints: [Number], bonusCap: Number) -> SheetScoreResult {
        // Plain loops over the goals' indices, each reading the fields it needs in place (no
        // copy of a goal, no lazily filtered sequence), and what only this function reads (each
        // goal's w × a, its dimension, each dimension's first goal and count) in memory on the
        // stack, not in arrays: a year of a thousand people's sheets is scored by the thousand.
        // The sums are added in the goals' order, as always: exact sums of wide values are
        // truncated as Decimal's are, so their order is part of the result.
        let (unweighted, left, k, share) = sharedWeight(goals)
        let n = goals.count

        return withUnsafeTemporaryAllocation(of: Number.self, capacity: n) { products in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * n) { ints in
                // Each weighted goal's w × a, made once: the sheet's totals and its dimension's
                // add the same products in the same order.
                for i in 0..<n {
                    products.initializeElement(at: i, to: goals[i].weight.map { $0 * (goals[i].attainment ?? .zero) } ?? .zero)
                }
                defer { _ = products.deinitialize() }
                // Dimensions in order of first appearance, each found by a scan of those seen (a
                // sheet has a handful): goal i's dimension at dimensionOf + i, dimension d's first
                // goal at first + d and its count of goals at counts + d.
                let dimensionOf = 0, first = n, counts = 2 * n
                var dimensionCount = 0
                for i in 0..<n {
                    var d = 0
                    while d < dimensionCount && goals[ints[first + d]].dimension != goals[i].dimension { d += 1 }
                    if d == dimensionCount {
                        ints[first + d] = i
                        ints[counts + d] = 0
                        dimensionCount += 1
                    }
                    ints[dimensionOf + i] = d
                    ints[counts + d] += 1
                }

                /// Σ w and Σ w × a over the goals of dimension `d` (all goals when nil), with the
                /// shared weight applied exactly.
                func totals(_ d: Int?) -> (weight: Number, weighted: Number) {
                    var weight = Number.zero
                    var weighted = Number.zero
                    var sharedCount = 0
                    var sharedAttainment = Number.zero
                    for i in 0..<n where d == nil || ints[dimensionOf + i] == d! {
                        if let w = goals[i].weight {
                            weight += w
                            weighted += products[i]
                        } else {
                            sharedCount += 1
                            sharedAttainment += goals[i].attainment ?? .zero
                        }
                    }
                    if sharedCount > 0 {
                        weight += sharedCount == unweighted ? left : left * Number(sharedCount) / k
                        weighted += left * sharedAttainment / k
                    }
                    return (weight, weighted)
                }

                let sheet = totals(nil)
                let base: Number? = sheet.weight.isZero ? nil : Number.hundred * sheet.weighted / sheet.weight

                var dimensions: [DimensionSubtotal] = []
                dimensions.reserveCapacity(dimensionCount)
                for d in 0..<dimensionCount {
                    let t = dimensionCount == 1 ? sheet : totals(d)
                    let hundredfold = Number.hundred * t.weighted
                    dimensions.append(DimensionSubtotal(
                        dimension: goals[ints[first + d]].dimension,
                        weightSum: t.weight,
                        score: t.weight.isZero ? nil : hundredfold / t.weight,
                        goalCount: ints[counts + d],
                        hundredfold: hundredfold, sheetWeight: sheet.weight))
                }

                return result(goals: goals, share: share, bonusPoints: bonusPoints, bonusCap: bonusCap,
                              base: base, baseIsCanonical: false, weightSum: sheet.weight, dimensions: dimensions)
            }
        }
    }

    /// `computeByNumbers`'s results by the same operations on the same values in the same order,
    /// the products and weighted sums held as `ScoreValue`s (each operation `Number`'s own, on its
    /// parts: the same digits) and made `Number`s only where a result keeps them; the sheet's and
    /// each dimension's totals run in one pass over the goals (each adds its goals in their order,
    /// as a pass of its own did). Nil where an operation would leave `Number`'s integer paths
    /// (then `computeByNumbers` computes it all). `SheetScoreByPartsTests` compares the two over
    /// many generated sheets.
    @available(macOS 15, *)
    static func computeByParts(goals: [ScoredGoalInput], bonusPoints: [Number], bonusCap: Number) -> SheetScoreResult? {
        guard DecimalBits.layoutKnown else { return nil }
        let (unweighted, left, k, share) = sharedWeight(goals)
        let n = goals.count
        guard let leftValue = ScoreValue(left), let kValue = ScoreValue(k), let hundred = ScoreValue(Number.hundred) else { return nil }

        /// The running totals of the sheet or of one dimension: Σ w and Σ w × a of its weighted
        /// goals, and the count and Σ a of those sharing what the weights leave.
        struct Totals {
            var weight = Number.zero
            var weighted = ScoreValue.zero
            var sharedCount = 0
            var shared = ScoreValue.zero
            /// A dimension's first goal and its count of goals.
            var first = 0
            var count = 0

            /// One goal more: its weight (nil: it shares) and its w × a (or its a when it shares).
            @inline(__always)
            mutating func add(_ w: Number?, _ value: ScoreValue) -> Bool {
                if let w {
                    weight += w
                    guard let sum = weighted + value else { return false }
                    weighted = sum
                } else {
                    sharedCount += 1
                    guard let sum = shared + value else { return false }
                    shared = sum
                }
                return true
            }
        }

        return withUnsafeTemporaryAllocation(of: Totals.self, capacity: n + 1) { totals -> SheetScoreResult? in
            // The sheet's totals at 0, dimension d's at 1 + d (dimensions in order of first appearance,
            // each found by a scan of those seen: a sheet has a handful). While the sheet has one
            // dimension its totals are the sheet's (the same goals added in the same order), so a
            // dimension's are kept apart only from when a second appears, starting from the sheet's.
            totals.initializeElement(at: 0, to: Totals())
            var dimensionCount = 0
            for i in 0..<n {
                guard var value = ScoreValue(goals[i].attainment ?? .zero) else { return nil }
                let w = goals[i].weight
                if let w {
                    guard let weight = ScoreValue(w), let product = weight * value else { return nil }
                    value = product
                }
                var d = 0
                while d < dimensionCount && goals[totals[1 + d].first].dimension != goals[i].dimension { d += 1 }
                if d == dimensionCount {
                    if d == 1 {
                        // Dimension 0's goals so far are all the sheet's.
                        totals[1].weight = totals[0].weight
                        totals[1].weighted = totals[0].weighted
                        totals[1].sharedCount = totals[0].sharedCount
                        totals[1].shared = totals[0].shared
                    }
                    totals.initializeElement(at: 1 + d, to: Totals(first: i))
                    dimensionCount += 1
                }
                totals[1 + d].count += 1
                guard totals[0].add(w, value) else { return nil }
                if dimensionCount > 1, !totals[1 + d].add(w, value) { return nil }
            }

            /// A totals' Σ w and Σ w × a, the shared weight applied exactly.
            func finished(_ t: Totals) -> (weight: Number, weighted: ScoreValue)? {
                guard t.sharedCount > 0 else { return (t.weight, t.weighted) }
                let weight = t.weight + (t.sharedCount == unweighted ? left : left * Number(t.sharedCount) / k)
                guard let p = leftValue * t.shared, let q = p / kValue, let sum = t.weighted + q else { return nil }
                return (weight, sum)
            }

            guard let sheet = finished(totals[0]) else { return nil }
            var base: Number?
            if !sheet.weight.isZero {
                guard let w = ScoreValue(sheet.weight), let h = hundred * sheet.weighted, let q = h / w, let b = q.number else { return nil }
                base = b
            }

            var dimensions: [DimensionSubtotal] = []
            dimensions.reserveCapacity(dimensionCount)
            for d in 0..<dimensionCount {
                guard let t = dimensionCount == 1 ? sheet : finished(totals[1 + d]), let h = hundred * t.weighted,
                      let hundredfold = h.number else { return nil }
                var score: Number?
                if !t.weight.isZero {
                    guard let w = ScoreValue(t.weight), let q = h / w, let s = q.number else { return nil }
                    score = s
                }
                dimensions.append(DimensionSubtotal(
                    dimension: goals[totals[1 + d].first].dimension,
                    weightSum: t.weight,
                    score: score,
                    goalCount: totals[1 + d].count,
                    hundredfold: hundredfold, sheetWeight: sheet.weight))
            }

            return result(goals: goals, share: share, bonusPoints: bonusPoints, bonusCap: bonusCap,
                          base: base, baseIsCanonical: true, weightSum: sheet.weight, dimensions: dimensions)
        }
    }

    /// What both ways of adding a sheet up end with: the bonus on the base score, each goal's
    /// weight (its share where it has none) and the metrics with no attainment.
    /// `baseIsCanonical`: `base` is a `Number` made from parts (`Number(parts:)`: a wide value's
    /// `Decimal` compact, as `base + 0` would write it), so with no bonus it is the score as it is.
    private static func result(goals: [ScoredGoalInput], share: Number, bonusPoints: [Number], bonusCap: Number,
                               base: Number?, baseIsCanonical: Bool, weightSum: Number, dimensions: [DimensionSubtotal]) -> SheetScoreResult {
        var requested = Number.zero
        for points in bonusPoints { requested += points }
        let bonus = min(requested, bonusCap)
        var weights: [Number] = []
        weights.reserveCapacity(goals.count)
        var missing: [String] = []
        // Each goal read in place (a copy of one retains and releases its metric and dimension).
        for i in goals.indices {
            weights.append(goals[i].weight ?? share)
            if goals[i].attainment == nil { missing.append(goals[i].metric) }
        }
        return SheetScoreResult(
            score: base.map { bonus.isZero && baseIsCanonical ? $0 : $0 + bonus },
            baseScore: base,
            bonus: bonus,
            bonusRequested: requested,
            weightSum: weightSum,
            weights: weights,
            dimensions: dimensions,
            missing: missing)
    }

    /// The number of goals with no weight (`unweighted`, and as a `Number`, `k`), what the weights
    /// leave of 100 (`left`, never below 0) and each such goal's share (`left / k`; 0 when every goal has a weight), as both ways of
    /// adding a sheet up begin.
    private static func sharedWeight(_ goals: [ScoredGoalInput]) -> (unweighted: Int, left: Number, k: Number, share: Number) {
        var unweighted = 0
        for i in goals.indices where goals[i].weight == nil { unweighted += 1 }
        // What the weights leave is read only when some goal shares it (most sheets weight every goal).
        guard unweighted > 0 else { return (0, .zero, .zero, .zero) }
        var given = Number.zero
        for i in goals.indices { if let w = goals[i].weight { given += w } }
        let left = max(.zero, Number.hundred - given)
        let k = Number(unweighted)
        return (unweighted, left, k, left / k)
    }
}
