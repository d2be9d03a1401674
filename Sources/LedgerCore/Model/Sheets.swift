/// Per-subject, per-quarter files: goal sheets, record sheets and reviews.
///
/// A goal is 64 bytes (was 184, then 96): a ledger holds them by the hundred thousand. Its metric
/// is an id in `NameTable` with the line and column where it is written (the goal's own file),
/// its numbers are fixed-point significands and exponents, and its target's and baseline's
/// texts as written are style bytes that write them again from the numbers (`RecordValueText`,
/// as a record's value text); a number with no fixed form, a text no style writes and an
/// `aligns_to` are kept in a shared box, absent for most (docs/architecture.md, "Model").
public struct Goal: Sendable {
    private var targetSignificand: Int64
    private var baselineSignificand: Int64
    private var weightSignificand: Int64
    private var rare: Rare?
    private var metricID: UInt32
    private var metricLine: Int32
    private var metricColumn: Int32
    public var ref: SourceRef
    private var targetExponent: Int8
    private var baselineExponent: Int8
    private var weightExponent: Int8
    /// 0 for none, else 1 + the method's place in `ScoringMethod.allCases`.
    private var methodCode: UInt8
    public var core: Bool
    private var flags: UInt8
    /// How `RecordValueText` writes the target's and the baseline's texts again; unused when the
    /// box holds the text.
    private var targetStyle: UInt8
    private var baselineStyle: UInt8

    private static let hasBaseline: UInt8 = 1, hasWeight: UInt8 = 2, wideTarget: UInt8 = 4, wideBaseline: UInt8 = 8,
                       wideWeight: UInt8 = 16, metricElsewhere: UInt8 = 32, boxedTargetText: UInt8 = 64,
                       boxedBaselineText: UInt8 = 128

    private final class Rare: Sendable {
        let target: Number?, baseline: Number?, weight: Number?
        let alignsTo: Located<String>?
        /// The metric's file, when not the goal's.
        let metricFile: Int32?
        /// The texts no style writes again (`boxedTargetText`, `boxedBaselineText`).
        let targetText: String?, baselineText: String?
        init(target: Number?, baseline: Number?, weight: Number?, alignsTo: Located<String>?, metricFile: Int32?,
             targetText: String?, baselineText: String?) {
            self.target = target
            self.baseline = baseline
            self.weight = weight
            self.alignsTo = alignsTo
            self.metricFile = metricFile
            self.targetText = targetText
            self.baselineText = baselineText
        }
    }

    /// Exactly as written, for display and diffs (`45%`).
    public var targetText: String {
        get {
            flags & Self.boxedTargetText != 0 ? rare!.targetText!
                : RecordValueText.text(significand: targetSignificand, exponent: targetExponent, style: targetStyle)
        }
        set { self = with(targetText: newValue) }
    }

    public var baselineText: String? {
        get {
            if flags & Self.boxedBaselineText != 0 { return rare!.baselineText }
            guard flags & Self.hasBaseline != 0 else { return nil }
            return RecordValueText.text(significand: baselineSignificand, exponent: baselineExponent, style: baselineStyle)
        }
        set { self = with(baselineText: .some(newValue)) }
    }

    public init(metric: Located<String>, baseline: Number?, target: Number, baselineText: String?, targetText: String,
                weight: Number?, method: ScoringMethod?, core: Bool, ref: SourceRef, alignsTo: Located<String>? = nil) {
        self.init(metricID: NameTable.metrics.id(metric.value), metricRef: metric.ref, baseline: baseline, target: target,
                  baselineText: baselineText, targetText: targetText, weight: weight, method: method, core: core, ref: ref,
                  alignsTo: alignsTo)
    }

