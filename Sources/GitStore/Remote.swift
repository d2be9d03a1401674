import CGit2
#if canImport(Glibc)
import Glibc
#endif

/// A list of C strings for libgit2 (freed with the value).
final class StringArray {
    private var pointers: [UnsafeMutablePointer<CChar>?]
    init(_ strings: [String]) { pointers = strings.map { strdup($0) } }
    deinit { pointers.forEach { free($0) } }
    func with<R>(_ body: (UnsafePointer<git_strarray>) throws -> R) rethrows -> R {
        try pointers.withUnsafeMutableBufferPointer { buf in
            var array = git_strarray(strings: buf.baseAddress, count: buf.count)
            return try body(&array)
        }
    }
}

extension Repository {
    /// The names of the configured remotes, sorted.
    public func remoteNames() throws -> [String] {
        var list = git_strarray()
        try check(git_remote_list(&list, raw), "git_remote_list")
        defer { git_strarray_dispose(&list) }
        var names: [String] = []
        for i in 0..<list.count { if let s = swiftString(list.strings[i]) { names.append(s) } }
        return names.sorted()
    }

    /// The URL of a remote; nil when there is no remote of that name.
    public func remoteURL(_ name: String) throws -> String? {
        var out: OpaquePointer? = nil
        let rc = git_remote_lookup(&out, raw, name)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EINVALIDSPEC.rawValue { return nil }
        try check(rc, "git_remote_lookup(\(name))")
        defer { git_remote_free(out) }
        return swiftString(git_remote_url(out))
    }

    /// Adds a remote (like `git remote add`), with git's default fetch refspec
    /// `+refs/heads/*:refs/remotes/NAME/*`. Throws `.exists` when the name is taken.
    public func addRemote(_ name: String, url: String) throws {
        _ = try owned("git_remote_create(\(name))", free: { git_remote_free($0) }) {
            git_remote_create($0, raw, name, url)
        }
    }

    func lookupRemote(_ name: String) throws -> Owned {
        do {
            return try owned("git_remote_lookup(\(name))", free: { git_remote_free($0) }) {
                git_remote_lookup($0, raw, name)
            }
        } catch let e as GitError where e.code == .notFound || e.code == .invalidSpec {
            throw GitError(.notFound, "no remote named '\(name)' (add one with `kpi remote add \(name) URL` or `git remote add`)",
                           call: e.call)
        }
    }

    /// Fetches from a remote with its configured refspecs (remote-tracking refs are updated,
    /// local branches never), through libgit2 or the `git` program (see `RemoteOptions`).
    public func fetch(remote name: String, options: RemoteOptions) throws {
        _ = Libgit2.initialized
        let config = try configEntries()
        if try options.transport(config: config) == .git {
            return try GitProgram(options: options).fetch(gitDir: gitDir, remote: name)
        }
        let remote = try lookupRemote(name)
        if let dir = Repository.localRemoteGitDir(swiftString(git_remote_url(remote.raw)) ?? "") {
            pushNotes += Repository.clearStalePushLocks(remoteGitDir: dir)
        }
        let session = try RemoteSession.prepare(remote, push: false, options: options, config: config)
        var opts = git_fetch_options()
        try check(git_fetch_options_init(&opts, UInt32(GIT_FETCH_OPTIONS_VERSION)), "git_fetch_options_init")
        session.install(&opts.callbacks)
        opts.proxy_opts.type = GIT_PROXY_AUTO   // remote.NAME.proxy, http[.URL].proxy, https_proxy/no_proxy
        let rc = try session.run { git_remote_fetch(remote.raw, nil, &opts, "fetch") }
        session.finished(success: rc >= 0)
        if rc < 0 { throw session.failure(rc, call: "git_remote_fetch(\(name))") }
    }

