import ArgumentParser
import Foundation
import GitStore
import LedgerCore

/// `kpi clone URL [DIR]`: git's clone, then what a ledger clone needs (hooks, merge driver, a check).
struct CloneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone",
        abstract: "Clone a ledger: the remote's default branch, kpi's hooks and merge driver set up, then `kpi check`.",
        discussion: "Authentication works as for `kpi sync` (see docs/sync.md).")
    // Folders complete here as a remote may be one; and fish's completion counts only arguments
    // that complete, so without it the folder argument below would complete in this place.
    @Argument(help: "The remote: a path, file://, ssh (user@host:path, ssh://, a ~/.ssh/config alias) or https URL.",
              completion: .directory) var url: String
    @Argument(help: "The folder to create (default: the URL's last part without .git).", completion: .directory) var directory: String?
    @OptionGroup var transport: TransportOption

    func run() throws {
        let target = directory ?? CloneCommand.defaultDirectory(for: url)
        let path = LedgerLocator.absolute(target)
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: path), !entries.isEmpty {
            throw CLIError(.destinationExists(target))
        }
        do {
            _ = try Repository.clone(url: CloneCommand.remoteSource(url), into: path, options: try transport.remoteOptions())
        } catch let e as GitError {
            try? FileManager.default.removeItem(atPath: path)
            var m = "cannot clone \(url): \(e.message)"
            if (try? transport.remoteOptions().transport(config: GitConfigEntries.outsideRepository())) != .git,
               let u = RemoteURL(url), !u.isLocal {
                m += "\nIf `git clone \(url)` works on this machine, `kpi clone --transport git` lets git do the transfer (see docs/sync.md)."
            }
            throw CLIError(.git(m))
        }
        Output.out("Cloned \(url) into \(target).\n")
        // The ledger at the root, or each ledger of a larger repository (docs/repositories.md).
        let repository = try Repository(path: path)
        var folders: [String] = []
        if FileManager.default.fileExists(atPath: path + "/" + LedgerLayout.settingsFile) {
            folders = [""]
        } else if let head = try repository.headCommit() {
            folders = try LedgerLocation.ledgers(in: try repository.commit(head).tree, of: repository)
        }
        guard !folders.isEmpty else {
            Output.err("kpi: warning: \(target) holds no ledger.yaml; hooks and merge driver not set up\n")
            return
        }
        for folder in folders {
            let ledger = folder.isEmpty ? path : path + "/" + folder
            if !folder.isEmpty { Output.out("Ledger in \(folder)/:\n") }
            let hooks = try HooksCommand.Install.parse(["-C", ledger])
            try hooks.run()
            let check = try CheckCommand.parse(["-C", ledger])
            try check.run()
        }
    }

    /// A relative local path is stored as `origin` in its absolute form, as `git clone` does:
    /// `kpi sync` runs inside the clone, where `../remote.git` or `remote.git` means another place.
    static func remoteSource(_ url: String) -> String {
        // RemoteURL reads URLs and scp-like `host:path`; anything else is a path.
        guard !url.hasPrefix("/"), RemoteURL(url) == nil, FileManager.default.fileExists(atPath: url) else { return url }
        return LedgerLocator.absolute(url)
    }

    static func defaultDirectory(for url: String) -> String {
        var name = Substring(url)
        while name.hasSuffix("/") { name = name.dropLast() }
        if let cut = name.lastIndex(where: { $0 == "/" || $0 == ":" }) { name = name[name.index(after: cut)...] }
        if name.hasSuffix(".git") { name = name.dropLast(4) }
        return name.isEmpty ? "ledger" : String(name)
    }
}

/// A clone made with `git clone --depth` or `--filter=blob:none` lacks history kpi reads; say
/// which git command completes it rather than "object not found".
enum IncompleteClone {
    static func message(startingAt directory: String) -> String? {
        guard let repo = try? Repository.open(from: directory, environment: ProcessInfo.processInfo.environment) else { return nil }
        if repo.isShallow {
            return "this clone is shallow (made with `git clone --depth`): kpi needs the ledger's whole history. Run `git fetch --unshallow`, then try again."
        }
        if repo.isPartial {
            return "this clone is partial (made with `git clone --filter`): older versions of the ledger files are missing. Run `git fetch --refetch` (git 2.36 or later; or clone again without --filter), then try again."
        }
        return nil
    }
}
