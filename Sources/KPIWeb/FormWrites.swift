import Foundation
import GitStore
import HTTPTypes
import Hummingbird
import KPICLI
import LedgerCore

/// The forms' writes: each one commit through the CLI's own `Recorder` (same validation, same
/// refusal messages, same ledger lock and compare-and-swap), accepted only from this site's
/// own pages (same origin and the session's token).
extension WebApp {
    /// Runs a recording as the CLI would: by the git identity of whoever started the server, or
    /// by the signed-in user's person, refused when the audit would call it unauthorized.
    func write<T: Sendable>(_ request: Request, _ body: @escaping @Sendable (inout Recorder) throws -> T) async throws -> T {
        let auth = settings.auth
        let user = try auth.user(request)
        return try await site.run { ctx in
            var override: String?
            if let user {
                let person = try auth.person(user, in: ctx.tip.ledger)
                override = "\(person.name) <\(person.email ?? "")>"
            }
            let (author, committer) = try Identities.resolve(ctx.store.repository, author: override)
            var recorder = Recorder(store: ctx.store, author: author, committer: committer)
            recorder.refuseUnauthorized = user != nil
            return try body(&recorder)
        }
    }

    func formWrite(_ request: Request, _ path: [String], session: Sessions.Session) async throws -> Response {
        try checkSameOrigin(request)
        guard (request.headers[.contentType] ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            throw WebFailure.formNotURLEncoded()
        }
        let bytes = try await Self.body(request, limit: settings.maxBody)
        let form = Query(pairs: HTTPText.pairs(Substring(decoding: bytes, as: UTF8.self)))
        guard sessions.check(session, token: form["csrf"]) else {
            throw WebFailure.formExpired()
        }
        func field(_ name: String) -> String? { form.given(name) }
        let message = field("message")
        let quarter = try Self.quarter(form["quarter"])
        switch path {
        case let p where p.count == 3 && p[0] == "subjects" && p[2] == "records":
            let subject = p[1]
            let back = Pages.subjectURL(subject, quarter)
            return try await commit(back: back, request: request, subject: subject, quarter: quarter, session: session) {
                let record = try FormValues.newRecord(subject: subject, metric: field("metric") ?? "", value: field("value") ?? "",
                                                      date: field("date"), source: field("source"), note: field("note"),
                                                      corrects: field("corrects"))
                return try await write(request) { r in r.message = message; return try r.record(record) }
            }
        case let p where p.count == 3 && p[0] == "subjects" && p[2] == "goals":
            let subject = p[1]
            return try await commit(back: Pages.subjectURL(subject, quarter), request: request, subject: subject, quarter: quarter, session: session) {
                guard let quarter else { throw WebFailure.quarterNeeded("of the goal") }
                let fields = SheetEdits.GoalFields(target: field("target"), baseline: field("baseline"), weight: field("weight"),
                                                   method: field("method"), core: nil)
                if fields.target == nil, fields.baseline == nil, fields.weight == nil, fields.method == nil {
                    throw WebFailure.goalChangeNeeded()
                }
                let metric = field("metric") ?? ""
                return try await write(request) { r in r.message = message; return try r.setGoal(subject: subject, metric: metric, quarter: quarter, fields: fields) }
            }
        case let p where p.count == 4 && p[0] == "subjects" && p[2] == "goals" && p[3] == "remove":
            let subject = p[1]
            return try await commit(back: Pages.subjectURL(subject, quarter), request: request, subject: subject, quarter: quarter, session: session) {
                guard let quarter else { throw WebFailure.quarterNeeded("of the goal") }
                let metric = field("metric") ?? ""
                return try await write(request) { r in r.message = message; return try r.removeGoal(subject: subject, metric: metric, quarter: quarter) }
            }
        case let p where p.count == 3 && p[0] == "subjects" && p[2] == "review":
            let subject = p[1]
            return try await commit(back: Pages.subjectURL(subject, quarter), request: request, subject: subject, quarter: quarter, session: session) {
                guard let quarter else { throw WebFailure.quarterNeeded("of the review") }
                let rating = field("rating"), reviewer = field("reviewer"), summary = field("summary"), notes = field("notes")
                return try await write(request) { r in
                    r.message = message
                    return try r.review(subject: subject, quarter: quarter, reviewer: reviewer, rating: rating, summary: summary, notes: notes)
                }
            }
        case ["close"]:
            guard let quarter else { throw WebFailure.quarterNeeded("to close") }
            let back = field("back").flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/"
            let today = Today.day()
            let (closing, tag) = try await write(request) { r in
                r.message = message
                return (try r.close(quarter, today: today), ClosedQuarters.tagName(quarter, prefix: r.store.location.prefix))
            }
            return HTTPText.redirect(back + (back.contains("?") ? "&" : "?") + "done=" + HTTPText.encode("closed \(quarter) at \(closing.commit.short) (tag \(tag))"))
        case let p where p.count >= 2 && p[0] == "files":
            let file = p.dropFirst().joined(separator: "/")
            let text = form["text"] ?? ""
            // Browsers send a textarea's line breaks as CR LF; the file keeps the ledger's LF.
            let bytes = Array(text.replacingOccurrences(of: "\r\n", with: "\n").utf8)
            do {
                let result = try await write(request) { r in r.message = message; return try r.replaceFile(file, with: bytes) }
                return HTTPText.redirect(Self.done(Pages.fileURL(file), result))
            } catch {
                let failure = WebFailure.from(error)
                if failure.status.code >= 500 { throw error }
                var view = PageContext(session: session, writable: true, query: Query(nil))
                view.refusal = failure.message
                let page = try await site.run { [view] ctx in try FilePage(ctx: ctx, view: view, path: file, draft: text).render() }
                return Pages.response(page, status: failure.status, session: session)
            }
        default:
            throw WebFailure.nothingToSend(request.uri.path)
        }
    }

