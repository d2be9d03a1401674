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
    /// Subjects whose rating item has an error (no grade, no reason, rated twice): what the meeting
    /// settled for them is unknown, so their final rating is too (docs/scoring.md, "Incomplete scores").
    public var unreadSubjects: Set<String> = []
    /// A rating item without a readable subject: it may rate anyone in the quarter.
    public var unreadItem = false

    /// Whether an error in this file leaves `subject`'s calibrated rating unknown.
    public func leavesUnknown(_ subject: String) -> Bool { unreadItem || unreadSubjects.contains(subject) }
}

/// The three ratings every score output shows, and the one that counts.
public struct RatingTrail: Sendable, Equatable {
    /// Computed from the score's band.
    public var computed: String?
    /// The reviewer's, from the quarter's review.
    public var review: String?
    /// A calibration meeting's.
    public var calibrated: String?
    /// False when a calibration file of the quarter has an error that may hide the subject's rating.
    public var calibrationKnown = true
    /// Calibrated, else the reviewer's, else computed; none while the calibration is unknown.
    public var final: String? { calibrationKnown ? calibrated ?? review ?? computed : nil }
}

extension Ledger {
    /// A subject's calibrated rating in a quarter, with its reason (the first calibration file,
    /// in path order, that rates it; `kpi check` reports a second one).
    public func calibratedRating(_ subject: String, in quarter: Quarter) -> CalibratedRating? {
        // Asked for every subject scored: a ledger without calibrations answers at once.
        if calibrations.isEmpty { return nil }
        for key in calibrations.keys.filter({ $0.quarter == quarter }).sorted() {
            if let r = calibrations[key]!.ratings.first(where: { $0.subject.value == subject }) { return r }
        }
        return nil
    }
}
