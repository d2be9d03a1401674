import LedgerFormat

/// Computes scores from a loaded ledger exactly as docs/scoring.md says.
public struct Scorer: Sendable {
    public let ledger: Ledger
    /// Each team's members (people in it or any team below it), sorted; built once, since
    /// scoring a thousand teams would otherwise walk every person once per team.
    private let membersByTeam: [String: [String]]
    private let dependencies: ScoreDependencies
    /// The catalog as scoring reads it: one look-up of a goal's metric gives the metric and its
    /// id among the records' metric names (`NameTable`, asked once a scorer, not once a goal).
    private let catalog: [String: CatalogMetric]
    /// The same entries by each metric's id in `NameTable.metrics`, which a goal holds: a goal's
    /// metric is found by indexing, not by hashing its text (nil: no catalog metric has that id).
    private let catalogByID: [CatalogMetric?]
    /// Each scorecard's place in a catalog entry's `dimensions`.
    private let scorecardPlaces: [String: Int]
    /// Whether each goal's score says, in words, how it was computed (`GoalScore.explanation`):
    /// only `--explain` and a subject's page read it, so a report is scored without by default.
    public let explaining: Bool

    public init(ledger: Ledger, explaining: Bool = false) {
        self.ledger = ledger
        self.explaining = explaining
        dependencies = ScoreDependencies(ledger: ledger)
        // Every record of the ledger is read by now: a metric no record names has no id.
        // Every goal too: a metric no goal names has no id, and is never found by one.
        let cards = ledger.scorecards.keys.sorted()
        scorecardPlaces = Dictionary(uniqueKeysWithValues: cards.enumerated().map { ($1, $0) })
        var catalog: [String: CatalogMetric] = [:]
        var byID: [CatalogMetric?] = []
        for (id, metric) in ledger.metrics {
            let entry = CatalogMetric(metric: metric, nameID: NameTable.metrics.existingID(id),
                                      dimensions: cards.map { ledger.dimension(of: metric, id: id, in: ledger.scorecards[$0]) })
            catalog[id] = entry
            if let n = entry.nameID.map(Int.init) {
                if n >= byID.count { byID += repeatElement(nil, count: n + 1 - byID.count) }
                byID[n] = entry
            }
        }
        self.catalog = catalog
        catalogByID = byID
        var index: [String: [String]] = [:]
        for p in ledger.people.values {
            guard var team = p.team?.value else { continue }
            // The teams of the chain so far, to stop at a circle: a short list (a set allocated and
            // hashed a person was most of making the scorer).
            var seen: [String] = []
            seen.reserveCapacity(8)
            while !seen.contains(team) {
                seen.append(team)
                index[team, default: []].append(p.id)
                guard let parent = ledger.teams[team]?.parent?.value else { break }
                team = parent
            }
        }
        for k in index.keys { index[k]!.sort() }
        membersByTeam = index
    }

    /// Scores `subjects` (people or teams; nil: everyone with a goal sheet, loaded or not) in
    /// `quarters`; with `today`, each quarter's progress on that day, and with `forecast` too
    /// each goal's projected quarter-end actual (docs/review-cycle.md). Every subject is held;
    /// `stream` hands them out a batch at a time instead.
    public func report(quarters: [Quarter], subjects: [String]?, revision: String?, today: Day? = nil,
                       forecast: Bool = false) -> ScoreReport {
        stream(quarters: quarters, subjects: subjects, revision: revision, today: today, forecast: forecast).collected()
    }

    /// The report `report` makes, to be scored and used a batch of subjects at a time (`kpi score
    /// --format json` writes each batch and lets it go: a million records' scores are never held).
    public func stream(quarters: [Quarter], subjects: [String]?, revision: String?, today: Day? = nil,
                       forecast: Bool = false) -> ScoreStream {
        var head = ScoreReport(quarters: quarters, revision: revision, subjects: [])
        head.forecast = forecast && today != nil
        if let today {
            head.progress = quarters.map { QuarterProgress($0, today: today, fiscalYearStart: ledger.settings.fiscalYearStart) }
        }
        // The sheets' keys sorted once for every quarter (a quarter's subjects are then in order).
        let keys = subjects == nil ? ledger.goalSheets.sortedKeys() : []
        let plan = quarters.map { ($0, subjectIDs(in: $0, subjects, sortedKeys: keys)) }
        let complete = plan.allSatisfy { q, ids in ids.allSatisfy { isComplete($0, quarter: q) } }
        return ScoreStream(head: head, isComplete: complete, scorer: self, plan: plan, today: today, forecast: forecast)
    }

