/// Checks of calibration files against the organisation (docs/review-cycle.md, "Calibration"):
/// the team, attendees and rated subjects must exist; a subject is rated by one meeting a
/// quarter; rating someone outside the team is a warning (a meeting may cover more).
extension LedgerChecks {
    static func checkCalibrations(_ ledger: inout Ledger) {
        var ratedIn: [SheetKey: String] = [:]
        for key in ledger.calibrations.keys.sorted() {
            let c = ledger.calibrations[key]!
            if ledger.teams[c.team] == nil, !ledger.isUnreadable(.team, c.team) {
                ledger.report(c.ref, .unknownCalibrationTeam(c.team, among: ledger.teams.keys))
            }
            for a in c.attendees where ledger.people[a.value] == nil && !ledger.isUnreadable(.person, a.value) {
                ledger.report(a.ref, .unknown(.unknownPerson, "person", a.value, among: ledger.people.keys, in: .person))
            }
            for r in c.ratings {
                let id = r.subject.value
                guard ledger.isSubject(id) else {
                    if !ledger.isUnreadable(.person, id), !ledger.isUnreadable(.team, id) {
                        ledger.report(r.subject.ref, .unknown(.unknownSubject, "person or team", id, among: Array(ledger.people.keys) + ledger.teams.keys, in: .person, .team))
                    }
                    continue
                }
                if ledger.teams[c.team] != nil, !isWithin(id, team: c.team, ledger) {
                    ledger.report(r.subject.ref, .calibratedOutsideTeam(id, team: c.team))
                }
                let subjectKey = SheetKey(subject: id, quarter: c.quarter)
                if let first = ratedIn[subjectKey] {
                    ledger.report(r.subject.ref, .calibratedTwice(id, c.quarter, in: first))
                } else {
                    ratedIn[subjectKey] = c.path
                }
            }
        }
    }

    /// Whether a person or team lies in `team` or below it.
    static func isWithin(_ id: String, team: String, _ ledger: Ledger) -> Bool {
        var current = ledger.people[id]?.team?.value ?? (ledger.teams[id] != nil ? id : nil)
        var seen: Set<String> = []
        while let t = current, seen.insert(t).inserted {
            if t == team { return true }
            current = ledger.teams[t]?.parent?.value
        }
        return false
    }
}

extension Finding {
    static func unknownCalibrationTeam(_ team: String, among teams: some Collection<String>) -> Finding {
        Finding(.error, .unknownTeam, Unknown.text("team", team, among: teams, in: [.team]) + "; a calibration file is named for the team whose meeting it records")
    }
    static func calibratedOutsideTeam(_ id: String, team: String) -> Finding {
        Finding(.warning, .calibratedOutsideTeam, "\(id) is not in team \(team) or a team below it")
    }
    static func calibratedTwice(_ id: String, _ quarter: Quarter, in first: String) -> Finding {
        Finding(.error, .calibratedTwice, "\(id) is already calibrated for \(quarter) in \(first); one meeting settles a rating")
    }
}
