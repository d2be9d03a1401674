import LedgerFormat

/// Reading what the review cycle adds (docs/review-cycle.md): calibration files, the
/// `calibration:` and `incentives:` settings, and a review's awards.
extension LedgerLoader {
    static func readReviewCycleSettings(_ f: Fields, _ shape: FileShape, _ r: inout FileReader, _ s: inout LedgerSettings) {
        if let c = f["calibration"], !r.doc.isEmpty(c) {
            let cf = r.fields(c, shape["calibration"]!)
            s.ratingDistribution = gradeTable(cf["distribution"], "distribution", unit: .percent, &r, s).map { ($0.0, $0.1) }
            let total = s.ratingDistribution.reduce(Number.zero) { $0 + $1.share }
            if !s.ratingDistribution.isEmpty, total != 100, let n = cf["distribution"] {
                r.report(n, .distributionNot100(total))
            }
        }
        if let i = f["incentives"], !r.doc.isEmpty(i) {
            let inf = r.fields(i, shape["incentives"]!)
            s.multipliers = gradeTable(inf["multipliers"], "multipliers", unit: .ratio, &r, s).map { ($0.0, $0.1) }
        }
    }

    /// A mapping of grade → value (`S: 10%`), in the order of the rating bands; a key that is
    /// not a grade of this ledger is an error at its place.
    static func gradeTable(_ n: NodeID?, _ key: String, unit: MetricUnit, _ r: inout FileReader, _ s: LedgerSettings) -> [(String, Number)] {
        guard let n, !r.doc.isEmpty(n) else { return [] }
        guard r.doc.kind(n) == .mapping else {
            r.report(n, .notAGradeTable(key, unit: unit))
            return []
        }
        var byGrade: [String: Number] = [:]
        for (k, v) in r.doc.entries(n) {
            let grade = r.doc.string(k)
            guard s.ratings.contains(where: { $0.grade == grade }) else {
                r.report(k, .notARating(grade, grades: s.ratings.map(\.grade)))
                continue
            }
            if let (value, _) = r.number(v, key, unit: unit, subject: grade) {
                if value.isNegative { r.report(v, .negativeGradeValue(key, grade)) } else { byGrade[grade] = value }
            }
        }
        return s.ratings.compactMap { band in byGrade[band.grade].map { (band.grade, $0) } }
    }

    static func readAwards(_ f: Fields, _ r: inout FileReader, _ review: inout Review) {
        review.awards = r.list(f["awards"], "awards").compactMap { r.id($0, "awards", what: "award") }
        review.awardReason = r.text(f["award_reason"], "award_reason")
        if !review.awards.isEmpty, (review.awardReason ?? "").isEmpty, let n = f["awards"] {
            r.report(n, .awardWithoutReason)
        }
    }

    /// A drafted goal as written (its values are read once the target is set).
    static func draftGoal(_ f: Fields, _ metric: String, _ item: NodeID, _ r: FileReader) -> DraftGoal {
        func raw(_ key: String) -> String? {
            guard let n = f[key], r.doc.kind(n) == .scalar, !r.doc.isEmpty(n) else { return nil }
            return r.doc.string(n)
        }
        return DraftGoal(metric: metric, baselineText: raw("baseline"), weightText: raw("weight"), core: raw("core") == "true",
                         ref: r.ref(item))
    }

    /// A goal needs a target; an empty one is a draft's goal waiting for its manager
    /// (`kpi suggest --draft`): a warning, and the goal is not scored until it is set.
    static func targetGiven(_ f: Fields, _ item: NodeID, _ metric: String, _ r: inout FileReader) -> Bool {
        guard let n = f["target"] else {
            r.report(item, .missingKey("target", in: goalShape.what))
            return false
        }
        guard r.doc.isEmpty(n) else { return true }
        r.report(n, .noTargetYet(metric))
        return false
    }

    static func readAlignment(_ f: Fields, _ r: inout FileReader, _ goal: inout Goal) {
        goal.alignsTo = r.located(f["aligns_to"], "aligns_to")
        if goal.alignsTo != nil, goal.alignment == nil {
            r.report(f["aligns_to"], .alignmentNotTeamMetric)
        }
    }

