/// OpenSSH's known_hosts check, done by kpi so an unknown host and a changed key can each be
/// explained the way OpenSSH explains them (libgit2 only says "invalid or unknown remote ssh
/// hostkey"). Reads the user's files (`UserKnownHostsFile`, else `~/.ssh/known_hosts`) and
/// `/etc/ssh/ssh_known_hosts`; plain and hashed (`|1|salt|hash`) host names; `[host]:port`
/// for a port other than 22. A host is never accepted silently.
struct KnownHosts {
    enum Verdict: Equatable {
        case known
        case unknown
        /// The host is listed with another key: where (file:line) and that key's type.
        case changed(file: String, line: Int, keyType: String)
    }

    let files: [String]

    /// The name known_hosts uses for a host and port.
    static func name(host: String, port: Int) -> String {
        port == 22 ? host : "[\(host)]:\(port)"
    }

    /// The key type written inside an SSH public key blob (`ssh-ed25519`, `ssh-rsa`, …).
    static func keyType(ofBlob blob: [UInt8]) -> String? {
        guard blob.count >= 4 else { return nil }
        let n = Int(blob[0]) << 24 | Int(blob[1]) << 16 | Int(blob[2]) << 8 | Int(blob[3])
        guard n > 0, n < 64, blob.count >= 4 + n else { return nil }
        return String(decoding: blob[4..<(4 + n)], as: UTF8.self)
    }

    /// OpenSSH's name for a key type in messages: ED25519, ECDSA, RSA.
    static func displayType(_ keyType: String) -> String {
        if keyType.contains("ed25519") { return "ED25519" }
        if keyType.hasPrefix("ecdsa") { return "ECDSA" }
        if keyType.contains("rsa") { return "RSA" }
        if keyType.contains("dss") { return "DSA" }
        return keyType.uppercased()
    }

    func check(host: String, port: Int, key: [UInt8]) -> Verdict {
        let name = KnownHosts.name(host: host, port: port)
        var mismatch: Verdict? = nil
        for file in files {
            guard let text = SSHConfig.readFile(file) else { continue }
            for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let fields = raw.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard fields.count >= 3, !fields[0].hasPrefix("#"), !fields[0].hasPrefix("@") else { continue }
                guard KnownHosts.matches(String(fields[0]), name) else { continue }
                guard let listed = Base64.decode(fields[2]) else { continue }
                if listed == key { return .known }
                if mismatch == nil { mismatch = .changed(file: file, line: index + 1, keyType: String(fields[1])) }
            }
        }
        return mismatch ?? .unknown
    }

    /// Does a host-pattern field (`a,b,[c]:2222`, `!x`, `*.example.com`, `|1|salt|hash`) name `name`?
    static func matches(_ field: String, _ name: String) -> Bool {
        if field.hasPrefix("|1|") {
            let parts = field.split(separator: "|")
            guard parts.count == 3, let salt = Base64.decode(parts[1]), let hash = Base64.decode(parts[2]) else { return false }
            return SHA1.hmac(key: salt, message: Array(name.utf8)) == hash
        }
        var matched = false
        for pattern in field.split(separator: ",") {
            if pattern.hasPrefix("!") {
                if SSHConfig.glob(String(pattern.dropFirst()), name) { return false }
            } else if SSHConfig.glob(String(pattern), name) {
                matched = true
            }
        }
        return matched
    }
}
