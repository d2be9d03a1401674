import ArgumentParser
import Foundation
import GitStore
import LedgerCore

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch, merge the remote branch into yours (ledger files by meaning), push.",
        discussion: """
        A value both sides changed differently stops the sync with nothing merged or pushed.
        Decide, then run `kpi sync --ours` (keep your values; change them first with
        `kpi goal set` if neither is right) or `kpi sync --theirs` (take the remote's). See docs/sync.md.
        """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var signing: SigningOptions
    @Argument(help: "The remote (default: the branch's upstream, else origin).") var remote: String?
    @Flag(help: "Settle conflicts by keeping your values.") var ours = false
    @Flag(help: "Settle conflicts by taking the remote's values.") var theirs = false
    @OptionGroup var transport: TransportOption
    @Flag(help: "Merge a remote branch whose history was rewritten since the last sync (recorded in the merge).") var acceptRewrite = false

    func validate() throws {
        if ours && theirs { throw ValidationError.notBoth("--ours", "--theirs") }
    }

    func run() throws {
        let store = try LedgerStore.open(from: global.startDirectory, requireLedger: false)
        if let incomplete = IncompleteClone.message(startingAt: global.startDirectory) { throw CLIError(.git(incomplete)) }
        store.repository.signing = signing.request
        let (author, committer) = try Identities.resolve(store.repository, author: nil)
        let sync = LedgerSync(store: store, author: author, committer: committer,
                              remoteOptions: try transport.remoteOptions())
        let report: LedgerSync.Report
        // Locks a killed kpi sync left in a shared remote, removed on the way (docs/reliability.md).
        defer { for note in store.repository.pushNotes { Output.err("kpi: \(note)\n") } }
        do {
            report = try sync.sync(remote: remote, resolution: ours ? .ours : (theirs ? .theirs : nil), acceptRewrite: acceptRewrite)
        } catch let f as LedgerSync.Failure {
            if case .conflicts(let remote, let list) = f {
                Output.err(SyncText.conflicts(remote: remote, list))
                Foundation.exit(1)
            }
            throw CLIError(.git(f.description))
        }
        let where_ = "\(report.remote)/\(report.remoteBranch)"
        switch report.outcome {
        case .upToDate: Output.out("Already up to date with \(where_).\n")
        case .pushed(let created):
            Output.out(created ? "Pushed to \(where_) (new branch; upstream set).\n" : "Pushed to \(where_).\n")
        case .fastForwarded(let id): Output.out("Fast-forwarded to \(where_) (\(id.short)).\n")
        case .merged(let id): Output.out("[\(id.short)] Merged \(where_) and pushed.\n")
        }
        for c in report.resolved {
            Output.out("  settled: \(c.path): \(c.what): ours \(c.ours ?? "(removed)"), theirs \(c.theirs ?? "(removed)")\n")
        }
    }
}

enum SyncText {
    static func person(_ s: Signature?) -> String {
        guard let s else { return "" }
        return " (\(s.name) <\(s.email)>, \(s.iso8601))"
    }

    static func conflicts(remote: String, _ list: [LedgerSync.AttributedConflict]) -> String {
        var t = "kpi: error: sync stopped: \(list.count) conflict\(list.count == 1 ? "" : "s") with \(remote); nothing was merged or pushed, and your commits, files and the remote are unchanged.\n"
        for a in list {
            let c = a.conflict
            t += "  \(c.path): \(c.what)"
            if let metric = c.metric, let field = c.field {
                t += "  [subject \(c.subject ?? "?"), quarter \(c.quarter ?? "?"), metric \(metric), field \(field)]"
            }
            t += "\n"
            t += "    yours:  \(c.ours ?? "(removed)")\(person(a.oursAuthor))\n"
            t += "    theirs: \(c.theirs ?? "(removed)")\(person(a.theirsAuthor))\n"
        }
        t += """
        To settle: decide each value, then run
          kpi sync --theirs   to take the remote's values, or
          kpi sync --ours     to keep yours (first change them with `kpi goal set` if neither is right).

        """
        return t
    }
}

struct RemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remote", abstract: "Manage remotes (like `git remote`).",
                                                    subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a remote: a path, file://, ssh or https URL.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its name, e.g. origin.") var name: String
        @Argument(help: "Its URL or path.") var url: String

        func run() throws {
            let store = try LedgerStore.open(from: global.startDirectory, requireLedger: false)
            do {
                try store.repository.addRemote(name, url: url)
            } catch let e as GitError where e.code == .exists {
                throw CLIError(.remoteExists(name))
            }
            Output.out("Added remote \(name) → \(url)\n")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List remotes with their URLs.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let repo = try LedgerStore.open(from: global.startDirectory, requireLedger: false).repository
            for name in try repo.remoteNames() { Output.out("\(name)\t\(try repo.remoteURL(name) ?? "")\n") }
        }
    }
}

/// `kpi merge-driver %O %A %B %P`: git's merge driver for ledger files.
struct MergeDriverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-driver",
        abstract: "Git merge driver: merges ledger files by meaning (registered by `kpi hooks install`).")
    @Argument(help: "%O: the common ancestor's version.") var base: String
    @Argument(help: "%A: our version; the result is written here.") var ours: String
    @Argument(help: "%B: their version.") var theirs: String
    @Argument(help: "%P: the path in the repository.") var path: String

    func run() throws {
        func read(_ p: String) throws -> [UInt8] {
            guard let d = FileManager.default.contents(atPath: p) else { throw CLIError(.cannotRead(p)) }
            return [UInt8](d)
        }
        let b = try read(base), o = try read(ours), t = try read(theirs)
        // git runs the driver at the work tree's root with the path in the repository; the
        // ledger it belongs to may be a subfolder (docs/repositories.md).
        let ledgerPath = LedgerLocation.ledgerPath(ofRepositoryPath: path, workTree: FileManager.default.currentDirectoryPath)
        // git passes an empty ancestor for a file both sides added.
        var result = try LedgerMerge.mergeFile(path: ledgerPath ?? path, byMeaning: ledgerPath != nil,
                                               base: b.isEmpty ? nil : b, ours: o, theirs: t, labels: ("base", "ours", "theirs"))
        result.conflicts = result.conflicts.map { var c = $0; c.path = path; return c }
        try Data(result.bytes).write(to: URL(fileURLWithPath: ours))
        if result.conflicts.isEmpty { Foundation.exit(0) }
        var note = "kpi: conflict in \(path):\n"
        for c in result.conflicts where c.kind != .lines {
            note += "  \(c.what): ours \(c.ours ?? "(removed)"), theirs \(c.theirs ?? "(removed)")\n"
        }
        Output.err(note)
        Foundation.exit(1)
    }
}
