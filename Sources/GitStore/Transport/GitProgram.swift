/// The `git` program as the transport for fetch and push (`kpi sync --transport git`, or
/// `kpi.transport = git`), for what libgit2 cannot do here: Git Credential Manager, Kerberos,
/// NTLM proxies, ProxyJump, FIDO keys, RSA keys with rsa-sha2, certificates for IP addresses.
/// git talks to the user directly (its prompts, progress and the remote's messages on the
/// terminal); everything else kpi does stays in process.
struct GitProgram {
    let options: RemoteOptions

    private func git(_ args: [String], capture: Bool) throws -> Subprocess.Result {
        guard Subprocess.which("git", environment: options.environment) != nil else {
            throw GitError(.notFound, "the git program is not on PATH, so the git transport (kpi.transport = git, --transport git) cannot be used")
        }
        guard let r = Subprocess.run(["git"] + args, input: nil, environment: options.environment, captureOutput: capture) else {
            throw GitError(.io, "cannot start the git program")
        }
        return r
    }

    func fetch(gitDir: String, remote: String) throws {
        let r = try git(["--git-dir=\(gitDir)", "fetch", "--no-write-fetch-head", remote], capture: false)
        if r.status != 0 {
            throw GitError(.other(r.status), "`git fetch \(remote)` failed (exit \(r.status)); git's own message is above", call: "git fetch")
        }
    }

    func push(gitDir: String, remote: String, refspecs: [String]) throws {
        let r = try git(["--git-dir=\(gitDir)", "push", "--porcelain", remote] + refspecs, capture: true)
        // --porcelain: "<flag>\t<from>:<to>\t<summary> (<reason>)", flag "!" for a refusal.
        for line in r.output.split(separator: "\n") where line.hasPrefix("!") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let ref = fields.count > 1 ? String(fields[1].split(separator: ":").last ?? "?") : "?"
            var reason = fields.count > 2 ? String(fields[2]) : String(line)
            if let open = reason.firstIndex(of: "("), reason.hasSuffix(")") {
                reason = String(reason[reason.index(after: open)..<reason.index(before: reason.endIndex)])
            }
            throw GitError(GitProgram.isMoved(reason) ? .refMoved : .rejected,
                           "\(remote) refused to update \(ref): \(reason)", call: "git push")
        }
        if r.status != 0 {
            throw GitError(.other(r.status), "`git push \(remote)` failed (exit \(r.status)); git's own message is above", call: "git push")
        }
    }

    /// Is a refusal only "the branch moved meanwhile" (fetch, merge and push again)?
    static func isMoved(_ reason: String) -> Bool {
        let lower = reason.lowercased()
        return lower.contains("non-fast-forward") || lower.contains("fetch first") || lower.contains("stale info")
            || lower.contains("fast forward") || lower.contains("fast-forward")
    }

    func defaultBranch(gitDir: String, remote: String) throws -> String? {
        let r = try git(["--git-dir=\(gitDir)", "ls-remote", "--symref", remote, "HEAD"], capture: true)
        guard r.status == 0 else {
            throw GitError(.other(r.status), "`git ls-remote \(remote)` failed (exit \(r.status)); git's own message is above", call: "git ls-remote")
        }
        for line in r.output.split(separator: "\n") where line.hasPrefix("ref: ") {
            return String(line.dropFirst(5).split(separator: "\t").first ?? "")
        }
        return nil
    }

    func clone(url: String, into path: String) throws {
        let r = try git(["clone", url, path], capture: false)
        if r.status != 0 {
            throw GitError(.other(r.status), "`git clone` failed (exit \(r.status)); git's own message is above", call: "git clone")
        }
    }
}
