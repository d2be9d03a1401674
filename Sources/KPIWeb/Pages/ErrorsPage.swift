import GitStore
import KPICLI
import LedgerCore

/// `/errors`: every problem `kpi check` reports for the ledger at the tip, each linking to its
/// line in the file view.
struct ErrorsPage {
    let ctx: LedgerSite.Context
    let view: PageContext

    func render() -> String {
        let ledger = ctx.tip.ledger
        let diagnostics = ledger.sortedDiagnostics
        return Pages.layout(title: "Errors", tip: ctx.tip.id, ledgerName: ledger.settings.name, view: view) { h in
            let errors = diagnostics.filter { $0.severity == .error }.count
            h.raw("<header><p class=\"eyebrow\">Check</p><h1>\(errors) error\(errors == 1 ? "" : "s"), \(diagnostics.count - errors) warning\(diagnostics.count - errors == 1 ? "" : "s")</h1></header>\n")
            h.raw("<section id=\"diagnostics\">\n")
            if diagnostics.isEmpty { h.raw("<p class=\"empty ok\">No problems.</p>\n") } else {
                h.raw("<table class=\"findings\"><thead><tr><th>Severity</th><th>Where</th><th>Problem</th></tr></thead><tbody>\n")
                for d in diagnostics {
                    h.raw("<tr class=\"\(d.severity.rawValue)\"><td><span class=\"sev \(d.severity.rawValue)\">\(d.severity.rawValue)</span></td>")
                    h.raw("<td><a href=\"\(esc(Pages.fileURL(d.path, line: d.line)))\"><code>\(Pages.line("\(d.path):\(d.line):\(d.column)"))</code></a></td>")
                    h.raw("<td class=\"finding\">\(Pages.text(d.message))</td></tr>\n")
                }
                h.raw("</tbody></table>\n")
            }
            h.raw("</section>\n")
        }
    }
}

/// `/files/PATH`: a ledger file at the tip with numbered lines (`#L12` is line 12) and its
/// problems; on a writable server, an editor that validates before committing.
struct FilePage {
    let ctx: LedgerSite.Context
    let view: PageContext
    let path: String
    /// Text a refused edit typed, shown again with the refusal.
    var draft: String?
    var refusal: String?

    init(ctx: LedgerSite.Context, view: PageContext, path: String, draft: String? = nil, refusal: String? = nil) {
        self.ctx = ctx
        self.view = view
        self.path = path
        self.draft = draft
        self.refusal = refusal
    }

    func render() throws -> String {
        let ledger = ctx.tip.ledger
        guard LedgerLayout.isLedgerPath(path), !path.split(separator: "/").contains("..") else {
            throw WebFailure.notALedgerFile(path)
        }
        let bytes = try ctx.tip.id.flatMap { try ctx.store.tree(of: $0) }.flatMap { tree in
            try TreeSource(repository: ctx.store.repository, tree: tree).read(path)
        }
        guard bytes != nil || draft != nil || LedgerLayout.isLedgerFile(path) else {
            throw WebFailure.notAtTheTip(path)
        }
        let text = bytes.map { String(decoding: $0, as: UTF8.self) }
        let problems = ledger.sortedDiagnostics.filter { $0.path == path }
        let bad = Set(problems.map(\.line))
        return Pages.layout(title: path, tip: ctx.tip.id, ledgerName: ledger.settings.name, view: view) { h in
            h.raw("<header><p class=\"eyebrow\">File</p><h1><code>\(Pages.line(path))</code></h1></header>\n")
            if let refusal { h.raw("<p class=\"form-error\">\(Pages.text(refusal))</p>\n") }
            if !problems.isEmpty {
                h.raw("<ul class=\"warnings\">" + problems.map { "<li><a href=\"#L\($0.line)\">line \($0.line)</a>: \($0.severity.rawValue): \(Pages.text($0.message))</li>" }.joined() + "</ul>\n")
            }
            h.raw("<section id=\"source\">\n")
            if let text {
                h.raw("<pre class=\"file\">")
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                if lines.last == "" { lines.removeLast() }
                for (i, line) in lines.enumerated() {
                    let n = i + 1
                    h.raw("<span class=\"line\(bad.contains(n) ? " bad" : "")\" id=\"L\(n)\"><a class=\"ln\" href=\"#L\(n)\">\(n)</a>\(Pages.text(String(line)))</span>")
                }
                h.raw("</pre>\n")
            } else {
                h.raw("<p class=\"empty\">Not in the ledger yet.</p>\n")
            }
            h.raw("</section>\n")
            if view.writable, LedgerLayout.isLedgerFile(path) {
                h.raw("<section id=\"edit\"><h2>Edit</h2><p class=\"note\">Checked like <code>kpi commit</code> before it is committed; nothing is committed with an error.</p>\n")
                h.raw("<form method=\"post\" action=\"\(esc(Pages.fileURL(path)))\">\(Pages.token(view))")
                h.raw("<textarea class=\"source\" name=\"text\" spellcheck=\"false\">\(esc(draft ?? text ?? ""))</textarea>")
                h.raw("<p><label>Why <input name=\"message\" size=\"50\" placeholder=\"commit message\"></label> <button type=\"submit\">Check and commit</button></p></form></section>\n")
            }
        }
    }
}