    /// The subjects a report of `quarter` shows, in its order: those given, or everyone with a
    /// goal sheet (one that did not load too, shown as incomplete), then the teams that roll
    /// any of them up.
    /// `sortedKeys`: the goal sheets' keys in order (`SheetTable.sortedKeys`), when the caller has them.
    func subjectIDs(in q: Quarter, _ subjects: [String]?, sortedKeys: [SheetKey]? = nil) -> [String] {
        if let subjects { return subjects }
        // Keys in order are in order of subject within a quarter.
        var ids = (sortedKeys ?? ledger.goalSheets.sortedKeys()).filter { $0.quarter == q }.map(\.subject)
        if !dependencies.isEmpty {
            let listed = Set(ids)
            ids = (ids + dependencies.brokenGoalSheets(in: q).filter { !listed.contains($0) }).sorted()
        }
        // Teams roll up their members even without a sheet of their own.
        let scored = Set(ids)
        ids += ledger.teams.keys.sorted().filter { !scored.contains($0) && members(of: $0).contains(where: scored.contains) }
        return ids
    }

    /// Whether `id`'s score for `quarter` will be complete, known before it is scored (the JSON
    /// says so before its subjects): no file it depends on, nor (for a team) any member's or
    /// the membership's, has an error; as `sheetScore` and `rollUp` decide.
    func isComplete(_ id: String, quarter: Quarter) -> Bool {
        if dependencies.isEmpty { return true }
        guard dependencies.errors(id, quarter: quarter).isEmpty else { return false }
        guard ledger.teams[id] != nil else { return true }
        return dependencies.membershipErrors.isEmpty && members(of: id).allSatisfy { dependencies.errors($0, quarter: quarter).isEmpty }
    }

    /// True when `quarter` has a goal sheet, loaded or not (one that did not load is shown
    /// as incomplete rather than as a quarter without goals).
    public func hasSheets(in quarter: Quarter) -> Bool {
        ledger.goalSheets.keys.contains { $0.quarter == quarter } || !dependencies.brokenGoalSheets(in: quarter).isEmpty
    }

