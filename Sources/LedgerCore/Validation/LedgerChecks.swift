import LedgerFormat

/// Checks that span files: references between them, dates against quarters, weights.
enum LedgerChecks {
    /// `sheetsOnly`: the organisation's own checks are skipped (a write that changes only
    /// sheets cannot change their outcome, and its refusals are about the sheets).
    static func run(_ ledger: inout Ledger, sheetsOnly: Bool = false) {
        ledger.diagnostics += sections(ledger, sheetsOnly: sheetsOnly).joined
    }

    /// `run`'s messages, section by section (`CheckSections`: a pass over each quarter's sheets
    /// alone gives that quarter's part of each section).
    static func sections(_ ledger: Ledger, sheetsOnly: Bool = false) -> CheckSections {
        var out = CheckSections()
        // Each check reports into a copy of the ledger whose messages are then its section's.
        var checked = ledger
        func section(_ check: (inout Ledger) -> Void) -> [Diagnostic] {
            checked.diagnostics = []
            check(&checked)
            return checked.diagnostics
        }
        if !sheetsOnly {
            out.organisation = section { checkMetrics(&$0); checkScorecards(&$0); checkPeople(&$0) }
        }
        (out.goalSheets, out.recordSheets) = checkSheets(ledger)
        out.reviews = section(checkReviews)
        if !ledger.calibrations.isEmpty { out.calibrations = section(checkCalibrations) }
        // A write of sheets reads the teams' goal sheets of its quarter too (LedgerStore), so
        // the goal aligned to is loaded when it exists.
        out.alignments = section(checkAlignments)
        return out
    }

    static func checkMetrics(_ ledger: inout Ledger) {
        var formulas: [String: Formula] = [:]
        for (id, m) in ledger.metrics {
            guard let f = m.formula else { continue }
            formulas[id] = f
            for input in f.metricIDs where ledger.metrics[input] == nil {
                ledger.report(m.ref, .unknownFormulaInput(id, input, in: ledger),
                              causedBy: ledger.brokenCause(.metric, input))
            }
        }
        for cycle in FormulaGraph.cycles(formulas) {
            guard let first = cycle.first, let m = ledger.metrics[first] else { continue }
            ledger.report(m.ref, .formulaCycle(cycle))
        }
    }

    static func checkScorecards(_ ledger: inout Ledger) {
        for card in ledger.scorecards.values {
            for dim in card.dimensions {
                for m in dim.metrics where ledger.metrics[m] == nil {
                    ledger.report(dim.ref, .unknownDimensionMetric(card.id, dim.id, m, in: ledger),
                                  causedBy: ledger.brokenCause(.metric, m))
                }
            }
        }
    }

    static func checkPeople(_ ledger: inout Ledger) {
        let people = ledger.people, teams = ledger.teams, cards = ledger.scorecards
        // The people (then the teams) whose chain is known to end (`loopLength`).
        var ends: Set<String> = []
        // Sorted by id as places in an array of them (a person or team moved at every step of a
        // sort of them was most of this check); the same order, the sort being stable.
        let everyone = Array(people.values)
        for i in everyone.indices.sorted(by: { everyone[$0].id < everyone[$1].id }) {
            let p = everyone[i]
            checkReference(p.manager, "manager", to: .person, defined: people, in: &ledger)
            checkReference(p.team, "team", to: .team, defined: teams, in: &ledger)
            checkReference(p.scorecard, "scorecard", to: .scorecard, defined: cards, in: &ledger)
            // A management chain must end: a circle would make "up the chain" endless.
            if let m = p.manager, loopLength(from: p.id, up: { people[$0]?.manager?.value }, ends: &ends) != nil {
                ledger.report(m.ref, .managementCycle(p.id))
            }
        }
        ends = []
        let allTeams = Array(teams.values)
        for i in allTeams.indices.sorted(by: { allTeams[$0].id < allTeams[$1].id }) {
            let t = allTeams[i]
            checkReference(t.lead, "person", to: .person, defined: people, in: &ledger)
            checkReference(t.parent, "team", to: .team, defined: teams, in: &ledger)
            checkReference(t.scorecard, "scorecard", to: .scorecard, defined: cards, in: &ledger)
            // Roll-ups, alignment and authority walk up the parent chain: a circle has no top.
            if let pa = t.parent, let length = loopLength(from: t.id, up: { teams[$0]?.parent?.value }, ends: &ends) {
                ledger.report(pa.ref, .teamCycle(t.id, through: length))
            }
        }
    }

