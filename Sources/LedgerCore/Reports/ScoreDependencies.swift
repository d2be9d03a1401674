import LedgerFormat

/// Which files a score is computed from, and so which loading errors make it incomplete
/// (docs/scoring.md, "Incomplete scores"): a score from a file that did not load is never
/// shown as a number, since the missing part would silently count 0.
struct ScoreDependencies {
    let ledger: Ledger
    /// Errors by the path of the file they are in.
    let errorsByPath: [String: [Diagnostic]]
    /// Errors that leave team membership unknown: a person or team file that did not load, or
    /// loaded without its `team` / `parent` — any roll-up may be missing members.
    let membershipErrors: [Diagnostic]

    init(ledger: Ledger) {
        self.ledger = ledger
        var byPath: [String: [Diagnostic]] = [:]
        for d in ledger.diagnostics where d.severity == .error { byPath[d.path, default: []].append(d) }
        errorsByPath = byPath
        var membership: [Diagnostic] = []
        for (path, errors) in byPath.sorted(by: { $0.key < $1.key }) {
            // A linked `people` or `teams` folder (never read, docs/format.md) hides every file in it.
            if ScoreDependencies.organisationFolders.contains(path) { membership += errors; continue }
            guard case .file(let lp) = LedgerLayout.classify(path) else { continue }
            switch lp.kind {
            case .person where ledger.people[lp.id]?.team == nil: membership += errors
            case .team where ledger.teams[lp.id]?.parent == nil: membership += errors
            default: break
            }
        }
        membershipErrors = membership
        var calibrations: [Quarter: [(path: String, team: String)]] = [:]
        for path in byPath.keys.sorted() {
            guard case .file(let lp) = LedgerLayout.classify(path), lp.kind == .calibration,
                  let q = lp.quarter.flatMap(Quarter.init) else { continue }
            calibrations[q, default: []].append((path, lp.id))
        }
        brokenCalibrations = calibrations
    }

    /// Calibration files with errors, by quarter, in path order: worked out once, asked for
    /// every subject scored.
    let brokenCalibrations: [Quarter: [(path: String, team: String)]]

    static let organisationFolders: Set<String> = [LedgerLayout.folder(of: .person)!, LedgerLayout.folder(of: .team)!]

    var isEmpty: Bool { errorsByPath.isEmpty }

    /// The errors of the file or folder at `path` and of any folder on the way to it: a folder that is a
    /// symbolic link (`records/2026-Q4`) is refused as a whole, so every file in it is missing.
    func errors(at path: String) -> [Diagnostic] {
        var found = errorsByPath[path] ?? []
        var folder = Substring(path)
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            found += errorsByPath[String(folder)] ?? []
        }
        return found
    }

    /// Calibration files of `quarter` with errors that may hide `subject`'s calibrated rating: one
    /// that did not load at all (it may rate anyone), or one whose rating item for the subject (or
    /// an item without a readable subject) was refused. The quarter's folder too, when it was refused.
    func calibrationFilesLeavingUnknown(_ subject: String, quarter: Quarter) -> [String] {
        if errorsByPath.isEmpty { return [] }  // asked for every sheet scored
        let folder = "\(LedgerLayout.folder(of: .calibration)!)/\(quarter)"
        var paths = errors(at: folder).isEmpty ? [] : [folder]
        for (path, team) in brokenCalibrations[quarter] ?? [] {
            guard let calibration = ledger.calibrations[SheetKey(subject: team, quarter: quarter)], calibration.path == path else {
                paths.append(path)
                continue
            }
            if calibration.leavesUnknown(subject) { paths.append(path) }
        }
        return paths
    }

    /// Goal sheets whose file has errors: their subjects are shown (incomplete) even when the
    /// sheet did not load at all. When the quarter's goals folder itself was refused (a link),
    /// which sheets it holds is unknown: every person is shown, incomplete.
    func brokenGoalSheets(in quarter: Quarter) -> [String] {
        if !errors(at: "\(LedgerLayout.folder(of: .goals)!)/\(quarter)").isEmpty { return ledger.people.keys.sorted() }
        return errorsByPath.keys.compactMap { path in
            guard case .file(let lp) = LedgerLayout.classify(path), lp.kind == .goals, lp.quarter == quarter.description,
                  Identifier.isValid(lp.id) else { return nil }
            return lp.id
        }.sorted()
    }

    /// The errors in the files one subject's own score for `quarter` reads: ledger.yaml, its
    /// person or team file, its goal sheet, records and review, its scorecard, every metric
    /// its goals name (loaded or not) with the inputs of their formulas, and a calibration file of
    /// the quarter whose errors leave its calibrated rating unknown (the final rating counts it).
    func errors(_ subject: String, quarter: Quarter) -> [Diagnostic] {
        if errorsByPath.isEmpty { return [] }
        // The catalog folders themselves too: linked (never read), every metric and scorecard
        // is missing, whichever the sheet would have named.
        var paths = [LedgerLayout.settingsFile, LedgerLayout.folder(of: .metric)!, LedgerLayout.folder(of: .scorecard)!,
                     LedgerLayout.path(.person, id: subject), LedgerLayout.path(.team, id: subject)]
        for kind in [LedgerFileKind.goals, .records, .review] {
            paths.append(LedgerLayout.path(kind, id: subject, quarter: quarter))
        }
        let sheet = ledger.goalSheets[SheetKey(subject: subject, quarter: quarter)]
        let card = sheet?.scorecard?.value ?? ledger.people[subject]?.scorecard?.value ?? ledger.teams[subject]?.scorecard?.value
        if let card { paths.append(LedgerLayout.path(.scorecard, id: card)) }
        if let sheet {
            var pending = sheet.goals.map(\.metric.value) + sheet.unreadMetrics
            var seen: Set<String> = []
            while let m = pending.popLast() {
                guard seen.insert(m).inserted else { continue }
                paths.append(LedgerLayout.path(.metric, id: m))
                pending += ledger.metrics[m]?.formula?.metricIDs ?? []
            }
        }
        paths += calibrationFilesLeavingUnknown(subject, quarter: quarter)
        var seenPaths: Set<String> = [], seen: Set<Diagnostic> = []
        return paths.filter { seenPaths.insert($0).inserted }.flatMap { errors(at: $0) }.filter { seen.insert($0).inserted }
    }
}
