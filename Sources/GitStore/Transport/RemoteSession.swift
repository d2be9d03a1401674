import CGit2
#if canImport(Glibc)
import Glibc
#endif

/// One fetch or push through libgit2: the state its C callbacks share (through the payload
/// pointer), and the answers they give — credentials as git finds them, the host's key and
/// certificate checked, the remote's messages passed on, progress timed by the watchdog.
final class RemoteSession {
    let options: RemoteOptions
    let config: GitConfigEntries
    /// The URL libgit2 connects to (an ssh alias already resolved through ~/.ssh/config).
    let url: RemoteURL?
    let prompt: Prompt
    let watchdog: TransferWatchdog
    let sslVerify: Bool
    let ssh: SSHConfig?
    /// The first problem a callback met, in words (libgit2's own message is vaguer).
    var problem: String?
    /// Push: refname → the server's reason for refusing it.
    var rejected: [(ref: String, reason: String)] = []
    private var sideband: [UInt8] = []
    /// errno right after libgit2 returned: EPIPE/ECONNRESET tell a dropped connection apart
    /// from what mbedTLS reports as a "generic error".
    private var lastErrno: Int32 = 0

    // https: what was used, so the helpers can be told `store` or `erase`.
    private var httpAttempts = 0
    private var httpCredential: [(String, String)]?
    private var httpSource = ""
    let helpers: CredentialHelpers?

    // ssh: the identities still to try, and what became of the ones tried.
    private var identities: [SSHIdentity]? = nil
    private var tried: [String] = []
    private var triedRSA = false

    init(options: RemoteOptions, config: GitConfigEntries, url: RemoteURL?, ssh: SSHConfig?) throws {
        self.options = options
        self.config = config
        self.url = url
        self.ssh = ssh
        prompt = Prompt(environment: options.environment, config: config)
        let limit = try options.timeout(config: config, url: url)
        let notice = options.notice, stuck = RemoteSession.timeoutMessage(place: url?.display() ?? "the remote", limit: limit)
        watchdog = TransferWatchdog(limit: limit, abandon: { notice(.abandoned(stuck)) })
        let env = options.environment
        if let url, url.scheme == "https" {
            let noVerify = env["GIT_SSL_NO_VERIFY"].map { !$0.isEmpty } ?? false
            sslVerify = !noVerify && GitConfigEntries.bool(config.value("http", "sslVerify", for: url)) != false
        } else {
            sslVerify = true
        }
        helpers = url.flatMap { $0.isHTTP ? CredentialHelpers(config: config, url: $0, environment: env) : nil }
    }

