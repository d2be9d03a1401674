/// History walks done with GitStore's own commit reader, for a repository holding a commit
/// libgit2 refuses to parse (an author line broken by another tool): libgit2's walker,
/// merge base and ancestry test stop there, these go on. Same order as the walker they
/// stand in for: children before parents, newer committer time first.
struct LenientHistory {
    let repository: Repository
    init(_ repository: Repository) { self.repository = repository }

    private func parents(_ id: ObjectID, firstOnly: Bool) throws -> [ObjectID] {
        let p = try repository.commit(id).parents
        return firstOnly ? Array(p.prefix(1)) : p
    }

    func reachable(from starts: [ObjectID], firstParentOnly: Bool = false) throws -> Set<ObjectID> {
        var seen = Set<ObjectID>()
        var stack = starts
        while let id = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            stack.append(contentsOf: try parents(id, firstOnly: firstParentOnly))
        }
        return seen
    }

    func walk(from start: ObjectID, excluding: [ObjectID], reverse: Bool, firstParentOnly: Bool) throws -> [ObjectID] {
        let hidden = try reachable(from: excluding, firstParentOnly: firstParentOnly)
        let all = try reachable(from: [start], firstParentOnly: firstParentOnly).subtracting(hidden)
        var children: [ObjectID: Int] = [:]
        var time: [ObjectID: Int64] = [:]
        for id in all {
            time[id] = try repository.commit(id).committer.time
            for p in try parents(id, firstOnly: firstParentOnly) where all.contains(p) { children[p, default: 0] += 1 }
        }
        // Kahn's algorithm: a commit is ready once all its children are out; newest ready first.
        var ready = all.filter { children[$0, default: 0] == 0 }
        var order: [ObjectID] = []
        while !ready.isEmpty {
            let next = ready.max { (time[$0]!, $1) < (time[$1]!, $0) }!
            ready.remove(next)
            order.append(next)
            for p in try parents(next, firstOnly: firstParentOnly) where all.contains(p) {
                children[p]! -= 1
                if children[p] == 0 { ready.insert(p) }
            }
        }
        return reverse ? order.reversed() : order
    }

    func isAncestor(_ ancestor: ObjectID, of commit: ObjectID) throws -> Bool {
        try reachable(from: [commit]).contains(ancestor)
    }

    /// The newest common ancestor that is not an ancestor of another common one.
    func mergeBase(_ a: ObjectID, _ b: ObjectID) throws -> ObjectID? {
        let common = try reachable(from: [a]).intersection(try reachable(from: [b]))
        var best: (ObjectID, Int64)? = nil
        for c in common {
            var covered = false
            for other in common where other != c {
                if try isAncestor(c, of: other) { covered = true; break }
            }
            if covered { continue }
            let t = try repository.commit(c).committer.time
            if best == nil || t > best!.1 { best = (c, t) }
        }
        return best?.0
    }
}
