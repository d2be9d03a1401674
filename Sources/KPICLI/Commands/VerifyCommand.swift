import ArgumentParser
import Foundation
import GitStore
import LedgerCore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check each commit's signature against the keys in the people files.",
        discussion: """
        A commit is good when it is signed by a key listed in a person's file at its parent (a
        commit cannot vouch for itself by adding its own key). Exits 1 when a signature is bad;
        with `signatures: required` in ledger.yaml, also when a commit under the policy is unsigned,
        signed by a key no person holds, or signed by a person who is not its author. See docs/audit.md.
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Commits to check: a revision (all its history) or A..B (default: HEAD).") var range: String = "HEAD"
    @Option(help: "Output: table or json.") var format: TableOrJSON = .table
    @OptionGroup var terminal: TerminalOptions

    func run() throws {
        let pager = Pager.start(terminal, in: global.startDirectory)
        defer { pager?.finish() }
        let store = try LedgerStore.open(from: global.startDirectory)
        guard try store.headCommit() != nil || range != "HEAD" else {
            if format == .json { Output.out(JSON.object([("commits", .array([]))]).render() + "\n") } else { Output.out("No commits.\n") }
            return
        }
        let verifier = SignatureVerifier(store: store)
        let ids: [ObjectID]
        do { ids = try verifier.commits(range: range) } catch {
            throw LedgerError.refused(.unknownRange(range))
        }
        let results = try verifier.verify(ids)
        switch format {
        case .json:
            Output.out(JSON.object([("commits", .array(results.map(Self.entry)))]).render() + "\n")
        case .table:
            var t = TextTable([("Commit", .left), ("Status", .left), ("Signer", .left), ("Author", .left), ("Date", .left), ("Summary", .left)])
            for r in results {
                t.add([r.commit.id.short, r.status.rawValue, r.signer ?? "-", "\(r.commit.author.name) <\(r.commit.author.email)>",
                       r.commit.author.iso8601, r.commit.summary])
            }
            t.shrinkable = ["Summary", "Author"]
            Output.out(t.render(style: Terminal.stdout, width: terminal.width))
            var counts: [String] = []
            for s in [CommitVerification.Status.good, .unsigned, .bad, .unknownKey] {
                let n = results.filter { $0.status == s }.count
                if n > 0 { counts.append("\(n) \(s.rawValue)") }
            }
            Output.out("\(results.count) commit\(results.count == 1 ? "" : "s"): \(counts.joined(separator: ", "))\n")
        }
        let failing = results.filter(\.failsPolicy)
        if !failing.isEmpty {
            Output.err("kpi: \(failing.count) commit\(failing.count == 1 ? "" : "s") not proven: "
                + failing.prefix(5).map { "\($0.commit.id.short) \($0.signerIsNotAuthor ? "signer_not_author" : $0.status.rawValue)" }.joined(separator: ", ")
                + (failing.count > 5 ? ", …" : "") + "\n")
            throw ExitCode(1)
        }
    }

    static func entry(_ r: CommitVerification) -> JSON {
        .object([("commit", .string(r.commit.id.hex)), ("status", .string(r.status.rawValue)),
                 ("signer", r.signer.map(JSON.string) ?? .null), ("author", .string(r.commit.author.name)),
                 ("email", .string(r.commit.author.email)), ("date", .string(r.commit.author.iso8601)),
                 ("key", r.key.map(JSON.string) ?? .null), ("required", .bool(r.required))])
    }
}
