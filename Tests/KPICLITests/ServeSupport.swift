import Foundation
import XCTest

/// A `kpi serve` process started by a test on a free port (`--port 0`), stopped when the test
/// lets go of it; requests go through curl, an independent HTTP client.
final class ServeProcess {
    let process = Process()
    let url: String
    let stderr: URL

    init(_ s: Sandbox, _ args: [String] = [], env extra: [String: String] = [:]) throws {
        process.executableURL = Sandbox.kpiBinary
        process.arguments = ["-C", s.ledger, "serve", "--port", "0"] + args
        process.environment = s.env.merging(extra) { $1 }
        let out = Pipe()
        stderr = s.dir.appendingPathComponent("serve-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty {
                throw ServeFailed(message: "kpi serve exited before listening: \((try? String(contentsOf: stderr, encoding: .utf8)) ?? "")")
            }
            buffer.append(chunk)
        }
        url = String(decoding: buffer, as: UTF8.self).split(separator: "\n")[0].trimmingCharacters(in: .whitespaces)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// host:port, as browsers send it in Host and Origin.
    var authority: String { String(url.dropFirst("http://".count).dropLast()) }

    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: String

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
    }

    func request(_ s: Sandbox, _ method: String, _ path: String, body: String? = nil, headers: [String] = [],
                 cookies: URL? = nil) throws -> Reply {
        var args = ["-s", "-S", "-i", "-X", method, "-H", "Expect:"]
        for h in headers { args += ["-H", h] }
        if let cookies { args += ["-b", cookies.path, "-c", cookies.path] }
        if body != nil { args += ["--data-binary", "@-"] }
        args.append(url + path.dropFirst())
        let r = try s.run("/usr/bin/curl", args, stdin: body)
        XCTAssertEqual(r.status, 0, "curl \(method) \(path): \(r.stderr)")
        let parts = r.stdout.components(separatedBy: "\r\n\r\n")
        let head = parts[0].components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return Reply(status: status, headers: headers, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    func get(_ s: Sandbox, _ path: String, cookies: URL? = nil) throws -> Reply {
        try request(s, "GET", path, cookies: cookies)
    }
}

struct ServeFailed: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
