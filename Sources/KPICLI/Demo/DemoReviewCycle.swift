import LedgerCore

/// The review cycle as `kpi demo` shows it (docs/review-cycle.md): the running quarter's
/// forecasts, its goal tree, and the calibrations of the year.
enum DemoReviewCycle {
    static func text(_ ledger: Ledger, year: Int, today: Day?, style: Terminal.Style) -> String {
        let scorer = Scorer(ledger: ledger)
        var out = "\n" + style.bold("The review cycle") + "\n"
        if let today {
            let q = Quarter.containing(today, fiscalYearStart: ledger.settings.fiscalYearStart)
            let p = QuarterProgress(q, today: today, fiscalYearStart: ledger.settings.fiscalYearStart)
            let report = scorer.report(quarters: [q], subjects: nil, revision: nil, today: today, forecast: true)
            let forecasts = report.subjects.filter { $0.forecastScore != nil }
            if p.inProgress, !forecasts.isEmpty {
                out += "  Forecast \(q) (day \(p.elapsedDays)/\(p.totalDays)), score so far → at quarter end:\n"
                for s in forecasts {
                    out += SafeText.line("    \(s.id): \(ScoreRenderer.points(s)) → \(ScoreRenderer.forecastCell(s))") + "\n"
                }
            }
            let roots = scorer.alignmentTree(quarter: q, team: nil)
            if !roots.isEmpty {
                out += "  Goal tree \(q):\n"
                for r in roots { out += TreeCommand.lines(r, prefix: "    ", childPrefix: "    ") }
            }
        }
        for key in ledger.calibrations.keys.sorted() where key.quarter.year == year {
            let c = ledger.calibrations[key]!
            for r in c.ratings {
                let s = scorer.score(r.subject.value, quarter: key.quarter)
                out += SafeText.line("  Calibrated in \(c.path): \(r.subject.value) computed \(s.rating ?? "–"), reviewer \(s.reviewRating ?? "–"), final \(r.rating), because \(r.reason)") + "\n"
            }
        }
        return out
    }
}
