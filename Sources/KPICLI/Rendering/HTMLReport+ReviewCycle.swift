import LedgerCore

/// The review cycle in the HTML report (docs/review-cycle.md): forecasts of a quarter in
/// progress, the ratings that count (computed, reviewer's, calibrated, final) and the goal
/// cascade. Computed here from the report's ledger through the core, never by the page.
extension HTMLReport {
    func reviewCycle(_ h: inout HTMLBuilder) {
        let quarters = report.quartersWithGoals
        let scorer = Scorer(ledger: ledger)
        let trees = quarters.map { ($0, scorer.alignmentTree(quarter: $0, team: nil)) }.filter { !$0.1.isEmpty }
        let rated = subjects.filter { $0.reviewRating != nil || $0.calibration != nil }
        let running = report.scores.progress.filter { $0.inProgress && quarters.contains($0.quarter) }
        h.raw("<section id=\"review-cycle\">\n<h2>Review cycle</h2>\n")
        if trees.isEmpty && rated.isEmpty && running.isEmpty {
            h.raw("<p class=\"empty\">No forecasts, calibrations or aligned goals in \(esc(periodText)).</p>\n</section>\n")
            return
        }
        for p in running {
            guard let forecast = forecasts[p.quarter] else { continue }
            let atRisk = scorer.atRisk(forecast)
            h.raw("<div class=\"block forecast\" data-quarter=\"\(esc(p.quarter.description))\">\n<h3>Forecast \(esc(p.quarter.description)) (day \(p.elapsedDays) of \(p.totalDays))</h3>\n")
            h.raw("<table class=\"scores\">\n<thead><tr><th>Name</th><th>Id</th><th class=\"r\">Score so far</th><th class=\"r\">Forecast</th><th class=\"c\">Rating</th><th class=\"r\">At risk</th></tr></thead>\n<tbody>\n")
            for s in forecast.subjects where !s.goals.isEmpty {
                let risky = atRisk.filter { $0.subject == s.id }.map(\.goal.metric)
                h.raw("<tr data-subject=\"\(esc(s.id))\"><td class=\"name\">\(esc(s.name))</td><td class=\"id\"><code>\(esc(s.id))</code></td>")
                h.raw("<td class=\"r num\">\(esc(ScoreRenderer.points(s)))</td><td class=\"r num\">\(esc(s.forecastScore.map { $0.rounded(places: 1).description } ?? "–"))</td>")
                h.raw("<td class=\"c\">\(ratingBadge(s.forecastRating))</td><td class=\"r\">\(risky.isEmpty ? "<span class=\"muted\">–</span>" : esc(risky.joined(separator: ", ")))</td></tr>\n")
            }
            h.raw("</tbody>\n</table>\n</div>\n")
        }
        if !rated.isEmpty {
            h.raw("<div class=\"block ratings\">\n<h3>Final ratings</h3>\n<table class=\"scores\">\n<thead><tr><th>Name</th><th>Quarter</th><th class=\"c\">Computed</th><th class=\"c\">Review</th><th class=\"c\">Calibrated</th><th class=\"c\">Final</th><th>Reason</th></tr></thead>\n<tbody>\n")
            for s in rated {
                let t = s.ratings
                h.raw("<tr data-subject=\"\(esc(s.id))\"><td class=\"name\">\(esc(s.name))</td><td>\(esc(s.quarter.description))</td>")
                h.raw("<td class=\"c\">\(ratingBadge(t.computed))</td><td class=\"c\">\(ratingBadge(t.review))</td><td class=\"c\">\(ratingBadge(t.calibrated))</td>")
                h.raw("<td class=\"c\">\(ratingBadge(t.final))</td><td>\(esc(s.calibration?.reason ?? ""))</td></tr>\n")
            }
            h.raw("</tbody>\n</table>\n</div>\n")
        }
        for (q, roots) in trees {
            h.raw("<div class=\"block tree\" data-quarter=\"\(esc(q.description))\">\n<h3>Goal tree \(esc(q.description))</h3>\n<ul class=\"tree\">\n")
            for r in roots { treeItem(r, &h) }
            h.raw("</ul>\n</div>\n")
        }
        h.raw("</section>\n")
    }

    func treeItem(_ n: AlignmentNode, _ h: inout HTMLBuilder) {
        let g = n.goal
        h.raw("<li><span class=\"node\"><strong>\(esc(n.name))</strong> <code>\(esc(n.subject))</code> \(esc(ledger.metrics[g.metric]?.name ?? g.metric)): ")
        h.raw("\(esc(ScoreRenderer.actual(g))) of \(esc(g.targetText)) \(attainmentBar(g.attainment))</span>")
        if !n.children.isEmpty {
            h.raw("\n<ul>\n")
            for c in n.children { treeItem(c, &h) }
            h.raw("</ul>\n")
        }
        h.raw("</li>\n")
    }
}