    /// A goal whose metric is already an id in `NameTable.metrics` (what `RecordDecoder` makes).
    init(metricID: UInt32, metricRef: SourceRef, baseline: Number?, target: Number, baselineText: String?,
         targetText: String, weight: Number?, method: ScoringMethod?, core: Bool, ref: SourceRef,
         alignsTo: Located<String>? = nil) {
        self.metricID = metricID
        metricLine = metricRef.line
        metricColumn = metricRef.column
        self.ref = ref
        methodCode = method.map { UInt8(ScoringMethod.allCases.firstIndex(of: $0)! + 1) } ?? 0
        self.core = core
        var flags: UInt8 = 0
        var wide: (target: Number?, baseline: Number?, weight: Number?) = (nil, nil, nil)
        func fixed(_ n: Number, _ wideFlag: UInt8, _ keep: inout Number?) -> (Int64, Int8) {
            if case .fixed(let s, let e) = n.storage { return (s, e) }
            flags |= wideFlag
            keep = n
            return (0, 0)
        }
        /// The style that writes `text` again from the fixed number, nil when none does.
        func style(_ text: String, _ wideFlag: UInt8, _ s: Int64, _ e: Int8) -> UInt8? {
            guard flags & wideFlag == 0 else { return nil }
            var text = text
            return text.withUTF8 { RecordValueText.style(of: $0, significand: s, exponent: e) }
        }
        (targetSignificand, targetExponent) = fixed(target, Self.wideTarget, &wide.target)
        if let baseline {
            flags |= Self.hasBaseline
            (baselineSignificand, baselineExponent) = fixed(baseline, Self.wideBaseline, &wide.baseline)
        } else {
            (baselineSignificand, baselineExponent) = (0, 0)
        }
        if let weight {
            flags |= Self.hasWeight
            (weightSignificand, weightExponent) = fixed(weight, Self.wideWeight, &wide.weight)
        } else {
            (weightSignificand, weightExponent) = (0, 0)
        }
        if metricRef.file != ref.file { flags |= Self.metricElsewhere }
        var texts: (target: String?, baseline: String?) = (nil, nil)
        if let s = style(targetText, Self.wideTarget, targetSignificand, targetExponent) {
            targetStyle = s
        } else {
            targetStyle = 0
            flags |= Self.boxedTargetText
            texts.target = targetText
        }
        baselineStyle = 0
        // No baseline and no text is the usual goal; a baseline's text is kept as a style when one writes it.
        if baseline != nil || baselineText != nil {
            if baseline != nil, let text = baselineText, let s = style(text, Self.wideBaseline, baselineSignificand, baselineExponent) {
                baselineStyle = s
            } else {
                flags |= Self.boxedBaselineText
                texts.baseline = baselineText
            }
        }
        self.flags = flags
        rare = nil
        if wide.target != nil || wide.baseline != nil || wide.weight != nil || alignsTo != nil || metricRef.file != ref.file
            || flags & (Self.boxedTargetText | Self.boxedBaselineText) != 0 {
            rare = Rare(target: wide.target, baseline: wide.baseline, weight: wide.weight, alignsTo: alignsTo,
                        metricFile: metricRef.file != ref.file ? metricRef.file : nil, targetText: texts.target,
                        baselineText: texts.baseline)
        }
    }

    /// A goal `RecordDecoder` read whose target's and baseline's texts the styles `UsualValue`
    /// found write again (most goals): no text made, none checked against its number.
    init(metricID: UInt32, metricRef: SourceRef, target: UsualValue, baseline: UsualValue?, weight: Number?, ref: SourceRef) {
        var fixedWeight: (Int64, Int8)?
        if let weight, case .fixed(let s, let e) = weight.storage { fixedWeight = (s, e) }
        guard metricRef.file == ref.file, weight == nil || fixedWeight != nil else {
            func text(_ v: UsualValue) -> String {
                RecordValueText.text(significand: v.significand, exponent: v.exponent, style: v.style)
            }
            self = Goal(metricID: metricID, metricRef: metricRef, baseline: baseline?.number, target: target.number,
                        baselineText: baseline.map(text), targetText: text(target), weight: weight, method: nil, core: false,
                        ref: ref)
            return
        }
        self.metricID = metricID
        metricLine = metricRef.line
        metricColumn = metricRef.column
        self.ref = ref
        methodCode = 0
        core = false
        var flags: UInt8 = 0
        (targetSignificand, targetExponent, targetStyle) = (target.significand, target.exponent, target.style)
        if let baseline {
            flags |= Self.hasBaseline
            (baselineSignificand, baselineExponent, baselineStyle) = (baseline.significand, baseline.exponent, baseline.style)
        } else {
            (baselineSignificand, baselineExponent, baselineStyle) = (0, 0, 0)
        }
        if let fixedWeight {
            flags |= Self.hasWeight
            (weightSignificand, weightExponent) = fixedWeight
        } else {
            (weightSignificand, weightExponent) = (0, 0)
        }
        self.flags = flags
        rare = nil
    }

