import Foundation
import GitStore
import LedgerCore
import LedgerFormat

/// `kpi check --staged [--commit-msg FILE]` as git's hooks run it: the index git is about to
/// commit (`GIT_INDEX_FILE` when git set one, for `git commit -a` or `git commit PATH`), judged
/// for the commit's author, with the message when git has written it (docs/hooks.md).
struct StagedRun {
    let start: String
    let messageFile: String?

    func diagnostics() throws -> [Diagnostic] {
        let env = ProcessInfo.processInfo.environment
        // The repository, not one ledger: git runs hooks at the work tree's root, and the staged
        // files say which ledgers the commit touches.
        let repository: Repository
        do { repository = try Repository.open(from: start, environment: env) } catch { throw LedgerError.notALedger(start) }
        if repository.isBare { throw CLIError(.stagedNeedsIndex()) }
        let indexFile = env["GIT_INDEX_FILE"].flatMap { $0.isEmpty ? nil : LedgerLocator.absolute($0) }
        var message: String? = nil
        if let messageFile {
            guard let data = FileManager.default.contents(atPath: LedgerLocator.absolute(messageFile)) else {
                throw CLIError(.cannotRead("the commit message file \(messageFile)"))
            }
            message = String(decoding: data, as: UTF8.self)
        }
        let (author, _) = try Identities.resolve(repository, author: nil)
        return try StagedCheck.run(repository: repository, indexFile: indexFile, author: author, message: message).diagnostics
    }
}
