/// Who is recording: git's rules for author and committer identities.
///
/// Name:  `--author` (author only) > GIT_AUTHOR_NAME / GIT_COMMITTER_NAME > config
///        author.name / committer.name > user.name.
/// Email: `--author` (author only) > GIT_AUTHOR_EMAIL / GIT_COMMITTER_EMAIL > config
///        author.email / committer.email > user.email > $EMAIL.
/// Date:  GIT_AUTHOR_DATE / GIT_COMMITTER_DATE, else now (with the local offset).
/// Configuration is the repository's, then the global one. No identity is ever made up.
public enum Identity {
    public static let missingMessage =
        "no author identity: set git config user.name and user.email, or GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL"

    public static func resolve(
        repository: Repository?,
        environment: [String: String],
        authorOverride: String? = nil,
        now: () -> (Int64, Int) = GitDate.now
    ) throws -> (author: Signature, committer: Signature) {
        func config(_ key: String) -> String? {
            guard let repository, let value = try? repository.configString(key), !value.trimmingSpaces.isEmpty else { return nil }
            return value
        }
        func env(_ key: String) -> String? {
            guard let v = environment[key], !v.trimmingSpaces.isEmpty else { return nil }
            return v
        }
        let current = now()
        func date(_ key: String) throws -> (Int64, Int) {
            guard let text = env(key) else { return current }
            guard let parsed = GitDate.parse(text) else {
                throw GitError(.invalidDate, "invalid date in \(key): '\(text)'")
            }
            return parsed
        }

        // Each value with where it came from, so a refusal can say what to fix.
        func pick(_ candidates: [(String, String?)]) -> (value: String, source: String)? {
            for (source, value) in candidates { if let value { return (value, source) } }
            return nil
        }
        var authorName = pick([("GIT_AUTHOR_NAME", env("GIT_AUTHOR_NAME")), ("git config author.name", config("author.name")),
                               ("git config user.name", config("user.name"))])
        var authorEmail = pick([("GIT_AUTHOR_EMAIL", env("GIT_AUTHOR_EMAIL")), ("git config author.email", config("author.email")),
                                ("git config user.email", config("user.email")), ("EMAIL", env("EMAIL"))])
        if let override = authorOverride {
            try checkPersonText(override, what: "--author")
            let parsed = try parsePerson(override)
            authorName = (parsed.name, "--author")
            authorEmail = (parsed.email, "--author")
        }
        guard let authorName, let authorEmail else {
            throw GitError(.noIdentity, missingMessage)
        }
        let committerName = pick([("GIT_COMMITTER_NAME", env("GIT_COMMITTER_NAME")), ("git config committer.name", config("committer.name")),
                                  ("git config user.name", config("user.name"))])
        let committerEmail = pick([("GIT_COMMITTER_EMAIL", env("GIT_COMMITTER_EMAIL")), ("git config committer.email", config("committer.email")),
                                   ("git config user.email", config("user.email")), ("EMAIL", env("EMAIL"))])
        guard let committerName, let committerEmail else {
            throw GitError(.noIdentity,
                           "no committer identity: set git config user.name and user.email, or GIT_COMMITTER_NAME/GIT_COMMITTER_EMAIL")
        }
        try check(authorName, "author name")
        try check(authorEmail, "author email")
        try check(committerName, "committer name")
        try check(committerEmail, "committer email")
        let authorDate = try date("GIT_AUTHOR_DATE")
        let committerDate = try date("GIT_COMMITTER_DATE")
        return (Signature(name: authorName.value.trimmingSpaces, email: authorEmail.value.trimmingSpaces,
                          time: authorDate.0, offsetMinutes: authorDate.1),
                Signature(name: committerName.value.trimmingSpaces, email: committerEmail.value.trimmingSpaces,
                          time: committerDate.0, offsetMinutes: committerDate.1))
    }

    /// Refuses a name or email git cannot store in a commit header: a line break (or any
    /// control character) would end the `author` line early and let the rest pose as another
    /// header; `<` and `>` delimit the email. See docs/reliability.md.
    static func check(_ item: (value: String, source: String), _ what: String) throws {
        if let problem = problem(in: item.value) {
            throw GitError(.invalidArgument,
                           "the \(what) from \(item.source) contains \(problem): \(visible(item.value)); names and emails cannot hold control characters or angle brackets — fix \(item.source) and try again")
        }
    }

    /// `--author` as a whole: control characters anywhere are refused before it is split.
    static func checkPersonText(_ text: String, what: String) throws {
        if let problem = problem(in: text, allowAngleBrackets: true) {
            throw GitError(.invalidArgument,
                           "\(what) contains \(problem): \(visible(text)); names and emails cannot hold control characters — fix \(what) and try again")
        }
    }

    /// What makes `text` unusable in a signature, nil when nothing does.
    public static func problem(in text: String, allowAngleBrackets: Bool = false) -> String? {
        for s in text.unicodeScalars {
            switch s.value {
            case 0x0A, 0x0D: return "a line break"
            case 0x00: return "a NUL character"
            case 0..<0x20, 0x7F, 0x80..<0xA0: return "a control character"
            case 0x3C, 0x3E: if !allowAngleBrackets { return "an angle bracket ('<' or '>')" }
            default: continue
            }
        }
        return nil
    }

    /// `text` quoted with control characters shown as escapes (`\n`, `\u{1B}`).
    public static func visible(_ text: String) -> String {
        var out = "'"
        for s in text.unicodeScalars {
            switch s.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F, 0x80..<0xA0: out += "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(s)
            }
        }
        return out + "'"
    }

    /// `Name <email>` → (name, email).
    public static func parsePerson(_ text: String) throws -> (name: String, email: String) {
        guard let open = text.firstIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else {
            throw GitError(.invalidArgument, "--author must look like 'Name <email>', got '\(text)'")
        }
        let name = text[..<open].trimmingSpaces
        let email = text[text.index(after: open)..<close].trimmingSpaces
        guard !name.isEmpty, !email.isEmpty, !email.contains("<"), !email.contains(">") else {
            throw GitError(.invalidArgument, "--author must look like 'Name <email>', got '\(text)'")
        }
        return (name, email)
    }
}
