import GitStore
import LedgerFormat

/// A request refused with nothing changed: its stable code (docs/diagnostics.md) and its words
/// for the person at the keyboard. Each kind of refusal is named below with its one wording,
/// so the same refusal reads the same wherever it is thrown; a new refusal is a new function
/// here (or beside the command that alone makes it), not a string at the `throw`.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: DiagnosticCode
    public let message: String
    public var description: String { message }

    public init(_ code: DiagnosticCode, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// The one wording of a name the ledger does not define, in diagnostics and refusals alike:
/// "unknown metric 'npss'; did you mean 'nps'? (metrics/ has no such file)".
public enum Unknown {
    public static func text(_ what: String, _ id: String, among ids: some Collection<String>, in kinds: [LedgerFileKind]) -> String {
        var message = "unknown \(what) '\(id)'"
        if let g = Suggestion.closest(to: id, in: Array(ids)) { message += "; did you mean '\(g)'?" }
        return message + " (\(kinds.map { LedgerLayout.folder(of: $0)! + "/" }.joined(separator: " or ")) has no such file)"
    }

    /// A metric whose file exists but has errors is not unknown: the words point at the error.
    public static func metric(_ id: String, in ledger: Ledger) -> String {
        if let cause = ledger.brokenCause(.metric, id) { return "metric '\(id)' cannot be used: its file has an error at \(cause)" }
        return text("metric", id, among: ledger.metrics.keys, in: [.metric])
    }
    public static func subject(_ id: String, in ledger: Ledger) -> String {
        if let cause = ledger.brokenSubjectCause(id) { return "subject '\(id)' cannot be used: its file has an error at \(cause)" }
        return text("subject", id, among: Array(ledger.people.keys) + Array(ledger.teams.keys), in: [.person, .team])
    }
}

extension Refusal {
    // Names the ledger does not define.
    public static func unknownMetric(_ id: String, in ledger: Ledger) -> Refusal { Refusal(.unknownMetric, Unknown.metric(id, in: ledger)) }
    public static func unknownSubject(_ id: String, in ledger: Ledger) -> Refusal { Refusal(.unknownSubject, Unknown.subject(id, in: ledger)) }
    /// A name defined only by a file the person has not committed: writes read the tip.
    static func notCommittedYet(_ what: String, _ id: String, _ path: String) -> Refusal {
        Refusal(what == "metric" ? .unknownMetric : .unknownSubject,
                "unknown \(what) '\(id)': \(path) is not committed yet; commit it first (`kpi commit -m \"Add \(id)\"`)")
    }
    public static func unknownTeam(_ id: String, in ledger: Ledger) -> Refusal {
        Refusal(.unknownTeam, Unknown.text("team", id, among: ledger.teams.keys, in: [.team]))
    }
    public static func unknownScorecard(_ id: String, in ledger: Ledger) -> Refusal {
        Refusal(.unknownScorecard, Unknown.text("scorecard", id, among: ledger.scorecards.keys, in: [.scorecard]))
    }
    public static func unknownPerson(_ id: String, in ledger: Ledger) -> Refusal {
        Refusal(.unknownPerson, Unknown.text("person", id, among: ledger.people.keys, in: [.person]))
    }
    static func noSuchGoal(_ subject: String, _ metric: String, _ quarter: Quarter) -> Refusal {
        Refusal(.unknownGoal, "\(subject) has no \(metric) goal in \(quarter)")
    }
    public static func unknownRevision(_ revision: String) -> Refusal {
        Refusal(.unknownRevision, "unknown revision '\(revision)': give a commit id, a tag (like closed/2026-Q3), a branch or HEAD~N")
    }
    public static func unknownRange(_ range: String) -> Refusal {
        Refusal(.unknownRevision, "unknown revision or range '\(range)': give a commit id, a branch, a tag, HEAD~N or A..B")
    }

    // Values given on the command line.
    static func invalidID(_ id: String, _ what: String) -> Refusal { Refusal(.invalidID, Identifier.problem(id, what: what)) }
    static func invalidValue(_ option: String, _ text: String, for metric: String, _ why: String) -> Refusal {
        Refusal(.invalidValue, "\(option) '\(text)' is not a valid value for \(metric): \(why)")
    }
    static func invalidRecordValue(_ text: String, for metric: String, _ why: String) -> Refusal {
        Refusal(.invalidValue, "'\(text)' is not a valid value for \(metric): \(why)")
    }
    static func invalidMethod(_ m: String) -> Refusal { Refusal(.invalidValue, "'\(m)' is not a scoring method; use ratio, progress or binary") }
    public static func commitMessageNeeded() -> Refusal { Refusal(.usage, "give a commit message with -m \"...\"") }

    // Writes that would change nothing, or clash with what is there.
    static func alreadyExists(_ id: String, edit path: String) -> Refusal { Refusal(.alreadyExists, "\(id) already exists; edit \(path) to change it") }
    /// `what` says what is already so: "team ops already has these values".
    static func unchanged(_ what: String) -> Refusal { Refusal(.nothingToCommit, "\(what); nothing to commit") }
    static func noLedgerFilesChanged(leftAlone: [String]) -> Refusal {
        Refusal(.nothingToCommit, "no ledger files changed; nothing to commit"
            + (leftAlone.isEmpty ? "" : " (" + leftAlone.joined(separator: ", ") + " are not ledger files and are left alone)"))
    }
    static func lastGoalWithBonus(_ metric: String, _ path: String, _ subject: String, _ quarter: Quarter) -> Refusal {
        Refusal(.bonusWithoutGoals, "\(metric) is the last goal of \(path), which also has bonus items: remove them first (`kpi goal edit \(subject) --quarter \(quarter)`), then the goal and the sheet go together")
    }
    static func changedWhileEditing(_ path: String, _ subject: String, _ quarter: Quarter) -> Refusal {
        Refusal(.concurrentEdit, "\(path) was changed by another commit while you edited it; nothing committed: run `kpi goal edit \(subject) --quarter \(quarter)` again")
    }
    static func notALedgerFile(_ path: String) -> Refusal { Refusal(.notALedgerFile, "\(path) is not a ledger file (\(ledgerFilesAre))") }
    /// What a ledger file is, in refusals and warnings alike.
    static let ledgerFilesAre = "only ledger.yaml and the .yaml files of the ledger's folders are"

    // Records.
    static func futureDate(_ date: Day, today: Day) -> Refusal {
        Refusal(.futureRecord, "the date \(date) is after today (\(today)): an actual cannot be measured yet; check the date, or give --allow-future")
    }
    static func alreadyRecorded(_ record: String, at place: String) -> Refusal {
        Refusal(.duplicateRecord, "\(record) is already recorded at \(place); nothing recorded (recording it again would count it twice; give --allow-duplicates if it is a second measurement)")
    }
    static func correctionNeedsNote() -> Refusal { Refusal(.correctionWithoutNote, "--corrects needs --note \"why\": a correction says why it replaces the record") }
    /// `otherQuarter`: the quarter of the corrected day, when the correction's own date lies in another.
    static func nothingToCorrect(_ path: String, _ metric: String, _ day: Day, otherQuarter: Quarter? = nil) -> Refusal {
        if let q = otherQuarter {
            return Refusal(.unmatchedCorrection, "\(path) has no \(metric) record dated \(day) to correct: that day is in \(q), and a correction goes in the file of its own date's quarter; date it in \(q) too (--date \(day)), with --reopen --reason \"…\" if \(q) is closed")
        }
        return Refusal(.unmatchedCorrection, "\(path) has no \(metric) record dated \(day) to correct (a correction goes in the file of its own date's quarter, after the record it replaces)")
    }

    // Importing CSV.
    static func csvEmpty(_ name: String) -> Refusal { Refusal(.csvHeader, "\(name) is empty; it needs a header line subject,metric,date,value") }
    static func csvNoRows(_ name: String) -> Refusal { Refusal(.csvRow, "\(name) has no rows to import") }
    static func csvNotUTF16(_ name: String) -> Refusal { Refusal(.csvText, "\(name) starts like UTF-16 text but is not valid UTF-16") }
    static func csvIsBinary(_ name: String, _ kind: String) -> Refusal {
        Refusal(.csvText, "\(name) is \(kind), not CSV text; save it as \"CSV UTF-8\" (or give kpi import the .xlsx itself)")
    }
    static func csvEncodingUnknown(_ name: String) -> Refusal { Refusal(.csvText, "\(name) is neither UTF-8 nor GB18030 (GBK) text; save it as \"CSV UTF-8\"") }

    // Authority (docs/audit.md, `unauthorized_change`): thrown as `LedgerError.unauthorized`.
    static func notAManager(_ author: Signature, path: String, of subject: String) -> Refusal {
        Refusal(.unauthorized, "\(person(author)) may not change \(path): only \(subject)'s managers up the chain\(path.hasPrefix("records/") ? ", \(subject)" : "") or a ledger admin may; `kpi audit` would report it as unauthorized_change")
    }
    static func notAnAdmin(_ author: Signature, path: String) -> Refusal {
        Refusal(.unauthorized, "\(person(author)) may not change \(path): only a ledger admin (ledger.yaml admins:) may")
    }
    static func onlyAdminsClose(_ author: Signature) -> Refusal {
        Refusal(.unauthorized, "\(person(author)) is not a ledger admin (ledger.yaml admins:); only an admin closes a quarter")
    }
    private static func person(_ s: Signature) -> String { "\(s.name) <\(s.email)>" }

    // Quarters and history.
    package static func noCommits() -> Refusal { Refusal(.noCommits, "the ledger has no commits yet") }
    public static func noCommit(onOrBefore day: Day) -> Refusal { Refusal(.noCommits, "the ledger has no commit on or before \(day)") }
    static func quarterNotStarted(_ quarter: Quarter, starts: Day) -> Refusal {
        Refusal(.quarterNotStarted, "\(quarter) has not started yet (it starts on \(starts)); close a quarter after its results are in")
    }
    static func alreadyClosed(_ quarter: Quarter) -> Refusal { Refusal(.quarterClosed, "\(quarter) is already closed") }
    static func closed(_ quarter: Quarter, tag: String) -> Refusal {
        Refusal(.quarterClosed, "\(quarter) is closed (tag \(tag)); to change it anyway give --reopen --reason \"why\", which is recorded in the commit")
    }
    static func needsGit() -> Refusal { Refusal(.needsGit, "--at and --as-of need a ledger in a git repository") }
    static func bareRepository() -> Refusal { Refusal(.needsGit, "a bare repository has no files to commit") }

    // Where the ledger is.
    /// No ledger at `start`, but the repository holds some in sub-folders (`ledgers`, non-empty).
    static func ledgersBelow(_ start: String, _ ledgers: [String], workTree: String?) -> Refusal {
        let list = ledgers.prefix(5).map { $0 + "/" }.joined(separator: ", ") + (ledgers.count > 5 ? ", …" : "")
        return Refusal(.notALedger, "no ledger found at \(start) or any folder above it; this repository holds \(ledgers.count == 1 ? "a ledger" : "ledgers") in \(list): run kpi inside \(ledgers.count == 1 ? "that folder" : "one of those folders"), or name one with `kpi -C \(workTree.map { $0 + "/" } ?? "")\(ledgers[0]) …`")
    }
    static func insideLedger(_ path: String, _ outer: String) -> Refusal {
        Refusal(.alreadyALedger, "\(path) lies inside the ledger at \(outer); create the new ledger somewhere else (nothing was changed)")
    }
    static func initClashes(_ path: String, _ clashes: [String]) -> Refusal {
        Refusal(.alreadyExists, "\(path) already has \(clashes.sorted().prefix(3).joined(separator: ", ")); nothing was changed")
    }
}
