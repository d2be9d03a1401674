import LedgerFormat

/// Checks that span files: references between them, dates against quarters, weights.
enum LedgerChecks {
    /// `sheetsOnly`: the organisation's own checks are skipped (a write that changes only
    /// sheets cannot change their outcome, and its refusals are about the sheets).
    static func run(_ ledger: inout Ledger, sheetsOnly: Bool = false) {
        if !sheetsOnly {
            checkMetrics(&ledger)
            checkScorecards(&ledger)
            checkPeople(&ledger)
        }
        checkSheets(&ledger)
    }

    static func unknown(_ kind: String, _ id: String, among ids: some Collection<String>, folder: String) -> String {
        var message = "unknown \(kind) '\(id)'"
        if let g = Suggestion.closest(to: id, in: Array(ids)) { message += "; did you mean '\(g)'?" }
        return message + " (\(kind == "subject" ? "people/ or teams/" : folder + "/") has no such file)"
    }

    static func checkMetrics(_ ledger: inout Ledger) {
        var formulas: [String: Formula] = [:]
        for (id, m) in ledger.metrics {
            guard let f = m.formula else { continue }
            formulas[id] = f
            for input in f.metricIDs where ledger.metrics[input] == nil {
                ledger.report(m.ref, .error, "metric \(id): its formula names '\(input)', which is not a metric")
            }
        }
        for cycle in FormulaGraph.cycles(formulas) {
            guard let first = cycle.first, let m = ledger.metrics[first] else { continue }
            ledger.report(m.ref, .error, "metric \(first): formulas refer to each other in a circle (\(cycle.joined(separator: " → ")))")
        }
    }

    static func checkScorecards(_ ledger: inout Ledger) {
        for card in ledger.scorecards.values {
            for dim in card.dimensions {
                for m in dim.metrics where ledger.metrics[m] == nil {
                    ledger.report(dim.ref, .error, "scorecard \(card.id), dimension \(dim.id): unknown metric '\(m)'")
                }
            }
        }
    }

    static func checkPeople(_ ledger: inout Ledger) {
        let people = ledger.people, teams = ledger.teams, cards = ledger.scorecards
        for p in people.values.sorted(by: { $0.id < $1.id }) {
            if let m = p.manager, people[m.value] == nil, !ledger.isUnreadable(.person, m.value) {
                ledger.report(m.ref, .error, unknown("manager", m.value, among: people.keys, folder: "people"))
            }
            if let t = p.team, teams[t.value] == nil, !ledger.isUnreadable(.team, t.value) {
                ledger.report(t.ref, .error, unknown("team", t.value, among: teams.keys, folder: "teams"))
            }
            if let s = p.scorecard, cards[s.value] == nil, !ledger.isUnreadable(.scorecard, s.value) {
                ledger.report(s.ref, .error, unknown("scorecard", s.value, among: cards.keys, folder: "scorecards"))
            }
            // A management chain must end: a circle would make "up the chain" endless.
            var seen: Set<String> = [p.id]
            var cur = p.manager?.value
            while let c = cur, let next = people[c] {
                if seen.contains(c) {
                    if c == p.id, let m = p.manager {
                        ledger.report(m.ref, .error, "\(p.id)'s management chain comes back to \(p.id)")
                    }
                    break
                }
                seen.insert(c)
                cur = next.manager?.value
            }
        }
        for t in teams.values.sorted(by: { $0.id < $1.id }) {
            if let l = t.lead, people[l.value] == nil, !ledger.isUnreadable(.person, l.value) {
                ledger.report(l.ref, .error, unknown("person", l.value, among: people.keys, folder: "people"))
            }
            if let pa = t.parent, teams[pa.value] == nil, !ledger.isUnreadable(.team, pa.value) {
                ledger.report(pa.ref, .error, unknown("team", pa.value, among: teams.keys, folder: "teams"))
            }
            if let s = t.scorecard, cards[s.value] == nil, !ledger.isUnreadable(.scorecard, s.value) {
                ledger.report(s.ref, .error, unknown("scorecard", s.value, among: cards.keys, folder: "scorecards"))
            }
        }
    }

