/// Per-subject, per-quarter files: goal sheets, record sheets and reviews.
public struct Goal: Sendable {
    public var metric: Located<String>
    public var baseline: Number?
    public var target: Number
    /// Exactly as written, for display and diffs (`45%`).
    public var baselineText: String?
    public var targetText: String
    public var weight: Number?
    public var method: ScoringMethod?
    public var core: Bool
    public var ref: SourceRef
    /// `aligns_to: TEAM/METRIC`: the goal of a team up the subject's team chain, same quarter,
    /// that this one serves (docs/review-cycle.md, "Alignment").
    public var alignsTo: Located<String>? = nil

    /// `aligns_to` split into team and metric; nil when absent or not written TEAM/METRIC.
    public var alignment: (team: String, metric: String)? {
        guard let parts = alignsTo?.value.split(separator: "/", omittingEmptySubsequences: false), parts.count == 2,
              Identifier.isValid(String(parts[0])), Identifier.isValid(String(parts[1])) else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
}

public struct BonusItem: Sendable {
    public var points: Number
    public var reason: String?
    public var ref: SourceRef
}

public struct GoalSheet: Sendable {
    public var subject: String
    public var quarter: Quarter
    public var scorecard: Located<String>?
    public var goals: [Goal]
    public var bonus: [BonusItem]
    public var path: String
    public var ref: SourceRef
    /// Where the file names its subject (the place to point at when the subject is unknown).
    public var subjectRef: SourceRef
    /// When goals were left out because their metric's file is broken: where that file's
    /// error is (the sheet's weight warnings follow from it).
    public var incompleteBecause: String? = nil
    /// Goals drafted without a target yet (`kpi suggest --draft`): listed, never scored.
    public var drafts: [DraftGoal] = []
    /// Metrics the sheet names whose file could not be parsed: those goals are left out without
    /// an error of the sheet's own (the metric's file has it).
    public var unreadMetrics: [String] = []
}

/// A goal whose `target:` is still empty, as written (docs/review-cycle.md, "Suggestions").
public struct DraftGoal: Sendable {
    public var metric: String
    public var baselineText: String?
    public var weightText: String?
    public var core: Bool
    public var ref: SourceRef
}

public struct Record: Sendable {
    public var date: Day
    public var ref: SourceRef
    public var metric: String
    public var value: Number
    public var valueText: String
    public var source: String?
    /// What few records have (a note, a correction, a check-in), kept apart: a ledger holds
    /// records by the million, and these would add 40 bytes to each (docs/architecture.md).
    private var rare: Rare?

    private final class Rare: Sendable {
        let note: String?
        let corrects: Day?
        let confidence: Int?
        private init(note: String?, corrects: Day?, confidence: Int?) {
            self.note = note
            self.corrects = corrects
            self.confidence = confidence
        }

        /// nil when the record has none of them, decided before anything is allocated.
        static func of(note: String?, corrects: Day?, confidence: Int?) -> Rare? {
            guard note != nil || corrects != nil || confidence != nil else { return nil }
            return Rare(note: note, corrects: corrects, confidence: confidence)
        }
    }

    public init(date: Day, metric: String, value: Number, valueText: String, source: String?, note: String?,
                ref: SourceRef, corrects: Day? = nil, confidence: Int? = nil) {
        self.date = date
        self.ref = ref
        self.metric = metric
        self.value = value
        self.valueText = valueText
        self.source = source
        rare = Rare.of(note: note, corrects: corrects, confidence: confidence)
    }

    public var note: String? {
        get { rare?.note }
        set { rare = Rare.of(note: newValue, corrects: corrects, confidence: confidence) }
    }
    /// `corrects: YYYY-MM-DD`: this record replaces the earlier records of its metric dated that
    /// day (docs/scoring.md, "Corrections"); nil for an ordinary record.
    public var corrects: Day? {
        get { rare?.corrects }
        set { rare = Rare.of(note: note, corrects: newValue, confidence: confidence) }
    }
    /// `confidence: 1–10`: a check-in, how likely the writer thinks the target is
    /// (docs/review-cycle.md, "Forecasts and check-ins"); nil when not given.
    public var confidence: Int? {
        get { rare?.confidence }
        set { rare = Rare.of(note: note, corrects: corrects, confidence: newValue) }
    }
}

public struct RecordSheet: Sendable {
    public var subject: String
    public var quarter: Quarter
    /// Every record as written, in file order (corrected ones too: see `corrections`).
    public var records: [Record]
    public var path: String
    public var ref: SourceRef
    /// Where the file names its subject (the place to point at when the subject is unknown).
    public var subjectRef: SourceRef
}

public struct Review: Sendable {
    public var subject: String
    public var quarter: Quarter
    public var reviewer: String?
    public var rating: String?
    public var summary: String?
    public var notes: String?
    public var path: String
    public var ref: SourceRef
    /// Where the file names its subject (the place to point at when the subject is unknown).
    public var subjectRef: SourceRef
    /// `awards: [innovation]`, proposed by the reviewer with `award_reason` (docs/review-cycle.md).
    public var awards: [Located<String>] = []
    public var awardReason: String? = nil
}

/// Key of a per-subject, per-quarter file.
public struct SheetKey: Hashable, Comparable, Sendable {
    public var subject: String
    public var quarter: Quarter
    public init(subject: String, quarter: Quarter) {
        self.subject = subject
        self.quarter = quarter
    }
    public static func < (a: SheetKey, b: SheetKey) -> Bool { (a.quarter, a.subject) < (b.quarter, b.subject) }
}
