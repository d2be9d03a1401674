import KPICLI
import LedgerCore

/// `/subjects/ID?quarter=Q`: one person's or team's quarter — goals with attainment bars, how
/// each number was computed, the records, the review, every target change (who, when, why)
/// and their audit findings — with the forms that change them.
struct SubjectPage {
    let ctx: LedgerSite.Context
    let view: PageContext
    let id: String

    var ledger: Ledger { ctx.tip.ledger }

    /// The asked quarter; else the current one when the subject has a sheet there; else their latest.
    func quarter() throws -> Quarter {
        if let q = try WebApp.quarter(view.query["quarter"]) { return q }
        let now = Pages.inProgress(ledger).quarter
        let theirs = Set(ledger.goalSheets.keys.filter { $0.subject == id }.map(\.quarter))
            .union(ledger.recordSheets.keys.filter { $0.subject == id }.map(\.quarter))
        return theirs.contains(now) ? now : theirs.max() ?? now
    }

    func render() throws -> String {
        guard ledger.isSubject(id) else { throw WebFailure.noSuchSubject(id) }
        let q = try quarter()
        var report = try PeriodReport.build(ledger: ledger, revision: ctx.tip.revision, store: ctx.tip.id == nil ? nil : ctx.store,
                                            quarters: [q])
        report.scores.subjects = report.scores.subjects.filter { $0.id == id }
        report.changes = report.changes?.filter { $0.subject == id }
        report.findings = report.findings?.filter { $0.subject == id }
        let html = HTMLReport(report: report, ledger: ledger)
        let score = report.scores.subjects.first ?? Scorer(ledger: ledger).score(id, quarter: q)
        let name = ledger.subjectName(id) ?? id
        return Pages.layout(title: "\(name) \(q)", tip: ctx.tip.id, ledgerName: ledger.settings.name, view: view) { h in
            header(&h, q, score, name)
            if view.writable { recordForm(&h, q, score) }
            html.attainment(&h)
            explanation(&h, Scorer(ledger: ledger, explaining: true).score(id, quarter: q))
            records(&h, q)
            review(&h, q)
            trend(&h, q, html)
            html.changes(&h)
            html.audit(&h)
            if view.writable { goalForms(&h, q, score) }
        }
    }

    func header(_ h: inout HTMLBuilder, _ q: Quarter, _ s: SubjectScore, _ name: String) {
        let progress = Pages.inProgress(ledger)
        h.raw("<header><p class=\"eyebrow\">\(ledger.teams[id] != nil ? "Team" : "Person") · <code>\(esc(id))</code></p>")
        h.raw("<h1>\(Pages.line(name)) · \(q)")
        if q == progress.quarter {
            h.raw("<span class=\"progress\">in progress: day \(progress.elapsed) of \(progress.total)</span>")
        }
        h.raw("</h1>\n<p class=\"meta\">Score <strong class=\"subject-score\">\(esc(ScoreRenderer.points(s)))</strong> ")
        h.raw(html(ratingOf: s.rating))
        if s.reviewRating != nil || s.calibration != nil {
            // The rating that counts, and why (docs/review-cycle.md, "Calibration").
            h.raw(" · final <strong class=\"subject-final\">\(html(ratingOf: s.ratings.final))</strong>")
            if let r = s.reviewRating { h.raw(" (reviewer: \(html(ratingOf: r)))") }
            if let c = s.calibration { h.raw(" (calibrated: \(html(ratingOf: c.rating)), because \(Pages.line(c.reason)))") }
        }
        if q == progress.quarter, let f = Scorer(ledger: ledger).report(quarters: [q], subjects: [id], revision: nil, today: Today.day(),
                                                                        forecast: true).subjects.first, let projected = f.forecastScore {
            // docs/review-cycle.md, "Forecasts and check-ins".
            h.raw(" · forecast <strong class=\"subject-forecast\">\(esc(projected.rounded(places: 1).description))</strong> ")
            h.raw(html(ratingOf: f.forecastRating))
        }
        if let p = ledger.people[id] {
            if let m = p.manager?.value { h.raw(" · manager <a href=\"\(esc(Pages.subjectURL(m, q)))\">\(Pages.line(ledger.subjectName(m) ?? m))</a>") }
            if let t = p.team?.value { h.raw(" · team <a href=\"\(esc(Pages.subjectURL(t, q)))\">\(Pages.line(ledger.subjectName(t) ?? t))</a>") }
        }
        let members = s.members
        if !members.isEmpty {
            h.raw(" · members: " + members.map { "<a href=\"\(esc(Pages.subjectURL($0, q)))\">\(Pages.line(ledger.subjectName($0) ?? $0))</a>" }.joined(separator: ", "))
        }
        h.raw("</p>\n<p class=\"periods\">")
        for other in Quarter.quarters(ofYear: q.year) {
            h.raw(other == q ? "<strong>\(other)</strong>" : "<a href=\"\(esc(Pages.subjectURL(id, other)))\">\(other)</a>")
        }
        h.raw("</p></header>\n")
    }