    var payload: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ payload: UnsafeMutableRawPointer?) -> RemoteSession? {
        payload.map { Unmanaged<RemoteSession>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Fills libgit2's callbacks for this session.
    func install(_ callbacks: inout git_remote_callbacks) {
        callbacks.credentials = credentialCallback
        callbacks.certificate_check = certificateCallback
        callbacks.sideband_progress = sidebandCallback
        callbacks.transfer_progress = transferProgressCallback
        callbacks.pack_progress = packProgressCallback
        callbacks.push_transfer_progress = pushProgressCallback
        callbacks.push_update_reference = pushUpdateCallback
        callbacks.payload = payload
    }

    /// Runs a libgit2 transfer under the watchdog; TLS settings applied first.
    func run(_ body: () -> Int32) throws -> Int32 {
        try applyTLSSettings()
        if let url, url.scheme == "https", !sslVerify {
            options.notice(.warning("TLS certificate checks are off for \(url.display()) (http.sslVerify=false or GIT_SSL_NO_VERIFY): anyone on the network path could read or change what is sent"))
        }
        watchdog.start()
        let rc = withExtendedLifetime(self) { body() }
        lastErrno = errno
        watchdog.stop()
        flushSideband()
        return rc
    }

    /// `http.sslCAInfo`/`GIT_SSL_CAINFO` and `http.sslCAPath`/`GIT_SSL_CAPATH` (per URL as in git),
    /// else the system's certificate authorities (for http too: a server may redirect to https).
    private func applyTLSSettings() throws {
        guard let url, url.scheme == "https" || url.scheme == "http" else { return }
        let env = options.environment
        let file = env["GIT_SSL_CAINFO"] ?? config.value("http", "sslCAInfo", for: url)
        let path = env["GIT_SSL_CAPATH"] ?? config.value("http", "sslCAPath", for: url)
        guard file != nil || path != nil else { return try CertificateAuthorities.useSystem() }
        let home = SSHConfig.home(env)
        func expand(_ p: String?) -> String? { p.map { $0.hasPrefix("~/") ? home + $0.dropFirst(1) : $0 } }
        try CertificateAuthorities.use(file: expand(file), folder: expand(path))
    }

    /// The error for a failed transfer, in words: the callbacks' finding, a timeout, a dropped connection.
    func failure(_ rc: Int32, call: String) -> GitError {
        let e = GitError(libgit2: rc, call: call)
        let place = url?.display() ?? "the remote"
        if watchdog.hasFired {
            return GitError(.timedOut, RemoteSession.timeoutMessage(place: place, limit: watchdog.limit), call: call)
        }
        if let problem { return GitError(e.code, problem, call: call) }
        let lower = e.message.lowercased()
        if lastErrno == EPIPE || lastErrno == ECONNRESET
            || lower.contains("broken pipe") || lower.contains("connection reset") || lower.contains("unexpected eof")
            || lower.contains("early eof") || lower.contains("socket is closed") {
            return GitError(e.code, "\(place) closed the connection in the middle of the transfer (\(e.message))", call: call)
        }
        return e
    }

    static func timeoutMessage(place: String, limit: Double) -> String {
        let seconds = limit == limit.rounded() ? String(Int(limit)) : String(limit)
        return "no data from \(place) for \(seconds) second\(limit == 1 ? "" : "s"): the transfer was abandoned (the limit is kpi.timeout, else http.lowSpeedTime, else 60 seconds)"
    }

    // MARK: progress and messages

    func progressed() { watchdog.touch() }

    func received(_ bytes: UnsafeBufferPointer<UInt8>) {
        progressed()
        sideband.append(contentsOf: bytes)
        while let end = sideband.firstIndex(where: { $0 == 10 || $0 == 13 }) {
            let line = String(decoding: sideband[..<end], as: UTF8.self)
            let isProgress = sideband[end] == 13
            sideband.removeSubrange(...end)
            if !isProgress { show(line) }
        }
    }

    private func flushSideband() {
        if !sideband.isEmpty { show(String(decoding: sideband, as: UTF8.self)) }
        sideband.removeAll()
    }

    /// Lines the server's git writes about its own progress are not the remote's message.
    private static let progressPrefixes = ["Enumerating objects", "Counting objects", "Compressing objects", "Total ",
                                           "Writing objects", "Resolving deltas", "Receiving objects", "Delta compression"]

    private func show(_ line: String) {
        let text = line.trimmingCharacters(in: " \t")
        guard !text.isEmpty, !RemoteSession.progressPrefixes.contains(where: { text.hasPrefix($0) }) else { return }
        options.notice(.remote(line))
    }

    // MARK: https credentials

    /// After the transfer: the helpers store an accepted credential (never kpi itself).
    func finished(success: Bool) {
        guard success, let credential = httpCredential, httpSource != "environment" else { return }
        helpers?.tell("store", credential)
    }

    func userPassword(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, userFromURL: String?) -> Int32 {
        guard let url else { return fail("the remote asks for a user name and password") }
        httpAttempts += 1
        if httpAttempts > 1 {
            if let c = httpCredential, httpSource != "environment" { helpers?.tell("erase", c) }
            let who = httpCredential?.first(where: { $0.0 == "username" })?.1 ?? "?"
            var m = "\(url.display()) refused the user name and password of '\(who)' (from \(httpSource))"
            if httpSource != "environment" && !(helpers?.helpers.isEmpty ?? true) { m += "; the credential helpers were told to forget them" }
            return fail(m + ". Check them, then run the command again.")
        }
        let env = options.environment
        if let user = env["KPI_GIT_USERNAME"], let password = env["KPI_GIT_PASSWORD"] {
            httpSource = "environment"
            httpCredential = [("username", user), ("password", password)]
            return git_credential_userpass_plaintext_new(out, user, password)
        }
        watchdog.pause()
        defer { watchdog.resume() }
        var request: [(String, String)] = [("protocol", url.scheme), ("host", url.hostAndPort)]
        if GitConfigEntries.bool(config.value("credential", "useHttpPath", for: url)) == true {
            request.append(("path", String(url.path.drop(while: { $0 == "/" }))))
        }
        var username = userFromURL ?? url.user ?? config.value("credential", "username", for: url)
        if let username { request.append(("username", username)) }
        var password: String? = nil
        if let h = helpers {
            let filled = h.fill(request)
            username = filled.username ?? username
            if let p = filled.password { password = p; httpSource = "credential helper '\(filled.helper ?? "?")'" }
        }
        let base = "\(url.scheme)://\(url.hostAndPort)"
        if username == nil {
            username = prompt.ask("Username for '\(base)': ", secret: false)
            httpSource = prompt.askpassProgram.map { "askpass program '\($0)'" } ?? "the terminal"
        }
        if password == nil, let username {
            password = prompt.ask("Password for '\(url.scheme)://\(username)@\(url.hostAndPort)': ", secret: true)
            httpSource = prompt.askpassProgram.map { "askpass program '\($0)'" } ?? "the terminal"
        }
        guard let username, let password else {
            let list = helpers.map { $0.helpers.isEmpty ? "credential.helper (none configured)" : "credential helpers \($0.helpers.map { "'\($0)'" }.joined(separator: ", ")) (no answer)" } ?? "credential.helper"
            return fail("\(url.display()) asks for a user name and password, and none was found. Tried: \(list), \(prompt.sources). Set up one of these (see docs/sync.md), e.g. `git config --global credential.helper store`, or run `git fetch` once to check that git itself can log in.")
        }
        var credential = request.filter { $0.0 != "username" }
        credential += [("username", username), ("password", password)]
        httpCredential = credential
        return git_credential_userpass_plaintext_new(out, username, password)
    }

    // MARK: ssh

    var sshUser: String {
        url?.user ?? ssh?.user ?? SSHConfig.localUser(options.environment)
    }

    func sshKey(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, user: String) -> Int32 {
        if identities == nil { identities = SSHIdentity.candidates(config: ssh ?? SSHConfig(), environment: options.environment) }
        let place = "\(user)@\(url.map { KnownHosts.name(host: $0.host, port: $0.effectivePort ?? 22) } ?? "the remote")"
        while let next = identities?.first {
            identities?.removeFirst()
            switch next {
            case .agent:
                tried.append("the keys in ssh-agent")
                return git_credential_ssh_key_from_agent(out, user)
            case .file(let path):
                let key = SSHKeyFile(path: path)
                var passphrase: String? = nil
                if key.encrypted {
                    watchdog.pause()
                    passphrase = prompt.ask("Enter passphrase for key '\(path)': ", secret: true)
                    watchdog.resume()
                    if passphrase == nil {
                        tried.append("\(path) (encrypted, and no passphrase could be asked: \(prompt.sources))")
                        continue
                    }
                }
                if key.isRSA { triedRSA = true }
                tried.append(path)
                let pub = access(path + ".pub", R_OK) == 0 ? path + ".pub" : nil
                return git_credential_ssh_key_new(out, user, pub, path, passphrase)
            }
        }
        var m = "ssh authentication to \(place) failed: "
        if tried.isEmpty {
            m += "no identity to offer (no ssh-agent: SSH_AUTH_SOCK is \(options.environment["SSH_AUTH_SOCK"] == nil ? "not set" : "not a running agent"); no key file: IdentityFile in \(SSHConfig.configPath(options.environment)), else ~/.ssh/id_ed25519, id_ecdsa or id_rsa)."
        } else {
            m += "the server accepted none of: \(tried.joined(separator: "; "))."
        }
        if triedRSA {
            m += " Note: an RSA key is signed by kpi's libssh2 1.10 with ssh-rsa (SHA-1), which current OpenSSH servers refuse; use an ed25519 or ECDSA key, or `kpi sync --transport git` (git runs OpenSSH, which signs with rsa-sha2)."
        }
        return fail(m)
    }

    // MARK: host keys and certificates

    func checkHostKey(_ cert: UnsafePointer<git_cert_hostkey>, host: String) -> Int32 {
        let c = cert.pointee
        guard c.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = c.hostkey else { return GIT_PASSTHROUGH.rawValue }
        let blob = Array(UnsafeRawBufferPointer(start: raw, count: c.hostkey_len).bindMemory(to: UInt8.self))
        let port = url?.effectivePort ?? 22
        let home = SSHConfig.home(options.environment)
        let userFiles = ssh?.knownHostsFiles.isEmpty == false ? ssh!.knownHostsFiles : [home + "/.ssh/known_hosts"]
        let known = KnownHosts(files: userFiles + ["/etc/ssh/ssh_known_hosts"])
        let type = KnownHosts.displayType(KnownHosts.keyType(ofBlob: blob) ?? "key")
        let sha = withUnsafeBytes(of: c.hash_sha256) { Array($0) }
        let fingerprint = "SHA256:" + Base64.encode(sha, padding: false)
        let name = KnownHosts.name(host: host, port: port)
        switch known.check(host: host, port: port, key: blob) {
        case .known:
            return 0
        case .unknown:
            let scan = port == 22 ? "ssh-keyscan \(host)" : "ssh-keyscan -p \(port) \(host)"
            problem = """
            The authenticity of host '\(name)' can't be established.
            \(type) key fingerprint is \(fingerprint).
            This host key is not in \(userFiles.joined(separator: ", ")), and kpi never accepts an unknown host silently.
            Check the fingerprint with the server's administrator; if it matches, add the key (for example \
            `\(scan) >> \(userFiles[0])`, or connect once with `ssh` and answer yes), then run the command again.
            """
        case .changed(let file, let line, let oldType):
            problem = """
            @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
            @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
            @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
            IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!
            Someone could be eavesdropping on you right now (man-in-the-middle attack)!
            It is also possible that a host key has just been changed.
            The fingerprint for the \(type) key sent by the remote host '\(name)' is
            \(fingerprint).
            Please contact your system administrator.
            Offending \(KnownHosts.displayType(oldType)) key in \(file):\(line)
            Host key verification failed: nothing was fetched or pushed.
            """
        }
        git_error_set_str(Int32(GIT_ERROR_SSH.rawValue), "host key verification failed for \(name)")
        return GIT_ECERTIFICATE.rawValue
    }

    func checkCertificate(valid: Bool, host: String) -> Int32 {
        if valid { return 0 }
        if !sslVerify { return 0 }
        var m = "the TLS certificate of \(host) is not trusted"
        if host.allSatisfy({ $0.isNumber || $0 == "." || $0 == ":" }) {
            m += ": kpi's TLS library (mbedTLS, through libgit2) cannot match an IP address against a certificate; use the host's name (https://localhost/…, https://git.example.com/…), or `kpi sync --transport git`"
        } else {
            m += ". If your company runs its own certificate authority, point git at it: `git config http.sslCAInfo /path/to/ca.pem` (or GIT_SSL_CAINFO); http.sslVerify=false turns the check off (not recommended)"
        }
        problem = m
        return GIT_PASSTHROUGH.rawValue
    }

    private func fail(_ message: String) -> Int32 {
        if problem == nil { problem = message }
        git_error_set_str(Int32(GIT_ERROR_NET.rawValue), message)
        return GIT_EAUTH.rawValue
    }
}

// MARK: the C callbacks (no captured context: everything goes through the payload)

private let credentialCallback: git_credential_acquire_cb = { out, _, usernameFromURL, allowed, payload in
    guard let out, let session = RemoteSession.from(payload) else { return GIT_PASSTHROUGH.rawValue }
    let user = usernameFromURL.map { String(cString: $0) }
    if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 {
        return session.sshKey(out, user: user ?? session.sshUser)
    }
    if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
        return git_credential_username_new(out, user ?? session.sshUser)
    }
    if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 {
        return session.userPassword(out, userFromURL: user)
    }
    session.problem = "the remote asks for a kind of login kpi does not support (Kerberos/NTLM?): try `kpi sync --transport git`"
    return GIT_EAUTH.rawValue
}

