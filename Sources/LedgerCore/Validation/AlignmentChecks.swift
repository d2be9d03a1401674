/// Checks of `aligns_to` (docs/review-cycle.md, "Alignment"): the team must be in the
/// subject's team chain (for a person their team and its parents, for a team its parents), the
/// team must have that goal in the same quarter, and alignments must not go round in a circle.
extension LedgerChecks {
    static func checkAlignments(_ ledger: inout Ledger) {
        // Most ledgers align no goal: then nothing to check, and no sheets sorted.
        guard ledger.goalSheets.values.contains(where: { $0.goals.contains { $0.alignsTo != nil } }) else { return }
        var edges: [GoalNode: GoalNode] = [:]
        for key in ledger.goalSheets.keys.sorted() {
            let sheet = ledger.goalSheets[key]!
            for goal in sheet.goals {
                guard let a = goal.alignment, let ref = goal.alignsTo?.ref else { continue }
                let chain = teamChain(of: sheet.subject, ledger)
                guard chain.contains(a.team) else {
                    ledger.report(ref, .alignedOutsideChain(a.team, a.metric, subject: sheet.subject, chain: chain))
                    continue
                }
                let target = SheetKey(subject: a.team, quarter: key.quarter)
                guard ledger.goalSheets[target]?.goals.contains(where: { $0.metric.value == a.metric }) == true else {
                    if ledger.goalSheets[target] == nil, ledger.isUnreadable(.goals, a.team) { continue }
                    ledger.report(ref, .alignmentTargetMissing(a.team, a.metric, key.quarter))
                    continue
                }
                edges[GoalNode(subject: sheet.subject, quarter: key.quarter, metric: goal.metric.value)] =
                    GoalNode(subject: a.team, quarter: key.quarter, metric: a.metric)
            }
        }
        // Each goal aligns to at most one: a circle is a walk that comes back to where it began.
        var reported: Set<GoalNode> = []
        for start in edges.keys.sorted() where !reported.contains(start) {
            var path = [start]
            var current = start
            while let next = edges[current], path.count <= edges.count {
                if next == start {
                    reported.formUnion(path)
                    let sheet = ledger.goalSheets[SheetKey(subject: start.subject, quarter: start.quarter)]!
                    if let ref = sheet.goals.first(where: { $0.metric.value == start.metric })?.alignsTo?.ref {
                        ledger.report(ref, .alignmentCycle(path + [start]))
                    }
                    break
                }
                if path.contains(next) { break }
                path.append(next)
                current = next
            }
        }
    }

    /// The teams above a subject, nearest first: a person's team and its parents, a team's parents.
    static func teamChain(of subject: String, _ ledger: Ledger) -> [String] {
        var out: [String] = []
        var current = ledger.people[subject]?.team?.value ?? ledger.teams[subject]?.parent?.value
        while let t = current, !out.contains(t) {
            out.append(t)
            current = ledger.teams[t]?.parent?.value
        }
        return out
    }
}

/// One goal: a subject's metric in a quarter.
struct GoalNode: Hashable, Comparable {
    var subject: String
    var quarter: Quarter
    var metric: String
    static func < (a: GoalNode, b: GoalNode) -> Bool { (a.quarter, a.subject, a.metric) < (b.quarter, b.subject, b.metric) }
}

extension Finding {
    static func alignedOutsideChain(_ team: String, _ metric: String, subject: String, chain: [String]) -> Finding {
        let within = chain.isEmpty ? "\(subject) has no team above it" : "\(subject)'s team chain is \(chain.joined(separator: " → "))"
        return Finding(.error, .invalidAlignment, "aligns_to \(team)/\(metric): \(team) is not up \(subject)'s team chain (\(within))")
    }
    static func alignmentTargetMissing(_ team: String, _ metric: String, _ quarter: Quarter) -> Finding {
        Finding(.error, .alignmentTargetMissing, "aligns_to \(team)/\(metric): \(team) has no \(metric) goal in \(quarter) (goals/\(quarter)/\(team).yaml)")
    }
    static func alignmentCycle(_ circle: [GoalNode]) -> Finding {
        Finding(.error, .alignmentCycle, "aligns_to goes round in a circle: " + circle.map { "\($0.subject)/\($0.metric)" }.joined(separator: " → "))
    }
}