    private func number(_ has: UInt8, _ wide: UInt8, _ s: Int64, _ e: Int8, _ boxed: (Rare) -> Number?) -> Number? {
        guard has == 0 || flags & has != 0 else { return nil }
        if flags & wide != 0 { return boxed(rare!) }
        return Number(storage: .fixed(s, e))
    }

    /// The same goal with one field changed, made again (a setter other than the weight's).
    private func with(metric: Located<String>? = nil, baseline: Number?? = nil, target: Number? = nil,
                      baselineText: String?? = nil, targetText: String? = nil, alignsTo: Located<String>?? = nil) -> Goal {
        Goal(metric: metric ?? self.metric, baseline: baseline ?? self.baseline, target: target ?? self.target,
             baselineText: baselineText ?? self.baselineText, targetText: targetText ?? self.targetText, weight: weight,
             method: method, core: core, ref: ref, alignsTo: alignsTo ?? self.alignsTo)
    }

    /// The metric's id in `NameTable.metrics` (scoring finds the catalog's entry by it, not by its text).
    var metricNameID: UInt32 { metricID }

    public var metric: Located<String> {
        get {
            let file = flags & Self.metricElsewhere != 0 ? rare!.metricFile! : ref.file
            return Located(NameTable.metrics.name(metricID), SourceRef(file: file, line: Int(metricLine), column: Int(metricColumn)))
        }
        set { self = with(metric: newValue) }
    }

    public var target: Number {
        get { number(0, Self.wideTarget, targetSignificand, targetExponent, { $0.target })! }
        set { self = with(target: newValue) }
    }

    public var baseline: Number? {
        get { number(Self.hasBaseline, Self.wideBaseline, baselineSignificand, baselineExponent, { $0.baseline }) }
        set { self = with(baseline: .some(newValue)) }
    }

    public var weight: Number? {
        get { number(Self.hasWeight, Self.wideWeight, weightSignificand, weightExponent, { $0.weight }) }
        set {
            // Scoring sets every goal's weight: a fixed one goes in place.
            if flags & Self.wideWeight == 0, let newValue, case .fixed(let s, let e) = newValue.storage {
                flags |= Self.hasWeight
                (weightSignificand, weightExponent) = (s, e)
            } else {
                self = Goal(metric: metric, baseline: baseline, target: target, baselineText: baselineText,
                            targetText: targetText, weight: newValue, method: method, core: core, ref: ref, alignsTo: alignsTo)
            }
        }
    }

    public var method: ScoringMethod? {
        get { methodCode == 0 ? nil : ScoringMethod.allCases[Int(methodCode) - 1] }
        set { methodCode = newValue.map { UInt8(ScoringMethod.allCases.firstIndex(of: $0)! + 1) } ?? 0 }
    }

    /// `aligns_to: TEAM/METRIC`: the goal of a team up the subject's team chain, same quarter,
    /// that this one serves (docs/review-cycle.md, "Alignment").
    public var alignsTo: Located<String>? {
        get { rare?.alignsTo }
        set {
            if newValue == nil && rare?.alignsTo == nil { return }
            self = with(alignsTo: .some(newValue))
        }
    }

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

/// A subject's goals of a quarter. What few sheets have (a scorecard of their own, bonus items,
/// drafts, goals left out) is kept in a shared box: the ledger holds a sheet per subject and
/// quarter in a dictionary's buckets, 80 bytes each instead of 152 (docs/architecture.md, "Model").
public struct GoalSheet: Sendable {
    public var subject: String
    public var goals: [Goal]
    public var path: String
    private var rare: Rare?
    public var ref: SourceRef
    /// Where the file names its subject (the place to point at when the subject is unknown).
    public var subjectRef: SourceRef
    public var quarter: Quarter

    private final class Rare: Sendable {
        let scorecard: Located<String>?
        let bonus: [BonusItem]
        let incompleteBecause: String?
        let drafts: [DraftGoal]
        let unreadMetrics: [String]
        init(scorecard: Located<String>?, bonus: [BonusItem], incompleteBecause: String?, drafts: [DraftGoal],
             unreadMetrics: [String]) {
            self.scorecard = scorecard
            self.bonus = bonus
            self.incompleteBecause = incompleteBecause
            self.drafts = drafts
            self.unreadMetrics = unreadMetrics
        }

