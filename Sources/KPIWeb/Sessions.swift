import Foundation
import HTTPTypes
import Hummingbird

/// Browser sessions and their anti-forgery tokens (docs/serve.md, "Safety"): a session is a
/// random id in a `SameSite=Strict`, `HttpOnly` cookie; each holds a random token that every
/// form carries, so a page from another site can neither read nor forge it.
final class Sessions: @unchecked Sendable {
    struct Session: Sendable {
        let id: String
        let token: String
        /// Set on the response when the browser did not send this session yet.
        let isNew: Bool
    }

    private let lock = NSLock()
    private var tokens: [String: String] = [:]
    private var order: [String] = []
    private let limit = 10_000

    static let cookie = "kpi_session"

    func session(_ request: Request) -> Session {
        let sent = Self.cookieValue(request.headers[values: .cookie], name: Self.cookie)
        return lock.withLock {
            if let sent, let token = tokens[sent] { return Session(id: sent, token: token, isNew: false) }
            let id = Self.random(), token = Self.random()
            tokens[id] = token
            order.append(id)
            if order.count > limit {
                tokens.removeValue(forKey: order.removeFirst())
            }
            return Session(id: id, token: token, isNew: true)
        }
    }

    /// True when `token` is the one this session was given.
    func check(_ session: Session, token: String?) -> Bool {
        guard !session.isNew, let token else { return false }
        return lock.withLock { tokens[session.id] }.map { Self.constantTimeEqual($0, token) } ?? false
    }

    static func cookieValue(_ headers: [String], name: String) -> String? {
        for header in headers {
            for part in header.split(separator: ";") {
                let kv = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0] == name { return String(kv[1]) }
            }
        }
        return nil
    }

    static func random() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let h = String(g.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - h.count) + h
        }.joined()
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
