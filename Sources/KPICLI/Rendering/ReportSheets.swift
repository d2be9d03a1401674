import GitStore
import LedgerCore
import Spreadsheet

/// `kpi score`, `history` and `audit` as tables of typed cells: one shape for both spreadsheet
/// formats, CSV (`CSVTable`) and .xlsx (`XLSXWriter`). Percentages are `Cell.percent`
/// fractions (a workbook shows 45.00%; CSV writes percent points, 45, under a unit or a `(%)`
/// header); dates are dates (docs/spreadsheets.md; the columns are a contract).
enum ReportSheets {
    /// The first thirteen columns are those kpi always wrote, in their order; the rest came later.
    static let scoreHeader = ["quarter", "subject", "name", "score", "rating", "metric", "dimension", "baseline", "target",
                              "actual", "weight (%)", "attainment (%)", "method", "unit", "kind", "members", "members_mean",
                              "review_rating", "calibrated_rating", "final_rating"]

    /// With `--forecast` (docs/review-cycle.md), after the others: the goal's projected actual
    /// and attainment, and the subject's projected score and rating.
    static let forecastHeader = ["forecast_actual", "forecast_attainment (%)", "forecast_score", "forecast_rating"]

    /// One row per goal (a subject without goals: one row), a team's roll-up on each of its rows.
    static func scores(_ r: ScoreReport) -> Sheet {
        var sheet = Sheet(name: "Scores", header: scoreHeader + (r.forecast ? forecastHeader : []))
        for s in r.subjects {
            let score: Cell = !s.isComplete ? .text(ScoreRenderer.incomplete) : s.shownScore(places: 2).map(number) ?? .empty
            let head: [Cell] = [.text(s.quarter.description), .text(s.id), .text(s.name), score, s.rating.map(Cell.text) ?? .empty]
            var tail: [Cell] = [.text(s.isTeam ? "team" : "person")]
            if let roll = s.rollup {
                let mean: Cell = roll.isComplete ? roll.mean.map { number($0.rounded(places: 2)) } ?? .empty : .text(ScoreRenderer.incomplete)
                tail += [.number(String(s.members.count)), mean]
            } else {
                tail += [.empty, .empty]
            }
            // The three ratings and the one that counts (docs/review-cycle.md, "Calibration").
            tail += [s.reviewRating.map(Cell.text) ?? .empty, s.calibration.map { .text($0.rating) } ?? .empty,
                     s.ratings.final.map(Cell.text) ?? .empty]
            let projected: [Cell] = [s.forecastScore.map { number($0.rounded(places: 2)) } ?? .empty, s.forecastRating.map(Cell.text) ?? .empty]
            if s.goals.isEmpty {
                sheet.rows.append(head + Array(repeating: .empty, count: 9) + tail + (r.forecast ? [.empty, .empty] + projected : []))
            }
            for g in s.goals {
                func value(_ n: Number?) -> Cell { n.map { g.unit == .percent ? percent($0) : number($0) } ?? .empty }
                let forecast: [Cell] = r.forecast
                    ? [value(g.forecast?.actual?.rounded(places: 4)), g.forecast?.attainment.map { .percent($0.rounded(places: 4).description) } ?? .empty] + projected
                    : []
                sheet.rows.append(head + [.text(g.metric), .text(g.dimension), value(g.baseline), value(g.target),
                                          value(g.actual.map { $0.rounded(places: 4) }), percent(g.weight),
                                          g.attainment.map { .percent($0.rounded(places: 4).description) } ?? .empty,
                                          .text(g.method.rawValue), .text(g.unit.rawValue)] + tail + forecast)
            }
        }
        return sheet
    }

    static func history(subject: String, _ events: [LedgerEvent]) -> Sheet {
        Sheet(name: "History", header: ["subject", "commit", "date", "utc_offset", "author", "email", "quarter", "metric", "field",
                                        "old", "new", "change", "reason", "message"],
              rows: events.map { e in
                  [.text(subject), .text(e.commit.hex)] + when(e.author) + [.text(e.author.name), .text(e.author.email),
                   optional(e.quarter?.description), optional(e.metric), .text(e.field), optional(e.old), optional(e.new),
                   optional(e.recordChange?.rawValue), optional(e.reason), .text(e.message)]
              })
    }

    static func audit(_ findings: [AuditFinding]) -> Sheet {
        Sheet(name: "Audit", header: ["rule", "severity", "commit", "date", "utc_offset", "author", "email", "subject", "quarter",
                                      "metric", "message"],
              rows: findings.map { f in
                  [.text(f.rule), .text(f.severity.rawValue), .text(f.commit.hex)] + when(f.author)
                      + [.text(f.author.name), .text(f.author.email), optional(f.subject), optional(f.quarter?.description),
                         optional(f.metric), .text(f.message)]
              })
    }

    /// `kpi bonus`: a row per person and quarter (a quarter without a final rating says why in
    /// `pending`), and over a year a `mean` row per person.
    static func bonus(_ lines: [BonusLine], yearly: Bool) -> Sheet {
        var sheet = Sheet(name: "Bonus", header: ["subject", "name", "quarter", "final_rating", "multiplier", "pending"])
        for l in lines {
            for p in l.periods {
                sheet.rows.append([.text(l.subject), .text(l.name), .text(p.quarter.description), p.finalRating.map(Cell.text) ?? .empty,
                                   p.multiplier.map(number) ?? .empty, p.pending.map(Cell.text) ?? .empty])
            }
            if yearly {
                sheet.rows.append([.text(l.subject), .text(l.name), .text("mean"), .empty,
                                   l.mean.map { number($0.rounded(places: 4)) } ?? .empty, .empty])
            }
        }
        return sheet
    }

    static func number(_ n: Number) -> Cell { .number(n.description) }

    /// A value in percent points (45 for 45%) as the fraction a spreadsheet's percentage holds.
    static func percent(_ points: Number) -> Cell { .percent((points / Number.hundred).description) }

    static func optional(_ s: String?) -> Cell { s.map(Cell.text) ?? .empty }

    /// The author's own wall-clock time (a spreadsheet has no time zone) and its UTC offset.
    static func when(_ sig: Signature) -> [Cell] {
        [.dateTime(localSeconds: sig.time + Int64(sig.offsetMinutes) * 60, offsetMinutes: Int(sig.offsetMinutes)), .text("UTC" + sig.iso8601.suffix(6))]
    }
}
