import Foundation
import GitStore

/// The persistent half of the history cache, in `.git/kpi/` (docs/architecture.md, "The caches"):
/// each commit's changed ledger files against its first parent, by commit id. A commit id fixes
/// its tree and parents, so the entry never goes stale. Comparing trees was ~80% of a history
/// walk; a warm run reads this file instead.
///
/// Deleting or corrupting the file changes no output, only speed: it is a `CacheFile` (sealed
/// with a checksum, renamed into place), and a file that does not parse, has another version
/// line or a wrong checksum is ignored as a whole (and rewritten by the next walk).
final class ChangeCache: CommitKeyedCache {
    /// The version and the folders whose changes are kept: a change to either means a new file.
    static let version = "kpi-changes 2 " + LedgerLayout.ledgerRoots.joined(separator: ",")
    let path: String
    private(set) var entries: [ObjectID: [TreeChange]] = [:]
    var dirty = false

    /// `prefix`: the ledger's folder in the repository; each ledger of a repository keeps its
    /// own file (the same commit changes different files in each).
    init(gitDir: String, prefix: String = "") {
        path = CacheFile.path(gitDir: gitDir, "changes-v1", prefix: prefix)
        if let data = FileManager.default.contents(atPath: path) { entries = Self.parse([UInt8](data)) ?? [:] }
    }

    subscript(commit: ObjectID) -> [TreeChange]? { entries[commit] }

    func store(_ changes: [TreeChange], for commit: ObjectID) {
        // A path with a line break cannot be written in this format: such a commit is not cached.
        guard !changes.contains(where: { $0.path.utf8.contains(10) }) else { return }
        entries[commit] = changes
        dirty = true
    }

    static func write(_ entries: [ObjectID: [TreeChange]], to path: String) {
        var body = CacheFileWriter(path: path)
        body.append(contentsOf: Array(Self.version.utf8))
        let none = [UInt8](repeating: UInt8(ascii: "0"), count: 40)
        // Lines "C <commit> <count>", then "<old blob> <new blob> <path>" per change, ids in hex,
        // written as bytes (through `String` interpolation it was 25,000 instructions a commit).
        for (id, changes) in entries.sorted(by: { $0.key < $1.key }) {  // byte order: the order of the ids' hex
            body.append(contentsOf: [10, UInt8(ascii: "C"), 32])
            body.append(hexOf: id)
            body.append(32)
            body.append(contentsOf: Array(String(changes.count).utf8))
            for c in changes {
                body.append(10)
                if let b = c.oldBlob { body.append(hexOf: b) } else { body.append(contentsOf: none) }
                body.append(32)
                if let b = c.newBlob { body.append(hexOf: b) } else { body.append(contentsOf: none) }
                body.append(32)
                var path = c.path
                path.withUTF8 { body.append(raw: UnsafeRawBufferPointer($0)) }
            }
        }
        body.finishSealed()
    }

    @available(*, deprecated, renamed: "CacheFile.hexChecksum")
    static func checksum(_ bytes: [UInt8]) -> String { CacheFile.hexChecksum(bytes) }

    /// nil unless the whole file is well formed and its checksum matches.
    static func parse(_ bytes: [UInt8]) -> [ObjectID: [TreeChange]]? {
        guard let body = CacheFile.unsealed(bytes) else { return nil }
        let lines = body.split(separator: 10, omittingEmptySubsequences: false)
        guard let first = lines.first, String(decoding: first, as: UTF8.self) == version else { return nil }
        var out: [ObjectID: [TreeChange]] = [:]
        var i = lines.startIndex + 1
        let zero = String(repeating: "0", count: 40)
        while i < lines.endIndex {
            let head = String(decoding: lines[i], as: UTF8.self).split(separator: " ")
            guard head.count == 3, head[0] == "C", let commit = ObjectID(hex: String(head[1])), let n = Int(head[2]), n >= 0,
                  i + n < lines.endIndex else { return nil }
            var changes: [TreeChange] = []
            changes.reserveCapacity(n)
            for line in lines[(i + 1)..<(i + 1 + n)] {  // half-open: a commit may change no ledger file
                let text = String(decoding: line, as: UTF8.self)
                let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
                guard parts.count == 3, parts[0].count == 40, parts[1].count == 40, !parts[2].isEmpty else { return nil }
                let old = parts[0] == zero ? nil : ObjectID(hex: String(parts[0]))
                let new = parts[1] == zero ? nil : ObjectID(hex: String(parts[1]))
                if (parts[0] != zero && old == nil) || (parts[1] != zero && new == nil) || (old == nil && new == nil) { return nil }
                changes.append(TreeChange(path: String(parts[2]), oldBlob: old, newBlob: new))
            }
            out[commit] = changes
            i += n + 1
        }
        return out
    }
}
