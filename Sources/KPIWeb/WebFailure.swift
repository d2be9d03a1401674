import ArgumentParser
import GitStore
import HTTPTypes
import Hummingbird
import KPICLI
import LedgerCore

/// A refusal with its HTTP status and the message a person reads (the CLI's own words).
struct WebFailure: Error {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// Any error a request met, as a status and message: the ledger's refusals are the
    /// client's to fix (4xx); only what nobody asked for is a 5xx.
    static func from(_ error: any Error) -> WebFailure {
        switch error {
        case let f as WebFailure: return f
        case LedgerError.invalid(let diagnostics):
            return WebFailure(.unprocessableContent, diagnostics.map(\.description).joined(separator: "\n"))
        case LedgerError.refused(let r): return WebFailure(.unprocessableContent, r.message)
        case LedgerError.unauthorized(let r): return WebFailure(.forbidden, r.message)
        case let e as LedgerError: return WebFailure(.unprocessableContent, e.description)
        case let e as CLIError: return WebFailure(.badRequest, e.description)
        case let e as GitError:
            switch e.code {
            case .refMoved, .conflict, .locked, .exists: return WebFailure(.conflict, e.message)
            case .notFound, .invalidSpec, .ambiguous, .invalidArgument, .nothingToCommit, .invalidDate:
                return WebFailure(.unprocessableContent, e.message)
            default: return WebFailure(.internalServerError, e.message)
            }
        default:
            return WebFailure(.internalServerError, "\(error)")
        }
    }
}
