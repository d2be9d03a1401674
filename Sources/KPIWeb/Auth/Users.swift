import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore

/// Who is writing (docs/serve.md, "Who is writing"): on loopback the git identity of whoever
/// started the server; elsewhere an authenticated user — named by a trusted reverse proxy's
/// header, or checked against a users file of salted password hashes — mapped to a person of
/// the ledger, whose name and email author the commit.
enum Authentication: Sendable {
    case gitIdentity
    case header(String)
    case users(UsersFile)

    /// The user a request comes from; nil with the git identity. Throws 401/403 when a user
    /// is needed and missing.
    func user(_ request: Request) throws -> String? {
        switch self {
        case .gitIdentity: return nil
        case .header(let name):
            guard let field = HTTPField.Name(name), let user = request.headers[field], !user.isEmpty else {
                throw WebFailure.noUserHeader(name)
            }
            return user
        case .users(let file):
            guard let value = request.headers[.authorization], value.lowercased().hasPrefix("basic "),
                  let decoded = Data(base64Encoded: String(value.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                  let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":") else {
                throw WebFailure.signIn()
            }
            let user = String(text[..<colon]), password = String(text[text.index(after: colon)...])
            guard try file.check(user: user, password: password) else {
                throw WebFailure.wrongPassword()
            }
            return user
        }
    }

    /// The person a user is: the users file says; a proxy's user is a person's id or email.
    func person(_ user: String, in ledger: Ledger) throws -> Person {
        var id: String?
        if case .users(let file) = self { id = try file.entries()[user]?.person }
        if id == nil {
            id = ledger.people[user] != nil ? user
                : ledger.people.values.first { $0.email?.lowercased() == user.lowercased() }?.id
        }
        guard let id, let person = ledger.people[id] else {
            throw WebFailure.notAPerson(user, file: id ?? user)
        }
        guard person.email != nil else {
            throw WebFailure.personWithoutEmail(person.id)
        }
        return person
    }
}

/// `USER:PERSON:pbkdf2-sha256:ITERATIONS:SALT:HASH` lines (hex), one per user; `kpi serve
/// adduser` writes it. Read again on every check, so users added later count at once.
struct UsersFile: Sendable {
    let path: String
    /// Sign-ins already checked (user, a hash of the password given, the stored hash): the
    /// slow hash runs once per user and password, not on every request.
    let verified = Verified()

    final class Verified: @unchecked Sendable {
        private let lock = NSLock()
        private var keys: Set<String> = []
        func contains(_ k: String) -> Bool { lock.withLock { keys.contains(k) } }
        func insert(_ k: String) { lock.withLock { _ = keys.insert(k) } }
    }

    init(path: String) { self.path = path }

    struct Entry {
        let person: String
        let iterations: Int
        let salt: [UInt8]
        let hash: [UInt8]
    }

    func entries() throws -> [String: Entry] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WebFailure.unreadableUsersFile(path)
        }
        var out: [String: Entry] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let f = line.split(separator: ":", omittingEmptySubsequences: false)
            guard f.count == 6, f[2] == "pbkdf2-sha256", let n = Int(f[3]), n > 0,
                  let salt = PasswordHash.unhex(f[4]), let hash = PasswordHash.unhex(f[5]) else { continue }
            out[String(f[0])] = Entry(person: String(f[1]), iterations: n, salt: salt, hash: hash)
        }
        return out
    }

    func check(user: String, password: String) throws -> Bool {
        guard let e = try entries()[user] else { return false }
        let key = user + "\u{0}" + PasswordHash.hex(SHA256.hash(e.salt + Array(password.utf8))) + "\u{0}" + PasswordHash.hex(e.hash)
        if verified.contains(key) { return true }
        let got = PasswordHash.pbkdf2(password: Array(password.utf8), salt: e.salt, iterations: e.iterations, length: e.hash.count)
        guard got.count == e.hash.count, zip(got, e.hash).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else { return false }
        verified.insert(key)
        return true
    }

    /// The file with `user`'s line added or replaced.
    static func line(user: String, person: String, password: String, iterations: Int, salt: [UInt8]) -> String {
        let hash = PasswordHash.pbkdf2(password: Array(password.utf8), salt: salt, iterations: iterations)
        return "\(user):\(person):pbkdf2-sha256:\(iterations):\(PasswordHash.hex(salt)):\(PasswordHash.hex(hash))"
    }
}
