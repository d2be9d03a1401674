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

    /// The JSON of `r` (ending in a line break), handed to `emit` in pieces of about 64 KB as it
    /// is written: no tree of values, and never the whole document.
    package static func writeJSON(_ r: ScoreReport, emit: ([UInt8]) -> Void) {
        writeJSON(r, complete: r.isComplete, emit: emit) { write in
            var start = 0
            while start < r.subjects.count {
                let end = min(start + batch, r.subjects.count)
                write(Array(r.subjects[start..<end]))
                start = end
            }
        }
    }

    /// The JSON of a report whose subjects `subjects` hands over a batch at a time (to `write`),
    /// each batch written on all cores and let go (`ScoreStream`: a million records' scores are
    /// 135 MB of JSON, never held). `head`: the report without its subjects; `complete`: whether
    /// every subject will be.
    package static func writeJSON(_ head: ScoreReport, complete: Bool, emit: ([UInt8]) -> Void,
                                  subjects: (_ write: ([SubjectScore]) -> Void) -> Void) {
        var w = JSONWriter(capacity: chunk + chunk / 4)
        writeHead(head, complete: complete, into: &w)
        withoutActuallyEscaping(emit) { emit in
            subjects { writeSubjects($0, forecast: head.forecast, into: &w, emit: emit) }
        }
        writeEnd(into: &w)
        emit(w.take())
    }

    /// The whole document as bytes (`kpi serve`'s answer).
    package static func jsonBytes(_ r: ScoreReport) -> [UInt8] {
        var out: [UInt8] = []
        writeJSON(r) { out += $0 }
        return out
    }

    /// How many bytes are handed on at a time, and how many subjects written at a time.
    package static let chunk = 1 << 16
    static let batch = 256

    /// Everything before the subjects: the period, its progress, completeness, revision.
    static func writeHead(_ r: ScoreReport, complete: Bool, into w: inout JSONWriter) {
        w.beginObject()
        w.key("quarter")
        if r.quarters.count == 1 { w.string(r.quarters[0].description) } else { w.strings(r.quarters.map(\.description)) }
        func progress(_ p: QuarterProgress) {
            w.field("in_progress", p.inProgress)
            w.field("elapsed_days", p.elapsedDays)
            w.field("total_days", p.totalDays)
        }
        if r.quarters.count == 1, let p = r.progress.first {
            progress(p)
        } else if !r.progress.isEmpty {
            w.key("quarters")
            w.beginArray()
            for p in r.progress {
                w.beginObject()
                w.field("quarter", p.quarter.description)
                progress(p)
                w.endObject()
            }
            w.endArray()
        }
        w.field("complete", complete)
        w.field("revision", r.revision)
        // Only when the files scored are not the revision's alone.
        if !r.uncommitted.isEmpty {
            w.key("uncommitted")
            w.strings(r.uncommitted)
        }
        w.key("subjects")
        w.beginArray()
    }

    /// Subjects written on all cores, then placed in order; the bytes go to `emit` a chunk at a time.
    static func writeSubjects(_ subjects: [SubjectScore], forecast: Bool, into w: inout JSONWriter, emit: ([UInt8]) -> Void) {
        let parts = Parallel.map(subjects) { s -> [UInt8] in
            var part = JSONWriter(level: 2, capacity: 4096)
            subject(s, forecast: forecast, into: &part)
            return part.finished()
        }
        for part in parts {
            w.raw(part)
            if w.count >= chunk { emit(w.take()) }
        }
    }

    /// The end of the subjects and of the document.
    static func writeEnd(into w: inout JSONWriter) {
        w.endArray()
        w.endObject()
        w.endDocument()
    }

    /// `path:line:column: message`, the form an editor jumps to.
    package static func errorText(_ d: Diagnostic) -> String { "\(d.path):\(d.line):\(d.column): \(d.message)" }

    package static func subject(_ s: SubjectScore, forecast: Bool, into w: inout JSONWriter) {
        w.beginObject()
        w.field("id", s.id)
        w.field("name", s.name)
        w.field("quarter", s.quarter.description)
        w.field("complete", s.isComplete)
        w.field("score", number: s.shownScore(places: 2))
        w.field("rating", s.rating)
        w.field("review_rating", s.reviewRating)
        w.field("calibrated_rating", s.calibration?.rating)
        w.field("final_rating", s.ratings.final)
        w.key("errors")
        w.strings(s.errors.map(errorText))
        w.key("dimensions")
        w.beginArray()
        for d in s.dimensions {
            w.beginObject()
            w.field("id", d.id)
            w.field("weight", number: d.weight.rounded(places: 4))
            w.field("score", number: d.shownScore(places: 2))
            w.endObject()
        }
        w.endArray()
        w.key("goals")
        w.beginArray()
        for g in s.goals {
            w.beginObject()
            w.field("metric", g.metric)
            w.field("dimension", g.dimension)
            w.field("baseline", number: g.baseline)
            w.field("target", number: g.target)
            w.field("actual", number: g.actual?.rounded(places: 4))
            w.field("weight", number: g.weight.rounded(places: 4))
            w.field("attainment", number: g.attainment?.rounded(places: 4))
            w.field("method", g.method.rawValue)
            if forecast {
                w.key("forecast")
                w.beginObject()
                w.field("actual", number: g.forecast?.actual?.rounded(places: 4))
                w.field("attainment", number: g.forecast?.attainment?.rounded(places: 4))
                w.endObject()
            }
            w.endObject()
        }
        w.endArray()
        w.field("bonus", number: s.bonus)
        w.key("warnings")
        w.strings(s.warnings)
        if forecast {
            w.field("forecast_score", number: s.forecastScore?.rounded(places: 2))
            w.field("forecast_rating", s.forecastRating)
        }
        if let r = s.rollup {
            w.key("rollup")
            w.beginObject()
            w.key("members")
            w.strings(s.members)
            w.field("complete", r.isComplete)
            w.key("incomplete_members")
            w.strings(r.incomplete)
            w.field("mean_score", number: r.mean?.rounded(places: 2))
            w.key("ratings")
            w.beginObject()
            for (rating, count) in r.countByRating.sorted(by: { $0.key < $1.key }) {
                w.key(rating)
                w.int(count)
            }
            w.endObject()
            w.endObject()
        }
        w.endObject()
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

    /// " at eabd3c9", and how many files differ from it: the scores are of the working files, so a
    /// heading naming only the commit would pass edits off as committed (docs/scoring.md).
    static func revisionNote(_ r: ScoreReport, style: Terminal.Style) -> String {
        guard let revision = r.revision else { return "" }
        return style.dim(" at \(revision.prefix(7))" + uncommittedNote(r))
    }

    /// " with 2 uncommitted files", or nothing when the files scored are the revision's.
    static func uncommittedNote(_ r: ScoreReport) -> String {
        switch r.uncommitted.count {
        case 0: return ""
        case 1: return " with 1 uncommitted file"
        case let n: return " with \(n) uncommitted files"
        }
    }

    static func table(_ r: ScoreReport, explain: Bool, style: Terminal.Style) -> String {
        if r.quarters.count > 1, !explain { return yearTable(r, style: style) }
        var out = ""
        for q in r.quarters {
            let subjects = r.subjects.filter { $0.quarter == q }
            out += style.bold("Scores \(quarterLabel(q, r))") + revisionNote(r, style: style) + "\n"
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
        let out = style.bold("Scoreboard \(first)") + revisionNote(r, style: style) + "\n"
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
                // A report scored without explanations has none to show (`Scorer(explaining:)`).
                guard let e = g.explanation else { preconditionFailure("--explain needs a report scored with explanations") }
                out += "  \(g.metric): actual \(e.actual)\n"
                if !e.records.isEmpty {
                    // A formula's inputs are told apart by their metric.
                    let named = Set(e.records.map(\.metric)).count > 1
                    out += "    records: " + SafeText.line(e.records.map { (named ? "\($0.metric) " : "") + "\($0.date) \($0.valueText)" }.joined(separator: ", ")) + "\n"
                }
                for c in g.corrections { out += "    correction: " + SafeText.line(correction(c)) + "\n" }
                out += "    attainment \(e.attainment)\n"
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
