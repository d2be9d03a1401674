import Foundation
import LedgerCore

/// The CLI's only way to write: stdout for results, stderr for messages.
enum Output {
    static func out(_ s: String) { FileHandle.standardOutput.write(Data(s.utf8)) }
    static func err(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}

/// A refusal the CLI reports as `kpi: error: ...` with a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