        static func of(scorecard: Located<String>?, bonus: [BonusItem], incompleteBecause: String?, drafts: [DraftGoal],
                       unreadMetrics: [String]) -> Rare? {
            guard scorecard != nil || !bonus.isEmpty || incompleteBecause != nil || !drafts.isEmpty || !unreadMetrics.isEmpty
            else { return nil }
            return Rare(scorecard: scorecard, bonus: bonus, incompleteBecause: incompleteBecause, drafts: drafts,
                        unreadMetrics: unreadMetrics)
        }
    }

    public init(subject: String, quarter: Quarter, scorecard: Located<String>?, goals: [Goal], bonus: [BonusItem],
                path: String, ref: SourceRef, subjectRef: SourceRef, incompleteBecause: String? = nil,
                drafts: [DraftGoal] = [], unreadMetrics: [String] = []) {
        self.subject = subject
        self.quarter = quarter
        self.goals = goals
        self.path = path
        self.ref = ref
        self.subjectRef = subjectRef
        rare = Rare.of(scorecard: scorecard, bonus: bonus, incompleteBecause: incompleteBecause, drafts: drafts,
                       unreadMetrics: unreadMetrics)
    }

    private mutating func rebox(scorecard: Located<String>?? = nil, bonus: [BonusItem]? = nil,
                                incompleteBecause: String?? = nil, drafts: [DraftGoal]? = nil, unreadMetrics: [String]? = nil) {
        rare = Rare.of(scorecard: scorecard ?? self.scorecard, bonus: bonus ?? self.bonus,
                       incompleteBecause: incompleteBecause ?? self.incompleteBecause, drafts: drafts ?? self.drafts,
                       unreadMetrics: unreadMetrics ?? self.unreadMetrics)
    }

    public var scorecard: Located<String>? {
        get { rare?.scorecard }
        set { rebox(scorecard: .some(newValue)) }
    }
    public var bonus: [BonusItem] {
        get { rare?.bonus ?? [] }
        set { rebox(bonus: newValue) }
    }
    /// When goals were left out because their metric's file is broken: where that file's
    /// error is (the sheet's weight warnings follow from it).
    public var incompleteBecause: String? {
        get { rare?.incompleteBecause }
        set { rebox(incompleteBecause: .some(newValue)) }
    }
    /// Goals drafted without a target yet (`kpi suggest --draft`): listed, never scored.
    public var drafts: [DraftGoal] {
        get { rare?.drafts ?? [] }
        set { rebox(drafts: newValue) }
    }
    /// Metrics the sheet names whose file could not be parsed: those goals are left out without
    /// an error of the sheet's own (the metric's file has it).
    public var unreadMetrics: [String] {
        get { rare?.unreadMetrics ?? [] }
        set { rebox(unreadMetrics: newValue) }
    }
}

/// A goal whose `target:` is still empty, as written (docs/review-cycle.md, "Suggestions").
public struct DraftGoal: Sendable {
    public var metric: String
    public var baselineText: String?
    public var weightText: String?
    public var core: Bool
    public var ref: SourceRef
}

/// One measurement as written. Records are held by the million, so a record is 40 bytes (was
/// 96): its metric id and source are ids in `NameTable`, its value is the fixed-point
/// significand and exponent, and its text as written a style byte that writes it again from the
/// value (`RecordValueText`: `42.50`, `45.3%`, `1.5万`); a value with no fixed form, a text no
/// style writes, and what few records have — a note, a correction, a check-in, a column past
/// 65,534 — are kept in a shared box, absent for most (docs/architecture.md, "Model").
public struct Record: Sendable {
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
    /// How `RecordValueText` writes the value's text again; unused when the box holds the text.
    private var textStyle: UInt8

    private final class Rare: Sendable {
        let note: String?
        let corrects: Day?
        let confidence: Int?
        let wide: Number?
        let column: Int32?
        /// The value's text, when no style writes it again.
        let text: String?
        private init(note: String?, corrects: Day?, confidence: Int?, wide: Number?, column: Int32?, text: String?) {
            self.note = note
            self.corrects = corrects
            self.confidence = confidence
            self.wide = wide
            self.column = column
            self.text = text
        }

        /// nil when the record has none of them, decided before anything is allocated.
        static func of(note: String?, corrects: Day?, confidence: Int?, wide: Number?, column: Int32?, text: String?) -> Rare? {
            guard note != nil || corrects != nil || confidence != nil || wide != nil || column != nil || text != nil
            else { return nil }
            return Rare(note: note, corrects: corrects, confidence: confidence, wide: wide, column: column, text: text)
        }
    }

