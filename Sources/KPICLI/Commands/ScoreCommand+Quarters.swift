import Foundation
import GitStore
import LedgerCore

extension ScoreCommand {
    /// The scores of a ledger of many files loaded a quarter at a time (`LedgerSnapshot.
    /// quarterSheets`; docs/architecture.md, "Memory"): git's status and the report key settled
    /// first, then each quarter of the period scored from the organisation, every message and
    /// that quarter's sheets alone, read back from the parsed-file cache, written (JSON) or
    /// collected, and let go before the next quarter's are read. The same bytes as a whole
    /// ledger's report (`QuarterAtATimeScoreTests`).
    func scoreByQuarter(_ snap: LedgerSnapshot, _ sheets: QuarterSheets, format: ExportFormat, uncommitted: PendingUncommitted?) throws {
        defer { sheets.letGo() }
        let organisation = snap.ledger
        try Self.settle(snap, uncommitted: uncommitted)
        let today = revision.today
        let quarters = try period.quarters(organisation, today: today)
        try PeriodOptions.checkSubjects(subjects, in: organisation)
        let explaining = explain && format == .table, subjects = subjects.isEmpty ? nil : subjects, forecast = forecast
        let revision = snap.revision
        @Sendable func scores(_ ledger: Ledger, _ quarters: [Quarter]) -> ScoreStream {
            Scorer(ledger: ledger, explaining: explaining).stream(quarters: quarters, subjects: subjects, revision: revision,
                                                                  today: today, forecast: forecast)
        }
        @Sendable func quarter(_ q: Quarter) throws -> ScoreStream {
            scores(try sheets.ledger(of: q, organisation: organisation), [q])
        }
        // The head reads the settings alone. Whether every score is complete is known before
        // any is scored only from the sheets when the ledger has errors: then each quarter's
        // are read once more to tell (a ledger without errors has every score complete).
        let head = scores(organisation, quarters).head
        var complete = true
        if organisation.hasErrors {
            for q in quarters where complete { complete = try quarter(q).isComplete }
        }
        let failure = Failure()
        let produce: @Sendable (([SubjectScore]) -> Void) -> Void = { put in
            do {
                for q in quarters { try quarter(q).forEachBatch(put) }
            } catch {
                failure.error = error
            }
        }
        if format == .json {
            try writeJSON(head, complete: complete, ScoredAhead(producing: produce), snap, uncommitted: uncommitted)
        } else {
            var report = head
            produce { report.subjects += $0 }
            if let error = failure.error { throw error }
            try render(report, snap, format: format, uncommitted: uncommitted)
        }
        if let error = failure.error { throw error }
    }

    /// Whether the ledger found from `start` is likely to be loaded a quarter at a time: the
    /// index of the repository it is in lists `atLeast` entries or more (its header's count),
    /// wherever that index is (the repository found as git finds it: a ledger in a sub-folder,
    /// a linked worktree whose `.git` is a file, `GIT_DIR`, `GIT_INDEX_FILE`). Read before
    /// git's status and the load begin, so that `MallocArenas.mapLargeBlocks()` is set before
    /// their large arrays are made and freed (set later, the index's read had already left its
    /// blocks in the heap's pages: peak 131 MB on the million in sheets, 115 MB set at start).
    /// Only a guess about memory: the load decides (`listed`), and no output depends on it.
    static func likelyQuarterAtATime(from start: String, atLeast: Int = manyFiles,
                                     environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard LedgerLocator.findRoot(from: start) != nil,
              let gitDir = Repository.gitDirectory(from: start, environment: environment),
              let count = IndexStat.entryCount(gitDir: gitDir, environment: environment) else { return false }
        return count >= atLeast
    }

    /// An error of the thread that reads each quarter's sheets back, thrown on the command's.
    private final class Failure: @unchecked Sendable {
        var error: (any Error)?
    }
}