private let certificateCallback: git_transport_certificate_check_cb = { cert, valid, host, payload in
    guard let cert, let session = RemoteSession.from(payload) else { return GIT_PASSTHROUGH.rawValue }
    session.progressed()
    let hostName = host.map { String(cString: $0) } ?? "the remote"
    if cert.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 {
        return cert.withMemoryRebound(to: git_cert_hostkey.self, capacity: 1) { session.checkHostKey($0, host: hostName) }
    }
    return session.checkCertificate(valid: valid != 0, host: hostName)
}

private let sidebandCallback: git_transport_message_cb = { text, length, payload in
    guard let text, length > 0, let session = RemoteSession.from(payload) else { return 0 }
    text.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
        session.received(UnsafeBufferPointer(start: $0, count: Int(length)))
    }
    return 0
}

private let transferProgressCallback: git_indexer_progress_cb = { _, payload in
    RemoteSession.from(payload)?.progressed()
    return 0
}

private let packProgressCallback: git_packbuilder_progress = { _, _, _, payload in
    RemoteSession.from(payload)?.progressed()
    return 0
}

private let pushProgressCallback: git_push_transfer_progress_cb = { _, _, _, payload in
    RemoteSession.from(payload)?.progressed()
    return 0
}

private let pushUpdateCallback: git_push_update_reference_cb = { refname, status, payload in
    guard let session = RemoteSession.from(payload), let status else { return 0 }
    session.rejected.append((refname.map { String(cString: $0) } ?? "?", String(cString: status)))
    return 0
}

