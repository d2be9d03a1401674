import ArgumentParser
import Foundation
import LedgerCore

struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hooks", abstract: "Git hooks for plain `git commit`.",
                                                    subcommands: [Install.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a pre-commit hook so a plain `git commit` of ledger files is validated like `kpi commit`.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let store = try LedgerStore.open(from: global.startDirectory)
            let hooks = store.repository.gitDir + "hooks"
            try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
            let file = hooks + "/pre-commit"
            if let existing = try? String(contentsOfFile: file, encoding: .utf8), !existing.contains(HookScript.marker) {
                throw CLIError("\(file) already exists and was not written by kpi; add `\(HookScript.kpiPath) hook-check` to it by hand")
            }
            try Data(HookScript.preCommit.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
            chmod(file, 0o755)
            Output.out("Installed \(file): `git commit` now validates ledger files with kpi.\n")
            try MergeDriverSetup.install(store)
        }
    }
}

enum HookScript {
    static let marker = "# installed by kpi hooks install"

    /// The running binary, so the hook works even when kpi is not on PATH.
    static var kpiPath: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return exe
    }

    /// Git runs the hook; it checks out what is staged into a scratch folder and lets kpi
    /// validate exactly that, so an unstaged fix does not hide a staged error.
    static var preCommit: String {
        """
        #!/bin/sh
        \(marker)
        kpi='\(kpiPath)'
        [ -x "$kpi" ] || kpi=kpi
        tmp=$(mktemp -d) || exit 1
        trap 'rm -rf "$tmp"' EXIT
        git checkout-index --all --prefix="$tmp/" || exit 1
        [ -f "$tmp/ledger.yaml" ] || exit 0
        "$kpi" -C "$tmp" check || { echo "kpi: the staged ledger files have errors; nothing was committed" >&2; exit 1; }

        """
    }
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