    func html(ratingOf r: String?) -> String {
        guard let r else { return "<span class=\"muted\">no rating</span>" }
        return "<span class=\"rating r-\(esc(r))\">\(esc(r))</span>"
    }

    func explanation(_ h: inout HTMLBuilder, _ s: SubjectScore) {
        guard !s.goals.isEmpty else { return }
        h.raw("<section id=\"explain\"><h2>How the score is computed</h2>\n<ul class=\"explain\">\n")
        for g in s.goals {
            let e = g.explanation
            h.raw("<li><strong>\(esc(g.metric))</strong>: actual \(Pages.text(e?.actual ?? "")); attainment \(Pages.text(e?.attainment ?? "")); ")
            h.raw("contributes \(esc(g.weight.rounded(places: 2).description)) × \(esc(g.attainment?.rounded(places: 4).description ?? "0"))</li>\n")
        }
        h.raw("<li>score = 100 × Σ weight × attainment / Σ weight\(s.bonus > 0 ? " + bonus \(s.bonus)" : "") = <strong>\(esc(ScoreRenderer.points(s)))</strong></li>\n</ul></section>\n")
    }

    func records(_ h: inout HTMLBuilder, _ q: Quarter) {
        h.raw("<section id=\"records\"><h2>Records</h2>\n")
        guard let sheet = ledger.recordSheets[SheetKey(subject: id, quarter: q)], !sheet.records.isEmpty else {
            h.raw("<p class=\"empty\">No records in \(q).</p></section>\n")
            return
        }
        h.raw("<p class=\"note\">From <a href=\"\(esc(Pages.fileURL(sheet.path)))\">\(esc(sheet.path))</a>, in the order written.</p>\n")
        h.raw("<table class=\"records\"><thead><tr><th>Date</th><th>Metric</th><th class=\"r\">Value</th><th>Source</th><th>Note</th><th></th></tr></thead><tbody>\n")
        for r in sheet.records {
            let line = ledger.position(of: r.ref).line
            h.raw("<tr data-metric=\"\(esc(r.metric))\"><td class=\"date\">\(r.date)</td><td>\(esc(r.metric))</td><td class=\"r num\">\(Pages.line(r.valueText))</td>")
            h.raw("<td>\(Pages.line(r.source ?? ""))</td><td>\(r.corrects.map { "corrects \($0): " } ?? "")\(Pages.text(r.note ?? ""))</td>")
            h.raw("<td><a href=\"\(esc(Pages.fileURL(sheet.path, line: line)))\">line \(line)</a></td></tr>\n")
        }
        h.raw("</tbody></table></section>\n")
    }

    func review(_ h: inout HTMLBuilder, _ q: Quarter) {
        h.raw("<section id=\"review\"><h2>Review</h2>\n")
        if let r = ledger.reviews[SheetKey(subject: id, quarter: q)] {
            h.raw("<dl class=\"review\">")
            if let rating = r.rating { h.raw("<dt>Rating</dt><dd>\(html(ratingOf: rating))</dd>") }
            if let who = r.reviewer { h.raw("<dt>Reviewer</dt><dd>\(Pages.line(ledger.subjectName(who) ?? who))</dd>") }
            if let s = r.summary { h.raw("<dt>Summary</dt><dd>\(Pages.text(s))</dd>") }
            if let n = r.notes { h.raw("<dt>Notes</dt><dd>\(Pages.text(n))</dd>") }
            h.raw("</dl>\n")
        } else {
            h.raw("<p class=\"empty\">No review for \(q) yet.</p>\n")
        }
        if view.writable {
            let r = ledger.reviews[SheetKey(subject: id, quarter: q)]
            h.raw("<form class=\"inline\" method=\"post\" action=\"\(esc(action("review")))\">\(Pages.token(view))<input type=\"hidden\" name=\"quarter\" value=\"\(q)\">")
            h.raw("<label>Rating<input name=\"rating\" size=\"3\" value=\"\(esc(r?.rating ?? ""))\"></label>")
            h.raw("<label>Reviewer<input name=\"reviewer\" size=\"10\" value=\"\(esc(r?.reviewer ?? ""))\"></label>")
            h.raw("<label>Summary<input name=\"summary\" size=\"40\" value=\"\(esc(r?.summary ?? ""))\"></label>")
            h.raw("<button type=\"submit\">Save review</button></form>\n")
        }
        h.raw("</section>\n")
    }