    /// Runs a subject form's write; success goes back to the page (303) with what was
    /// committed, a refusal shows the page again with the message.
    func commit(back: String, request: Request, subject: String, quarter: Quarter?, session: Sessions.Session,
                _ run: () async throws -> Recorder.Result) async throws -> Response {
        do {
            return HTTPText.redirect(Self.done(back, try await run()))
        } catch {
            let failure = WebFailure.from(error)
            if failure.status.code >= 500 { throw error }
            var view = PageContext(session: session, writable: true, query: Query(pairs: quarter.map { [("quarter", $0.description)] } ?? []))
            view.refusal = failure.message
            let page = try await site.run { [view] ctx in
                try ctx.tip.ledger.isSubject(subject) ? SubjectPage(ctx: ctx, view: view, id: subject).render()
                    : Pages.layout(title: "Refused", tip: ctx.tip.id, ledgerName: ctx.tip.ledger.settings.name, view: view) { _ in }
            }
            return Pages.response(page, status: failure.status, session: session)
        }
    }

    /// The page to go back to, saying what was committed and the warnings the CLI would print.
    static func done(_ back: String, _ result: Recorder.Result) -> String {
        back + (back.contains("?") ? "&" : "?") + "done=" + HTTPText.encode(result.summary)
            + result.warnings.map { "&warning=" + HTTPText.encode($0.description) }.joined()
    }

    /// A write must come from a page of this site: the browser's Origin (or Referer) names this host.
    func checkSameOrigin(_ request: Request) throws {
        guard let host = request.head.authority else { throw WebFailure.noHost() }
        let own = "http://\(host)"
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            throw WebFailure.notFromThisSite()
        }
        if let origin = request.headers[.origin] {
            guard origin == own else { throw WebFailure.notFromThisSite("origin \(origin)") }
        } else if let referer = request.headers[.referer] {
            guard referer == own || referer.hasPrefix(own + "/") else {
                throw WebFailure.notFromThisSite()
            }
        } else {
            throw WebFailure.notFromThisSite("the request names no origin")
        }
    }
}