    static func readCalibration(_ lp: LedgerPath, _ r: inout FileReader, _ ledger: inout Ledger) {
        guard let folderQuarter = Quarter(lp.quarter ?? "") else {
            r.report(nil, .notAQuarterFolder(lp.quarter ?? "", code: .fileName))
            return
        }
        let shape = FileShape.of(.calibration)
        guard let f = r.topLevel(shape) else { return }
        if let team = r.id(f["team"], "team", what: "team"), team.value != lp.id {
            r.report(f["team"], .notItsFileName("team", team.value, lp.id))
        }
        if let quarter = r.quarter(f["quarter"], "quarter"), quarter != folderQuarter, let n = f["quarter"] {
            r.report(n, .notItsFolder(quarter, folderQuarter))
        }
        _ = r.day(f["date"], "date")
        var attendees: [Located<String>] = []
        for item in r.list(f["attendees"], "attendees") {
            if let a = r.id(item, "attendees", what: "person") { attendees.append(a) }
        }
        var ratings: [CalibratedRating] = []
        var unread: Set<String> = [], unreadItem = false
        var seen: [String: NodeID] = [:]
        let grades = ledger.settings.ratings.map(\.grade)
        for item in r.list(f["ratings"], "ratings") {
            let rf = r.fields(item, shape["ratings"]!)
            guard let subject = r.id(rf["subject"], "subject", what: "subject") else {
                unreadItem = true
                continue
            }
            if let first = seen[subject.value] {
                r.report(item, .ratedTwice(subject.value, firstLine: r.doc.position(first).line))
                unread.insert(subject.value)
                continue
            }
            seen[subject.value] = item
            let rating = r.text(rf["rating"], "rating")
            if let rating, !grades.contains(rating) {
                r.report(rf["rating"], .notARating(rating, grades: grades))
                unread.insert(subject.value)
                continue
            }
            // Missing, empty or blank alike: one problem, at the reason or else at the item.
            let reason = r.text(rf["reason"], "reason")
            if rf["reason"].map({ r.doc.kind($0) == .scalar }) ?? true, (reason ?? "").allSatisfy(\.isWhitespace) {
                r.report(rf["reason"] ?? item, .calibrationWithoutReason)
            }
            guard let rating, let reason, !reason.allSatisfy(\.isWhitespace) else {
                unread.insert(subject.value)
                continue
            }
            ratings.append(CalibratedRating(subject: subject, rating: rating, reason: reason, ref: r.ref(item)))
        }
        ledger.calibrations[SheetKey(subject: lp.id, quarter: folderQuarter)] =
            Calibration(team: lp.id, quarter: folderQuarter, attendees: attendees, ratings: ratings, path: r.doc.path, ref: r.startRef,
                        unreadSubjects: unread, unreadItem: unreadItem)
    }
}

extension Finding {
    static func distributionNot100(_ total: Number) -> Finding {
        Finding(.warning, .distributionNot100, "the target distribution adds up to \(total)%, not 100%")
    }
    static func notAGradeTable(_ key: String, unit: MetricUnit) -> Finding {
        Finding(.error, .wrongShape, "'\(key)' should list one value per rating, like `S: \(unit == .percent ? "10%" : "1.5")`")
    }
    static func notARating(_ grade: String, grades: [String]) -> Finding {
        Finding(.error, .invalidValue, "'\(grade)' is not a rating of this ledger; use one of \(grades.joined(separator: ", "))")
    }
    static func negativeGradeValue(_ key: String, _ grade: String) -> Finding { Finding(.error, .invalidValue, "\(key) of \(grade) cannot be negative") }
    static let awardWithoutReason = Finding(.error, .awardWithoutReason, "an award needs a reason: add `award_reason: ...` saying what earned it")
    static func noTargetYet(_ metric: String) -> Finding {
        Finding(.warning, .noTargetYet, "the \(metric) goal has no target yet; its manager sets one (kpi goal set ... --target), and until then it is not scored")
    }
    static let alignmentNotTeamMetric = Finding(.error, .invalidAlignment, "aligns_to names a team's goal as TEAM/METRIC, like product/retention")
    static func ratedTwice(_ subject: String, firstLine: Int) -> Finding {
        Finding(.error, .calibratedTwice, "\(subject) is rated twice in this calibration (first on line \(firstLine)); keep one")
    }
    static let calibrationWithoutReason = Finding(.error, .calibrationWithoutReason, "a calibrated rating needs a reason: say why the meeting settled on it")
}
