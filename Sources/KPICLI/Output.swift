import Foundation
import LedgerCore
import LedgerFormat

/// The CLI's only way to write: stdout for results, stderr for messages.
enum Output {
    /// Set while `kpi demo` replays its script: the replayed commands' own output is not shown.
    nonisolated(unsafe) static var muted = false

    /// Both streams show control characters from the ledger escaped (`SafeText`), whatever a
    /// renderer let through; standard output keeps kpi's own colours when it uses them.
    /// Standard output collected for the pager while a paged command runs (`Pager`).
    nonisolated(unsafe) static var captured: [UInt8]? = nil

    static func out(_ s: String) {
        guard !muted else { return }
        let text = SafeText.output(s, keepColours: Terminal.stdout.enabled)
        if captured != nil { captured!.append(contentsOf: text.utf8) } else { emit(Array(text.utf8)[...], to: 1) }
    }
    static func err(_ s: String) { if !muted { emit(Array(SafeText.output(s, keepColours: false).utf8)[...], to: 2) } }
    /// A JSON document as `JSON` renders it, or lines `SafeText.line` escaped: they hold no
    /// control character unescaped, so the scan `out` makes would change nothing (megabytes
    /// for an audit, tens of thousands of lines for a check).
    static func outEscaped(_ b: [UInt8]) {
        guard !muted else { return }
        if captured != nil { captured!.append(contentsOf: b) } else { emit(b[...], to: 1) }
    }
    /// Bytes exactly as given (a workbook written to a pipe): nothing to escape in them.
    static func outBytes(_ b: [UInt8]) { if !muted { emit(b[...], to: 1) } }
    /// A command's output, also kept by the report cache while it records this run.
    private static func emit(_ b: ArraySlice<UInt8>, to fd: Int32) {
        ReportCache.recording?.note(b, fd: fd)
        write(b, to: fd)
    }
    /// Progress lines, shown only when standard error is a terminal.
    static func progress(_ s: String) { if isatty(2) == 1 { write(s, to: 2) } }

    /// SIGPIPE is ignored (a remote closing its connection must give an error, not kill kpi), so
    /// a reader that goes away (`kpi history | head`) shows as EPIPE here: end as git does then,
    /// by the signal, quietly.
    private static func write(_ s: String, to fd: Int32) { write(Array(s.utf8)[...], to: fd) }

    static func write(_ b: ArraySlice<UInt8>, to fd: Int32) {
        var bytes = b
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE {
                    // The signal skips atexit: finish a cache still being written, or its
                    // temporary file would stay behind.
                    CacheWrites.wait()
                    signal(SIGPIPE, SIG_DFL)
                    raise(SIGPIPE)
                }
                return
            }
            bytes = bytes.dropFirst(n)
        }
    }

    /// At start-up: a write to a socket the server closed returns an error instead of killing kpi.
    static func ignoreBrokenPipes() { signal(SIGPIPE, SIG_IGN) }
}

/// A refusal the CLI reports as `kpi: error: ...` with a non-zero exit: always a named
/// `Refusal` (CLIRefusals.swift, the core's Refusal.swift), never free text.
package struct CLIError: Error, CustomStringConvertible {
    package let description: String
    /// Its stable name (docs/diagnostics.md).
    package let code: DiagnosticCode
    package init(_ refusal: Refusal) {
        description = refusal.message
        code = refusal.code
    }
}
