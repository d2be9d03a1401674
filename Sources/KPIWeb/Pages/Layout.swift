import Foundation
import GitStore
import HTTPTypes
import Hummingbird
import KPICLI
import LedgerCore

/// What every page needs besides the ledger: the session (for form tokens), whether writes
/// are served, and the query.
struct PageContext {
    let session: Sessions.Session
    let writable: Bool
    let query: Query
    /// A refused write's message, shown above the page it came from.
    var refusal: String? = nil
}

/// The frame of every page: the report's style sheet, navigation, the tip it shows, and a
/// small script that says when the ledger changed (pages work the same without it).
enum Pages {
    /// Ledger text for HTML (`esc` shows control characters as visible escapes too).
    static func text(_ s: String) -> String { esc(s) }
    static func line(_ s: String) -> String { esc(SafeText.line(s)) }

    static func subjectURL(_ id: String, _ quarter: Quarter?) -> String {
        HTTPText.url("/subjects/" + HTTPText.encode(id), [("quarter", quarter?.description)])
    }

    static func fileURL(_ path: String, line: Int? = nil) -> String {
        "/files/" + path.split(separator: "/").map { HTTPText.encode(String($0)) }.joined(separator: "/") + (line.map { "#L\($0)" } ?? "")
    }

    static let css = HTMLStyle.css + """
    nav.site { display: flex; gap: 18px; align-items: baseline; margin-bottom: 14px; font-size: 14px; }
    nav.site .brand { font-weight: 700; color: var(--ink); margin-right: 8px; }
    nav.site .tip { margin-left: auto; color: var(--muted); font-size: 12px; }
    .changed { background: #fff6df; border: 1px solid var(--fair); border-radius: 6px; padding: 8px 14px; margin: 0 0 14px; }
    .done { background: #eaf6ef; border: 1px solid var(--good); border-radius: 6px; padding: 8px 14px; margin: 0 0 14px; }
    .form-error { background: #fdecea; border: 1px solid var(--poor); border-radius: 6px; padding: 8px 14px; margin: 0 0 14px;
      white-space: pre-wrap; }
    .progress { font-size: 12px; color: var(--fair); font-weight: 600; margin-left: 8px; }
    form.inline { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin: 0 0 10px; }
    form.inline label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
    input, select, textarea, button { font: inherit; padding: 4px 6px; border: 1px solid #aab4c0; border-radius: 4px; }
    button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; padding: 5px 12px; }
    .periods a, .periods strong { margin-right: 10px; }
    pre.file { margin: 0; font-size: 12px; line-height: 1.5; overflow-x: auto; }
    pre.file span.line { display: block; padding-left: 4.5em; text-indent: -4.5em; }
    pre.file span.line:target, pre.file span.line.bad { background: #fdecea; }
    pre.file a.ln { display: inline-block; width: 4em; text-indent: 0; color: var(--muted); text-decoration: none; text-align: right; margin-right: .5em; }
    textarea.source { width: 100%; min-height: 320px; font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; }
    dl.review dt { font-weight: 600; margin-top: 6px; } dl.review dd { margin: 0 0 4px; white-space: pre-wrap; }
    ul.explain { margin: 0; padding-left: 18px; font-size: 13px; } ul.explain li { margin-bottom: 4px; }

    """

    static func layout(title: String, tip: ObjectID?, ledgerName: String, view: PageContext,
                       _ body: (inout HTMLBuilder) throws -> Void) rethrows -> String {
        var h = HTMLBuilder()
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        h.raw("<title>\(line(title)) — \(line(ledgerName))</title>\n<style>\n\(css)</style>\n")
        h.raw("<script src=\"/live.js\" defer></script>\n</head>\n")
        h.raw("<body data-tip=\"\(esc(tip?.hex ?? ""))\">\n<main>\n")
        h.raw("<nav class=\"site\"><a class=\"brand\" href=\"/\">\(line(ledgerName))</a><a href=\"/\">Scoreboard</a>")
        h.raw("<a href=\"/audit\">Audit</a><a href=\"/history\">History</a><a href=\"/diff\">Diff</a><a href=\"/errors\">Errors</a>")
        h.raw("<span class=\"tip\">\(tip.map { "at <code>\(esc($0.short))</code>" } ?? "no commits yet")\(view.writable ? "" : " · read-only")</span></nav>\n")
        h.raw("<p id=\"changed\" class=\"changed\" hidden>The ledger changed since this page was loaded. <a href=\"\">Reload</a> to see the new version.</p>\n")
        if let done = view.query["done"] { h.raw("<p class=\"done\">Committed: \(line(done))</p>\n") }
        for warning in view.query.all("warning") { h.raw("<p class=\"changed\">warning: \(line(warning))</p>\n") }
        if let refusal = view.refusal { h.raw("<p class=\"form-error\" id=\"refusal\">Nothing was committed: \(text(refusal))</p>\n") }
        try body(&h)
        h.raw("</main>\n</body>\n</html>\n")
        return h.out
    }

    static func response(_ body: String, status: HTTPResponse.Status, session: Sessions.Session) -> Response {
        var extra: [(HTTPField.Name, String)] = [
            (.contentSecurityPolicy, "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        ]
        if session.isNew {
            extra.append((.setCookie, "\(Sessions.cookie)=\(session.id); Path=/; HttpOnly; SameSite=Strict"))
        }
        return HTTPText.response(status, body, type: "text/html; charset=utf-8", headers: extra)
    }

    /// The hidden field every form carries.
    static func token(_ view: PageContext) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(esc(view.session.token))\">"
    }

    /// Polls the tip's ETag; when it moves, shows the "ledger changed" notice.
    static let liveScript = """
    (function () {
      var tip = document.body.getAttribute('data-tip');
      var etag = null;
      function check() {
        var headers = etag ? { 'If-None-Match': etag } : {};
        fetch('/api/tip', { headers: headers, cache: 'no-store' }).then(function (r) {
          if (r.status === 304) return null;
          etag = r.headers.get('ETag');
          return r.json();
        }).then(function (j) {
          if (j && (j.tip || '') !== tip) document.getElementById('changed').hidden = false;
        }).catch(function () {});
      }
      setInterval(check, 3000);
    })();

    """

    /// Today's quarter, with its elapsed and total days, for "in progress" marks.
    static func inProgress(_ ledger: Ledger) -> (quarter: Quarter, elapsed: Int, total: Int) {
        let today = Today.day(), start = ledger.settings.fiscalYearStart
        let p = QuarterProgress(Quarter.containing(today, fiscalYearStart: start), today: today, fiscalYearStart: start)
        return (p.quarter, p.elapsedDays, p.totalDays)
    }
}