    /// A person's or team's reference (`manager:`, `lead:`, `team:`, `parent:`, `scorecard:`) to
    /// an id of `kind` that no file in `defined` holds; none when that file is there but
    /// unreadable (its own error says why). A scorecard its own errors left out is named as the
    /// cause.
    static func checkReference<Entity>(_ ref: Located<String>?, _ what: String, to kind: LedgerFileKind,
                                       defined: [String: Entity], in ledger: inout Ledger) {
        guard let ref, defined[ref.value] == nil, !ledger.isUnreadable(kind, ref.value) else { return }
        let code: DiagnosticCode
        switch kind {
        case .person: code = .unknownPerson
        case .team: code = .unknownTeam
        default: code = .unknownScorecard
        }
        ledger.report(ref.ref, .unknown(code, what, ref.value, among: defined.keys, in: kind),
                      causedBy: kind == .scorecard ? ledger.brokenCause(.scorecard, ref.value) : nil)
    }

    /// Following `up` from `start` (a person's manager, a team's parent; nil where the chain
    /// ends or names no one): how many ids the chain holds when it comes back to `start`, or
    /// nil when it ends, or loops without `start` (that loop is reported at its own members).
    /// `ends` holds ids whose chain is known to end: a chain reaching one ends without being
    /// followed further, and a chain found to end adds its ids (each chain walked once, not once
    /// for each id on it).
    static func loopLength(from start: String, up: (String) -> String?, ends: inout Set<String>) -> Int? {
        var current = up(start)
        // Most chains reach a known end at once: no set made for them.
        if current.map(ends.contains) ?? true {
            ends.insert(start)
            return nil
        }
        var seen: Set<String> = [start]
        while let c = current {
            if ends.contains(c) { break }
            if seen.contains(c) { return c == start ? seen.count : nil }
            seen.insert(c)
            current = up(c)
        }
        ends.formUnion(seen)
        return nil
    }

    /// The ids a sheet's subject may be: the people and teams, readable or not.
    static func subjects(_ ledger: Ledger) -> Set<String> {
        Set(ledger.people.keys).union(ledger.teams.keys)
            .union(ledger.unreadable.compactMap { $0.hasPrefix("person/") || $0.hasPrefix("team/") ? String($0.split(separator: "/")[1]) : nil })
    }

    /// Whether `id` is in `subjects(ledger)`, without making that set (a write checks a sheet or
    /// two against every person: the set is made only to suggest a name for an unknown one).
    static func isSubject(_ id: String, _ ledger: Ledger) -> Bool {
        ledger.isSubject(id) || (!ledger.unreadable.isEmpty && (ledger.unreadable.contains("person/" + id) || ledger.unreadable.contains("team/" + id)))
    }

