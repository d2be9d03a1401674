import ArgumentParser
import LedgerCore

/// The command lines kpi refuses before anything runs, each named with its one wording: thrown
/// from a command's `validate()`, so the usage comes with the error (exit 64; code `usage` under
/// --format json, docs/diagnostics.md). A new option rule is a new function here, not a string
/// at the `throw`; refusals of what a command finds once running are `Refusal`s (CLIRefusals.swift).
extension ValidationError {
    // Options that do not go together, or only together.
    /// Two options of which at most one may be given.
    package static func notBoth(_ option: String, _ other: String) -> ValidationError { ValidationError("give \(option) or \(other), not both") }
    /// `option` means nothing without `other`.
    static func goesWith(_ option: String, _ other: String) -> ValidationError { ValidationError("\(option) goes with \(other)") }
    static func atLeastOneOf(_ options: [String]) -> ValidationError {
        ValidationError("give at least one of " + options.joined(separator: ", "))
    }
    static func reopenNeedsReason() -> ValidationError { ValidationError("--reopen needs --reason \"why\"; the reason is recorded in the commit") }
    static func stagedTakesNoFiles() -> ValidationError { ValidationError("--staged checks the whole staged change; give no files with it") }
    static func draftNeedsQuarter() -> ValidationError { ValidationError("--draft needs --quarter, like --quarter 2026-Q4") }
    static func reviewNeedsText() -> ValidationError {
        ValidationError("give --rating, --summary or --notes-file (no terminal to open an editor on)")
    }
    /// The same words as the core's refusal (`Refusal.commitMessageNeeded`).
    static func commitMessageNeeded() -> ValidationError { ValidationError(Refusal.commitMessageNeeded().message) }

    // Output formats (docs/spreadsheets.md).
    static func formatMismatch(_ given: String, output: String, extensionSays named: String) -> ValidationError {
        ValidationError("--format \(given) does not match -o \(output), whose extension says \(named); drop --format or rename the file")
    }
    static func formatNotWritten(_ format: String, writes allowed: [String]) -> ValidationError {
        ValidationError("this command writes \(allowed.joined(separator: ", ")), not \(format)")
    }
    static func workbookToTerminal() -> ValidationError { ValidationError("a workbook is not for a terminal; give -o FILE.xlsx") }

    // Values of options.
    static func notAYear(_ year: Int) -> ValidationError { ValidationError("'\(year)' is not a year") }
    static func unknownTransport(_ transport: String) -> ValidationError { ValidationError("--transport must be libgit2 or git, not '\(transport)'") }
    static func confidenceOutOfRange(_ confidence: Int) -> ValidationError {
        ValidationError("--confidence \(confidence): a confidence is a whole number from 1 to 10")
    }
    /// The same words as the refusal of a date given to a command (`Refusal.notADate`).
    static func notADate(_ text: String) -> ValidationError { ValidationError(Refusal.notADate(text).message) }

    // kpi serve (docs/serve.md).
    package static func portOutOfRange() -> ValidationError { ValidationError("--port must be between 0 and 65535") }
    package static func notAHeaderName(_ header: String) -> ValidationError { ValidationError("'\(header)' is not a header name") }
    package static func servesWritesToAnyone(_ host: String) -> ValidationError {
        ValidationError("""
        refusing to serve writes on \(host): on an address other people can reach, nobody could tell who made a change. \
        Give --trust-user-header HEADER (behind an authenticating proxy) or --users FILE, or use --read-only
        """)
    }
    package static func notAUserName(_ what: String, _ name: String) -> ValidationError {
        ValidationError("the \(what) '\(name)' cannot be empty or hold ':' or a line break")
    }
    package static func iterationsNotPositive() -> ValidationError { ValidationError("--iterations must be positive") }
    package static func usersFileNeeded(_ user: String) -> ValidationError { ValidationError("give the users file: kpi serve adduser \(user) --users FILE") }
}
