import Foundation
import KPICLI
import LedgerCore

/// `/history?subject=S&quarter=Q`: the ledger's commits, newest first, each with what it
/// changed; with a subject, also the timeline of their goals.
struct HistoryPage {
    let ctx: LedgerSite.Context
    let view: PageContext

    func render() throws -> String {
        let ledger = ctx.tip.ledger
        let quarter = try WebApp.quarter(view.query["quarter"])
        let subject = view.query.given("subject")
        let entries = ctx.tip.id == nil ? [] : try ctx.history.log(subject: subject, quarter: quarter)
        let events = try subject.map { try ctx.history.history(subject: $0, metric: nil, quarter: quarter) } ?? []
        return Pages.layout(title: "History", tip: ctx.tip.id, ledgerName: ledger.settings.name, view: view) { h in
            h.raw("<header><p class=\"eyebrow\">History</p><h1>\(subject.map { Pages.line(ledger.subjectName($0) ?? $0) } ?? "Every commit")</h1></header>\n")
            h.raw("<form class=\"inline\" method=\"get\" action=\"/history\"><label>Subject<input name=\"subject\" size=\"10\" value=\"\(esc(subject ?? ""))\"></label>")
            h.raw("<label>Quarter<input name=\"quarter\" size=\"8\" value=\"\(esc(quarter?.description ?? ""))\"></label><button type=\"submit\">Show</button></form>\n")
            if subject != nil {
                h.raw("<section id=\"goal-history\"><h2>Goal changes</h2>\n")
                if events.isEmpty { h.raw("<p class=\"empty\">No goal changes.</p>\n") } else {
                    h.raw("<table class=\"timeline\"><thead><tr><th>Date</th><th>Author</th><th>Quarter</th><th>Metric</th><th>Change</th><th>Why</th><th>Commit</th></tr></thead><tbody>\n")
                    for e in events {
                        h.raw("<tr><td class=\"date\">\(esc(e.author.iso8601))</td><td>\(Pages.line(e.author.name))<br><span class=\"muted\">\(Pages.line(e.author.email))</span></td>")
                        h.raw("<td>\(esc(e.quarter?.description ?? ""))</td><td>\(esc(e.metric ?? ""))</td>")
                        h.raw("<td>\(esc(e.field)) \(Pages.line(e.old ?? "∅")) → <strong>\(Pages.line(e.new ?? "∅"))</strong>\(e.reason.map { " (\(Pages.line($0)))" } ?? "")</td>")
                        h.raw("<td class=\"reason\">\(Pages.text(e.message.trimmingCharacters(in: .whitespacesAndNewlines)))</td><td><code>\(esc(e.commit.short))</code></td></tr>\n")
                    }
                    h.raw("</tbody></table>\n")
                }
                h.raw("</section>\n")
            }
            h.raw("<section id=\"log\"><h2>Commits</h2>\n")
            if entries.isEmpty { h.raw("<p class=\"empty\">No commits.</p>\n") } else {
                h.raw("<table class=\"timeline\"><thead><tr><th>Commit</th><th>Date</th><th>Author</th><th>What changed</th></tr></thead><tbody>\n")
                for entry in entries {
                    let c = entry.commit
                    let diff = HTTPText.url("/diff", [("from", c.parents.first?.hex), ("to", c.id.hex)])
                    h.raw("<tr><td><a href=\"\(esc(diff))\"><code>\(esc(c.id.short))</code></a></td><td class=\"date\">\(esc(c.author.iso8601))</td>")
                    h.raw("<td>\(Pages.line(c.author.name))</td><td>\(Pages.text(c.summary))")
                    if !entry.lines.isEmpty { h.raw("<br><span class=\"muted\">\(entry.lines.prefix(5).map(Pages.line).joined(separator: "<br>"))\(entry.lines.count > 5 ? "<br>+\(entry.lines.count - 5) more" : "")</span>") }
                    h.raw("</td></tr>\n")
                }
                h.raw("</tbody></table>\n")
            }
            h.raw("</section>\n")
        }
    }
}

/// `/diff?from=A&to=B`: the semantic difference of two revisions and the scores it moved.
struct DiffPage {
    let ctx: LedgerSite.Context
    let view: PageContext

    func render() throws -> String {
        let ledger = ctx.tip.ledger
        let from = view.query.given("from")
        let to = view.query.given("to")
        let report = ctx.tip.id == nil ? nil : try ctx.history.diff(from: from, to: to)
        return Pages.layout(title: "Diff", tip: ctx.tip.id, ledgerName: ledger.settings.name, view: view) { h in
            h.raw("<header><p class=\"eyebrow\">Diff</p><h1>")
            if let report { h.raw("<code>\(esc(report.from?.id.short ?? "(empty)"))</code> → <code>\(esc(report.to.id.short))</code>") } else { h.raw("No commits yet") }
            h.raw("</h1></header>\n<form class=\"inline\" method=\"get\" action=\"/diff\"><label>From<input name=\"from\" size=\"14\" value=\"\(esc(from ?? ""))\" placeholder=\"TO's parent\"></label>")
            h.raw("<label>To<input name=\"to\" size=\"14\" value=\"\(esc(to ?? ""))\" placeholder=\"HEAD\"></label><button type=\"submit\">Compare</button></form>\n")
            guard let report else { return }
            h.raw("<section id=\"changes\"><h2>Changes</h2>\n")
            let lines = HistoryReports.summary(report.events, withQuarter: true)
            if lines.isEmpty { h.raw("<p class=\"empty\">No ledger changes.</p>\n") } else {
                h.raw("<ul>\n" + lines.map { "<li>\(Pages.line($0))</li>\n" }.joined() + "</ul>\n")
            }
            h.raw("</section>\n")
            if !report.scores.isEmpty {
                h.raw("<section id=\"scores\"><h2>Scores</h2><table><thead><tr><th>Subject</th><th>Quarter</th><th class=\"r\">Before</th><th class=\"r\">After</th></tr></thead><tbody>\n")
                for s in report.scores {
                    h.raw("<tr><td><a href=\"\(esc(Pages.subjectURL(s.subject, s.quarter)))\">\(Pages.line(ledger.subjectName(s.subject) ?? s.subject))</a></td><td>\(s.quarter)</td>")
                    h.raw("<td class=\"r num\">\(esc(ScoreRenderer.points(s.before)))</td><td class=\"r num\">\(esc(ScoreRenderer.points(s.after)))</td></tr>\n")
                }
                h.raw("</tbody></table></section>\n")
            }
        }
    }
}
