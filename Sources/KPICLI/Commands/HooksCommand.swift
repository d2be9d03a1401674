import ArgumentParser
import Foundation
import LedgerCore

struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks", abstract: "Git hooks for plain `git commit`.",
        discussion: """
            `kpi hooks install` writes two hooks where git runs them (core.hooksPath when set, else \
            the hooks folder of the repository's common git directory, shared by its linked worktrees):

              pre-commit   kpi check --staged
                           the staged ledger files, checked as `kpi commit` checks them; only their
                           problems are printed, and an error stops the commit
              commit-msg   kpi check --staged --commit-msg "$1"
                           a change to a closed quarter needs a `Reopen-Reason: why` line at the end
                           of the commit message; `kpi audit` reports the change with that reason

            A hook already there is kept (renamed NAME.before-kpi) and runs first. A hooks folder \
            kpi cannot write, or one another tool manages (husky, the pre-commit framework, \
            lefthook), is left alone: kpi says which lines to add to that tool's configuration. \
            See docs/hooks.md.
            """,
        subcommands: [Install.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install pre-commit and commit-msg hooks so a plain `git commit` of ledger files is checked like `kpi commit`.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try LedgerStore.open(from: global.startDirectory)
            let (folder, configured) = try store.repository.hooksFolder()
            if let manager = HookFolder.manager(folder: folder, configured: configured) { throw CLIError(manager) }
            try HookFolder.prepare(folder, configured: configured)
            var kept: [String] = []
            for hook in HookScript.allCases {
                if try HookFolder.install(hook, in: folder) { kept.append(hook.rawValue) }
            }
            let place = configured.map { " (core.hooksPath \($0))" } ?? ""
            Output.out("Installed the pre-commit and commit-msg hooks in \(folder)\(place): `git commit` now checks staged ledger files with `kpi check --staged`, and a change to a closed quarter needs a `\(ClosedQuarters.reasonTrailer):` line in its message.\n")
            for name in kept {
                Output.out("Kept the \(name) hook that was there as \(name)\(HookFolder.chainedSuffix); it runs first.\n")
            }
            try MergeDriverSetup.install(store)
        }
    }
}

/// The hooks kpi installs, and what each runs (docs/hooks.md).
enum HookScript: String, CaseIterable {
    case preCommit = "pre-commit"
    case commitMessage = "commit-msg"

    static let marker = "# installed by kpi hooks install"

    /// The running binary, so the hook works even when kpi is not on PATH.
    static var kpiPath: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return exe
    }

    /// The kpi command the hook runs (also what another tool's configuration should run).
    var command: String {
        switch self {
        case .preCommit: return "kpi check --staged"
        case .commitMessage: return "kpi check --staged --commit-msg \"$1\""
        }
    }

    /// Git runs the hook in the working tree's root; a hook that was there before runs first,
    /// with the same arguments.
    var script: String {
        let quoted = "'" + HookScript.kpiPath.replacingOccurrences(of: "'", with: "'\\''") + "'"
        let failure = self == .preCommit
            ? "kpi: the staged ledger files have errors (above); nothing was committed"
            : "kpi: this commit changes a closed quarter (above); nothing was committed"
        return """
            #!/bin/sh
            \(HookScript.marker) (see `kpi help hooks`)
            before="$(dirname "$0")/\(rawValue)\(HookFolder.chainedSuffix)"
            if [ -x "$before" ]; then "$before" "$@" || exit $?; fi
            kpi=\(quoted)
            [ -x "$kpi" ] || kpi=kpi
            "$kpi" \(command.dropFirst(4)) || { echo "\(failure)" >&2; exit 1; }

            """
    }
}

/// The folder git runs hooks from: whether kpi may write there, and the hooks in it.
enum HookFolder {
    static let chainedSuffix = ".before-kpi"

    /// The lines another tool's configuration needs to run kpi's checks.
    static var lines: String {
        HookScript.allCases.map { "  \($0.rawValue): \($0.command)" }.joined(separator: "\n")
    }

