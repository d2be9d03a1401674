/// A calibration meeting's minutes, `calibration/<quarter>/<team>.yaml` (docs/review-cycle.md,
/// "Calibration"): who attended, and the ratings it settled, each with its reason.
public struct CalibratedRating: Sendable {
    public var subject: Located<String>
    public var rating: String
    public var reason: String
    public var ref: SourceRef
}

public struct Calibration: Sendable {
    /// The team whose meeting it was (the file's name).
    public var team: String
    public var quarter: Quarter
    public var attendees: [Located<String>]
    public var ratings: [CalibratedRating]
    public var path: String
    public var ref: SourceRef
}

/// The three ratings every score output shows, and the one that counts.
public struct RatingTrail: Sendable, Equatable {
    /// Computed from the score's band.
    public var computed: String?
    /// The reviewer's, from the quarter's review.
    public var review: String?
    /// A calibration meeting's.
    public var calibrated: String?
    /// Calibrated, else the reviewer's, else computed.
    public var final: String? { calibrated ?? review ?? computed }
}

extension Ledger {
    /// A subject's calibrated rating in a quarter, with its reason (the first calibration file,
    /// in path order, that rates it; `kpi check` reports a second one).
    public func calibratedRating(_ subject: String, in quarter: Quarter) -> CalibratedRating? {
        for key in calibrations.keys.filter({ $0.quarter == quarter }).sorted() {
            if let r = calibrations[key]!.ratings.first(where: { $0.subject.value == subject }) { return r }
        }
        return nil
    }
}
