/// What `kpi calibrate` shows for one team in one quarter (docs/review-cycle.md, "Calibration"):
/// its people's computed, reviewer and final ratings, their distribution beside the ledger's
/// target distribution, and the reviews two or more bands from the computed rating that no
/// calibration explains. A group under four people shows counts only: shares and a mean of so
/// few would single people out and mean little.
public struct CalibrationGroup: Sendable {
    public struct GradeRow: Sendable {
        public var grade: String
        public var computed: Int
        public var review: Int
        public var final: Int
        /// Final count / people rated, in percent; nil under `minimumForShares` people.
        public var finalShare: Number?
        /// The ledger's target share (`calibration: distribution:`), nil when it sets none.
        public var targetShare: Number?
    }

    public struct Flag: Sendable {
        public var subject: String
        public var computed: String
        public var review: String
        public var bands: Int
    }

    public static let minimumForShares = 4

    public var team: String
    public var name: String
    public var quarter: Quarter
    /// The people of the team and the teams below it, each scored.
    public var subjects: [SubjectScore]
    public var calibration: Calibration?
    public var rows: [GradeRow]
    /// The mean of the members' scores; nil under `minimumForShares` people (or none scored).
    public var meanScore: Number?
    public var flags: [Flag]
    /// People with a final rating (the base of the shares).
    public var rated: Int
}

extension Scorer {
    /// The calibration view of `team` (nil: every team with a calibration file or a member
    /// with goals in the quarter).
    public func calibrationGroups(quarter: Quarter, team: String?) -> [CalibrationGroup] {
        let teams = team.map { [$0] } ?? ledger.teams.keys.sorted().filter { t in
            ledger.calibrations[SheetKey(subject: t, quarter: quarter)] != nil
                || members(of: t).contains { ledger.goalSheets[SheetKey(subject: $0, quarter: quarter)] != nil }
        }
        return teams.map { group($0, quarter: quarter) }
    }

    func group(_ team: String, quarter: Quarter) -> CalibrationGroup {
        let settings = ledger.settings
        let subjects = members(of: team).map { score($0, quarter: quarter) }
        func count(_ grade: String, _ pick: (RatingTrail) -> String?) -> Int { subjects.filter { pick($0.ratings) == grade }.count }
        let rated = subjects.filter { $0.ratings.final != nil }.count
        let big = subjects.count >= CalibrationGroup.minimumForShares
        let targets = Dictionary(settings.ratingDistribution.map { ($0.grade, $0.share) }, uniquingKeysWith: { a, _ in a })
        let rows = settings.ratings.map { band -> CalibrationGroup.GradeRow in
            let final = count(band.grade) { $0.final }
            return CalibrationGroup.GradeRow(grade: band.grade, computed: count(band.grade) { $0.computed },
                                             review: count(band.grade) { $0.review }, final: final,
                                             finalShare: big && rated > 0 ? Number(final * 100) / Number(rated) : nil,
                                             targetShare: targets[band.grade])
        }
        let scores = subjects.compactMap { $0.isComplete ? $0.score : nil }
        let mean = big && !scores.isEmpty ? scores.reduce(.zero, +) / Number(scores.count) : nil
        var flags: [CalibrationGroup.Flag] = []
        for s in subjects where s.calibration == nil {
            guard let computed = s.rating, let review = s.reviewRating, let d = settings.bandDistance(computed, review), d >= 2 else { continue }
            flags.append(CalibrationGroup.Flag(subject: s.id, computed: computed, review: review, bands: d))
        }
        return CalibrationGroup(team: team, name: ledger.teams[team]?.name ?? team, quarter: quarter, subjects: subjects,
                                calibration: ledger.calibrations[SheetKey(subject: team, quarter: quarter)], rows: rows,
                                meanScore: mean, flags: flags, rated: rated)
    }
}