    /// The goal sheets' messages and the record sheets'.
    static func checkSheets(_ ledger: Ledger) -> (goals: [Diagnostic], records: [Diagnostic]) {
        let fy = ledger.settings.fiscalYearStart
        // Looked up once: sheets ask of every goal and record whether its metric is in currency.
        let currencyMetrics = Set(ledger.metrics.values.filter { $0.unit == .currency }.map(\.id))
        // Looked up per record only when the catalog has such metrics (records come by the million).
        let computedOnly = ledger.metrics.values.contains { $0.isDerived && $0.aggregate == nil }
        let currencies = !currencyMetrics.isEmpty
        // Their ids, as records hold them (a metric no record names has none).
        let currencyIDs = currencyMetrics.compactMap { NameTable.metrics.existingID($0) }
        // A sheet's checks read the ledger and report about that sheet only: batches of sheets
        // are checked on every core, each into its own copy's messages, and the messages put
        // in the order of checking one sheet after the other.
        let base = { var copy = ledger; copy.diagnostics = []; return copy }()
        let ltvCacID = NameTable.metrics.existingID(ScoringChecks.ltvCac)
        // The sheets walked in key order by their places (no key looked up).
        let goalKeys = ledger.goalSheets.sortedPlaces()
        let goalMessages = inBatches(goalKeys.count) { range in
            var ledger = base
            for (_, place) in goalKeys[range] {
                let sheet = ledger.goalSheets.sheet(at: place)
                if !isSubject(sheet.subject, ledger) {
                    ledger.report(sheet.subjectRef, .unknown(.unknownSubject, "subject", sheet.subject, among: subjects(ledger), in: .person, .team))
                }
                if let s = sheet.scorecard, ledger.scorecards[s.value] == nil {
                    ledger.report(s.ref, .unknown(.unknownScorecard, "scorecard", s.value, among: ledger.scorecards.keys, in: .scorecard), causedBy: ledger.brokenCause(.scorecard, s.value))
                }
                // Goals without a weight share what the others leave of 100, so the sum is off only
                // when every goal has a weight, or the given ones already pass 100.
                // Summed in place, once for both checks (no array of the weights per sheet, no goal
                // copied out).
                var weighted = 0
                var sum = Number(0)
                for i in sheet.goals.indices { if let w = sheet.goals[i].weight { weighted += 1; sum += w } }
                if weighted > 0, weighted == sheet.goals.count ? sum != 100 : sum > 100 {
                    ledger.report(sheet.ref, .weightsNot100(sheet.subject, sheet.quarter, sum: sum),
                                  causedBy: sheet.incompleteBecause)
                }
                checkZeroWeights(sheet, given: sum, in: &ledger)
                ScoringChecks.check(sheet, ltvCacID: ltvCacID, in: &ledger)
                checkCurrencies(sheet, currencyMetrics: currencyMetrics, in: &ledger)
            }
            return ledger.diagnostics
        }
        let recordKeys = ledger.recordSheets.sortedPlaces()
        let recordMessages = inBatches(recordKeys.count) { range in
            var ledger = base
            var marks = CurrencyMarks()
            for (_, place) in recordKeys[range] {
                let sheet = ledger.recordSheets.sheet(at: place)
                if !isSubject(sheet.subject, ledger) {
                    ledger.report(sheet.subjectRef, .unknown(.unknownSubject, "subject", sheet.subject, among: subjects(ledger), in: .person, .team))
                }
                let range = sheet.quarter.days(fiscalYearStart: fy)
                if currencies { checkCurrencies(sheet, currencyMetrics: currencyMetrics, ids: currencyIDs, marks: &marks, in: &ledger) }
                // Each record's date read in place: only a record that may have a problem is
                // handed on (a copy of each retained and released its box: 100,000s a ledger).
                sheet.records.withUnsafeBufferPointer { records in
                    for i in records.indices where computedOnly || !range.contains(records[i].date) {
                        for f in recordProblems(records[i], quarter: sheet.quarter, range: range, computed: computedOnly, ledger) {
                            ledger.report(records[i].ref, f)
                        }
                    }
                }
            }
            return ledger.diagnostics
        }
        return (Array(goalMessages.joined()), Array(recordMessages.joined()))
    }

    static func checkReviews(_ ledger: inout Ledger) {
        // Each review checked where it stands (no keys sorted, none looked up: a review a file);
        // the few with a problem are reported in the order of their keys.
        var found: [SheetKey] = []
        for (key, review) in ledger.reviews
        where !isSubject(review.subject, ledger) || review.reviewer.map({ ledger.people[$0] == nil }) == true {
            found.append(key)
        }
        for key in found.sorted() {
            let review = ledger.reviews[key]!
            if !isSubject(review.subject, ledger) {
                ledger.report(review.subjectRef, .unknown(.unknownSubject, "subject", review.subject, among: subjects(ledger), in: .person, .team))
            }
            if let reviewer = review.reviewer, ledger.people[reviewer] == nil {
                ledger.report(review.ref, .unknown(.unknownPerson, "person", reviewer, among: ledger.people.keys, in: .person))
            }
        }
    }

