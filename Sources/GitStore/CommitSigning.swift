import CGit2
import Foundation

/// Whether the commits and tags a repository object writes are signed: as git's configuration
/// says (`commit.gpgSign`, `tag.gpgSign`), always (`-S/--sign`) or never (`--no-sign`).
public enum SigningRequest: Sendable {
    case asConfigured, always, never
}

/// Signs like git signs with an SSH key (docs/audit.md, "Proving who changed what"): the
/// program `gpg.ssh.program` (default `ssh-keygen`) runs `-Y sign -n git -f KEY` over the
/// object's bytes; `user.signingKey` is a key file (private, or public with the private key
/// in ssh-agent) or a literal public key (`key::ssh-ed25519 AAAA…`, held by ssh-agent, which
/// git passes with `-U`); without it, `gpg.ssh.defaultKeyCommand` names the key.
public struct SSHSigner: Sendable {
    let program: String
    let keyFile: String?
    let literalKey: String?

    /// The signer git's configuration asks for when writing a `kind` ("commit" or "tag"), or
    /// nil when nothing is to be signed. Throws, in plain words, when signing is asked for but
    /// cannot be done (OpenPGP or X.509 format, no key).
    public static func configured(_ repository: Repository, kind: String, request: SigningRequest) throws -> SSHSigner? {
        switch request {
        case .never: return nil
        case .asConfigured: guard try repository.configBool("\(kind).gpgSign") == true else { return nil }
        case .always: break
        }
        let format = try repository.configString("gpg.format")?.lowercased() ?? "openpgp"
        guard format == "ssh" else {
            throw GitError(.signing, "signing is asked for (\(request == .always ? "--sign" : "\(kind).gpgSign")), but gpg.format is \(format): kpi signs with SSH keys; set `git config gpg.format ssh` and `git config user.signingKey` to your key")
        }
        let program = try repository.configString("gpg.ssh.program").flatMap { $0.isEmpty ? nil : $0 } ?? "ssh-keygen"
        var key = try repository.configString("user.signingKey").flatMap { $0.isEmpty ? nil : $0 }
        if key == nil, let command = try repository.configString("gpg.ssh.defaultKeyCommand"), !command.isEmpty {
            let out = Subprocess.shell(command, environment: ProcessInfo.processInfo.environment)
            let first = out?.output.split(separator: "\n").first.map(String.init)
            guard out?.status == 0, let first, !first.isEmpty else {
                throw GitError(.signing, "gpg.ssh.defaultKeyCommand (\(command)) gave no key")
            }
            key = "key::" + first
        }
        guard let key else {
            throw GitError(.signing, "signing is asked for, but no key is set: `git config user.signingKey ~/.ssh/id_ed25519.pub` (a key file) or `key::ssh-ed25519 AAAA…` (a key held by ssh-agent)")
        }
        if key.hasPrefix("key::") { return SSHSigner(program: program, keyFile: nil, literalKey: String(key.dropFirst(5))) }
        if key.hasPrefix("ssh-") { return SSHSigner(program: program, keyFile: nil, literalKey: key) }
        var path = key
        if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] { path = home + path.dropFirst(1) }
        return SSHSigner(program: program, keyFile: path, literalKey: nil)
    }

    /// The armored SSH signature of `payload` (namespace `git`).
    public func sign(_ payload: [UInt8]) throws -> String {
        var temp: String? = nil
        defer { if let temp { unlink(temp) } }
        var args = ["-Y", "sign", "-n", "git", "-f"]
        if let literalKey {
            // As git does: the public key in a file of its own, the private key in the agent (-U).
            var template = Array((FileManager.default.temporaryDirectory.path + "/kpi-signing-key-XXXXXX").utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw GitError(.signing, "cannot write a temporary key file: \(String(cString: strerror(errno)))") }
            let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            temp = path
            let bytes = Array((literalKey + "\n").utf8)
            _ = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            args += [path, "-U"]
        } else if let keyFile {
            guard FileManager.default.fileExists(atPath: keyFile) else {
                throw GitError(.signing, "the signing key \(keyFile) (user.signingKey) does not exist")
            }
            args.append(keyFile)
        }
        // The payload is the commit's or tag's text, which kpi writes as UTF-8. The program's own
        // complaints (a locked key, no agent) go to standard error, as under git.
        guard let out = Subprocess.run([program] + args, input: String(decoding: payload, as: UTF8.self),
                                       environment: ProcessInfo.processInfo.environment) else {
            throw GitError(.signing, "cannot run \(program) to sign; install openssh-client or set gpg.ssh.program")
        }
        guard out.status == 0, SSHSignature.isSSH(out.output) else {
            throw GitError(.signing, "\(program) could not sign with \(literalKey.map { "the key " + $0.prefix(40) + "…" } ?? keyFile ?? "")")
        }
        return out.output
    }
}