extension RemoteSession {
    /// A session for one operation on `remote`. An ssh URL is resolved the way OpenSSH would
    /// (`~/.ssh/config` Host alias → HostName, Port, User; else the local user name) and
    /// libgit2 is pointed at the result for this operation only (the configured URL stays).
    static func prepare(_ remote: Owned, push: Bool, options: RemoteOptions, config: GitConfigEntries) throws -> RemoteSession {
        let configured = (push ? swiftString(git_remote_pushurl(remote.raw)) : nil) ?? swiftString(git_remote_url(remote.raw)) ?? ""
        let (url, ssh) = resolve(configured, environment: options.environment)
        if let url, let ssh, url.urlString != configured {
            try check(push ? git_remote_set_instance_pushurl(remote.raw, url.urlString)
                           : git_remote_set_instance_url(remote.raw, url.urlString), "git_remote_set_instance_url")
            _ = ssh
        }
        return try RemoteSession(options: options, config: config, url: url, ssh: ssh)
    }

    /// The URL as parsed, and for ssh the OpenSSH configuration of its host (alias resolved).
    static func resolve(_ text: String, environment: [String: String]) -> (RemoteURL?, SSHConfig?) {
        guard var url = RemoteURL(text) else { return (nil, nil) }
        guard url.isSSH else { return (url, nil) }
        let ssh = SSHConfig(alias: url.host, environment: environment)
        url.host = ssh.hostName ?? url.host
        url.port = url.port ?? ssh.port
        if url.port == 22 { url.port = nil }
        url.user = url.user ?? ssh.user ?? SSHConfig.localUser(environment)
        return (url, ssh)
    }
}
