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

        var authorName = env("GIT_AUTHOR_NAME") ?? config("author.name") ?? config("user.name")
        var authorEmail = env("GIT_AUTHOR_EMAIL") ?? config("author.email") ?? config("user.email") ?? env("EMAIL")
        if let override = authorOverride {
            let parsed = try parsePerson(override)
            authorName = parsed.name
            authorEmail = parsed.email
        }
        guard let authorName, let authorEmail else {
            throw GitError(.noIdentity, missingMessage)
        }
        let committerName = env("GIT_COMMITTER_NAME") ?? config("committer.name") ?? config("user.name")
        let committerEmail = env("GIT_COMMITTER_EMAIL") ?? config("committer.email") ?? config("user.email") ?? env("EMAIL")
        guard let committerName, let committerEmail else {
            throw GitError(.noIdentity,
                           "no committer identity: set git config user.name and user.email, or GIT_COMMITTER_NAME/GIT_COMMITTER_EMAIL")
        }
        let authorDate = try date("GIT_AUTHOR_DATE")
        let committerDate = try date("GIT_COMMITTER_DATE")
        return (Signature(name: authorName.trimmingSpaces, email: authorEmail.trimmingSpaces,
                          time: authorDate.0, offsetMinutes: authorDate.1),
                Signature(name: committerName.trimmingSpaces, email: committerEmail.trimmingSpaces,
                          time: committerDate.0, offsetMinutes: committerDate.1))
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
