import Foundation
import GitStore
import HTTPTypes
import Hummingbird
import KPICLI
import LedgerCore

/// What `kpi serve` was started with.
struct ServeSettings: Sendable {
    var readOnly: Bool
    /// Who writes: the starter's git identity, or signed-in users.
    var auth: Authentication = .gitIdentity
    /// Largest request body accepted (forms, JSON, the file editor).
    var maxBody = 1 << 20
}

/// A request's query string, by name (the first value wins; `all` for repeated names).
struct Query: Sendable {
    let pairs: [(String, String)]
    init(_ text: String?) { pairs = text.map { HTTPText.pairs(Substring($0)) } ?? [] }
    init(pairs: [(String, String)]) { self.pairs = pairs }
    subscript(_ name: String) -> String? { pairs.first { $0.0 == name }.map(\.1) }
    /// The value when given and not empty (an empty form field or `?subject=` means "any").
    func given(_ name: String) -> String? { self[name].flatMap { $0.isEmpty ? nil : $0 } }
    func all(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }
}

/// Every route of `kpi serve` (docs/serve.md lists them): pages, the JSON API and form writes.
struct WebApp: HTTPResponder {
    typealias Context = BasicRequestContext
    let site: LedgerSite
    let settings: ServeSettings
    let sessions: Sessions

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = Self.segments(request.uri.path)
        let isAPI = path.first == "api"
        do {
            if settings.readOnly, request.method != .get, request.method != .head {
                throw WebFailure.readOnly()
            }
            // With a users file every page needs a signed-in user (the browser asks once).
            if case .users = settings.auth { _ = try settings.auth.user(request) }
            let query = Query(request.uri.query)
            if isAPI { return try await api(request.method, Array(path.dropFirst()), request, query: query) }
            return try await page(request, path, query: query)
        } catch {
            let failure = WebFailure.from(error)
            var response = isAPI ? HTTPText.error(failure.status, failure.message) : errorPage(failure, request)
            if failure.status == .unauthorized { response.headers[.wwwAuthenticate] = "Basic realm=\"kpi serve\", charset=\"UTF-8\"" }
            return response
        }
    }

    /// `/subjects/li%20lei/` → ["subjects", "li lei"].
    static func segments(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map { HTTPText.decode(Substring($0.replacingOccurrences(of: "+", with: "%2B"))) }
    }

    func page(_ request: Request, _ path: [String], query: Query) async throws -> Response {
        let session = sessions.session(request)
        let view = PageContext(session: session, writable: !settings.readOnly, query: query)
        func html(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
            Pages.response(body, status: status, session: session)
        }
        switch (request.method, path) {
        case (.get, []), (.head, []):
            return html(try await site.run { ctx in try ScoreboardPage(ctx: ctx, view: view).render() })
        case (.get, let p) where p.count == 2 && p[0] == "subjects":
            let id = p[1]
            return html(try await site.run { ctx in try SubjectPage(ctx: ctx, view: view, id: id).render() })
        case (.get, ["audit"]):
            return html(try await site.run { ctx in try AuditPage(ctx: ctx, view: view).render() })
        case (.get, ["history"]):
            return html(try await site.run { ctx in try HistoryPage(ctx: ctx, view: view).render() })
        case (.get, ["diff"]):
            return html(try await site.run { ctx in try DiffPage(ctx: ctx, view: view).render() })
        case (.get, ["errors"]):
            return html(try await site.run { ctx in ErrorsPage(ctx: ctx, view: view).render() })
        case (.get, let p) where p.count >= 2 && p[0] == "files":
            let file = p.dropFirst().joined(separator: "/")
            return html(try await site.run { ctx in try FilePage(ctx: ctx, view: view, path: file).render() })
        case (.get, ["live.js"]):
            return HTTPText.response(.ok, Pages.liveScript, type: "text/javascript; charset=utf-8")
        case (.post, _):
            return try await formWrite(request, path, session: session)
        default:
            if request.method != .get, request.method != .head {
                throw WebFailure.methodNotAllowed(request.method.rawValue)
            }
            throw WebFailure.noPage(request.uri.path)
        }
    }

    func errorPage(_ failure: WebFailure, _ request: Request) -> Response {
        let session = sessions.session(request)
        let body = Pages.layout(title: "\(failure.status.code) \(failure.status.reasonPhrase)", tip: nil, ledgerName: "KPI ledger",
                                view: PageContext(session: session, writable: !settings.readOnly, query: Query(nil))) { h in
            h.raw("<section><h2>\(failure.status.code) \(esc(failure.status.reasonPhrase))</h2>")
            h.raw("<p class=\"form-error\">\(Pages.text(failure.message))</p><p><a href=\"/\">Back to the scoreboard</a></p></section>\n")
        }
        return Pages.response(body, status: failure.status, session: session)
    }
}
