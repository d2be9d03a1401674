import Foundation
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
    /// git index beside it lists `manyFiles` entries or more (its header's count). Read before
    /// git's status and the load begin, so that `MallocArenas.mapLargeBlocks()` is set before
    /// their large arrays are made and freed (set later, the index's read had already left its
    /// blocks in the heap's pages: peak 131 MB on the million in sheets, 115 MB set at start).
    /// Only a guess about memory: the load decides (`listed`), and no output depends on it.
    static func likelyQuarterAtATime(from start: String) -> Bool {
        guard let root = LedgerLocator.findRoot(from: start) else { return false }
        let fd = open(root + "/.git/index", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 12)
        guard read(fd, &header, 12) == 12, header[0..<4].elementsEqual("DIRC".utf8) else { return false }
        let count = header[8..<12].reduce(0) { $0 << 8 | Int($1) }
        return count >= manyFiles
    }

    /// An error of the thread that reads each quarter's sheets back, thrown on the command's.
    private final class Failure: @unchecked Sendable {
        var error: (any Error)?
    }
}
