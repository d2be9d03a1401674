import Foundation
import ArgumentParser
import GitStore

/// `--transport`, shared by `kpi clone` and `kpi sync`: how to reach the remote (docs/sync.md).
struct TransportOption: ParsableArguments {
    @Option(help: ArgumentHelp(RemoteSettings.transportHelp, valueName: "libgit2|git"), completion: RemoteSettings.transportCompletion)
    var transport: String?

    func validate() throws { _ = try chosen() }

    func chosen() throws -> RemoteOptions.Transport? {
        guard let transport else { return nil }
        guard let t = RemoteOptions.Transport(rawValue: transport.lowercased()) else { throw ValidationError.unknownTransport(transport) }
        return t
    }

    /// The remote options of this transport (validated already, so this does not throw in practice).
    func remoteOptions() throws -> RemoteOptions { RemoteSettings.options(transport: try chosen()) }
}

/// The CLI's side of talking to a remote: which transport, and how the remote's messages and
/// connection warnings are shown (`remote: …` on standard error, as git shows them).
enum RemoteSettings {
    static func options(transport chosen: RemoteOptions.Transport?) -> RemoteOptions {
        RemoteOptions(environment: ProcessInfo.processInfo.environment, transport: chosen) { notice in
            switch notice {
            case .remote(let line): Output.err("remote: \(line)\n")
            case .warning(let text): Output.err("kpi: warning: \(text)\n")
            case .abandoned(let text):
                // The watchdog's last resort (see TransferWatchdog): no local change is under way.
                Output.err("kpi: error: \(text)\nNothing was changed: your local commits are kept.\n")
                Foundation.exit(1)
            }
        }
    }

    static let transportCompletion = CompletionKind.list(RemoteOptions.Transport.allCases.map(\.rawValue))
    static let transportHelp = "How to reach the remote: libgit2 (in process, the default) or git (run the git program for fetch and push). Default: git config kpi.transport, else libgit2."
}
