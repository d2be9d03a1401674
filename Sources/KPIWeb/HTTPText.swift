import Foundation
import HTTPTypes
import Hummingbird
import KPICLI

/// The small pieces of HTTP the pages and the API share: URL-encoded text, responses.
enum HTTPText {
    /// `a=1&b=x+y` (a query string or a form body) as ordered pairs, percent-decoded, `+` as space.
    /// Invalid escapes are kept as typed rather than refused: a bad value then fails the
    /// ledger's own validation with a message.
    static func pairs(_ text: Substring) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(kv[0]), kv.count > 1 ? decode(kv[1]) : "")
        }
    }

    static func decode(_ s: Substring) -> String {
        let spaced = s.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// A path segment or query value for a URL we print (`/subjects/李雷?quarter=2026-Q3`).
    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// `/path?k=v&...` with only the non-empty values.
    static func url(_ path: String, _ query: [(String, String?)]) -> String {
        let q = query.compactMap { k, v in v.flatMap { $0.isEmpty ? nil : "\(k)=\(encode($0))" } }
        return q.isEmpty ? path : path + "?" + q.joined(separator: "&")
    }

    static func response(_ status: HTTPResponse.Status, _ body: String, type: String,
                         headers extra: [(HTTPField.Name, String)] = []) -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
        headers[.xContentTypeOptions] = "nosniff"
        for (k, v) in extra { headers[k] = v }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func json(_ status: HTTPResponse.Status, _ body: String, headers: [(HTTPField.Name, String)] = []) -> Response {
        response(status, body, type: "application/json; charset=utf-8", headers: headers)
    }

    /// `{"error": "message"}`, the API's refusal.
    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(status, JSON.object([("error", .string(message))]).render() + "\n")
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}

