import ArgumentParser
import Foundation
import GitStore
import LedgerCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new ledger: settings, the KPI catalog, scorecards and schemas, as a first commit."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Folder for the new ledger (default: the current folder).", completion: .directory)
    var path: String?

    @Option(help: "The ledger's name (default: the folder's name).")
    var name: String?

    @Flag(help: "Create a bare repository (no working tree), e.g. a shared remote.")
    var bare = false

    @Option(help: "Author of the first commit, as \"Name <email>\".")
    var author: String?

    @OptionGroup var signing: SigningOptions

    func run() throws {
        let target = LedgerLocator.absolute(path.map { $0.hasPrefix("/") ? $0 : global.startDirectory + "/" + $0 } ?? global.startDirectory)
        let ledgerName = name ?? URL(fileURLWithPath: target).lastPathComponent
        let created = try LedgerInitializer.create(at: target, name: ledgerName, bare: bare) { repo in
            repo.signing = signing.request
            return try Identities.resolve(repo, author: author)
        }
        if let workTree = created.insideWorkTree, !created.prefix.isEmpty {
            // A ledger in a subfolder of an existing repository: its commit holds only the ledger's files.
            Output.out("Created ledger '\(ledgerName)' in \(target) inside the repository at \(workTree) (folder \(created.prefix)/; commit \(created.commit.short) holds only the ledger's files).\n")
        } else {
            Output.out("Created ledger '\(ledgerName)' in \(target) (commit \(created.commit.short)).\n")
        }
        Output.out("Next: kpi -C \(target) check\n")
    }
}

/// Author and committer for a command, following git's rules.
package enum Identities {
    package static func resolve(_ repo: Repository, author: String?) throws -> (author: Signature, committer: Signature) {
        do {
            return try Identity.resolve(repository: repo, environment: ProcessInfo.processInfo.environment, authorOverride: author)
        } catch let e as GitError {
            throw CLIError(.noIdentity(e.message))
        }
    }
}
