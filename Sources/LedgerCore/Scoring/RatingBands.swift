/// The rating scale that turns a score into a grade (`scoring.ratings` in ledger.yaml).
public struct RatingBands: Equatable, Sendable {
    public struct Band: Equatable, Sendable {
        public let grade: String
        public let min: Number

        public init(grade: String, min: Number) {
            self.grade = grade
            self.min = min
        }
    }

    /// Sorted by `min`, highest first (ties keep the order given).
    public let bands: [Band]

    /// Nil for an empty list: a scale without grades cannot rate anything, and the loader
    /// should fall back to `.default` with a warning rather than rate everything "".
    public init?(_ bands: [Band]) {
        guard !bands.isEmpty else { return nil }
        // Stable sort: enumerate so equal minimums keep the written order.
        self.bands = bands.enumerated()
            .sorted { $0.element.min != $1.element.min ? $0.element.min > $1.element.min : $0.offset < $1.offset }
            .map(\.element)
    }

    /// S ≥ 110, A ≥ 100, B ≥ 85, C ≥ 70, else D (D is written with min 0, as `kpi init` does).
    public static let `default` = RatingBands([
        Band(grade: "S", min: 110), Band(grade: "A", min: 100), Band(grade: "B", min: 85),
        Band(grade: "C", min: 70), Band(grade: "D", min: 0),
    ])!

    /// The highest band whose minimum the score reaches; below every minimum (a negative
    /// score under a 0 floor, say), the lowest band — a score always gets a grade.
    public func rating(for score: Number) -> String {
        for band in bands where band.min <= score { return band.grade }
        return bands.last!.grade
    }
}