    public init(date: Day, metric: String, value: Number, valueText: String, source: String?, note: String?,
                ref: SourceRef, corrects: Day? = nil, confidence: Int? = nil) {
        self.init(date: date, metricID: NameTable.metrics.id(metric), value: value, valueText: valueText,
                  sourceID: source.map { NameTable.sources.id($0) + 1 } ?? 0, note: note, ref: ref,
                  corrects: corrects, confidence: confidence)
    }

    /// A record whose metric and source are already ids in `NameTable` (`sourceID`: 1 + the id,
    /// 0 for none).
    init(date: Day, metricID: UInt32, value: Number, valueText: String, sourceID: UInt32, note: String?,
         ref: SourceRef, corrects: Day? = nil, confidence: Int? = nil) {
        var text = valueText
        self = text.withUTF8 {
            Record(date: date, metricID: metricID, value: value, valueText: $0, made: valueText, sourceID: sourceID,
                   note: note, ref: ref, corrects: corrects, confidence: confidence)
        }
    }

    /// A record whose value text is the UTF-8 bytes `valueText`: what `RecordDecoder` makes by
    /// the million, no `String` made for a text a style writes again.
    init(date: Day, metricID: UInt32, value: Number, valueText: UnsafeBufferPointer<UInt8>, sourceID: UInt32,
         ref: SourceRef) {
        self.init(date: date, metricID: metricID, value: value, valueText: valueText, made: nil, sourceID: sourceID,
                  note: nil, ref: ref, corrects: nil, confidence: nil)
    }

    /// A record whose value `UsualValue` read with the style that writes its text again (most
    /// records): nothing to check or keep but the fixed number and the style byte.
    init(date: Day, metricID: UInt32, value: UsualValue, sourceID: UInt32, ref: SourceRef) {
        guard ref.column >= 0 && ref.column < Int32(UInt16.max) else {
            self = RecordValueText.withText(significand: value.significand, exponent: value.exponent, style: value.style) {
                Record(date: date, metricID: metricID, value: value.number, valueText: $0, sourceID: sourceID, ref: ref)
            }
            return
        }
        day = date.daysSinceEpoch
        file = ref.file
        line = ref.line
        self.metricID = metricID
        self.sourceID = sourceID
        significand = value.significand
        exponent = value.exponent
        textStyle = value.style
        column = UInt16(ref.column)
        rare = nil
    }

    /// `made`: `valueText` as a `String` when the caller has one.
    private init(date: Day, metricID: UInt32, value: Number, valueText: UnsafeBufferPointer<UInt8>, made: String?,
                 sourceID: UInt32, note: String?, ref: SourceRef, corrects: Day?, confidence: Int?) {
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
        var text: String?
        if wide == nil, let style = RecordValueText.style(of: valueText, significand: significand, exponent: exponent) {
            textStyle = style
        } else {
            textStyle = 0
            text = made ?? String(decoding: valueText, as: UTF8.self)
        }
        var bigColumn: Int32?
        if ref.column >= 0 && ref.column < Int32(UInt16.max) {
            column = UInt16(ref.column)
        } else {
            column = .max
            bigColumn = ref.column
        }
        rare = Rare.of(note: note, corrects: corrects, confidence: confidence, wide: wide, column: bigColumn, text: text)
    }

    /// The same record with its box made again from these fields (each setter of a boxed field).
    private mutating func rebox(note: String?, corrects: Day?, confidence: Int?) {
        rare = Rare.of(note: note, corrects: corrects, confidence: confidence,
                       wide: significand == .min ? rare?.wide : nil, column: column == .max ? rare?.column : nil,
                       text: rare?.text)
    }

    /// The same record made again with one or more of these fields changed.
    private func with(value: Number? = nil, valueText: String? = nil, ref: SourceRef? = nil) -> Record {
        Record(date: date, metricID: metricID, value: value ?? self.value, valueText: valueText ?? self.valueText,
               sourceID: sourceID, note: note, ref: ref ?? self.ref, corrects: corrects, confidence: confidence)
    }

    public var date: Day {
        get { Day(daysSinceEpoch: day) }
        set { day = newValue.daysSinceEpoch }
    }