    static func checkSheets(_ ledger: inout Ledger) {
        let subjects = Set(ledger.people.keys).union(ledger.teams.keys)
            .union(ledger.unreadable.compactMap { $0.hasPrefix("person/") || $0.hasPrefix("team/") ? String($0.split(separator: "/")[1]) : nil })
        let fy = ledger.settings.fiscalYearStart
        for key in ledger.goalSheets.keys.sorted() {
            let sheet = ledger.goalSheets[key]!
            if !subjects.contains(sheet.subject) {
                ledger.report(sheet.subjectRef, .error, unknown("subject", sheet.subject, among: subjects, folder: "people"))
            }
            if let s = sheet.scorecard, ledger.scorecards[s.value] == nil {
                ledger.report(s.ref, .error, unknown("scorecard", s.value, among: ledger.scorecards.keys, folder: "scorecards"))
            }
            let weights = sheet.goals.compactMap(\.weight)
            if !weights.isEmpty {
                let sum = weights.reduce(Number(0), +)
                if sum != 100 {
                    ledger.report(sheet.ref, .warning, "the goal weights of \(sheet.subject) for \(sheet.quarter) add up to \(sum), not 100 (scores are normalised)")
                }
            }
            ScoringChecks.check(sheet, in: &ledger)
        }
        for key in ledger.recordSheets.keys.sorted() {
            let sheet = ledger.recordSheets[key]!
            if !subjects.contains(sheet.subject) {
                ledger.report(sheet.subjectRef, .error, unknown("subject", sheet.subject, among: subjects, folder: "people"))
            }
            let range = sheet.quarter.days(fiscalYearStart: fy)
            checkCurrencies(sheet, in: &ledger)
            for r in sheet.records {
                if !range.contains(r.date) {
                    ledger.report(r.ref, .error, "the record dated \(r.date) lies outside \(sheet.quarter) (\(range.lowerBound) to \(range.upperBound)); it belongs in records/\(Quarter.containing(r.date, fiscalYearStart: fy))/")
                }
                if let m = ledger.metrics[r.metric], m.isDerived, m.aggregate == nil {
                    ledger.report(r.ref, .error, "metric \(r.metric) is computed by its formula (\(m.formulaText ?? "")); record its inputs instead")
                }
            }
        }
        for key in ledger.reviews.keys.sorted() {
            let review = ledger.reviews[key]!
            if !subjects.contains(review.subject) {
                ledger.report(review.subjectRef, .error, unknown("subject", review.subject, among: subjects, folder: "people"))
            }
            if let reviewer = review.reviewer, ledger.people[reviewer] == nil {
                ledger.report(review.ref, .error, unknown("person", reviewer, among: ledger.people.keys, folder: "people"))
            }
        }
    }

    /// The currency a value is written in (`¥`, `$`, `USD`, `元`), "" when none is named.
    static func currency(_ text: String) -> String {
        let style = ValueStyle.of(text)
        let mark = (style.prefix + style.suffix).trimmingScalars(in: " ")
        // Names of one currency count as one (¥ and 元 are both yuan here; $ and USD are dollars).
        let same: [String: String] = ["￥": "¥", "元": "¥", "块": "¥", "RMB": "¥", "CNY": "¥", "JPY": "¥",
                                      "USD": "$", "US$": "$", "EUR": "€", "GBP": "£"]
        return same[mark] ?? mark
    }

    /// kpi does not convert currencies, so one goal's values must all be in one currency.
    static func checkCurrencies(_ sheet: RecordSheet, in ledger: inout Ledger) {
        var seen: [String: (mark: String, source: String)] = [:]
        if let goals = ledger.goalSheets[SheetKey(subject: sheet.subject, quarter: sheet.quarter)]?.goals {
            for g in goals where ledger.metrics[g.metric.value]?.unit == .currency {
                let mark = currency(g.targetText)
                if !mark.isEmpty { seen[g.metric.value] = (mark, "the goal's target \(g.targetText)") }
            }
        }
        for r in sheet.records where ledger.metrics[r.metric]?.unit == .currency {
            let mark = currency(r.valueText)
            guard !mark.isEmpty else { continue }
            if let first = seen[r.metric], first.mark != mark {
                ledger.report(r.ref, .error, "\(r.metric) value \(r.valueText) is in \(mark), but \(first.source) is in \(first.mark); kpi does not convert currencies, so write it in \(first.mark)")
            } else if seen[r.metric] == nil {
                seen[r.metric] = (mark, "the record of \(r.date) (\(r.valueText))")
            }
        }
    }
}
