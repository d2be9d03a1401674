import Foundation
@testable import KPICLI
@testable import LedgerCore
import XCTest

/// A ledger of many files is loaded a quarter folder at a time and scored a quarter at a time
/// (`LedgerLoader.load(from:byQuarterFrom:)`, `QuarterSheets`, `ScoreCommand.scoreByQuarter`;
/// docs/architecture.md, "Memory"). `KPI_MANY_FILES` moves the line, so both paths run on the
/// same ledger: one with a message in every section of the checks and of the loader (a refused
/// link, a parse error, a misplaced file, a folder that is no quarter, a value the parsed-file
/// cache cannot keep, an uncommitted edit), every output byte for byte.
final class QuarterAtATimeLoadTests: XCTestCase {
    static let day = "2026-06-20T10:00:00+08:00"

    /// The generated ledger with errors and warnings in every section, some committed, some not.
    static func ledgerWithMessages() throws -> Sandbox {
        let s = try Sandbox()
        try GeneratedLedger.make(in: s)
        // The organisation's: a person in a team that is not there, a person's file that does not parse.
        try s.write("people/zed.yaml", "name: Zed\nteam: nowhere\n")
        try s.write("people/p09.yaml", "name: [broken\n")
        // Goal sheets: an unknown subject, weights short of 100 in a later quarter; alignments:
        // a team goal that is not there.
        try s.write("goals/2026-Q2/nobody.yaml", GeneratedLedger.goals(1, "2026-Q2", seed: 3).replacingOccurrences(of: "subject: p01", with: "subject: nobody"))
        try s.write("goals/2026-Q3/p01.yaml", "subject: p01\nquarter: 2026-Q3\ngoals:\n  - metric: nps\n    target: 40\n    weight: 30\n    aligns_to: t0/nps\n")
        // Record sheets: a metric that is not there (a score incomplete), a date outside the
        // quarter, a value with no fixed-point form (the parsed-file cache cannot keep it).
        try s.write("records/2026-Q2/p04.yaml", "subject: p04\nquarter: 2026-Q2\nrecords:\n  - date: 2026-04-30\n    metric: revenu\n    value: 5\n")
        try s.write("records/2026-Q1/p05.yaml", try s.read("records/2026-Q1/p05.yaml") + "  - date: 2026-04-02\n    metric: nps\n    value: 3\n")
        try s.write("records/2026-Q2/p08.yaml", try s.read("records/2026-Q2/p08.yaml")
            + "  - date: 2026-05-31\n    metric: revenue\n    value: 12345678901234567890123\n")
        // Reviews: an unknown reviewer; a calibration with an unknown attendee and a subject rated twice.
        try s.write("reviews/2026-Q2/p02.yaml", "subject: p02\nquarter: 2026-Q2\nreviewer: zoe\nrating: A\n")
        try s.write("calibration/2026-Q1/t0.yaml", "attendees:\n  - nemo\nratings:\n  - subject: p01\n    rating: B\n  - subject: p01\n    rating: C\n")
        // The loader's own: a folder that is no quarter, a misplaced file, a link (refused).
        try s.write("goals/2026-Q5/p01.yaml", GeneratedLedger.goals(1, "2026-Q2", seed: 4))
        try s.write("records/p02.yaml", "subject: p02\n")
        // Links in a quarter folder and in the organisation's: a whole load reports refusals in
        // path order (the team's last), a load a quarter at a time reads the team's first.
        try FileManager.default.removeItem(atPath: s.ledger + "/goals/2026-Q1/p11.yaml")
        try FileManager.default.createSymbolicLink(atPath: s.ledger + "/goals/2026-Q1/p11.yaml", withDestinationPath: "p10.yaml")
        try FileManager.default.createSymbolicLink(atPath: s.ledger + "/reviews/2026-Q2/p06.yaml", withDestinationPath: "../2026-Q1/p06.yaml")
        try FileManager.default.createSymbolicLink(atPath: s.ledger + "/teams/t9.yaml", withDestinationPath: "t1.yaml")
        try GeneratedLedger.commit(s, "2026-06-18T09:00:00+08:00", "messages in every section")
        // Uncommitted: a goal sheet edited, a new records file.
        try s.write("goals/2026-Q2/p03.yaml", try s.read("goals/2026-Q2/p03.yaml").replacingOccurrences(of: "weight: 40", with: "weight: 45"))
        try s.write("records/2026-Q3/p01.yaml", "subject: p01\nquarter: 2026-Q3\nrecords:\n  - date: 2026-07-31\n    metric: nps\n    value: 8\n")
        return s
    }

