import LedgerCore
import LedgerFormat

/// The refusals of the command line itself (files it reads or writes for a command, values it
/// parses before the core sees them), each named with its one wording beside the core's in
/// `Refusal` (docs/diagnostics.md).
extension Refusal {
    static func cannotRead(_ path: String) -> Refusal { Refusal(.unreadableFile, "cannot read \(path)") }
    static func cannotWrite(_ path: String, _ why: String? = nil) -> Refusal {
        Refusal(.unwritableFile, "cannot write \(path)" + (why.map { ": \($0)" } ?? ""))
    }
    static func notADate(_ text: String, option: String? = nil) -> Refusal {
        Refusal(.invalidDate, (option.map { "\($0) " } ?? "") + "'\(text)' is not a date; write YYYY-MM-DD")
    }
    static func notEmpty(_ folder: String) -> Refusal { Refusal(.alreadyExists, "\(folder) is not empty; give a new folder (nothing was changed)") }
    static func remoteExists(_ name: String) -> Refusal { Refusal(.alreadyExists, "a remote named '\(name)' already exists") }
    static func destinationExists(_ target: String) -> Refusal {
        Refusal(.alreadyExists, "destination path '\(target)' already exists and is not an empty folder")
    }
    static func nothingRecorded(_ why: String) -> Refusal { Refusal(.nothingToCommit, "\(why); nothing recorded") }
    static func git(_ message: String) -> Refusal { Refusal(.gitFailure, message) }
}