    /// Why kpi must not write in `folder` because another tool manages it (and what to add to
    /// that tool's configuration instead), nil when no known tool does.
    static func manager(folder: String, configured: String?) -> Refusal? {
        let fm = FileManager.default
        let components = folder.split(separator: "/")
        if components.contains(".husky") || fm.fileExists(atPath: folder + "/husky.sh") || fm.fileExists(atPath: folder + "/_/husky.sh") {
            let base = components.last == "_" ? (folder as NSString).deletingLastPathComponent : folder
            return .hooksManagedByHusky(folder, configured: configured, add: base)
        }
        for hook in HookScript.allCases {
            guard let text = try? String(contentsOfFile: folder + "/" + hook.rawValue, encoding: .utf8) else { continue }
            if text.contains("pre-commit.com") || text.contains("File generated by pre-commit") {
                return .hooksManagedByPreCommit("\(folder)/\(hook.rawValue)", config: PreCommitConfig.localRepo)
            }
            if text.contains("lefthook") {
                return .hooksManagedByLefthook("\(folder)/\(hook.rawValue)", config: """
                    pre-commit:
                      commands:
                        kpi:
                          run: kpi check --staged
                    commit-msg:
                      commands:
                        kpi:
                          run: kpi check --staged --commit-msg {1}
                    """)
            }
        }
        return nil
    }

    /// Creates the folder when needed and makes sure kpi can write in it; refuses with what to
    /// do otherwise.
    static func prepare(_ folder: String, configured: String?) throws {
        let refusal = Refusal.hooksFolderUnwritable(folder, configured: configured)
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch { throw CLIError(refusal) }
        // Writing is the only sure test (a read-only file system, another owner).
        let probe = folder + "/.kpi-probe-\(getpid())"
        guard FileManager.default.createFile(atPath: probe, contents: Data()) else { throw CLIError(refusal) }
        unlink(probe)
    }

    /// Writes `hook`; a hook kpi did not write is renamed NAME.before-kpi first (and run by
    /// kpi's). Returns whether such a hook was kept.
    static func install(_ hook: HookScript, in folder: String) throws -> Bool {
        let file = folder + "/" + hook.rawValue
        let chained = file + chainedSuffix
        var kept = false
        if let existing = try? String(contentsOfFile: file, encoding: .utf8), !existing.contains(HookScript.marker) {
            if FileManager.default.fileExists(atPath: chained) {
                throw CLIError(.foreignHookKept(file, chained, add: hook.command))
            }
            guard rename(file, chained) == 0 else { throw CLIError(.cannotRename(file, to: chained, String(cString: strerror(errno)))) }
            kept = true
        }
        try Data(hook.script.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        chmod(file, 0o755)
        return kept
    }
}

/// The `.pre-commit-config.yaml` entries for the pre-commit framework (README, docs/hooks.md).
enum PreCommitConfig {
    static let localRepo = """
        repos:
          - repo: local
            hooks:
              - id: kpi-check
                name: kpi check (staged ledger files)
                entry: kpi check --staged
                language: system
                stages: [pre-commit]
                pass_filenames: false
                always_run: true
              - id: kpi-reopen-reason
                name: kpi closed quarters need Reopen-Reason
                entry: kpi check --staged --commit-msg
                language: system
                stages: [commit-msg]
                always_run: true
        """
}

/// Registers `kpi merge-driver` with git, so `git pull` / `git merge` merge ledger files by meaning.
enum MergeDriverSetup {
    static let marker = "# kpi merge driver (kpi hooks install)"

    static var attributes: String {
        // Written in the ledger's folder, where these patterns match (a slash anchors each to it).
        var lines = [marker, "/" + LedgerLayout.settingsFile + " merge=kpi"]
        for (folder, _) in LedgerLayout.entityFolders { lines.append("\(folder)/*.yaml merge=kpi") }
        for (folder, _) in LedgerLayout.quarterFolders { lines.append("\(folder)/*/*.yaml merge=kpi") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func install(_ store: LedgerStore) throws {
        let repo = store.repository
        try repo.setConfig("merge.kpi.name", "kpi ledger merge (by meaning)")
        let quoted = "'" + HookScript.kpiPath.replacingOccurrences(of: "'", with: "'\\''") + "'"
        try repo.setConfig("merge.kpi.driver", quoted + " merge-driver %O %A %B %P")
        guard let root = store.root else { return }
        let file = root + "/.gitattributes"
        let existing = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        if !existing.contains(marker) {
            let text = existing.isEmpty || existing.hasSuffix("\n") ? existing + attributes : existing + "\n" + attributes
            // Committed, so every clone's `git pull` uses the driver once it runs `kpi hooks install`.
            let (author, committer) = try Identities.resolve(repo, author: nil)
            try repo.commitFiles(store.repositoryPaths([".gitattributes": Array(text.utf8)]), message: "hooks: merge ledger files with kpi's merge driver\n",
                                 author: author, committer: committer)
        }
        Output.out("Registered the kpi merge driver (.gitattributes, merge.kpi.driver): `git pull` merges ledger files by meaning.\n")
    }
}
