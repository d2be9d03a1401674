import LedgerCore
import LedgerFormat

/// Renders a `ScoreReport` in each output format. The JSON shape is a contract.
package enum ScoreRenderer {
    package static func num(_ n: Number?) -> JSON { n.map { .number(ValueFormatter.formatPlain($0)) } ?? .null }

    /// An unrated number of points (a mean, a dimension subtotal) with one decimal.
    package static func points(_ n: Number?) -> String { n.map { $0.rounded(places: 1).description } ?? "–" }

    /// A subject's rated score with one decimal, kept inside its rating's band; "incomplete"
    /// when a file it depends on did not load (docs/scoring.md).
    package static func points(_ s: SubjectScore) -> String {
        s.isComplete ? s.shownScore(places: 1).map(\.description) ?? "–" : incomplete
    }

    package static let incomplete = "incomplete"

    /// A subject's own score and rating, or for a team without a sheet its members' mean (⌀).
    static func scoreCell(_ s: SubjectScore) -> String {
        if !s.isComplete { return incomplete }
        if s.score != nil { return "\(points(s)) \(s.rating ?? "")" }
        if let mean = s.rollup?.mean { return "⌀ \(points(mean))" }
        return "–"
    }

    /// `2026-Q4 (day 61/92)` while the quarter runs, else `2026-Q4`.
    package static func quarterLabel(_ q: Quarter, _ r: ScoreReport, short: Bool = false) -> String {
        let name = short ? "Q\(q.number)" : q.description
        guard let p = r.progress.first(where: { $0.quarter == q }), p.inProgress else { return name }
        return "\(name) (day \(p.elapsedDays)/\(p.totalDays))"
    }

    package static func progress(_ p: QuarterProgress) -> [(String, JSON)] {
        [("in_progress", .bool(p.inProgress)), ("elapsed_days", .int(p.elapsedDays)), ("total_days", .int(p.totalDays))]
    }

    /// `json(r)` rendered, each subject's part on its own core (a year of 1,000 people is
    /// megabytes of JSON: building, writing and freeing its values was a third of `kpi score`).
    package static func jsonText(_ r: ScoreReport) -> [UInt8] {
        let parts = Parallel.map(r.subjects) { subject($0, forecast: r.forecast).bytes(level: 2) }
        return json(r, subjects: parts.map(JSON.rendered)).bytes()
    }

    package static func json(_ r: ScoreReport) -> JSON { json(r, subjects: r.subjects.map { subject($0, forecast: r.forecast) }) }

    private static func json(_ r: ScoreReport, subjects: [JSON]) -> JSON {
        var pairs: [(String, JSON)] = [
            ("quarter", r.quarters.count == 1 ? .string(r.quarters[0].description) : .array(r.quarters.map { .string($0.description) })),
        ]
        if r.quarters.count == 1, let p = r.progress.first {
            pairs += progress(p)
        } else if !r.progress.isEmpty {
            pairs.append(("quarters", .array(r.progress.map { .object([("quarter", .string($0.quarter.description))] + progress($0)) })))
        }
        pairs += [
            ("complete", .bool(r.isComplete)),
            ("revision", r.revision.map(JSON.string) ?? .null),
        ]
        // Only when the files scored are not the revision's alone.
        if !r.uncommitted.isEmpty { pairs.append(("uncommitted", .array(r.uncommitted.map(JSON.string)))) }
        pairs += [
            ("subjects", .array(subjects)),
        ]
        return .object(pairs)
    }

    /// `path:line:column: message`, the form an editor jumps to.
    package static func errorText(_ d: Diagnostic) -> String { "\(d.path):\(d.line):\(d.column): \(d.message)" }

    static func subject(_ s: SubjectScore, forecast: Bool = false) -> JSON {
        var pairs: [(String, JSON)] = [
            ("id", .string(s.id)), ("name", .string(s.name)), ("quarter", .string(s.quarter.description)),
            ("complete", .bool(s.isComplete)),
            ("score", num(s.shownScore(places: 2))), ("rating", s.rating.map(JSON.string) ?? .null),
            ("review_rating", s.reviewRating.map(JSON.string) ?? .null),
            ("calibrated_rating", s.calibration.map { .string($0.rating) } ?? .null),
            ("final_rating", s.ratings.final.map(JSON.string) ?? .null),
            ("errors", .array(s.errors.map { .string(errorText($0)) })),
            ("dimensions", .array(s.dimensions.map {
                .object([("id", .string($0.id)), ("weight", num($0.weight)), ("score", num($0.shownScore(places: 2)))])
            })),
            ("goals", .array(s.goals.map { g in
                var goal: [(String, JSON)] = [
                    ("metric", .string(g.metric)), ("dimension", .string(g.dimension)), ("baseline", num(g.baseline)),
                    ("target", num(g.target)), ("actual", num(g.actual.map { $0.rounded(places: 4) })), ("weight", num(g.weight)),
                    ("attainment", num(g.attainment.map { $0.rounded(places: 4) })), ("method", .string(g.method.rawValue)),
                ]
                if forecast { goal.append(("forecast", forecastJSON(g.forecast))) }
                return .object(goal)
            })),
            ("bonus", num(s.bonus)),
            ("warnings", .array(s.warnings.map(JSON.string))),
        ]
        if forecast {
            pairs.append(("forecast_score", num(s.forecastScore?.rounded(places: 2))))
            pairs.append(("forecast_rating", s.forecastRating.map(JSON.string) ?? .null))
        }
        if let r = s.rollup {
            pairs.append(("rollup", .object([
                ("members", .array(s.members.map(JSON.string))),
                ("complete", .bool(r.isComplete)),
                ("incomplete_members", .array(r.incomplete.map(JSON.string))),
                ("mean_score", num(r.mean.map { $0.rounded(places: 2) })),
                ("ratings", .object(r.countByRating.sorted { $0.key < $1.key }.map { ($0.key, JSON.int($0.value)) })),
            ])))
        }
        return .object(pairs)
    }


    /// `{"actual", "attainment"}`, both null when there is nothing to project from.
    package static func forecastJSON(_ f: GoalForecast?) -> JSON {
        .object([("actual", num(f?.actual?.rounded(places: 4))), ("attainment", num(f?.attainment?.rounded(places: 4)))])
    }

    /// A projected score and rating (`93.4 B`), or "–".
    package static func forecastCell(_ s: SubjectScore) -> String {
        guard let f = s.forecastScore else { return "–" }
        return "\(f.rounded(places: 1)) \(s.forecastRating ?? "")"
    }

    /// A goal's projected actual, written the way its target was.
    package static func forecastActual(_ g: GoalScore) -> String {
        guard let a = g.forecast?.actual else { return "–" }
        let style = ValueStyle.of(g.targetText)
        return style == ValueStyle() ? ValueFormatter.format(a.rounded(places: 2), unit: g.unit) : style.format(a)
    }

    package static func percent(_ a: Number?) -> String { a.map { ($0 * 100).rounded(places: 1).description + "%" } ?? "missing" }

    /// A goal's actual, written the way its target was (`80万` beside `100万`, `¥1,200` beside `¥1,000`).
    package static func actual(_ g: GoalScore) -> String {
        guard let a = g.actual else { return "–" }
        let style = ValueStyle.of(g.targetText)
        return style == ValueStyle() ? ValueFormatter.format(a.rounded(places: 2), unit: g.unit) : style.format(a)
    }

    static func md(_ s: String) -> String { SafeText.markdown(s) }

    /// "2026-07-31 85% replaces 2026-07-31 70% (records/2026-Q3/alice.yaml:8): typo in the export".
    package static func correction(_ c: GoalCorrection) -> String {
        let replaced = c.replaced.isEmpty ? "replaces no record still counted"
            : "replaces " + c.replaced.map { "\($0.record.date) \($0.record.valueText) (\($0.location))" }.joined(separator: " and ")
        return "\(c.record.date) \(c.record.valueText) \(replaced)" + (c.record.note.map { ": \($0)" } ?? "")
    }

    static func markdown(_ r: ScoreReport) -> String {
        var out = ""
        for q in r.quarters {
            let subjects = r.subjects.filter { $0.quarter == q }
            let trail = showsTrail(subjects)
            out += "## \(quarterLabel(q, r))\n\n| Subject | Name | Score | Rating |" + (trail ? " Review | Calibrated | Final |" : "")
                + (r.forecast ? " Forecast |" : "")
                + "\n|---|---|---:|---|" + (trail ? "---|---|---|" : "") + (r.forecast ? "---:|" : "") + "\n"
            for s in subjects {
                out += "| \(md(s.id)) | \(md(s.name)) | \(s.score == nil ? scoreCell(s) : points(s)) | \(md(s.rating ?? "–")) |"
                    + (trail ? trailCells(s).map { " \(md($0)) |" }.joined() : "") + (r.forecast ? " \(md(forecastCell(s))) |" : "") + "\n"
            }
            out += "\n"
            out += incompleteNotes(subjects).map { "> \(md($0))\n" }.joined() + (subjects.contains { !$0.isComplete } ? "\n" : "")
            for s in subjects where !s.goals.isEmpty {
                out += "### \(md(s.name)) (\(md(s.id)))\n\n| Metric | Dimension | Baseline | Target | Actual | Weight | Attainment |\n|---|---|---:|---:|---:|---:|---:|\n"
                for g in s.goals {
                    out += "| \(md(g.metric)) | \(md(g.dimension)) | \(md(g.baselineText ?? "–")) | \(md(g.targetText)) | \(md(actual(g))) | \(g.weight.rounded(places: 2)) | \(percent(g.attainment)) |\n"
                }
                for w in s.warnings { out += "\n> warning: \(md(w))\n" }
                out += "\n"
            }
        }
        return out
    }

    static func table(_ r: ScoreReport, explain: Bool, style: Terminal.Style) -> String {
        if r.quarters.count > 1, !explain { return yearTable(r, style: style) }
        var out = ""
        for q in r.quarters {
            let subjects = r.subjects.filter { $0.quarter == q }
            out += style.bold("Scores \(quarterLabel(q, r))") + (r.revision.map { style.dim(" at \(String($0.prefix(7)))") } ?? "") + "\n"
            if subjects.isEmpty { out += "  no goals in \(q)\n\n"; continue }
            let trail = showsTrail(subjects)
            var t = TextTable([("Subject", .left), ("Name", .left), ("Score", .right), ("Rating", .left)]
                              + (trail ? [("Review", .left), ("Calibrated", .left), ("Final", .left)] : [])
                              + [("Goals", .right), ("Missing", .right)] + (r.forecast ? [("Forecast", .right)] : []))
            t.shrinkable = ["Name"]
            for s in subjects {
                t.add([s.id, s.name, s.score == nil && s.rollup?.mean != nil ? scoreCell(s) : points(s), s.rating ?? "–"]
                      + (trail ? trailCells(s) : [])
                      + [String(s.goals.count), String(s.goals.filter { $0.actual == nil }.count)] + (r.forecast ? [forecastCell(s)] : []))
            }
            out += t.render(style: style) + "\n"
            let notes = incompleteNotes(subjects)
            if !notes.isEmpty { out += notes.map { style.red(SafeText.line($0)) + "\n" }.joined() + "\n" }
            for s in subjects where subjects.count == 1 || explain {
                out += detail(s, explain: explain, forecast: r.forecast, style: style)
            }
        }
        return out
    }

    /// One row per subject, one column per quarter: the year at a glance.
    static func yearTable(_ r: ScoreReport, style: Terminal.Style) -> String {
        var ids: [String] = []
        var names: [String: String] = [:]
        var cells: [String: String] = [:]
        var forecasts: [String: String] = [:]
        var reRated = false
        for s in r.subjects {
            if names[s.id] == nil { ids.append(s.id); names[s.id] = s.name }
            // The final rating (a reviewer's or a calibration's) beside the computed one it replaces.
            var cell = scoreCell(s)
            if s.isComplete, s.score != nil, let final = s.ratings.final, final != s.rating {
                cell += " → \(final)"
                reRated = true
            }
            cells["\(s.id) \(s.quarter)"] = cell
            if r.forecast, s.forecastScore != nil { forecasts[s.id] = forecastCell(s) }
        }
        let first = r.quarters.first.map { "\($0.year)" } ?? ""
        let out = style.bold("Scoreboard \(first)") + (r.revision.map { style.dim(" at \(String($0.prefix(7)))") } ?? "") + "\n"
        let forecastColumn = r.forecast && !forecasts.isEmpty
        var t = TextTable([("Subject", .left), ("Name", .left)] + r.quarters.map { (quarterLabel($0, r, short: true), TextTable.Align.right) }
                          + (forecastColumn ? [("Forecast", .right)] : []))
        t.shrinkable = ["Name"]
        for id in ids {
            t.add([id, names[id] ?? id] + r.quarters.map { cells["\(id) \($0)"] ?? "" } + (forecastColumn ? [forecasts[id] ?? "–"] : []))
        }
        let notes = incompleteNotes(r.subjects)
        return out + t.render(style: style) + (reRated ? "→ the final rating, a reviewer's or a calibration's, where it differs from the computed one\n" : "")
            + "\n" + (notes.isEmpty ? "" : notes.map { style.red(SafeText.line($0)) + "\n" }.joined() + "\n")
    }

    static func detail(_ s: SubjectScore, explain: Bool, forecast: Bool = false, style: Terminal.Style) -> String {
        var out = style.bold(SafeText.line("\(s.name) (\(s.id)) \(s.quarter): "
                                           + (s.isComplete ? "\(points(s)) points, rating \(s.rating ?? "–")" : "incomplete, no score")))
        if let rr = s.reviewRating { out += SafeText.line(" (reviewer: \(rr))") }
        if let c = s.calibration { out += SafeText.line(" (calibrated: \(c.rating), because \(c.reason))") }
        if s.reviewRating != nil || s.calibration != nil { out += SafeText.line("; final rating \(s.ratings.final ?? "–")") }
        out += "\n"
        var t = TextTable([("Metric", .left), ("Dimension", .left), ("Baseline", .right), ("Target", .right), ("Actual", .right),
                           ("Weight", .right), ("Attainment", .right), ("Method", .left)]
                          + (forecast ? [("Forecast", .right), ("Projected", .right)] : []))
        for g in s.goals {
            t.add([g.metric, g.dimension, g.baselineText ?? "–", g.targetText, actual(g),
                   g.weight.rounded(places: 2).description, percent(g.attainment), g.method.rawValue]
                  + (forecast ? [forecastActual(g), g.forecast?.actual == nil ? "–" : percent(g.forecast?.attainment)] : []))
        }
        out += t.render(style: style)
        if forecast { out += "Forecast at quarter end: \(forecastCell(s))\n" }
        if !s.dimensions.isEmpty {
            out += "Dimensions: " + s.dimensions.map { "\($0.id) \($0.shownScore(places: 1)?.description ?? "–") (weight \($0.weight.rounded(places: 2)))" }.joined(separator: ", ") + "\n"
        }
        if s.bonus > 0 { out += "Bonus: +\(s.bonus) points\n" }
        if let r = s.rollup {
            out += "Members (\(s.members.count)): mean \(rollupMean(r)); " + r.countByRating.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "\n"
        }
        if explain {
            for g in s.goals {
                out += "  \(g.metric): actual \(g.actualExplanation)\n"
                if !g.records.isEmpty {
                    // A formula's inputs are told apart by their metric.
                    let named = Set(g.records.map(\.metric)).count > 1
                    out += "    records: " + SafeText.line(g.records.map { (named ? "\($0.metric) " : "") + "\($0.date) \($0.valueText)" }.joined(separator: ", ")) + "\n"
                }
                for c in g.corrections { out += "    correction: " + SafeText.line(correction(c)) + "\n" }
                out += "    attainment \(g.attainmentExplanation)\n"
                out += "    contributes \(g.weight.rounded(places: 2)) × \(g.attainment?.rounded(places: 4).description ?? "0") to the weighted sum\n"
            }
            out += "  score = 100 × Σ weight × attainment / Σ weight" + (s.bonus > 0 ? " + bonus \(s.bonus)" : "") + " = \(points(s))\n"
        }
        for w in s.warnings { out += style.yellow("  warning: \(SafeText.line(w))") + "\n" }
        return out + "\n"
    }

    /// Whether a scoreboard shows the Review, Calibrated and Final columns: when any subject
    /// has a rating besides the computed one (else the three would repeat the Rating column).
    static func showsTrail(_ subjects: [SubjectScore]) -> Bool {
        subjects.contains { $0.reviewRating != nil || $0.calibration != nil }
    }

    static func trailCells(_ s: SubjectScore) -> [String] {
        [s.reviewRating ?? "–", s.calibration?.rating ?? "–", s.ratings.final ?? "–"]
    }

    /// A roll-up's mean, or why there is none: never a mean over fewer members.
    package static func rollupMean(_ r: RollupResult) -> String {
        if !r.incomplete.isEmpty { return "incomplete (\(r.incomplete.joined(separator: ", ")))" }
        if !r.membershipKnown { return "incomplete (team membership unknown)" }
        return points(r.mean)
    }

    /// One line per incomplete subject: what is missing and why, each error where an editor jumps.
    static func incompleteNotes(_ subjects: [SubjectScore]) -> [String] {
        subjects.filter { !$0.isComplete }.flatMap { s in
            ["\(s.id) \(s.quarter) is incomplete (no score, no rating) until these errors are fixed:"] + s.errors.map { "  " + errorText($0) }
        }
    }
}