    /// One subject's score for one quarter (a team's includes its members' roll-up).
    public func score(_ id: String, quarter: Quarter) -> SubjectScore {
        var s = sheetScore(id, quarter: quarter)
        if ledger.teams[id] != nil {
            let members = Parallel.map(members(of: id), minimumItems: 16) { MemberScore(sheetScore($0, quarter: quarter)) }
            rollUp(&s, Dictionary(members.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
        }
        return s
    }

    /// `ids` of `quarter` scored in order, `batch` at a time, each batch's sheets on all cores, and
    /// handed to `body`. A person's sheet is scored once though their team and every team above it
    /// roll it up: of what is already handed on, only the numbers a roll-up needs are kept
    /// (`MemberScore`); a member a team needs before its own turn is scored then, and kept until it.
    func scoreBatches(_ ids: [String], quarter q: Quarter, today: Day?, forecast: Bool, batch: Int,
                      _ body: ([SubjectScore]) throws -> Void) rethrows {
        // Made when a team first needs a member scored ahead of its turn (people sort before
        // the teams that roll them up: usually never).
        var listed: Set<String>?
        var numbers: [String: MemberScore] = [:]
        // Every subject of the quarter is kept here: room made once, not grown a doubling at a time.
        numbers.reserveCapacity(ids.count)
        var ahead: [String: SubjectScore] = [:]
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + batch, ids.count)])
            start += chunk.count
            let known = ahead
            var scored = Parallel.map(chunk, minimumItems: 16) { known.isEmpty ? sheetScore($0, quarter: q) : known[$0] ?? sheetScore($0, quarter: q) }
            // Each subject's score read where it stands (a copy retains its every field).
            for i in scored.indices {
                numbers[scored[i].id] = MemberScore(scored[i])
                if !ahead.isEmpty { ahead[scored[i].id] = nil }
            }
            var missing: [String] = []
            var seen: Set<String> = []
            // `isTeam`: the subject is one of the ledger's teams (no look-up of its id again).
            for i in scored.indices where scored[i].isTeam {
                missing += members(of: scored[i].id).filter { numbers[$0] == nil && seen.insert($0).inserted }
            }
            if !missing.isEmpty, listed == nil { listed = Set(ids) }
            for s in Parallel.map(missing, minimumItems: 16, { sheetScore($0, quarter: q) }) {
                numbers[s.id] = MemberScore(s)
                if listed!.contains(s.id) { ahead[s.id] = s }
            }
            for i in scored.indices where scored[i].isTeam { rollUp(&scored[i], numbers) }
            if forecast, let today {
                for i in scored.indices { addForecast(&scored[i], today: today) }
            }
            try body(scored)
        }
    }

    /// A team's members' scores rolled up into its own (`numbers` holds every member's).
    func rollUp(_ s: inout SubjectScore, _ numbers: [String: MemberScore]) {
        let members = members(of: s.id)
        s.members = members
        // Each member looked up once, straight into what the roll-up reads (no array of copies of
        // their numbers between).
        var scores: [(id: String, score: Number?, rating: String?)] = []
        scores.reserveCapacity(members.count)
        var incomplete: [MemberScore] = []
        for id in members {
            let m = numbers[id]!
            scores.append((m.id, m.score, m.rating))
            if !m.isComplete { incomplete.append(m) }
        }
        let membership = dependencies.membershipErrors
        s.rollup = Rollup.compute(scores: scores, incomplete: incomplete.map(\.id), membershipKnown: membership.isEmpty)
        // A team's number is no better than its members': an incomplete member makes it
        // incomplete too, never a mean over fewer members.
        if incomplete.isEmpty && membership.isEmpty { return }
        var seen = Set(s.errors)
        let more = (incomplete.flatMap(\.errors) + membership).filter { seen.insert($0).inserted }
        if !more.isEmpty { s.markIncomplete(s.errors + more) }
    }

    /// People in a team or any team below it, sorted.
    public func members(of team: String) -> [String] { membersByTeam[team] ?? [] }

    /// A subject's own sheet scored, or marked incomplete when a file it depends on did not load.
    func sheetScore(_ id: String, quarter: Quarter) -> SubjectScore {
        var s = computeSheet(id, quarter: quarter)
        let errors = dependencies.errors(id, quarter: quarter)
        if !errors.isEmpty {
            s.markIncomplete(errors)
        } else {
            s.band = s.score.map { ledger.settings.band(for: $0) }
            for i in s.dimensions.indices { s.dimensions[i].band = s.dimensions[i].score.map { ledger.settings.band(for: $0) } }
        }
        return s
    }

    func computeSheet(_ id: String, quarter: Quarter) -> SubjectScore {
        let key = SheetKey(subject: id, quarter: quarter)
        let name = ledger.subjectName(id) ?? id
        // Whether a team has this id asked of the dictionary's keys: a `Team` looked up is copied out.
        let isTeam = ledger.teams.index(forKey: id) != nil
        var result = SubjectScore(id: id, name: name, quarter: quarter, isTeam: isTeam, score: nil,
                                  rating: nil, reviewRating: ledger.reviews[key]?.rating, dimensions: [], goals: [],
                                  bonus: 0, warnings: [], rollup: nil, members: [])
        result.calibration = ledger.calibratedRating(id, in: quarter)
        result.calibrationKnown = dependencies.calibrationFilesLeavingUnknown(id, quarter: quarter).isEmpty
        guard let sheet = ledger.goalSheets[key] else {
            if isTeam {
                // A team without a sheet of its own is scored by its members' roll-up.
            } else if ledger.isSubject(id) {
                result.warnings.append("no goals for \(quarter)")
            } else {
                result.warnings.append("unknown subject '\(id)'")
            }
            return result
        }
        let card = scorecardPlace(for: sheet)
        let cap = ledger.settings.cap
        let records = sheetRecords(key)
        var inputs: [ScoredGoalInput] = []
        var goals: [GoalScore] = []
        inputs.reserveCapacity(sheet.goals.count)
        goals.reserveCapacity(sheet.goals.count)
        for goal in sheet.goals {
            // The metric read in place in its catalog entry (a copy retains and releases its every field).
            let n = Int(goal.metricNameID)
            guard n < catalogByID.count, let entry = catalogByID[n] else { continue }
            let metricID = NameTable.metrics.name(goal.metricNameID)
            let dimension = card.map { entry.dimensions[$0] } ?? entry.metric.dimension
            let made = self.actual(metricID, entry, records, depth: 0, explain: explaining)
            var attainment: AttainmentResult?
            if let actual = made.value {
                attainment = Attainment.compute(actual: actual, target: goal.target, baseline: goal.baseline,
                                                method: goal.method, direction: entry.metric.direction, cap: cap)
            } else {
                result.warnings.append("\(metricID): no actual yet (\(made.why ?? "")); counts 0")
            }
            let method = attainment?.method ?? goal.method ?? (goal.baseline != nil ? .progress : .ratio)
            inputs.append(ScoredGoalInput(metric: metricID, dimension: dimension, weight: goal.weight, attainment: attainment?.value))
            // Made in its place in the array (a goal's score built aside was copied in, then let go).
            goals.append(GoalScore(metric: metricID, metricName: entry.metric.name, dimension: dimension, unit: entry.metric.unit,
                                   direction: entry.metric.direction, goal: goal, actual: made.value,
                                   weight: goal.weight ?? 0, attainment: attainment?.value, method: method,
                                   corrections: corrections(made.used, in: records)))
            if explaining {
                goals[goals.count - 1].explanation = GoalExplanation(
                    actual: made.why ?? "", attainment: attainment?.explanation ?? "no actual, so the goal counts 0",
                    records: made.used.map { records.counted[$0] })
            }
            if let a = attainment, a.value == nil { result.warnings.append("\(metricID): \(a.explanation)") }
        }
        let sheetResult = SheetScore.compute(goals: inputs, bonusPoints: sheet.bonus.map(\.points), bonusCap: ledger.settings.bonusCap)
        for i in goals.indices where i < sheetResult.weights.count { goals[i].weight = sheetResult.weights[i] }
        if !goals.isEmpty, sheet.goals.contains(where: { $0.weight != nil }), sheetResult.weightSum != 100 {
            result.warnings.append("weights add up to \(sheetResult.weightSum), not 100; the score is normalised")
        }
        if sheetResult.bonusRequested > sheetResult.bonus {
            result.warnings.append("bonus of \(sheetResult.bonusRequested) points capped at \(sheetResult.bonus)")
        }
        result.goals = goals
        result.score = sheetResult.score
        result.rating = sheetResult.score.flatMap { ledger.settings.rating(for: $0) }
        result.bonus = sheetResult.bonus
        result.dimensions = sheetResult.dimensions.map { DimensionScore(id: $0.dimension, weight: $0.weightSum, score: $0.score) }
        return result
    }

    /// The place in `scorecardPlaces` of the scorecard that applies to `sheet`, as
    /// `Ledger.scorecard(for:)` finds it: the sheet's own, else its subject's (nil: none, or
    /// one the ledger does not define).
    func scorecardPlace(for sheet: GoalSheet) -> Int? {
        // A ledger without scorecards has no place for any sheet: its subject is not looked up.
        if scorecardPlaces.isEmpty { return nil }
        return ledger.scorecardID(for: sheet).flatMap { scorecardPlaces[$0] }
    }

    /// A metric's actual: its aggregation over the records, or its formula over the actuals of
    /// the metrics it names. `why` says how it was made, written only when `explain` is set or
    /// there is no actual (the warning says why); `used`: the positions of the records it was
    /// made from, in `records.counted`.
    func actual(_ id: String, _ records: SheetRecords, depth: Int, explain: Bool = false) -> (value: Number?, why: String?, used: [Int]) {
        guard let entry = catalog[id] else {
            return (nil, Unknown.metric(id, in: ledger), [])
        }
        return actual(id, entry, records, depth: depth, explain: explain)
    }

    /// `actual` of a metric already looked up.
    func actual(_ id: String, _ entry: CatalogMetric, _ records: SheetRecords, depth: Int, explain: Bool) -> (value: Number?, why: String?, used: [Int]) {
        // The metric's fields read in place in its entry (a copy of the metric retains its every field).
        if let formula = entry.metric.formula, depth < 16 {
            let metric = entry.metric
            var used: [Int] = []
            var parts: [String] = []
            var reasons: [String: String] = [:]
            let result = formula.evaluate { input in
                let made = actual(input, records, depth: depth + 1, explain: explain)
                used += made.used
                if let v = made.value {
                    if explain { parts.append("\(input) = \(v)") }
                } else {
                    reasons[input] = made.why ?? ""
                }
                return made.value
            }
            switch result {
            case .value(let v):
                return (v, explain ? "\(metric.formulaText ?? formula.description) with \(parts.joined(separator: ", ")) = \(v)" : nil, used)
            case .noValue(let reason):
                let detail = reasons.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
                return (nil, reason + (detail.isEmpty ? "" : " (\(detail))"), used)
            }
        }
        // The positions on the stack, and an array of them only where they are read again: for
        // the words of `--explain`, or for a sheet's corrections (a goal's array was most of
        // what scoring it allocated).
        let kept = explain || !records.corrections.isEmpty
        let made = withUnsafeTemporaryAllocation(of: Int.self, capacity: records.counted.count) { buffer in
            let n = records.positions(ofNameID: entry.nameID, into: buffer)
            let at = UnsafeBufferPointer(rebasing: buffer[..<n])
            return (entry.metric.aggregate.flatMap { $0.apply(RecordValues(counted: records.counted, positions: at)) }, kept ? Array(at) : [])
        }
        guard let agg = entry.metric.aggregate, let v = made.0 else {
            return (nil, "no \(id) records in the quarter", [])
        }
        let positions = made.1
        guard explain else { return (v, nil, positions) }
        let n = positions.count, last = records.counted[positions[n - 1]].date
        let how: String
        switch agg {
        case .last: how = "the last of \(n) record\(n == 1 ? "" : "s") (\(last))"
        default: how = "the \(agg.rawValue) of \(n) record\(n == 1 ? "" : "s")"
        }
        return (v, "\(id) = \(v): \(how)", positions)
    }
}

