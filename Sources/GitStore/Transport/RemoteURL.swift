/// A remote's URL taken apart the way git reads it: `scheme://user:password@host:port/path`,
/// or scp-like `user@host:path` (ssh). Local paths and `file://` are `isLocal`.
public struct RemoteURL: Sendable, Equatable {
    public var scheme: String
    public var user: String?
    public var password: String?
    public var host: String
    public var port: Int?
    public var path: String
    /// Written scp-like (`host:path`): the path is relative to the login's home unless it starts with `/`.
    public var scpLike = false

    public init?(_ text: String) {
        if let range = text.firstRange(of: "://") {
            scheme = text[..<range.lowerBound].lowercased()
            var rest = Substring(text[range.upperBound...])
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            var authority = rest[..<slash]
            rest = rest[slash...]
            path = rest.isEmpty ? "/" : String(rest)
            if let at = authority.lastIndex(of: "@") {
                let userinfo = authority[..<at]
                authority = authority[authority.index(after: at)...]
                if let colon = userinfo.firstIndex(of: ":") {
                    user = RemoteURL.percentDecoded(userinfo[..<colon])
                    password = RemoteURL.percentDecoded(userinfo[userinfo.index(after: colon)...])
                } else {
                    user = RemoteURL.percentDecoded(userinfo)
                }
            }
            if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
                host = String(authority[authority.index(after: authority.startIndex)..<close])
                let after = authority[authority.index(after: close)...]
                if after.hasPrefix(":") { port = Int(after.dropFirst()) }
            } else if let colon = authority.lastIndex(of: ":") {
                host = String(authority[..<colon])
                port = Int(authority[authority.index(after: colon)...])
            } else {
                host = String(authority)
            }
            if scheme == "file" { host = "" }
        } else if let colon = text.firstIndex(of: ":"), !text.hasPrefix("/"), !text.hasPrefix("."),
                  !text[..<colon].contains("/") {
            // scp-like syntax: [user@]host:path
            scheme = "ssh"
            scpLike = true
            var authority = text[..<colon]
            if let at = authority.lastIndex(of: "@") {
                user = String(authority[..<at])
                authority = authority[authority.index(after: at)...]
            }
            host = String(authority)
            path = String(text[text.index(after: colon)...])
        } else {
            return nil
        }
        if scheme == "ssh+git" || scheme == "git+ssh" { scheme = "ssh" }
    }

    public var isLocal: Bool { scheme == "file" }
    public var isSSH: Bool { scheme == "ssh" }
    public var isHTTP: Bool { scheme == "http" || scheme == "https" }

    public var defaultPort: Int? {
        switch scheme {
        case "https": return 443
        case "http": return 80
        case "ssh": return 22
        case "git": return 9418
        default: return nil
        }
    }

    public var effectivePort: Int? { port ?? defaultPort }

    /// `host` or `host:port`, as git's credential protocol writes it.
    public var hostAndPort: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return port.map { "\(h):\($0)" } ?? h
    }

    /// The URL as shown to people and to prompts: never with a password.
    public func display(withUser: Bool = false) -> String {
        let u = withUser ? user.map { "\($0)@" } ?? "" : ""
        if scpLike { return "\(u)\(host):\(path)" }
        return "\(scheme)://\(u)\(hostAndPort)\(path == "/" ? "" : path)"
    }

    /// `scheme://[user@]host[:port]/path`, the form libgit2 connects to.
    public var urlString: String {
        let u = user.map { "\(RemoteURL.percentEncodedUser($0))@" } ?? ""
        var p = path
        if scpLike && !p.hasPrefix("/") { p = "/~/" + p }
        if !p.hasPrefix("/") { p = "/" + p }
        return "\(scheme)://\(u)\(hostAndPort)\(p)"
    }

    /// Does a configuration key's URL (`http.<url>.sslCAInfo`, `credential.<url>.helper`) apply
    /// to this URL? Scheme, host and port must be equal, a user (if the key names one) too, and
    /// the key's path must be a prefix of this one at a `/` boundary. The score ranks the
    /// matches: the longest path wins, as in git.
    public func configMatchScore(_ pattern: String) -> Int? {
        guard let p = RemoteURL(pattern), !p.scpLike else { return nil }
        guard p.scheme == scheme, p.host.lowercased() == host.lowercased() || p.host == "*" || matchesWildcard(p.host),
              p.effectivePort == effectivePort else { return nil }
        if let pu = p.user, pu != user { return nil }
        var prefix = p.path
        if prefix.hasSuffix("/") { prefix.removeLast() }
        guard prefix.isEmpty || path == prefix || path.hasPrefix(prefix + "/") else { return nil }
        return prefix.count * 2 + (p.user != nil ? 1 : 0)
    }

    private func matchesWildcard(_ pattern: String) -> Bool {
        // git allows `*` for one label: https://*.example.com
        let a = pattern.lowercased().split(separator: "."), b = host.lowercased().split(separator: ".")
        guard a.count == b.count, pattern.contains("*") else { return false }
        return zip(a, b).allSatisfy { $0 == "*" || $0 == $1 }
    }

    static func percentDecoded<S: StringProtocol>(_ s: S) -> String {
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let c = it.popFirst() {
            if c == UInt8(ascii: "%"), it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v)
                it = it.dropFirst(2)
            } else {
                bytes.append(c)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func percentEncodedUser(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(UnicodeScalar(b))
            if c.isLetter && b < 128 || c.isNumber && b < 128 || "-._~".contains(c) { out.append(c) } else {
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
