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
        On an address other than loopback, writes need signed-in users (--trust-user-header or \
        --users FILE, see `kpi serve adduser`); otherwise use --read-only.
        """,
        subcommands: [AddUser.self])

    @Option(name: .customShort("C"), help: "Serve the ledger in this folder.", completion: .directory)
    var directory: String?

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: pick a free one; the URL printed says which).")
    var port = 8765

    @Flag(name: .customLong("read-only"), help: "Serve pages and GET routes only; every write is refused.")
    var readOnly = false

    @Option(name: .customLong("trust-user-header"),
            help: "Take the signed-in user from this request header, set by a reverse proxy that authenticates (e.g. X-Remote-User).")
    var trustUserHeader: String?

    @Option(help: "Users file (outside the ledger) of salted password hashes; every request signs in (HTTP basic). See `kpi serve adduser`.", completion: .file())
    var users: String?

    @Option(name: .customLong("max-body"), help: .hidden)
    var maxBody = 1 << 20

    public init() {}

    public func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError.portOutOfRange() }
        if trustUserHeader != nil, users != nil { throw ValidationError.notBoth("--trust-user-header", "--users") }
        if let h = trustUserHeader, HTTPField.Name(h) == nil { throw ValidationError.notAHeaderName(h) }
        if !readOnly, !Self.isLoopback(host), trustUserHeader == nil, users == nil {
            throw ValidationError.servesWritesToAnyone(host)
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
        var auth = Authentication.gitIdentity
        if let h = trustUserHeader { auth = .header(h) }
        if let users {
            let path = LedgerLocator.absolute(users)
            if let root = store.root, path.hasPrefix(root + "/") {
                throw CLIError(.usersFileInsideRepository(users))
            }
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw CLIError(.unreadableUsersFile(users))
            }
            auth = .users(UsersFile(path: path))
        }
        let app = WebApp(site: LedgerSite(store: store), settings: ServeSettings(readOnly: readOnly, auth: auth, maxBody: maxBody),
                         sessions: Sessions())
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
        let port = port
        Task {
            do { try await application.runService() } catch { failure.set(Self.reason(error, port: port)) }
            done.signal()
        }
        done.wait()
        if let message = failure.get() { throw CLIError(.cannotServe(host, port, message)) }
    }

    /// Why the server could not start, in words: the bind failures people meet, else the error as it came.
    static func reason(_ error: any Error, port: Int) -> String {
        guard let io = error as? IOError else { return "\(error)" }
        switch io.errnoCode {
        case EADDRINUSE: return "port \(port) is already in use; stop what serves there, or choose another port with --port"
        case EACCES: return "permission denied; ports below 1024 need root, choose another with --port"
        case EADDRNOTAVAIL: return "this machine has no such address; give one of its own with --host (127.0.0.1 is this machine)"
        default: return String(cString: strerror(io.errnoCode)).lowercased()
        }
    }

    /// The server task's error, handed to the thread that waits for it.
    final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var message: String?
        func set(_ m: String) { lock.withLock { message = m } }
        func get() -> String? { lock.withLock { message } }
    }

    /// `kpi serve adduser USER --users FILE [--person ID]`: adds or replaces a user, the password
    /// read from standard input.
    struct AddUser: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "adduser",
            abstract: "Add a user (or change their password) in a users file for `kpi serve --users FILE`; the password is read from standard input.",
            // --users belongs to `kpi serve`, so the generated usage line would leave it out.
            usage: "kpi serve adduser <user> --users <file> [--person <person>]")

        @ParentCommand var serve: ServeCommand
        @Argument(help: "The user name people sign in with.") var user: String
        @Option(help: "The person id the user writes as (default: the user name).") var person: String?
        @Option(help: .hidden) var iterations = 100_000
        @Option(help: .hidden) var salt: String?

        func validate() throws {
            for (what, v) in [("user", user), ("person", person ?? user)] where v.isEmpty || v.contains(":") || v.contains("\n") {
                throw ValidationError.notAUserName(what, v)
            }
            guard iterations > 0 else { throw ValidationError.iterationsNotPositive() }
            guard serve.users != nil else { throw ValidationError.usersFileNeeded(user) }
        }

        func run() throws {
            let users = serve.users!
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw CLIError(.passwordOnStandardInput(user, users: users))
            }
            var saltBytes: [UInt8]
            if let salt {
                guard let b = PasswordHash.unhex(Substring(salt)) else { throw CLIError(.saltNotHex()) }
                saltBytes = b
            } else {
                var g = SystemRandomNumberGenerator()
                saltBytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &g) }
            }
            let entry = UsersFile.line(user: user, person: person ?? user, password: line, iterations: iterations, salt: saltBytes)
            let path = LedgerLocator.absolute(users)
            let old = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let kept = old.split(separator: "\n").filter { !$0.hasPrefix(user + ":") }.map(String.init)
            let text = (kept + [entry]).joined(separator: "\n") + "\n"
            let tmp = path + ".tmp-\(getpid())"
            guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw CLIError(.cannotWrite(users))
            }
            guard rename(tmp, path) == 0 else {
                unlink(tmp)
                throw CLIError(.cannotWrite(users))
            }
            FileHandle.standardOutput.write(Data("\(kept.count == old.split(separator: "\n").count ? "Added" : "Updated") \(user) (writes as \(person ?? user)) in \(users).\n".utf8))
        }
    }
}