extension SubjectScore {
    /// No score, no rating, no dimension subtotals: only the errors that explain why.
    mutating func markIncomplete(_ errors: [Diagnostic]) {
        self.errors = errors
        score = nil
        rating = nil
        band = nil
        for i in dimensions.indices { dimensions[i].score = nil }
    }
}

/// A catalog metric, its id among the records' and goals' metric names (nil: none names it), and
/// its dimension under each scorecard (`Ledger.dimension(of:id:in:)`, asked once a scorer, not
/// once a goal), in the order of `Scorer.scorecardPlaces`.
final class CatalogMetric: Sendable {
    let metric: Metric
    let nameID: UInt32?
    let dimensions: [String]

    init(metric: Metric, nameID: UInt32?, dimensions: [String]) {
        self.metric = metric
        self.nameID = nameID
        self.dimensions = dimensions
    }
}

/// What a team's roll-up needs of a member's sheet score: its numbers, not its goals.
struct MemberScore: Sendable {
    let id: String
    let score: Number?
    let rating: String?
    let errors: [Diagnostic]

    init(_ s: SubjectScore) {
        id = s.id
        score = s.score
        rating = s.rating
        errors = s.errors
    }

    var isComplete: Bool { errors.isEmpty }
}

/// A score report handed out a batch of subjects at a time, in the order `Scorer.report` holds
/// them (`Scorer.stream`).
public struct ScoreStream: Sendable {
    /// The report without its subjects: period, revision, progress.
    public let head: ScoreReport
    /// True when every subject will have a complete score (known before any is scored).
    public let isComplete: Bool
    let scorer: Scorer
    let plan: [(Quarter, [String])]
    let today: Day?
    let forecast: Bool

    /// Subjects scored at a time: enough to keep both cores busy, few enough to hold.
    public static let batchSize = 256

    /// Every subject scored, held in one report.
    public func collected() -> ScoreReport {
        var report = head
        report.subjects.reserveCapacity(plan.reduce(0) { $0 + $1.1.count })
        forEachBatch { report.subjects += $0 }
        return report
    }

    /// Scores the subjects, handing each batch to `body` in order; none is kept here.
    public func forEachBatch(_ body: ([SubjectScore]) throws -> Void) rethrows {
        for (q, ids) in plan {
            try scorer.scoreBatches(ids, quarter: q, today: today, forecast: forecast, batch: ScoreStream.batchSize, body)
        }
    }
}