    /// `check` of the index ranges of `count` items, a batch at a time on every core, results
    /// in order.
    static func inBatches(_ count: Int, batch: Int = 64, _ check: @Sendable (Range<Int>) -> [Diagnostic]) -> [[Diagnostic]] {
        let starts = Array(stride(from: 0, to: count, by: batch))
        return Parallel.map(starts, minimumItems: 2) { check($0..<min($0 + batch, count)) }
    }

    /// A record's problems of its own in its quarter's file (`range`: the quarter's days): a date
    /// outside the quarter, a computed metric.
    /// `computed`: whether the catalog has a computed metric at all (else no look-up per record).
    static func recordProblems(_ r: Record, quarter: Quarter, range: ClosedRange<Day>, computed: Bool = true, _ ledger: Ledger) -> [Finding] {
        var out: [Finding] = []
        if !range.contains(r.date) {
            out.append(.recordOutsideQuarter(r.date, quarter, range, belongsIn: Quarter.containing(r.date, fiscalYearStart: ledger.settings.fiscalYearStart)))
        }
        if computed, let m = ledger.metrics[r.metric], m.isDerived, m.aggregate == nil {
            out.append(.computedMetricRecorded(r.metric, formula: m.formulaText ?? ""))
        }
        return out
    }

    /// A goal whose weight is 0, written or left over (goals without a weight share what the
    /// weighted ones leave of 100: nothing once they reach 100), counts nothing in the score.
    /// `given`: the sum of the weights written.
    static func checkZeroWeights(_ sheet: GoalSheet, given: Number, in ledger: inout Ledger) {
        // Each goal's weight read in place: only a goal reported is copied out.
        for i in sheet.goals.indices {
            if let w = sheet.goals[i].weight, w.isZero {
                let g = sheet.goals[i]
                ledger.report(g.ref, .zeroWeight(g.metric.value, sheet.subject, sheet.quarter))
            } else if sheet.goals[i].weight == nil, given >= 100 {
                let g = sheet.goals[i]
                ledger.report(g.ref, .leftWithZeroWeight(g.metric.value, sheet.subject, sheet.quarter, othersAddUpTo: given))
            }
        }
    }

    /// The currency a value is written in (`¥`, `$`, `USD`, `元`), "" when none is named.
    static func currency(_ text: String) -> String {
        // Most values are plain numbers: no mark to look for.
        if isPlainNumber(text) { return "" }
        let style = ValueStyle.of(text)
        let mark = (style.prefix + style.suffix).trimmingScalars(in: " ")
        return sameCurrency[mark] ?? mark
    }

    static func isPlainNumber(_ text: String) -> Bool { text.utf8.allSatisfy(isPlainNumberByte) }

