import ArgumentParser
import LedgerCore

/// `kpi calibrate --quarter Q [TEAM]`: per team, the distribution of computed, reviewer and
/// final ratings against the ledger's target distribution, and the reviews far from the
/// computed rating that no calibration explains (docs/review-cycle.md, "Calibration").
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate", abstract: "Rating distributions per team, for a calibration meeting.")

    @OptionGroup var options: QuarterReportOptions

    @Argument(help: "A team (default: every team with goals or a calibration in the quarter).")
    var team: String?

    func run() throws {
        let snap = try options.snapshot(team: team)
        let ledger = snap.ledger
        let q = options.quarter.resolved(ledger, today: options.revision.today)
        let groups = Scorer(ledger: ledger).calibrationGroups(quarter: q, team: team)
        switch options.format {
        case .json:
            Output.out(JSON.object([("quarter", .string(q.description)), ("teams", .array(groups.map(Self.json)))]).render() + "\n")
        case .text:
            Output.out(Self.text(groups, quarter: q, style: Terminal.stdout))
        }
    }

    static func json(_ g: CalibrationGroup) -> JSON {
        let num = ScoreRenderer.num
        let rows: [JSON] = g.rows.map { r in
            let pairs: [(String, JSON)] = [
                ("grade", .string(r.grade)), ("computed", .int(r.computed)), ("review", .int(r.review)), ("final", .int(r.final)),
                ("final_share", num(r.finalShare?.rounded(places: 2))), ("target_share", num(r.targetShare)),
            ]
            return .object(pairs)
        }
        let subjects: [JSON] = g.subjects.map(subjectJSON)
        let flags: [JSON] = g.flags.map { f in
            let pairs: [(String, JSON)] = [("subject", .string(f.subject)), ("rating", .string(f.computed)),
                                           ("review_rating", .string(f.review)), ("bands", .int(f.bands))]
            return .object(pairs)
        }
        let attendees: [JSON] = (g.calibration?.attendees ?? []).map { .string($0.value) }
        var pairs: [(String, JSON)] = [("team", .string(g.team)), ("name", .string(g.name)), ("size", .int(g.subjects.count))]
        pairs.append(("rated", .int(g.rated)))
        pairs.append(("calibration", g.calibration.map { .string($0.path) } ?? .null))
        pairs.append(("attendees", .array(attendees)))
        pairs.append(("mean_score", num(g.meanScore?.rounded(places: 2))))
        pairs += [("distribution", .array(rows)), ("subjects", .array(subjects)), ("flags", .array(flags))]
        return .object(pairs)
    }

    static func subjectJSON(_ s: SubjectScore) -> JSON {
        let str: (String?) -> JSON = { $0.map(JSON.string) ?? .null }
        let pairs: [(String, JSON)] = [
            ("id", .string(s.id)), ("name", .string(s.name)), ("score", ScoreRenderer.num(s.isComplete ? s.shownScore(places: 2) : nil)),
            ("rating", str(s.rating)), ("review_rating", str(s.reviewRating)), ("calibrated_rating", str(s.calibration?.rating)),
            ("final_rating", str(s.ratings.final)), ("reason", str(s.calibration?.reason)),
        ]
        return .object(pairs)
    }

    static func text(_ groups: [CalibrationGroup], quarter: Quarter, style: Terminal.Style) -> String {
        if groups.isEmpty { return style.bold("Calibration \(quarter)") + "\n  no team has goals or a calibration in \(quarter)\n" }
        var out = ""
        for g in groups {
            out += style.bold(SafeText.line("Calibration \(quarter): \(g.name) (\(g.team)), \(g.subjects.count) \(g.subjects.count == 1 ? "person" : "people")")) + "\n"
            if let c = g.calibration {
                out += SafeText.line("Meeting: \(c.path)" + (c.attendees.isEmpty ? "" : "; attendees \(c.attendees.map(\.value).joined(separator: ", "))")) + "\n"
            }
            let shares = g.subjects.count >= CalibrationGroup.minimumForShares
            let hasTarget = g.rows.contains { $0.targetShare != nil }
            var t = TextTable([("Rating", .left), ("Computed", .right), ("Review", .right), ("Final", .right)]
                              + (shares ? [("Share", .right)] : []) + (hasTarget ? [("Target", .right)] : []))
            for r in g.rows {
                t.add([r.grade, String(r.computed), String(r.review), String(r.final)]
                      + (shares ? [r.finalShare.map { "\($0.rounded(places: 1))%" } ?? "–"] : [])
                      + (hasTarget ? [r.targetShare.map { "\($0)%" } ?? "–"] : []))
            }
            out += t.render(style: style)
            out += shares ? "Mean score: \(ScoreRenderer.points(g.meanScore))\n"
                          : "Fewer than \(CalibrationGroup.minimumForShares) people: counts only, no shares or mean.\n"
            var p = TextTable([("Subject", .left), ("Name", .left), ("Score", .right), ("Rating", .left), ("Review", .left),
                               ("Calibrated", .left), ("Final", .left), ("Reason", .left)])
            for s in g.subjects {
                p.add([s.id, s.name, ScoreRenderer.points(s), s.rating ?? "–", s.reviewRating ?? "–", s.calibration?.rating ?? "–",
                       s.ratings.final ?? "–", s.calibration?.reason ?? ""])
            }
            out += p.render(style: style)
            for f in g.flags {
                out += style.yellow(SafeText.line("  warning: \(f.subject)'s review rating \(f.review) is \(f.bands) bands from the computed \(f.computed), and no calibration gives a reason")) + "\n"
            }
            out += "\n"
        }
        return out
    }
}
