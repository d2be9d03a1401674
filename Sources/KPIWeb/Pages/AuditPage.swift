import KPICLI
import LedgerCore

/// `/audit?rule=R&quarter=Q&subject=S`: the audit's findings, filtered.
struct AuditPage {
    let ctx: LedgerSite.Context
    let view: PageContext

    func render() throws -> String {
        let ledger = ctx.tip.ledger
        let quarter = try WebApp.quarter(view.query["quarter"])
        let rule = view.query.given("rule")
        let subject = view.query.given("subject")
        let all = ctx.tip.id == nil ? [] : try ctx.history.audit(quarter: quarter)
        let findings = all.filter { f in (rule == nil || f.rule == rule) && (subject == nil || f.subject == subject) }
        let report = try PeriodReport.build(ledger: ledger, revision: ctx.tip.revision, store: nil, quarters: [])
        var shown = report
        shown.findings = findings
        let html = HTMLReport(report: shown, ledger: ledger)
        return Pages.layout(title: "Audit", tip: ctx.tip.id, ledgerName: ledger.settings.name, view: view) { h in
            h.raw("<header><p class=\"eyebrow\">Audit</p><h1>\(findings.count) finding\(findings.count == 1 ? "" : "s")</h1></header>\n")
            h.raw("<form class=\"inline\" method=\"get\" action=\"/audit\"><label>Rule<select name=\"rule\"><option value=\"\">any</option>")
            for r in Set(all.map(\.rule)).sorted() {
                h.raw("<option value=\"\(esc(r))\"\(r == rule ? " selected" : "")>\(esc(r))</option>")
            }
            h.raw("</select></label><label>Quarter<input name=\"quarter\" size=\"8\" value=\"\(esc(quarter?.description ?? ""))\" placeholder=\"2026-Q3\"></label>")
            h.raw("<label>Subject<input name=\"subject\" size=\"10\" value=\"\(esc(subject ?? ""))\"></label><button type=\"submit\">Filter</button></form>\n")
            html.audit(&h)
        }
    }
}
