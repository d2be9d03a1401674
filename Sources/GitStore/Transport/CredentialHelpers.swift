/// git's credential helpers (`credential.helper`, `credential.<url>.helper`), run as git runs
/// them: `git credential-NAME ACTION`, an absolute path, or `!shell snippet`; each speaks git's
/// credential protocol on standard input/output (`key=value` lines). `get` fills a credential,
/// `store` after the server accepted it, `erase` after it refused it. kpi itself never
/// writes a credential anywhere: only the helpers the user configured do.
struct CredentialHelpers {
    let helpers: [String]
    let environment: [String: String]

    init(config: GitConfigEntries, url: RemoteURL, environment: [String: String]) {
        // Every matching entry in configuration order; an empty value clears the list (git's rule).
        var list: [String] = []
        for e in config.entries {
            let n = e.name
            let applies: Bool
            if n == "credential.helper" {
                applies = true
            } else if n.hasPrefix("credential."), n.hasSuffix(".helper") {
                let pattern = String(n.dropFirst("credential.".count).dropLast(".helper".count))
                applies = url.configMatchScore(pattern) != nil
            } else {
                applies = false
            }
            guard applies else { continue }
            if e.value.isEmpty { list.removeAll() } else { list.append(e.value) }
        }
        helpers = list
        self.environment = environment
    }

    /// The shell command for one helper and action (git's credential.c rules).
    static func command(_ helper: String, _ action: String) -> String {
        if helper.hasPrefix("!") { return String(helper.dropFirst()) + " " + action }
        if helper.hasPrefix("/") { return helper + " " + action }
        return "git credential-" + helper + " " + action
    }

    /// Asks each helper in turn until one gives both a user name and a password.
    func fill(_ request: [(String, String)]) -> (username: String?, password: String?, helper: String?) {
        var username = request.first(where: { $0.0 == "username" })?.1
        for helper in helpers {
            var query = request.filter { $0.0 != "username" }
            if let username { query.append(("username", username)) }
            guard let r = Subprocess.shell(Self.command(helper, "get"), input: Self.encode(query), environment: environment),
                  r.status == 0 else { continue }
            var password: String? = nil
            var quit = false
            for line in r.output.split(separator: "\n") {
                guard let eq = line.firstIndex(of: "=") else { continue }
                let key = line[..<eq], value = String(line[line.index(after: eq)...])
                switch key {
                case "username": username = value
                case "password": password = value
                case "quit": quit = GitConfigEntries.bool(value) == true
                default: break
                }
            }
            if let username, let password { return (username, password, helper) }
            if quit { break }
        }
        return (username, nil, nil)
    }

    /// `store` (accepted) or `erase` (refused), told to every helper, as git does.
    func tell(_ action: String, _ credential: [(String, String)]) {
        for helper in helpers {
            _ = Subprocess.shell(Self.command(helper, action), input: Self.encode(credential), environment: environment)
        }
    }

    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\($0.1)\n" }.joined() + "\n"
    }
}
