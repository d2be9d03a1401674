/// How kpi talks to a remote, chosen by the caller (the CLI) and by git's configuration.
/// See docs/sync.md for every way to authenticate.
public struct RemoteOptions: Sendable {
    public enum Transport: String, Sendable, CaseIterable {
        /// In process, through libgit2 (the default).
        case libgit2
        /// The `git` program for fetch and push (`kpi sync --transport git`, `kpi.transport = git`).
        case git
    }

    /// The environment of the user's session (credentials, askpass, proxies, ssh-agent, HOME).
    public var environment: [String: String]
    /// nil: `kpi.transport` from git's configuration, else libgit2.
    public var transport: Transport?
    /// Seconds without progress before a transfer is abandoned; nil: `kpi.timeout`, else git's
    /// `http.lowSpeedTime`, else 60.
    public var timeout: Double?
    /// Receives, one line at a time, what the remote says (`remote: …`) and kpi's warnings
    /// about the connection (an unverified certificate). The caller shows them.
    public var notice: @Sendable (RemoteNotice) -> Void

    public init(environment: [String: String], transport: Transport? = nil, timeout: Double? = nil,
                notice: @escaping @Sendable (RemoteNotice) -> Void = { _ in }) {
        self.environment = environment
        self.transport = transport
        self.timeout = timeout
        self.notice = notice
    }

    /// The transport to use with this configuration.
    public func transport(config: GitConfigEntries) throws -> Transport {
        if let transport { return transport }
        guard let text = config.value("kpi.transport") else { return .libgit2 }
        guard let t = Transport(rawValue: text.lowercased()) else {
            throw GitError(.invalidArgument, "kpi.transport is '\(text)' in git's configuration; it must be libgit2 or git")
        }
        return t
    }

    /// The no-progress limit in seconds with this configuration.
    public func timeout(config: GitConfigEntries, url: RemoteURL?) throws -> Double {
        if let timeout { return timeout }
        if let text = config.value("kpi.timeout") {
            guard let v = Double(text), v > 0 else {
                throw GitError(.invalidArgument, "kpi.timeout is '\(text)' in git's configuration; it must be a number of seconds above 0")
            }
            return v
        }
        let lowSpeed = environment["GIT_HTTP_LOW_SPEED_TIME"]
            ?? url.flatMap { config.value("http", "lowSpeedTime", for: $0) } ?? config.value("http.lowSpeedTime")
        if let lowSpeed, let v = Double(lowSpeed), v > 0 { return v }
        return 60
    }
}

/// Something to show the user while talking to a remote.
public enum RemoteNotice: Sendable, Equatable {
    /// A line the remote sent (git shows it as `remote: LINE`).
    case remote(String)
    /// A warning from kpi about the connection.
    case warning(String)
    /// The transfer is stuck where no signal reaches it (inside the SSH library): the message
    /// to show before the caller ends the process. Nothing local was changed by then.
    case abandoned(String)
}
