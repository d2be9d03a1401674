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

/// One measurement as written. Records are held by the million, so a record is 56 bytes (was
/// 96): its metric id and source are ids in `NameTable`, its value is the fixed-point
/// significand and exponent (a value with no fixed form, and what few records have — a note, a
/// correction, a check-in, a column past 65,534 — are kept in a shared box, absent for most);
/// the text as written stays a `String`, held inline when short (docs/architecture.md, "Model").
public struct Record: Sendable {
    public var valueText: String
    /// The fixed value's significand; `Int64.min` (never a fixed significand) when the value is
    /// the box's.
    private var significand: Int64
    private var rare: Rare?
    private var day: Int32
    private var file: Int32
    private var line: Int32
    private var metricID: UInt32
    /// 1 + the source's id, 0 for none.
    private var sourceID: UInt32
    /// The column, `UInt16.max` when the box holds it.
    private var column: UInt16
    private var exponent: Int8

    private final class Rare: Sendable {
        let note: String?
        let corrects: Day?
        let confidence: Int?
        let wide: Number?
        let column: Int32?
        private init(note: String?, corrects: Day?, confidence: Int?, wide: Number?, column: Int32?) {
            self.note = note
            self.corrects = corrects
            self.confidence = confidence
            self.wide = wide
            self.column = column
        }

        /// nil when the record has none of them, decided before anything is allocated.
        static func of(note: String?, corrects: Day?, confidence: Int?, wide: Number?, column: Int32?) -> Rare? {
            guard note != nil || corrects != nil || confidence != nil || wide != nil || column != nil else { return nil }
            return Rare(note: note, corrects: corrects, confidence: confidence, wide: wide, column: column)
        }
    }

    public init(date: Day, metric: String, value: Number, valueText: String, source: String?, note: String?,
                ref: SourceRef, corrects: Day? = nil, confidence: Int? = nil) {
        self.init(date: date, metricID: NameTable.metrics.id(metric), value: value, valueText: valueText,
                  sourceID: source.map { NameTable.sources.id($0) + 1 } ?? 0, note: note, ref: ref,
                  corrects: corrects, confidence: confidence)
    }

    /// A record whose metric and source are already ids in `NameTable` (`sourceID`: 1 + the id,
    /// 0 for none): what `RecordDecoder` makes by the million.
    init(date: Day, metricID: UInt32, value: Number, valueText: String, sourceID: UInt32, note: String?,
         ref: SourceRef, corrects: Day? = nil, confidence: Int? = nil) {
        self.valueText = valueText
        day = date.daysSinceEpoch
        file = ref.file
        line = ref.line
        self.metricID = metricID
        self.sourceID = sourceID
        var wide: Number?
        if case .fixed(let s, let e) = value.storage {
            significand = s
            exponent = e
        } else {
            significand = .min
            exponent = 0
            wide = value
        }
        var bigColumn: Int32?
        if ref.column >= 0 && ref.column < Int32(UInt16.max) {
            column = UInt16(ref.column)
        } else {
            column = .max
            bigColumn = ref.column
        }
        rare = Rare.of(note: note, corrects: corrects, confidence: confidence, wide: wide, column: bigColumn)
    }

    /// The same record with its box made again from these fields (each setter of a boxed field).
    private mutating func rebox(note: String?, corrects: Day?, confidence: Int?) {
        rare = Rare.of(note: note, corrects: corrects, confidence: confidence,
                       wide: significand == .min ? rare?.wide : nil, column: column == .max ? rare?.column : nil)
    }

    public var date: Day {
        get { Day(daysSinceEpoch: day) }
        set { day = newValue.daysSinceEpoch }
    }

    public var ref: SourceRef {
        get { SourceRef(file: file, line: Int(line), column: column == .max ? Int(rare?.column ?? 0) : Int(column)) }
        set { self = Record(date: date, metricID: metricID, value: value, valueText: valueText, sourceID: sourceID,
                            note: note, ref: newValue, corrects: corrects, confidence: confidence) }
    }

    public var metric: String {
        get { NameTable.metrics.name(metricID) }
        set { metricID = NameTable.metrics.id(newValue) }
    }

    /// Whether the metric is the one `NameTable.metrics` names `id` (no `String` compared).
    func hasMetric(_ id: UInt32) -> Bool { metricID == id }

    public var value: Number {
        get { significand == .min ? rare!.wide! : Number(storage: .fixed(significand, exponent)) }
        set { self = Record(date: date, metricID: metricID, value: newValue, valueText: valueText, sourceID: sourceID,
                            note: note, ref: ref, corrects: corrects, confidence: confidence) }
    }

    public var source: String? {
        get { sourceID == 0 ? nil : NameTable.sources.name(sourceID - 1) }
        set { sourceID = newValue.map { NameTable.sources.id($0) + 1 } ?? 0 }
    }

    public var note: String? {
        get { rare?.note }
        set { rebox(note: newValue, corrects: corrects, confidence: confidence) }
    }
    /// `corrects: YYYY-MM-DD`: this record replaces the earlier records of its metric dated that
    /// day (docs/scoring.md, "Corrections"); nil for an ordinary record.
    public var corrects: Day? {
        get { rare?.corrects }
        set { rebox(note: note, corrects: newValue, confidence: confidence) }
    }
    /// `confidence: 1–10`: a check-in, how likely the writer thinks the target is
    /// (docs/review-cycle.md, "Forecasts and check-ins"); nil when not given.
    public var confidence: Int? {
        get { rare?.confidence }
        set { rebox(note: note, corrects: corrects, confidence: newValue) }
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
