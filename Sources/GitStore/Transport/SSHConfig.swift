#if canImport(Glibc)
import Glibc
#endif

/// What OpenSSH's client configuration (`~/.ssh/config`) says about one host alias:
/// `HostName`, `User`, `Port`, `IdentityFile`, `UserKnownHostsFile`. OpenSSH's rules: the
/// first value found for a key wins, `IdentityFile` accumulates, `Host` patterns take `*`, `?`
/// and `!negation`. `Match` blocks are skipped (kpi does not evaluate them).
struct SSHConfig {
    var hostName: String?
    var user: String?
    var port: Int?
    var identityFiles: [String] = []
    var knownHostsFiles: [String] = []
    var identitiesOnly = false

    /// The home whose `.ssh` kpi reads: `$HOME` (libgit2 reads known_hosts from there too).
    static func home(_ environment: [String: String]) -> String {
        if let h = environment["HOME"], !h.isEmpty { return h }
        if let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir { return String(cString: dir) }
        return "/"
    }

    /// The local login name, OpenSSH's default user.
    static func localUser(_ environment: [String: String]) -> String {
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return environment["USER"] ?? environment["LOGNAME"] ?? "git"
    }

    static func configPath(_ environment: [String: String]) -> String {
        home(environment) + "/.ssh/config"
    }

    init() {}

    init(alias: String, environment: [String: String]) {
        let home = SSHConfig.home(environment)
        guard let text = SSHConfig.readFile(SSHConfig.configPath(environment)) else { return }
        var active = true
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = raw.trimmingCharacters(in: " \t")
            if line.isEmpty || line.hasPrefix("#") { continue }
            var key = "", value = ""
            if let sep = line.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "=" }) {
                key = line[..<sep].lowercased()
                value = String(line[sep...]).trimmingCharacters(in: " \t=")
            } else { key = line.lowercased() }
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            switch key {
            case "host":
                let patterns = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                var matched = false
                for p in patterns {
                    if p.hasPrefix("!") {
                        if SSHConfig.glob(String(p.dropFirst()), alias) { matched = false; break }
                    } else if SSHConfig.glob(p, alias) { matched = true }
                }
                active = matched
                continue
            case "match":
                active = false
                continue
            default:
                break
            }
            guard active else { continue }
            func expand(_ path: String) -> String {
                var p = path
                if p.hasPrefix("~/") { p = home + p.dropFirst(1) }
                p = p.replacing("%d", with: home).replacing("%h", with: hostName ?? alias)
                    .replacing("%r", with: user ?? SSHConfig.localUser(environment))
                return p.hasPrefix("/") ? p : home + "/.ssh/" + p
            }
            switch key {
            case "hostname": if hostName == nil { hostName = value.replacing("%h", with: alias) }
            case "user": if user == nil { user = value }
            case "port": if port == nil { port = Int(value) }
            case "identityfile": identityFiles.append(expand(value))
            case "userknownhostsfile":
                if knownHostsFiles.isEmpty {
                    knownHostsFiles = value.split(separator: " ").map { expand(String($0)) }
                }
            case "identitiesonly": identitiesOnly = value.lowercased() == "yes"
            default: break
            }
        }
    }

    /// OpenSSH's pattern matching: `*` any run, `?` one character, case-insensitive.
    static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.lowercased()), t = Array(text.lowercased())
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == t.count }
            if p[i] == "*" { return (j...t.count).contains { match(i + 1, $0) } }
            guard j < t.count, p[i] == "?" || p[i] == t[j] else { return false }
            return match(i + 1, j + 1)
        }
        return match(0, 0)
    }

    static func readFile(_ path: String) -> String? {
        guard let f = fopen(path, "r") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }

}