extension Repository {
    /// A boolean configuration value as git reads it (`true`, `yes`, `on`, `1` …); nil when unset.
    public func configBool(_ key: String) throws -> Bool? {
        let snapshot = try owned("git_repository_config_snapshot", free: { git_config_free($0) }) {
            git_repository_config_snapshot($0, raw)
        }
        var value: Int32 = 0
        let rc = git_config_get_bool(&value, snapshot.raw, key)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_config_get_bool(\(key))")
        return value != 0
    }

    /// Writes a signed commit object: the commit's bytes, signed, in its `gpgsig` header.
    func createSignedCommit(_ signer: SSHSigner, content: [UInt8]) throws -> ObjectID {
        let signature = try signer.sign(content)
        var oid = git_oid()
        let text = String(decoding: content, as: UTF8.self)
        try check(git_commit_create_with_signature(&oid, raw, text, signature, nil), "git_commit_create_with_signature")
        return ObjectID(oid)
    }

    /// Writes a signed annotated tag object (as `git tag -s`: the signature follows the
    /// message); the caller writes its reference.
    func createSignedTag(_ signer: SSHSigner, name: String, target: ObjectID, type: git_object_t,
                         tagger: Signature, message: String) throws -> ObjectID {
        let typeName = swiftString(git_object_type2string(type)) ?? "commit"
        let payload = "object \(target.hex)\ntype \(typeName)\ntag \(name)\ntagger \(tagger.name) <\(tagger.email)> \(tagger.raw)\n\n\(message)"
        let signature = try signer.sign(Array(payload.utf8))
        var out = git_oid()
        let odb = try owned("git_repository_odb", free: { git_odb_free($0) }) { git_repository_odb($0, raw) }
        let bytes = Array((payload + signature).utf8)
        try bytes.withUnsafeBytes { buf in
            _ = try check(git_odb_write(&out, odb.raw, buf.baseAddress, buf.count, GIT_OBJECT_TAG), "git_odb_write(tag \(name))")
        }
        return ObjectID(out)
    }

    /// A commit's signature and the bytes it signs; nil when the commit is not signed.
    public func commitSignature(_ id: ObjectID) throws -> (signature: String, signed: [UInt8])? {
        if unsignedCommits.contains(id) { return nil }
        var sig = git_buf(), data = git_buf()
        defer { git_buf_dispose(&sig); git_buf_dispose(&data) }
        var oid = id.oid
        let rc = git_commit_extract_signature(&sig, &data, raw, &oid, nil)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "git_commit_extract_signature(\(id.short))")
        let s = String(decoding: UnsafeRawBufferPointer(start: sig.ptr, count: sig.size), as: UTF8.self)
        let d = Array(UnsafeRawBufferPointer(start: data.ptr, count: data.size))
        return (s, d)
    }
}

/// OpenSSH's own check, for the key types not verified in process (security keys).
enum SSHKeygen {
    static func checkNoValidate(armored: String, message: [UInt8], namespace: String) -> SSHSignature.Check {
        var template = Array((FileManager.default.temporaryDirectory.path + "/kpi-sig-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return .bad }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { unlink(path) }
        let bytes = Array(armored.utf8)
        _ = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let out = Subprocess.run(["ssh-keygen", "-Y", "check-novalidate", "-n", namespace, "-s", path],
                                 input: String(decoding: message, as: UTF8.self),
                                 environment: ProcessInfo.processInfo.environment, captureOutput: true)
        return out?.status == 0 ? .good : .bad
    }
}