    /// A byte a plain number is written with: a digit, `.`, `,` or `-`.
    static func isPlainNumberByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: ".") || b == UInt8(ascii: ",") || b == UInt8(ascii: "-")
    }

    /// Names of one currency count as one (¥ and 元 are both yuan here; $ and USD are dollars).
    static let sameCurrency: [String: String] = ["￥": "¥", "元": "¥", "块": "¥", "RMB": "¥", "CNY": "¥", "JPY": "¥",
                                                 "USD": "$", "US$": "$", "EUR": "€", "GBP": "£"]

    /// A currency value in a list checked for one currency: its metric, its text as written and
    /// where it is written (`path:line:column`, or a CSV row).
    struct CurrencyEntry {
        var metric: String
        var text: String
        var place: String
    }

    /// The currency a goal names (its target's, else its baseline's), by metric.
    static func goalCurrencies(_ key: SheetKey, _ ledger: Ledger) -> [String: (mark: String, what: String)] {
        var out: [String: (mark: String, what: String)] = [:]
        for g in ledger.goalSheets[key]?.goals ?? [] where ledger.metrics[g.metric.value]?.unit == .currency {
            for (field, text) in [("target", g.targetText), ("baseline", g.baselineText)] {
                guard let text, case let mark = currency(text), !mark.isEmpty else { continue }
                out[g.metric.value] = (mark, "the goal's \(field) \(text) at \(place(g.ref, ledger))")
                break
            }
        }
        return out
    }

    /// kpi does not convert currencies, so one goal's values must all be in one currency: the
    /// records of a currency metric for one subject and quarter either all name the same
    /// currency or none do (`999.6万` beside `$1.2M` would add dollars to yuan), and a currency
    /// the goal names is the only one its records may name. Returns each entry's problem, by
    /// index. See docs/scoring.md.
    static func currencyProblems(_ entries: [CurrencyEntry], goals: [String: (mark: String, what: String)],
                                 subject: String, quarter: Quarter) -> [(index: Int, message: String)] {
        var check = CurrencyCheck(goals: goals, subject: subject, quarter: quarter)
        return entries.enumerated().compactMap { i, e in check.problem(e).map { (i, $0) } }
    }

    /// `currencyProblems` one entry at a time, in order (a file read in parts: docs/reliability.md).
    struct CurrencyCheck {
        let goals: [String: (mark: String, what: String)]
        let subject: String
        let quarter: Quarter
        /// The first entry of each metric that agrees with its goal, and its currency.
        private var first: [String: (mark: String, entry: CurrencyEntry)] = [:]

        init(goals: [String: (mark: String, what: String)], subject: String, quarter: Quarter) {
            self.goals = goals
            self.subject = subject
            self.quarter = quarter
        }

        /// The currency of each text around its digits (`$` … ` USD`): a large file's values differ
        /// in their digits only, so each mark is worked out once.
        private var marks = CurrencyMarks()

        /// The problem of the next entry, if any.
        mutating func problem(_ e: CurrencyEntry) -> String? {
            problem(metric: e.metric, text: e.text, place: e.place)
        }

        /// The same, with the entry's place worked out only when a message or a first entry needs it.
        mutating func problem(metric: String, text: String, place: @autoclosure () -> String) -> String? {
            let mark = mark(text)
            if let goal = goals[metric], !mark.isEmpty, mark != goal.mark {
                return Finding.currencyUnlikeGoal(CurrencyEntry(metric: metric, text: text, place: place()), mark, goal: goal).message
            }
            guard let (firstMark, earlier) = first[metric] else {
                first[metric] = (mark, CurrencyEntry(metric: metric, text: text, place: place()))
                return nil
            }
            guard mark != firstMark else { return nil }
            return Finding.currencyUnlikeRecord(CurrencyEntry(metric: metric, text: text, place: place()), mark, earlier, firstMark,
                                                subject: subject, quarter: quarter).message
        }

        private mutating func mark(_ text: String) -> String { marks.of(text) }
    }

    /// `currency(text)`, each text's worked out once by what surrounds its digits.
    struct CurrencyMarks {
        private var known: [String: String] = [:]
        /// The bytes before the first digit and after the last of the last text answered from
        /// `known`, and its answer: a file's values are written alike (`70.9万`, `58.7万`), so
        /// most texts are answered by comparing a few bytes, with no key made and hashed.
        private var lastHead: [UInt8] = [], lastTail: [UInt8] = [], lastAnswer: String?

        /// `currency(text)`: for a text that is not a plain number, it depends only on the text
        /// before the first digit and after the last (`ValueStyle.of`).
        mutating func of(_ text: String) -> String {
            if let answer = lastAnswer, sameMarks(text) { return answer }
            return ofText(text)
        }

        /// Whether `text` has a digit, is not a plain number, and has the last text's marks.
        private func sameMarks(_ text: String) -> Bool {
            var text = text
            return text.withUTF8 { u -> Bool in
                guard let a = u.firstIndex(where: { $0 >= 48 && $0 <= 57 }), let b = u.lastIndex(where: { $0 >= 48 && $0 <= 57 }),
                      a == lastHead.count, u.count - b - 1 == lastTail.count else { return false }
                for i in 0..<a where u[i] != lastHead[i] { return false }
                for i in 0..<lastTail.count where u[b + 1 + i] != lastTail[i] { return false }
                // The head and tail are those of a text that is not a plain number; the digits
                // between may still be all a plain number is (`1,5` after `$`): asked as before.
                return !u.allSatisfy(LedgerChecks.isPlainNumberByte)
            }
        }

        private mutating func ofText(_ text: String) -> String {
            let u = text.utf8
            guard !LedgerChecks.isPlainNumber(text), let a = u.firstIndex(where: { $0 >= 48 && $0 <= 57 }), let b = u.lastIndex(where: { $0 >= 48 && $0 <= 57 }) else {
                return currency(text)
            }
            let key = String(text[..<a]) + "\u{0}" + String(text[u.index(after: b)...])
            let found: String
            if let hit = known[key] { found = hit } else {
                found = currency(text)
                known[key] = found
            }
            (lastHead, lastTail, lastAnswer) = (Array(u[..<a]), Array(u[u.index(after: b)...]), found)
            return found
        }
    }

    /// `currencyMetrics`: the ids of the catalog's currency metrics; `ids`: theirs in
    /// `NameTable.metrics`.
    static func checkCurrencies(_ sheet: RecordSheet, currencyMetrics: Set<String>, ids: [UInt32], marks: inout CurrencyMarks,
                                in ledger: inout Ledger) {
        // Records that name no currency cannot disagree with each other or with a goal's. The
        // metric is asked first (by its id: no name looked up), so only a currency metric's
        // records have their text written again; a plain number names no currency.
        guard sheet.records.contains(where: { r in
            guard ids.contains(where: { r.hasMetric($0) }) else { return false }
            // A text written in the plain form is a plain number: known from its style, unwritten.
            if r.valueTextForm == 0 { return false }
            let text = r.valueText
            return !isPlainNumber(text) && !marks.of(text).isEmpty
        }) else { return }
        let records = sheet.records.filter { currencyMetrics.contains($0.metric) }
        let entries = records.map { CurrencyEntry(metric: $0.metric, text: $0.valueText, place: place($0.ref, ledger)) }
        let goals = goalCurrencies(SheetKey(subject: sheet.subject, quarter: sheet.quarter), ledger)
        for (i, message) in currencyProblems(entries, goals: goals, subject: sheet.subject, quarter: sheet.quarter) {
            ledger.report(records[i].ref, Finding(.error, .mixedCurrencies, message))
        }
    }

    /// A goal's target and baseline name one currency (or one of them none).
    static func checkCurrencies(_ sheet: GoalSheet, currencyMetrics: Set<String>, in ledger: inout Ledger) {
        // A goal without a baseline has nothing to compare (most goals): asked before its metric.
        for g in sheet.goals {
            guard let baseline = g.baselineText, currencyMetrics.contains(g.metric.value) else { continue }
            let t = currency(g.targetText), b = currency(baseline)
            if !t.isEmpty, !b.isEmpty, t != b {
                ledger.report(g.ref, .targetAndBaselineCurrencies(g.metric.value, target: g.targetText, t, baseline: baseline, b))
            }
        }
    }

    /// `path:line:column` of a place, for messages that point at a second place.
    static func place(_ ref: SourceRef, _ ledger: Ledger) -> String {
        let p = ledger.position(of: ref)
        return "\(ledger.path(of: ref)):\(p.line):\(p.column)"
    }
}

