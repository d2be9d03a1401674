/// Whether more or less of a metric is better (`direction:` in metrics/<id>.yaml).
/// Decides which way `ratio` divides and what "target met" means for `binary`.
public enum Direction: String, CaseIterable, Sendable, Codable {
    case higher, lower
}
