/// How a goal's attainment is computed (`method:` on a goal); see `Attainment`.
/// Absent means `progress` when the goal has a baseline, else `ratio`.
public enum ScoringMethod: String, CaseIterable, Sendable, Codable {
    case ratio, progress, binary
}
