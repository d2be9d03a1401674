import LedgerFormat

/// The messages of the checks that span files (`LedgerChecks.sections`), section by section, in
/// the order `LedgerChecks.run` reports them: the organisation's (metrics, scorecards, people
/// and teams), then the goal sheets', the record sheets', the reviews', the calibrations' and
/// the alignments'. Within a section sheets are checked in key order, quarter first, and a
/// sheet's checks read the organisation and sheets of its own quarter only: so the sections of
/// a pass over each quarter's sheets alone, joined section by section in quarter order
/// (`append`), are the whole ledger's (docs/architecture.md, "Memory").
struct CheckSections: Sendable {
    var organisation: [Diagnostic] = []
    var goalSheets: [Diagnostic] = []
    var recordSheets: [Diagnostic] = []
    var reviews: [Diagnostic] = []
    var calibrations: [Diagnostic] = []
    var alignments: [Diagnostic] = []

    /// `later`'s messages after these, section by section (a later quarter's).
    mutating func append(_ later: CheckSections) {
        organisation += later.organisation
        goalSheets += later.goalSheets
        recordSheets += later.recordSheets
        reviews += later.reviews
        calibrations += later.calibrations
        alignments += later.alignments
    }

    /// Every message, one section after the other.
    var joined: [Diagnostic] { organisation + goalSheets + recordSheets + reviews + calibrations + alignments }
}
