import CGit2

extension Repository {
    /// `git clone URL PATH`: the remote's default branch checked out, `origin` configured as
    /// given (an ssh alias stays an alias), through libgit2 or the `git` program.
    public static func clone(url: String, into path: String, options: RemoteOptions) throws -> Repository {
        _ = Libgit2.initialized
        let config = try GitConfigEntries.outsideRepository()
        if try options.transport(config: config) == .git {
            try GitProgram(options: options).clone(url: url, into: path)
            return try Repository(path: path)
        }
        let (resolved, ssh) = RemoteSession.resolve(url, environment: options.environment)
        let session = try RemoteSession(options: options, config: config, url: resolved, ssh: ssh)
        let state = CloneState(configured: url, instance: resolved?.isSSH == true ? resolved?.urlString : nil)
        var opts = git_clone_options()
        try check(git_clone_options_init(&opts, UInt32(GIT_CLONE_OPTIONS_VERSION)), "git_clone_options_init")
        session.install(&opts.fetch_opts.callbacks)
        opts.fetch_opts.proxy_opts.type = GIT_PROXY_AUTO
        opts.checkout_opts.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
        opts.remote_cb = cloneRemoteCallback
        opts.remote_cb_payload = Unmanaged.passUnretained(state).toOpaque()
        var out: OpaquePointer? = nil
        let rc = try withExtendedLifetime(state) { try session.run { git_clone(&out, url, path, &opts) } }
        session.finished(success: rc >= 0)
        if rc < 0 { throw session.failure(rc, call: "git_clone") }
        git_repository_free(out)
        return try Repository(path: path)
    }

    /// A shallow clone (`git clone --depth`) lacks the older commits kpi reads.
    public var isShallow: Bool { git_repository_is_shallow(raw) == 1 }

    /// A partial clone (`git clone --filter=blob:none`) lacks older files' contents.
    public var isPartial: Bool {
        guard let entries = try? configEntries() else { return false }
        return entries.value("extensions.partialClone") != nil
            || entries.entries.contains { $0.name.hasPrefix("remote.") && $0.name.hasSuffix(".promisor") && GitConfigEntries.bool($0.value) == true }
    }
}

private final class CloneState {
    let configured: String
    let instance: String?
    init(configured: String, instance: String?) {
        self.configured = configured
        self.instance = instance
    }
}

/// Creates `origin` with the URL as the user wrote it, connecting to the resolved one.
private let cloneRemoteCallback: git_remote_create_cb = { out, repo, name, _, payload in
    guard let out, let payload else { return -1 }
    let state = Unmanaged<CloneState>.fromOpaque(payload).takeUnretainedValue()
    let rc = git_remote_create(out, repo, name, state.configured)
    if rc < 0 { return rc }
    if let instance = state.instance, let remote = out.pointee { return git_remote_set_instance_url(remote, instance) }
    return 0
}
