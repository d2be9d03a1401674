import Foundation
import GitStore

/// The bytes of the organisation's files (settings, catalog, people, teams) at a tip, kept in
/// `.git/kpi/organisation` by the ids of the trees and blob they come from (docs/architecture.md,
/// "The caches"): a write reads one file instead of a git object per person, which on a
/// 1,000-person ledger of loose objects was most of a `kpi record`. The ids fix the content, so
/// the entry never goes stale; another key or a damaged file is simply read from git again.
enum OrganisationFiles {
    static let version = "kpi-organisation 1"

    static func load(_ repository: Repository, key: [ObjectID]) -> [(String, [UInt8])]? {
        guard let body = CacheFile.read(CacheFile.path(repository, "organisation")) else { return nil }
        var at = body.startIndex
        func line() -> String? {
            guard let nl = body[at...].firstIndex(of: 10) else { return nil }
            defer { at = nl + 1 }
            return String(decoding: body[at..<nl], as: UTF8.self)
        }
        guard line() == version, line() == key.map(\.hex).joined(separator: " "),
              let count = line().flatMap({ Int($0) }), count >= 0 else { return nil }
        var files: [(String, [UInt8])] = []
        files.reserveCapacity(count)
        for _ in 0..<count {
            guard let head = line(), let space = head.firstIndex(of: " "), let n = Int(head[..<space]), n >= 0,
                  body.endIndex - at >= n else { return nil }
            files.append((String(head[head.index(after: space)...]), Array(body[at..<(at + n)])))
            at += n
        }
        return at == body.endIndex ? files : nil
    }

    static func save(_ files: [(String, [UInt8])], key: [ObjectID], in repository: Repository) {
        guard !files.contains(where: { $0.0.utf8.contains(10) }) else { return }
        var body = Array("\(version)\n\(key.map(\.hex).joined(separator: " "))\n\(files.count)\n".utf8)
        for (path, bytes) in files {
            body += Array("\(bytes.count) \(path)\n".utf8)
            body += bytes
        }
        CacheFile.write(body, to: CacheFile.path(repository, "organisation"))
    }
}
