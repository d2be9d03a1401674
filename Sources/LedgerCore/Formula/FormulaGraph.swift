/// Dependency checks among derived metrics, whose formulas may name other derived metrics.
public enum FormulaGraph {
    /// The cycles among `formulas` (metric id → its formula): one cycle per group of
    /// metrics that depend on each other, so a validator can refuse them all at once.
    ///
    /// Each cycle is a path that starts at the group's smallest id and follows formula
    /// references back to it, without repeating the start (`["a", "b"]` means
    /// a → b → a; a formula naming its own metric is `["a"]`). Cycles are sorted by their
    /// first id. Ids without a formula (measured metrics) end every path and are ignored.
    ///
    /// Iterative (Tarjan's strongly connected components with an explicit stack), so a
    /// chain of thousands of derived metrics cannot overflow the stack.
    public static func cycles(_ formulas: [String: Formula]) -> [[String]] {
        let ids = formulas.keys.sorted()
        var indexOf: [String: Int] = [:]
        for (i, id) in ids.enumerated() { indexOf[id] = i }
        let edges: [[Int]] = ids.map { id in formulas[id]!.metricIDs.compactMap { indexOf[$0] } }

        let n = ids.count
        var order = [Int](repeating: -1, count: n)
        var low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = []
        var counter = 0
        var components: [[Int]] = []

        for root in 0..<n where order[root] == -1 {
            // Each frame: (node, index of the next edge to look at).
            var frames: [(node: Int, next: Int)] = [(root, 0)]
            order[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let frame = frames.last {
                let v = frame.node
                if frame.next < edges[v].count {
                    frames[frames.count - 1].next += 1
                    let w = edges[v][frame.next]
                    if order[w] == -1 {
                        order[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        frames.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], order[w])
                    }
                } else {
                    frames.removeLast()
                    if let parent = frames.last { low[parent.node] = min(low[parent.node], low[v]) }
                    if low[v] == order[v] {
                        var component: [Int] = []
                        while true {
                            let w = stack.removeLast()
                            onStack[w] = false
                            component.append(w)
                            if w == v { break }
                        }
                        let isCycle = component.count > 1 || edges[v].contains(v)
                        if isCycle { components.append(component) }
                    }
                }
            }
        }

        return components
            .map { component -> [String] in
                let members = Set(component)
                let start = component.min()!   // ids are sorted, so the smallest index is the smallest id
                return shortestCycle(from: start, within: members, edges: edges).map { ids[$0] }
            }
            .sorted { $0[0] < $1[0] }
    }

    /// The shortest path from `start` back to itself inside one strongly connected group
    /// (breadth-first), without the repeated start.
    private static func shortestCycle(from start: Int, within members: Set<Int>, edges: [[Int]]) -> [Int] {
        if edges[start].contains(start) { return [start] }
        var previous: [Int: Int] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let v = queue[head]; head += 1
            for w in edges[v] where members.contains(w) {
                if w == start {
                    var path = [v]
                    var node = v
                    while node != start { node = previous[node]!; path.append(node) }
                    return path.reversed()
                }
                if previous[w] == nil {
                    previous[w] = v
                    queue.append(w)
                }
            }
        }
        return [start]   // unreachable for a real strongly connected group
    }
}
