/// The goal cascade of a quarter (docs/review-cycle.md, "Alignment"): the goals of the top
/// teams (or of one team), and under each goal the goals aligned to it (`aligns_to`), down to
/// people, each with its attainment and its subject's score.
public struct AlignmentNode: Sendable {
    public var subject: String
    public var name: String
    public var isTeam: Bool
    public var goal: GoalScore
    /// The subject's score and rating for the quarter.
    public var score: Number?
    public var rating: String?
    public var children: [AlignmentNode]
}

extension Scorer {
    /// Roots: every goal of `team` (nil: of each team without a parent), plus any goal that is
    /// aligned to by others but aligns to nothing itself, so no aligned goal is left out.
    public func alignmentTree(quarter: Quarter, team: String?) -> [AlignmentNode] {
        var childrenOf: [String: [(String, String)]] = [:]   // "team/metric" → [(subject, metric)]
        var aligned: Set<String> = []
        for key in ledger.goalSheets.keys.sorted() where key.quarter == quarter {
            for g in ledger.goalSheets[key]!.goals {
                guard let a = g.alignment else { continue }
                childrenOf["\(a.team)/\(a.metric)", default: []].append((key.subject, g.metric.value))
                aligned.insert("\(key.subject)/\(g.metric.value)")
            }
        }
        var scores: [String: SubjectScore] = [:]
        func scored(_ id: String) -> SubjectScore {
            if let s = scores[id] { return s }
            let s = score(id, quarter: quarter)
            scores[id] = s
            return s
        }
        func node(_ subject: String, _ metric: String, depth: Int) -> AlignmentNode? {
            let s = scored(subject)
            guard let g = s.goals.first(where: { $0.metric == metric }) else { return nil }
            let kids = depth < 32 ? (childrenOf["\(subject)/\(metric)"] ?? []).compactMap { node($0.0, $0.1, depth: depth + 1) } : []
            return AlignmentNode(subject: subject, name: s.name, isTeam: s.isTeam, goal: g,
                                 score: s.isComplete ? s.score : nil, rating: s.rating, children: kids)
        }
        var roots: [(String, String)] = []
        let tops = team.map { [$0] } ?? ledger.teams.keys.sorted().filter { ledger.teams[$0]?.parent == nil }
        for t in tops {
            for g in ledger.goalSheets[SheetKey(subject: t, quarter: quarter)]?.goals ?? [] { roots.append((t, g.metric.value)) }
        }
        if team == nil {
            let listed = Set(roots.map { "\($0.0)/\($0.1)" })
            for parent in childrenOf.keys.sorted() where !aligned.contains(parent) && !listed.contains(parent) {
                let parts = parent.split(separator: "/").map(String.init)
                roots.append((parts[0], parts[1]))
            }
        }
        return roots.compactMap { node($0.0, $0.1, depth: 0) }
    }
}
