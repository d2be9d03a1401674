import LedgerCore
import LedgerFormat

/// The refusals of the command line itself (files it reads or writes for a command, values it
/// parses before the core sees them), each named with its one wording beside the core's in
/// `Refusal` (docs/diagnostics.md).
extension Refusal {
    static func cannotRead(_ path: String) -> Refusal { Refusal(.unreadableFile, "cannot read \(path)") }
    package static func cannotWrite(_ path: String, _ why: String? = nil) -> Refusal {
        Refusal(.unwritableFile, "cannot write \(path)" + (why.map { ": \($0)" } ?? ""))
    }
    static func cannotChangeTo(_ folder: String) -> Refusal {
        Refusal(.notALedger, "-C \(folder): cannot change to '\(folder)': no such folder")
    }
    static func outputIsLedgerFile(_ given: String, ledgerPath: String, ledger: String) -> Refusal {
        Refusal(.unwritableFile, "-o \(given) is the ledger file \(ledgerPath) (of the ledger in \(ledger)); a report never replaces a ledger file: write it to another file (nothing was changed)")
    }
    static func outputInGitDirectory(_ given: String, gitDir: String) -> Refusal {
        Refusal(.unwritableFile, "-o \(given) is inside the git directory \(gitDir); a report is never written there: write it to another file (nothing was changed)")
    }
    package static func notADate(_ text: String, option: String? = nil) -> Refusal {
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

// Options that only the command line reads.
extension Refusal {
    static func stagedNeedsIndex() -> Refusal {
        Refusal(.needsGit, "a bare repository has no index; --staged checks what `git commit` would commit")
    }
    /// ledger.yaml did not load whole: what it sets (multipliers, bands) is unknown, not absent.
    static func settingsHaveErrors(_ first: Diagnostic) -> Refusal {
        Refusal(.refused, "ledger.yaml has an error at \(first.path):\(first.line):\(first.column) (\(first.message)); its bonus multipliers cannot be read until it is fixed")
    }
    static func noBonusMultipliers() -> Refusal {
        Refusal(.refused, "ledger.yaml sets no bonus multipliers; add them under incentives: multipliers: (like S: 1.5), one per rating")
    }
    /// git could not say who is committing (no user.name or user.email, say): its own words.
    static func noIdentity(_ why: String) -> Refusal { Refusal(.refused, why) }

    // Workbooks (docs/spreadsheets.md).
    static func unreadableWorkbook(_ name: String, _ why: String) -> Refusal { Refusal(.csvText, "\(name) cannot be read as a workbook: \(why)") }
    static func emptyWorkbook(_ name: String) -> Refusal {
        Refusal(.csvHeader, "\(name): its first sheet is empty; it needs a header row subject, metric, date, value")
    }
    static func workbookNotWritten(_ why: String) -> Refusal { Refusal(.unwritableFile, why) }

    // Git hooks (docs/hooks.md).
    static func hooksManagedByHusky(_ folder: String, configured: String?, add base: String) -> Refusal {
        Refusal(.refused, "git's hooks folder \(folder) (core.hooksPath \(configured ?? "")) is managed by husky; nothing was changed. Add the line `kpi check --staged` to \(base)/pre-commit and the line `kpi check --staged --commit-msg \"$1\"` to \(base)/commit-msg (see `kpi help hooks`)")
    }
    static func hooksManagedByPreCommit(_ hookFile: String, config: String) -> Refusal {
        Refusal(.refused, "\(hookFile) is managed by the pre-commit framework; nothing was changed. Add kpi's hooks to .pre-commit-config.yaml (then run `pre-commit install --hook-type pre-commit --hook-type commit-msg`):\n" + config)
    }
    static func hooksManagedByLefthook(_ hookFile: String, config: String) -> Refusal {
        Refusal(.refused, "\(hookFile) is managed by lefthook; nothing was changed. Add to lefthook.yml:\n" + config)
    }
    static func hooksFolderUnwritable(_ folder: String, configured: String?) -> Refusal {
        let setting = configured.map { "core.hooksPath is \($0), and " } ?? ""
        return Refusal(.refused, "\(setting)git's hooks folder \(folder) cannot be written by you; nothing was changed. Ask its owner to add the line `kpi check --staged` to its pre-commit hook and `kpi check --staged --commit-msg \"$1\"` to its commit-msg hook" + (configured == nil ? "" : ", or unset core.hooksPath (`git config --unset core.hooksPath`) and run `kpi hooks install` again"))
    }
    static func foreignHookKept(_ file: String, _ chained: String, add command: String) -> Refusal {
        Refusal(.refused, "\(file) was not written by kpi, and \(chained) exists too; nothing was changed. Add the line `\(command)` to \(file) by hand")
    }
    static func cannotRename(_ file: String, to target: String, _ why: String) -> Refusal { Refusal(.refused, "cannot rename \(file) to \(target): \(why)") }

    // kpi serve (docs/serve.md).
    package static func usersFileInsideRepository(_ users: String) -> Refusal {
        Refusal(.refused, "the users file \(users) is inside the ledger's repository; keep it outside, where it is never committed or synced")
    }
    package static func unreadableUsersFile(_ users: String) -> Refusal {
        Refusal(.unreadableFile, "cannot read the users file \(users); create it with `kpi serve adduser USER --users \(users)`")
    }
    package static func cannotServe(_ host: String, _ port: Int, _ why: String) -> Refusal { Refusal(.refused, "cannot serve on \(host):\(port): \(why)") }
    package static func passwordOnStandardInput(_ user: String, users: String) -> Refusal {
        Refusal(.refused, "give the password on standard input (one line), e.g. `read -s p; echo \"$p\" | kpi serve adduser \(user) --users \(users)`")
    }
    package static func saltNotHex() -> Refusal { Refusal(.refused, "--salt is hex") }

    // kpi demo replaying its example history: a failure here is a bug in the script, said plainly.
    static func exampleHistoryFailed(line: Int, _ error: any Error) -> Refusal { Refusal(.refused, "the example history failed at line \(line): \(error)") }
    static func exampleTextMissing(_ path: String, _ old: String) -> Refusal { Refusal(.refused, "\(path) does not contain '\(old)'") }
}