    /// Pushes `refspecs` (e.g. `refs/heads/main:refs/heads/main`, never forced unless the
    /// spec says `+`). Throws `.refMoved` when the remote branch moved meanwhile, `.rejected`
    /// with the server's reason when it refuses for another (a hook, a protected branch).
    public func push(remote name: String, refspecs: [String], options: RemoteOptions) throws {
        _ = Libgit2.initialized
        let config = try configEntries()
        if try options.transport(config: config) == .git {
            return try GitProgram(options: options).push(gitDir: gitDir, remote: name, refspecs: refspecs)
        }
        let remote = try lookupRemote(name)
        let session = try RemoteSession.prepare(remote, push: true, options: options, config: config)
        var opts = git_push_options()
        try check(git_push_options_init(&opts, UInt32(GIT_PUSH_OPTIONS_VERSION)), "git_push_options_init")
        session.install(&opts.callbacks)
        opts.proxy_opts.type = GIT_PROXY_AUTO
        let specs = StringArray(refspecs)
        var rc: Int32 = 0
        let url = swiftString(git_remote_pushurl(remote.raw)) ?? swiftString(git_remote_url(remote.raw)) ?? ""
        pushNotes += try announcingPush(url: url, refspecs: refspecs) {
            rc = try session.run { specs.with { git_remote_push(remote.raw, $0, &opts) } }
        }
        session.finished(success: rc >= 0 && session.rejected.isEmpty)
        if rc < 0 {
            let e = session.failure(rc, call: "git_remote_push(\(name))")
            let lower = e.message.lowercased()
            let moved = lower.contains("fast-forward") || lower.contains("fastforward")
            throw GitError(moved ? .refMoved : e.code, e.message, call: e.call)
        }
        if let r = session.rejected.first {
            throw GitError(GitProgram.isMoved(r.reason) ? .refMoved : .rejected,
                           "\(name) refused to update \(r.ref): \(r.reason)", call: "git_remote_push(\(name))")
        }
    }

    /// The branch the remote's HEAD names (e.g. `refs/heads/trunk`); nil for an empty remote.
    public func remoteDefaultBranch(remote name: String, options: RemoteOptions) throws -> String? {
        _ = Libgit2.initialized
        let config = try configEntries()
        if try options.transport(config: config) == .git {
            return try GitProgram(options: options).defaultBranch(gitDir: gitDir, remote: name)
        }
        let remote = try lookupRemote(name)
        let session = try RemoteSession.prepare(remote, push: false, options: options, config: config)
        var callbacks = git_remote_callbacks()
        try check(git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION)), "git_remote_init_callbacks")
        session.install(&callbacks)
        var proxy = git_proxy_options()
        try check(git_proxy_options_init(&proxy, UInt32(GIT_PROXY_OPTIONS_VERSION)), "git_proxy_options_init")
        proxy.type = GIT_PROXY_AUTO
        let rc = try session.run { git_remote_connect(remote.raw, GIT_DIRECTION_FETCH, &callbacks, &proxy, nil) }
        if rc < 0 { throw session.failure(rc, call: "git_remote_connect(\(name))") }
        defer { git_remote_disconnect(remote.raw) }
        var buf = git_buf()
        defer { git_buf_dispose(&buf) }
        let found = git_remote_default_branch(&buf, remote.raw)
        if found == GIT_ENOTFOUND.rawValue { return nil }
        try check(found, "git_remote_default_branch(\(name))")
        return swiftString(buf.ptr)
    }

    /// The upstream of a local branch (short name, e.g. "main") from `branch.NAME.remote` and
    /// `branch.NAME.merge`; nil when not configured.
    public func upstream(ofBranch branch: String) throws -> (remote: String, mergeRef: String)? {
        guard let remote = try configString("branch.\(branch).remote"),
              let merge = try configString("branch.\(branch).merge") else { return nil }
        return (remote, merge)
    }

    /// Records `remote`/`mergeRef` as the upstream of a local branch (like `git push -u`).
    public func setUpstream(ofBranch branch: String, remote: String, mergeRef: String) throws {
        try setConfig("branch.\(branch).remote", remote)
        try setConfig("branch.\(branch).merge", mergeRef)
    }

    /// True when `commit` is `ancestor` or descends from it.
    public func isAncestor(_ ancestor: ObjectID, of commit: ObjectID) throws -> Bool {
        if ancestor == commit { return true }
        var a = commit.oid, b = ancestor.oid
        let rc = git_graph_descendant_of(raw, &a, &b)
        if rc < 0 { return try LenientHistory(self).isAncestor(ancestor, of: commit) }
        return rc == 1
    }
}