extension Finding {
    // Metrics and scorecards.
    static func unknownFormulaInput(_ metric: String, _ input: String, in ledger: Ledger) -> Finding {
        Finding(.error, .unknownMetric, "metric \(metric), formula: " + Unknown.metric(input, in: ledger))
    }
    static func formulaCycle(_ cycle: [String]) -> Finding {
        Finding(.error, .formulaCycle, "metric \(cycle[0]): formulas refer to each other in a circle (\(cycle.joined(separator: " → ")))")
    }
    static func unknownDimensionMetric(_ card: String, _ dimension: String, _ metric: String, in ledger: Ledger) -> Finding {
        Finding(.error, .unknownMetric, "scorecard \(card), dimension \(dimension): " + Unknown.metric(metric, in: ledger))
    }

    // People and teams.
    static func managementCycle(_ person: String) -> Finding {
        Finding(.error, .managementCycle, "\(person)'s management chain comes back to \(person)")
    }
    /// `length`: how many teams the circle has.
    static func teamCycle(_ team: String, through length: Int) -> Finding {
        Finding(.error, .teamCycle, length == 1 ? "team \(team) is its own parent team" : "team \(team)'s chain of parent teams comes back to \(team)")
    }

    // Sheets.
    static func weightsNot100(_ subject: String, _ quarter: Quarter, sum: Number) -> Finding {
        Finding(.warning, .weightsNot100, "the goal weights of \(subject) for \(quarter) add up to \(sum), not 100 (scores are normalised)")
    }
    static func zeroWeight(_ metric: String, _ subject: String, _ quarter: Quarter) -> Finding {
        Finding(.warning, .zeroWeight, "the \(metric) goal of \(subject) for \(quarter) has weight 0, so it counts nothing in the score")
    }
    static func leftWithZeroWeight(_ metric: String, _ subject: String, _ quarter: Quarter, othersAddUpTo given: Number) -> Finding {
        Finding(.warning, .zeroWeight, "the \(metric) goal of \(subject) for \(quarter) has no weight and the other goals' weights already add up to \(given), so it is left with weight 0 and counts nothing in the score; give it a weight")
    }
    static func recordOutsideQuarter(_ date: Day, _ quarter: Quarter, _ range: ClosedRange<Day>, belongsIn right: Quarter) -> Finding {
        Finding(.error, .wrongFolder, "the record dated \(date) lies outside \(quarter) (\(range.lowerBound) to \(range.upperBound)); it belongs in records/\(right)/")
    }
    static func computedMetricRecorded(_ metric: String, formula: String) -> Finding {
        Finding(.error, .computedMetricRecorded, "metric \(metric) is computed by its formula (\(formula)); record its inputs instead")
    }

