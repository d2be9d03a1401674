import ArgumentParser
import Foundation
import GitStore
import HTTPTypes
import Hummingbird
import KPICLI
import LedgerCore
import Logging
import NIOCore

/// `kpi serve`: the ledger in a browser, and a JSON API (docs/serve.md).
public struct ServeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the ledger in a browser (scoreboard, people, audit, history, errors) and a JSON API.",
        discussion: """
        Serves the branch tip and follows it: commits from the CLI, a sync or plain git show up \
        without a restart. Prints its URL once it listens. Every change made in the browser is one \
        commit by the same code as the CLI's, authored by the git identity of whoever started it. \
        Only 127.0.0.1 (or another loopback address) serves writes; elsewhere use --read-only.
        """)

    @Option(name: .customShort("C"), help: "Serve the ledger in this folder.")
    var directory: String?

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: pick a free one; the URL printed says which).")
    var port = 8765

    @Flag(name: .customLong("read-only"), help: "Serve pages and GET routes only; every write is refused.")
    var readOnly = false

    @Option(name: .customLong("max-body"), help: .hidden)
    var maxBody = 1 << 20

    public init() {}

    public func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if !readOnly, !Self.isLoopback(host) {
            throw ValidationError("""
            refusing to serve writes on \(host): on an address other people can reach, nobody could tell who made a change. \
            Use --read-only there (writes are served on 127.0.0.1 only, authored by your git identity)
            """)
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    public func run() throws {
        let start = LedgerLocator.absolute(directory ?? FileManager.default.currentDirectoryPath)
        let store = try LedgerStore.open(from: start)
        if !readOnly {
            // A writable server needs an author for its commits; say so now, not at the first write.
            _ = try Identities.resolve(store.repository, author: nil)
        }
        let app = WebApp(site: LedgerSite(store: store), settings: ServeSettings(readOnly: readOnly, maxBody: maxBody), sessions: Sessions())
        var logger = Logger(label: "kpi serve")
        logger.logLevel = .error
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let application = Application(
            responder: app,
            configuration: .init(address: .hostname(host, port: port), serverName: "kpi"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                FileHandle.standardOutput.write(Data("http://\(shownHost):\(port)/\n".utf8))
            },
            logger: logger
        )
        let done = DispatchSemaphore(value: 0)
        let failure = Box()
        Task {
            do { try await application.runService() } catch { failure.set("\(error)") }
            done.signal()
        }
        done.wait()
        if let message = failure.get() { throw CLIError("cannot serve on \(host):\(port): \(message)") }
    }

    /// The server task's error, handed to the thread that waits for it.
    final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var message: String?
        func set(_ m: String) { lock.withLock { message = m } }
        func get() -> String? { lock.withLock { message } }
    }
}
