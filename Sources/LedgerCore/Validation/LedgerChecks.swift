import LedgerFormat

/// Checks that span files: references between them, dates against quarters, weights.
enum LedgerChecks {
    static func run(_ ledger: inout Ledger) {
        checkMetrics(&ledger)
        checkScorecards(&ledger)
        checkPeople(&ledger)
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
                ledger.report(sheet.ref, .error, unknown("subject", sheet.subject, among: subjects, folder: "people"))
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
                ledger.report(sheet.ref, .error, unknown("subject", sheet.subject, among: subjects, folder: "people"))
            }
            let range = sheet.quarter.days(fiscalYearStart: fy)
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
                ledger.report(review.ref, .error, unknown("subject", review.subject, among: subjects, folder: "people"))
            }
            if let reviewer = review.reviewer, ledger.people[reviewer] == nil {
                ledger.report(review.ref, .error, unknown("person", reviewer, among: ledger.people.keys, folder: "people"))
            }
        }
    }
}