    public var ref: SourceRef {
        get { SourceRef(file: file, line: Int(line), column: column == .max ? Int(rare?.column ?? 0) : Int(column)) }
        set { self = with(ref: newValue) }
    }

    public var metric: String {
        get { NameTable.metrics.name(metricID) }
        set { metricID = NameTable.metrics.id(newValue) }
    }

    /// Whether the metric is the one `NameTable.metrics` names `id` (no `String` compared).
    func hasMetric(_ id: UInt32) -> Bool { metricID == id }

    public var value: Number {
        get { significand == .min ? rare!.wide! : Number(storage: .fixed(significand, exponent)) }
        set { self = with(value: newValue) }
    }

    /// Exactly as written, for display and checks (`45.3%`, `1,200`).
    public var valueText: String {
        get {
            if let text = rare?.text { return text }
            return RecordValueText.text(significand: significand, exponent: exponent, style: textStyle)
        }
        set { self = with(valueText: newValue) }
    }

    /// Whether the box holds the value's text (no style writes it again).
    var keepsValueText: Bool { rare?.text != nil }

    /// The value, its style and the ids of a record with nothing in the box (most records):
    /// what `init(date:metricID:value:sourceID:ref:)` makes the same record from again (the
    /// parsed-file cache's encoding); nil for a record with a box.
    var plain: (value: UsualValue, metricID: UInt32, sourceID: UInt32)? {
        rare == nil ? (UsualValue(significand: significand, exponent: exponent, style: textStyle), metricID, sourceID) : nil
    }

    /// The metric's and source's ids (`sourceID`: 1 + the id, 0 for none), for an encoding
    /// that names each once a file.
    var ids: (metric: UInt32, source: UInt32) { (metricID, sourceID) }

    /// The place in `RecordValueText.forms` of the form a style writes the value's text in (0:
    /// the plain form, digits, `.`, `,` and `-` only), known without writing it; nil when the box
    /// holds the text.
    var valueTextForm: Int? { rare?.text != nil ? nil : Int(textStyle >> 4) }

    /// `body` given `valueText`'s UTF-8 bytes, with no `String` made for a text a style writes
    /// again (the parsed-file cache's encoding of a cold year's records).
    func withValueText<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if var text = rare?.text { return text.withUTF8(body) }
        return RecordValueText.withText(significand: significand, exponent: exponent, style: textStyle, body)
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

/// A subject's review of a quarter; its notes and awards, which few reviews have, in a shared box.
public struct Review: Sendable {
    public var subject: String
    public var reviewer: String?
    public var rating: String?
    public var summary: String?
    public var path: String
    private var rare: Rare?
    public var ref: SourceRef
    /// Where the file names its subject (the place to point at when the subject is unknown).
    public var subjectRef: SourceRef
    public var quarter: Quarter

    private final class Rare: Sendable {
        let notes: String?
        let awards: [Located<String>]
        let awardReason: String?
        init(notes: String?, awards: [Located<String>], awardReason: String?) {
            self.notes = notes
            self.awards = awards
            self.awardReason = awardReason
        }

        static func of(notes: String?, awards: [Located<String>], awardReason: String?) -> Rare? {
            guard notes != nil || !awards.isEmpty || awardReason != nil else { return nil }
            return Rare(notes: notes, awards: awards, awardReason: awardReason)
        }
    }

    public init(subject: String, quarter: Quarter, reviewer: String?, rating: String?, summary: String?, notes: String?,
                path: String, ref: SourceRef, subjectRef: SourceRef, awards: [Located<String>] = [], awardReason: String? = nil) {
        self.subject = subject
        self.quarter = quarter
        self.reviewer = reviewer
        self.rating = rating
        self.summary = summary
        self.path = path
        self.ref = ref
        self.subjectRef = subjectRef
        rare = Rare.of(notes: notes, awards: awards, awardReason: awardReason)
    }

    public var notes: String? {
        get { rare?.notes }
        set { rare = Rare.of(notes: newValue, awards: awards, awardReason: awardReason) }
    }
    /// `awards: [innovation]`, proposed by the reviewer with `award_reason` (docs/review-cycle.md).
    public var awards: [Located<String>] {
        get { rare?.awards ?? [] }
        set { rare = Rare.of(notes: notes, awards: newValue, awardReason: awardReason) }
    }
    public var awardReason: String? {
        get { rare?.awardReason }
        set { rare = Rare.of(notes: notes, awards: awards, awardReason: newValue) }
    }
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