    /// Every output of `kpi score` the same from both paths: JSON (with forecasts, and for
    /// subjects named), the table with and without `--explain`, CSV and Markdown; cold, recorded
    /// into the report cache, served from it, and from the parsed-file cache alone.
    func testEveryOutputIsTheSameLoadedAQuarterAtATimeOrWhole() throws {
        let s = try Self.ledgerWithMessages()
        func run(_ args: [String], manyFiles: Int, reportCache: Bool) throws -> String {
            var env = ["GIT_AUTHOR_DATE": Self.day, "GIT_COMMITTER_DATE": Self.day, "KPI_MANY_FILES": "\(manyFiles)"]
            if !reportCache { env["KPI_NO_REPORT_CACHE"] = "1" }
            let r = try s.run(Sandbox.kpiBinary.path, ["-C", s.ledger] + args, env: env)
            return "exit \(r.status)\n--- stdout\n\(r.stdout)--- stderr\n\(r.stderr)"
        }
        let commands = [
            ["score", "--year", "2026", "--format", "json"], ["score", "--year", "2026"], ["score", "--year", "2026", "--format", "csv"],
            ["score", "--quarter", "2026-Q2", "--format", "markdown"], ["score", "--quarter", "2026-Q2", "--explain"],
            ["score", "--year", "2026", "--forecast", "--format", "json"],
            ["score", "--quarter", "2026-Q1", "--format", "json", "p01", "t0", "p09"],
        ]
        for args in commands {
            var outputs: [String] = []
            for many in [1, 1_000_000_000] {
                try? FileManager.default.removeItem(atPath: s.ledger + "/.git/kpi")
                outputs.append(try run(args, manyFiles: many, reportCache: false))  // cold
                outputs.append(try run(args, manyFiles: many, reportCache: false))  // the parsed-file cache's entries
                outputs.append(try run(args, manyFiles: many, reportCache: true))   // recorded
                outputs.append(try run(args, manyFiles: many, reportCache: true))   // served
            }
            for (n, out) in outputs.enumerated() { XCTAssertEqual(out, outputs[0], "run \(n) of kpi \(args.joined(separator: " "))") }
            XCTAssertTrue(outputs[0].hasPrefix("exit 1\n"), "a score is incomplete: \(outputs[0].prefix(300))")
        }
    }

    /// The load a quarter at a time itself: every message in the same order as a whole load's,
    /// no sheet held, and each quarter's sheets read back (from the cache's entries of a first
    /// run and of a second, and kept from the load where the cache cannot hold them) scoring as
    /// the whole ledger's do.
    func testTheLoadGivesEveryMessageAndEachQuartersSheets() throws {
        let s = try Self.ledgerWithMessages()
        let gitDir = s.ledger + "/.git"
        try? FileManager.default.removeItem(atPath: gitDir + "/kpi")
        let whole = try LedgerLoader.load(from: DirectorySource(root: s.ledger))
        for run in ["first", "second"] {
            let (organisation, loaded) = try LedgerLoader.load(from: DirectorySource(root: s.ledger), cacheIn: gitDir, byQuarterFrom: 1)
            let sheets = try XCTUnwrap(loaded, run)
            defer { sheets.letGo() }
            XCTAssertEqual(organisation.diagnostics, whole.diagnostics, run)
            let refused = organisation.diagnostics.filter { ["goals/2026-Q1/p11.yaml", "reviews/2026-Q2/p06.yaml", "teams/t9.yaml"].contains($0.path) }
            XCTAssertEqual(refused.map(\.path), ["goals/2026-Q1/p11.yaml", "reviews/2026-Q2/p06.yaml", "teams/t9.yaml"], "the links are refused in path order")
            XCTAssertEqual(organisation.goalSheets.count + organisation.recordSheets.count + organisation.reviews.count + organisation.calibrations.count, 0)
            XCTAssertEqual(organisation.people.count, whole.people.count)
            for q in Quarter.quarters(ofYear: 2026) + [Quarter("2025-Q4")!] {
                let part = try sheets.ledger(of: q, organisation: organisation), expected = whole.holdingSheets(of: q)
                XCTAssertEqual(part.goalSheets.keys.sorted(), expected.goalSheets.keys.sorted(), "\(run) \(q)")
                XCTAssertEqual(part.recordSheets.keys.sorted(), expected.recordSheets.keys.sorted(), "\(run) \(q)")
                XCTAssertEqual(part.reviews.keys.sorted(), expected.reviews.keys.sorted(), "\(run) \(q)")
                XCTAssertEqual(part.calibrations.keys.sorted(), expected.calibrations.keys.sorted(), "\(run) \(q)")
                XCTAssertEqual(Self.json(part, q), Self.json(expected, q), "\(run) \(q)")
            }
            // The value the cache cannot keep is read back from the sheet kept from the load.
            let key = SheetKey(subject: "p08", quarter: Quarter("2026-Q2")!)
            let q2 = try sheets.ledger(of: key.quarter, organisation: organisation)
            XCTAssertEqual(q2.recordSheets[key]?.records.count, 7)
            XCTAssertEqual(q2.recordSheets[key]?.records.count, whole.recordSheets[key]?.records.count)
        }
    }

    /// A quarter's report as JSON, each goal explained.
    static func json(_ ledger: Ledger, _ q: Quarter) -> String {
        let scores = Scorer(ledger: ledger, explaining: true).stream(quarters: [q], subjects: nil, revision: "abc1234", today: Day("2026-06-20")!)
        var out: [UInt8] = []
        ScoreRenderer.writeJSON(scores.head, complete: scores.isComplete, emit: { out += $0 }) { write in scores.forEachBatch(write) }
        return String(decoding: out, as: UTF8.self)
    }
}
