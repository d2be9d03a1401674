import CGit2
#if canImport(Glibc)
import Glibc
#endif

/// Where credentials for a remote come from. libgit2 asks through a C callback; GitStore
/// answers with ssh-agent for ssh URLs and, for https, with a user name and password from
/// `KPI_GIT_USERNAME`/`KPI_GIT_PASSWORD` or git's `GIT_ASKPASS` convention (the askpass
/// program is asked "Username for 'URL': " and "Password for 'URL': ", like git does).
public struct RemoteCredentials: Sendable {
    public var environment: [String: String]
    public init(environment: [String: String]) { self.environment = environment }
}

/// State shared with the C callbacks through their payload pointer (no captured context).
final class RemoteCallbackState {
    let credentials: RemoteCredentials
    var credentialAttempts = 0
    var triedAgent = false
    var authProblem: String?
    /// Push: refname → the server's reason for refusing it.
    var rejected: [(ref: String, reason: String)] = []

    init(credentials: RemoteCredentials) { self.credentials = credentials }

    func askpass(_ prompt: String) -> String? {
        guard let program = credentials.environment["GIT_ASKPASS"] ?? credentials.environment["SSH_ASKPASS"],
              !program.isEmpty else { return nil }
        func quote(_ s: String) -> String {
            var q = "'"
            for c in s { if c == "'" { q += "'\\''" } else { q.append(c) } }
            return q + "'"
        }
        guard let pipe = popen(quote(program) + " " + quote(prompt), "r") else { return nil }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, pipe)
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        let status = pclose(pipe)
        guard status == 0 else { return nil }
        while let last = out.last, last == 10 || last == 13 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }
}

private func setError(_ message: String) -> Int32 {
    git_error_set_str(Int32(GIT_ERROR_NET.rawValue), message)
    return GIT_EAUTH.rawValue
}

/// libgit2's credential callback: ssh-agent for ssh, user/password (env or askpass) for https.
private let credentialCallback: git_credential_acquire_cb = { out, url, usernameFromURL, allowed, payload in
    guard let out, let payload else { return GIT_PASSTHROUGH.rawValue }
    let state = Unmanaged<RemoteCallbackState>.fromOpaque(payload).takeUnretainedValue()
    state.credentialAttempts += 1
    let urlText = url.map { String(cString: $0) } ?? "the remote"
    if state.credentialAttempts > 3 {
        state.authProblem = "authentication to \(urlText) failed (tried \(state.credentialAttempts - 1) times)"
        return setError(state.authProblem!)
    }
    let user = usernameFromURL.map { String(cString: $0) }
    if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 || allowed & GIT_CREDENTIAL_SSH_CUSTOM.rawValue != 0 {
        if state.triedAgent {
            state.authProblem = "ssh authentication to \(urlText) failed: ssh-agent has no key the server accepts (run `ssh-add`, check SSH_AUTH_SOCK)"
            return setError(state.authProblem!)
        }
        state.triedAgent = true
        guard state.credentials.environment["SSH_AUTH_SOCK"] != nil else {
            state.authProblem = "ssh authentication to \(urlText) needs a running ssh-agent (SSH_AUTH_SOCK is not set)"
            return setError(state.authProblem!)
        }
        return git_credential_ssh_key_from_agent(out, user ?? "git")
    }
    if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
        return git_credential_username_new(out, user ?? "git")
    }
    if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 {
        let env = state.credentials.environment
        var name = env["KPI_GIT_USERNAME"] ?? user
        var password = env["KPI_GIT_PASSWORD"]
        if name == nil { name = state.askpass("Username for '\(urlText)': ") }
        if password == nil, let n = name { _ = n; password = state.askpass("Password for '\(urlText)': ") }
        guard let name, let password else {
            state.authProblem = "\(urlText) asks for a user name and password: set GIT_ASKPASS to a program that prints them (git's convention), or KPI_GIT_USERNAME and KPI_GIT_PASSWORD"
            return setError(state.authProblem!)
        }
        return git_credential_userpass_plaintext_new(out, name, password)
    }
    state.authProblem = "\(urlText) asks for a kind of credential kpi does not support"
    return setError(state.authProblem!)
}

private let pushUpdateCallback: git_push_update_reference_cb = { refname, status, payload in
    guard let payload, let status else { return 0 }
    let state = Unmanaged<RemoteCallbackState>.fromOpaque(payload).takeUnretainedValue()
    state.rejected.append((refname.map { String(cString: $0) } ?? "?", String(cString: status)))
    return 0
}

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
    /// local branches never). Credentials: see `RemoteCredentials`; certificates are checked
    /// by libgit2's default rules.
    public func fetch(remote name: String, credentials: RemoteCredentials) throws {
        _ = Libgit2.initialized
        let remote = try lookupRemote(name)
        let state = RemoteCallbackState(credentials: credentials)
        var opts = git_fetch_options()
        try check(git_fetch_options_init(&opts, UInt32(GIT_FETCH_OPTIONS_VERSION)), "git_fetch_options_init")
        opts.callbacks.credentials = credentialCallback
        opts.callbacks.payload = Unmanaged.passUnretained(state).toOpaque()
        let rc = withExtendedLifetime(state) { git_remote_fetch(remote.raw, nil, &opts, "fetch") }
        if rc < 0 {
            let e = GitError(libgit2: rc, call: "git_remote_fetch(\(name))")
            throw GitError(e.code, state.authProblem ?? e.message, call: e.call)
        }
    }

    /// Pushes `refspecs` (e.g. `refs/heads/main:refs/heads/main`, never forced unless the
    /// spec says `+`). Throws `.refMoved` with the server's reason when it refuses an update.
    public func push(remote name: String, refspecs: [String], credentials: RemoteCredentials) throws {
        _ = Libgit2.initialized
        let remote = try lookupRemote(name)
        let state = RemoteCallbackState(credentials: credentials)
        var opts = git_push_options()
        try check(git_push_options_init(&opts, UInt32(GIT_PUSH_OPTIONS_VERSION)), "git_push_options_init")
        opts.callbacks.credentials = credentialCallback
        opts.callbacks.push_update_reference = pushUpdateCallback
        opts.callbacks.payload = Unmanaged.passUnretained(state).toOpaque()
        let specs = StringArray(refspecs)
        let rc = withExtendedLifetime(state) { specs.with { git_remote_push(remote.raw, $0, &opts) } }
        if rc < 0 {
            let e = GitError(libgit2: rc, call: "git_remote_push(\(name))")
            let lower = e.message.lowercased()
            let code: GitError.Code = lower.contains("fast-forward") || lower.contains("fastforward") ? .refMoved : e.code
            throw GitError(code, state.authProblem ?? e.message, call: e.call)
        }
        if let r = state.rejected.first {
            throw GitError(.refMoved, "\(name) refused to update \(r.ref): \(r.reason)", call: "git_remote_push(\(name))")
        }
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
        return try check(git_graph_descendant_of(raw, &a, &b), "git_graph_descendant_of") == 1
    }
}
