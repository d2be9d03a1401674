import KPICLI
import LedgerCore

/// What `kpi serve` refuses, each named with its status and one wording (docs/serve.md); the
/// ledger's own refusals come through `WebFailure.from` in the core's and the CLI's words.
extension WebFailure {
    // Who is writing (docs/serve.md, "Who writes").
    static func noUserHeader(_ header: String) -> WebFailure {
        WebFailure(.forbidden, "no user named in the \(header) header: writes need a signed-in user")
    }
    static func signIn() -> WebFailure { WebFailure(.unauthorized, "sign in with your kpi serve user name and password") }
    static func wrongPassword() -> WebFailure { WebFailure(.unauthorized, "wrong user name or password") }
    static func notAPerson(_ user: String, file id: String) -> WebFailure {
        WebFailure(.forbidden, "user '\(user)' is not a person of the ledger (people/\(id).yaml); ask an admin to add them")
    }
    static func personWithoutEmail(_ id: String) -> WebFailure {
        WebFailure(.forbidden, "\(id) has no email in people/\(id).yaml, so their changes cannot be told apart; add it first")
    }
    static func unreadableUsersFile(_ path: String) -> WebFailure { WebFailure(.internalServerError, "cannot read the users file \(path)") }

    // Where a write comes from.
    static func noHost() -> WebFailure { WebFailure(.badRequest, "the request has no Host") }
    /// `detail`: what gave it away ("origin http://elsewhere"), when something did.
    static func notFromThisSite(_ detail: String? = nil) -> WebFailure {
        WebFailure(.forbidden, "writes are accepted only from this site's own pages" + (detail.map { " (\($0))" } ?? ""))
    }
    static func formExpired() -> WebFailure {
        WebFailure(.forbidden, "this form has expired or did not come from this site; reload the page and send it again")
    }
    static func readOnly() -> WebFailure {
        WebFailure(.methodNotAllowed, "this server is read-only (kpi serve --read-only): nothing can be changed through it")
    }

    // What a request asks for.
    static func noPage(_ path: String) -> WebFailure { WebFailure(.notFound, "There is no page at \(path).") }
    static func noSuchRoute(_ path: String) -> WebFailure { WebFailure(.notFound, "no such API route: \(path)") }
    static func nothingToSend(_ path: String) -> WebFailure { WebFailure(.notFound, "nothing to send to \(path)") }
    /// `path`: where, when the method is allowed elsewhere on the site.
    static func methodNotAllowed(_ method: String, on path: String? = nil) -> WebFailure {
        WebFailure(.methodNotAllowed, "\(method) is not allowed " + (path.map { "on \($0)" } ?? "here"))
    }
    static func noSuchSubject(_ id: String) -> WebFailure { WebFailure(.notFound, "There is no person or team '\(id)' in the ledger.") }
    static func notALedgerFile(_ path: String) -> WebFailure { WebFailure(.notFound, "\(path) is not a file of the ledger.") }
    static func notAtTheTip(_ path: String) -> WebFailure { WebFailure(.notFound, "\(path) is not in the ledger at the tip.") }
    static func noCommitsYet() -> WebFailure { WebFailure(.notFound, Refusal.noCommits().message) }
    static func notAQuarter(_ text: String) -> WebFailure { WebFailure(.badRequest, "'\(text)' is not a quarter; write it like 2026-Q3") }
    static func forecastFlag(_ text: String) -> WebFailure { WebFailure(.badRequest, "forecast=\(text): use forecast=true or forecast=false") }

    // Forms (docs/serve.md, "Writing").
    static func formNotURLEncoded() -> WebFailure { WebFailure(.unsupportedMediaType, "forms are sent as application/x-www-form-urlencoded") }
    /// `what`: "of the goal", "of the review", "to close".
    static func quarterNeeded(_ what: String) -> WebFailure { WebFailure(.badRequest, "give the quarter \(what)") }
    static func goalChangeNeeded() -> WebFailure { WebFailure(.badRequest, "give at least one of target, baseline, weight, method") }

    // The record API's JSON body (docs/serve.md, "API").
    static func recordNotJSON() -> WebFailure { WebFailure(.unsupportedMediaType, "send the record as JSON (Content-Type: application/json)") }
    static func bodyNotAnObject() -> WebFailure { WebFailure(.badRequest, "the body is not a JSON object") }
    static func bodyTooLarge(_ limit: Int) -> WebFailure { WebFailure(.contentTooLarge, "the request body is larger than \(limit) bytes") }
    static func unknownRecordField(_ field: String) -> WebFailure {
        WebFailure(.badRequest, "unknown field '\(field)'; a record has subject, metric, value, date, note, source, corrects")
    }
    static func fieldMissing(_ key: String) -> WebFailure { WebFailure(.badRequest, "'\(key)' is missing") }
    static func fieldNotAString(_ key: String) -> WebFailure { WebFailure(.badRequest, "'\(key)' must be a string") }
    static func valueNotANumberOrString() -> WebFailure { WebFailure(.badRequest, "'value' must be a number or a string") }
    static func valueNotExact(_ shortest: String) -> WebFailure {
        WebFailure(.badRequest, "'value' \(shortest) cannot be written exactly; send it as a string")
    }
    /// The command line's words for a date (`Refusal.notADate`).
    static func notADate(_ text: String, field: String? = nil) -> WebFailure { WebFailure(.badRequest, Refusal.notADate(text, option: field).message) }
}
