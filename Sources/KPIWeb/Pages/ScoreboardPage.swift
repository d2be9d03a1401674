import KPICLI
import LedgerCore

/// `/` (`?quarter=2026-Q3` or `?year=2026`): every person and team with goals in the period,
/// teams with their members' roll-up, the quarter in progress marked.
struct ScoreboardPage {
    let ctx: LedgerSite.Context
    let view: PageContext

    var ledger: Ledger { ctx.tip.ledger }

    func quarters() throws -> [Quarter] {
        if view.query["quarter"] != nil || view.query["year"] != nil {
            return try WebApp.period(view.query).quarters(ledger)
        }
        // The current quarter when it has goals, else the fiscal year of the latest quarter with goals.
        let now = Pages.inProgress(ledger).quarter
        if ledger.goalSheets.keys.contains(where: { $0.quarter == now }) { return [now] }
        return PeriodReport.defaultQuarters(ledger, today: Today.day())
    }

    func render() throws -> String {
        let quarters = try quarters()
        let key = "scoreboard \(quarters) \(Today.day())"
        return try ctx.cachedPage(key) {
            // With today, a quarter in progress is labelled and forecast (docs/review-cycle.md).
            let report = try PeriodReport.build(ledger: ledger, revision: ctx.tip.revision, store: nil, quarters: quarters,
                                                today: Today.day())
            let html = HTMLReport(report: report, ledger: ledger) { id, q in Pages.subjectURL(id, q) }
            let progress = Pages.inProgress(ledger)
            let title = quarters.count == 1 ? quarters[0].description : "FY\(quarters[0].year)"
            return Pages.layout(title: "Scoreboard \(title)", tip: ctx.tip.id, ledgerName: ledger.settings.name, view: view) { h in
                h.raw("<header><p class=\"eyebrow\">Scoreboard</p><h1>\(esc(title))")
                if quarters.contains(progress.quarter) {
                    h.raw("<span class=\"progress\" data-in-progress=\"\(progress.quarter)\">\(progress.quarter) in progress: day \(progress.elapsed) of \(progress.total)</span>")
                }
                h.raw("</h1>\n<p class=\"periods\">")
                let year = quarters[0].year
                for q in Quarter.quarters(ofYear: year) {
                    h.raw(quarters == [q] ? "<strong>\(q)</strong>" : "<a href=\"/?quarter=\(q)\">\(q)</a>")
                }
                h.raw(quarters.count > 1 ? "<strong>FY\(year)</strong>" : "<a href=\"/?year=\(year)\">FY\(year)</a>")
                h.raw("<a href=\"/?year=\(year - 1)\">← FY\(year - 1)</a><a href=\"/?year=\(year + 1)\">FY\(year + 1) →</a></p></header>\n")
                html.scoreboard(&h)
                let errors = ledger.diagnostics.filter { $0.severity == .error }.count
                if errors > 0 {
                    h.raw("<p class=\"form-error\">The ledger has \(errors) error\(errors == 1 ? "" : "s"); affected entries are left out. <a href=\"/errors\">See the errors</a>.</p>\n")
                }
            }
        }
    }
}