    // Currencies (docs/scoring.md).
    static func currencyUnlikeGoal(_ e: LedgerChecks.CurrencyEntry, _ mark: String, goal: (mark: String, what: String)) -> Finding {
        Finding(.error, .mixedCurrencies, "\(e.metric) value \(e.text) is in \(mark), but \(goal.what) is in \(goal.mark); kpi does not convert currencies, so write it in \(goal.mark)")
    }
    static func currencyUnlikeRecord(_ e: LedgerChecks.CurrencyEntry, _ mark: String, _ earlier: LedgerChecks.CurrencyEntry, _ firstMark: String,
                                     subject: String, quarter: Quarter) -> Finding {
        let mine = mark.isEmpty ? "names no currency" : "is in \(mark)"
        let theirs = firstMark.isEmpty ? "names no currency" : "is in \(firstMark)"
        return Finding(.error, .mixedCurrencies, "\(e.metric) value \(e.text) \(mine), but the \(e.metric) record at \(earlier.place) (\(earlier.text)) \(theirs); kpi does not convert currencies, so write every \(e.metric) record of \(subject) for \(quarter) in one currency, or none in any")
    }
    static func targetAndBaselineCurrencies(_ metric: String, target: String, _ t: String, baseline: String, _ b: String) -> Finding {
        Finding(.error, .mixedCurrencies, "\(metric): the target \(target) is in \(t) but the baseline \(baseline) is in \(b); kpi does not convert currencies, so write both in one")
    }
}