    func trend(_ h: inout HTMLBuilder, _ q: Quarter, _ html: HTMLReport) {
        let scorer = Scorer(ledger: ledger)
        let points: [(Quarter, Double?)] = Quarter.quarters(ofYear: q.year).map { other in
            ledger.goalSheets[SheetKey(subject: id, quarter: other)] == nil ? (other, nil) : (other, scorer.score(id, quarter: other).score?.doubleValue)
        }
        guard points.contains(where: { $0.1 != nil }) else { return }
        let top = max(120, ((points.compactMap(\.1).max() ?? 0) / 20).rounded(.up) * 20)
        h.raw("<section id=\"trend\"><h2>Score per quarter, FY\(q.year)</h2>\n")
        h.raw(SVGCharts.trend(points, top: top, title: "\(ledger.subjectName(id) ?? id) FY\(q.year)"))
        h.raw("</section>\n")
    }

    func action(_ what: String) -> String { "/subjects/\(HTTPText.encode(id))/\(what)" }

    func metricOptions(_ selected: String?, only: [String]? = nil) -> String {
        (only ?? ledger.metrics.keys.sorted()).map { m in
            "<option value=\"\(esc(m))\"\(m == selected ? " selected" : "")>\(esc(m))</option>"
        }.joined()
    }

    func recordForm(_ h: inout HTMLBuilder, _ q: Quarter, _ s: SubjectScore) {
        let goalsMetrics = s.goals.map(\.metric)
        h.raw("<section id=\"record\"><h2>Record an actual</h2>\n")
        h.raw("<form class=\"inline\" id=\"record-form\" method=\"post\" action=\"\(esc(action("records")))\">\(Pages.token(view))")
        h.raw("<input type=\"hidden\" name=\"quarter\" value=\"\(q)\">")
        h.raw("<label>Metric<select name=\"metric\">\(metricOptions(goalsMetrics.first, only: goalsMetrics.isEmpty ? nil : goalsMetrics + ledger.metrics.keys.sorted().filter { !goalsMetrics.contains($0) }))</select></label>")
        h.raw("<label>Value<input name=\"value\" size=\"10\" placeholder=\"42%\" required></label>")
        h.raw("<label>Date<input name=\"date\" size=\"10\" placeholder=\"YYYY-MM-DD (today)\"></label>")
        h.raw("<label>Corrects<input name=\"corrects\" size=\"10\" placeholder=\"date replaced\"></label>")
        h.raw("<label>Source<input name=\"source\" size=\"14\"></label>")
        h.raw("<label>Note<input name=\"note\" size=\"24\"></label>")
        h.raw("<button type=\"submit\">Record</button></form></section>\n")
    }

    func goalForms(_ h: inout HTMLBuilder, _ q: Quarter, _ s: SubjectScore) {
        h.raw("<section id=\"goal\"><h2>Set or remove a goal</h2>\n")
        h.raw("<form class=\"inline\" method=\"post\" action=\"\(esc(action("goals")))\">\(Pages.token(view))<input type=\"hidden\" name=\"quarter\" value=\"\(q)\">")
        h.raw("<label>Metric<select name=\"metric\">\(metricOptions(nil))</select></label>")
        h.raw("<label>Target<input name=\"target\" size=\"8\"></label><label>Baseline<input name=\"baseline\" size=\"8\"></label>")
        h.raw("<label>Weight<input name=\"weight\" size=\"5\"></label><label>Method<input name=\"method\" size=\"8\" placeholder=\"ratio\"></label>")
        h.raw("<label>Why<input name=\"message\" size=\"24\" placeholder=\"commit message\"></label>")
        h.raw("<button type=\"submit\">Set goal</button></form>\n")
        if !s.goals.isEmpty {
            h.raw("<form class=\"inline\" method=\"post\" action=\"\(esc(action("goals/remove")))\">\(Pages.token(view))<input type=\"hidden\" name=\"quarter\" value=\"\(q)\">")
            h.raw("<label>Metric<select name=\"metric\">\(metricOptions(nil, only: s.goals.map(\.metric)))</select></label>")
            h.raw("<label>Why<input name=\"message\" size=\"24\"></label><button type=\"submit\">Remove goal</button></form>\n")
        }
        h.raw("<form class=\"inline\" method=\"post\" action=\"/close\">\(Pages.token(view))<input type=\"hidden\" name=\"quarter\" value=\"\(q)\">")
        h.raw("<input type=\"hidden\" name=\"back\" value=\"\(esc(Pages.subjectURL(id, q)))\"><button type=\"submit\">Close \(q) for everyone</button></form>\n")
        h.raw("</section>\n")
    }
}
