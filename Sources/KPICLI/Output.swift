import Foundation
import LedgerCore

/// The CLI's only way to write: stdout for results, stderr for messages.
enum Output {
    /// Set while `kpi demo` replays its script: the replayed commands' own output is not shown.
    nonisolated(unsafe) static var muted = false

    /// Both streams show control characters from the ledger escaped (`SafeText`), whatever a
    /// renderer let through; standard output keeps kpi's own colours when it uses them.
    static func out(_ s: String) {
        if !muted { FileHandle.standardOutput.write(Data(SafeText.output(s, keepColours: Terminal.stdout.enabled).utf8)) }
    }
    static func err(_ s: String) { if !muted { FileHandle.standardError.write(Data(SafeText.output(s, keepColours: false).utf8)) } }
    /// Progress lines, shown only when standard error is a terminal.
    static func progress(_ s: String) { if isatty(2) == 1 { FileHandle.standardError.write(Data(s.utf8)) } }
}

/// A refusal the CLI reports as `kpi: error: ...` with a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
