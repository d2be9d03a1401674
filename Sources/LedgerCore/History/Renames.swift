import GitStore

/// Pure renames: a path deleted and another added with the very same blob in one change set.
enum Renames {
    static func pair(_ changes: [TreeChange]) -> (rest: [TreeChange], moves: [(from: String, to: String)]) {
        var deleted: [ObjectID: [Int]] = [:]
        for (i, c) in changes.enumerated() where c.status == .deleted {
            if let b = c.oldBlob { deleted[b, default: []].append(i) }
        }
        guard !deleted.isEmpty else { return (changes, []) }
        var used = Set<Int>()
        var moves: [(String, String)] = []
        for (i, c) in changes.enumerated() where c.status == .added {
            guard let b = c.newBlob, var candidates = deleted[b], let j = candidates.first else { continue }
            candidates.removeFirst()
            deleted[b] = candidates
            used.insert(i)
            used.insert(j)
            moves.append((changes[j].path, c.path))
        }
        return (changes.enumerated().filter { !used.contains($0.offset) }.map(\.element), moves)
    }
}
