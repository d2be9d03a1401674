import Foundation
import GitStore
import LedgerFormat
import XCTest
@testable import LedgerCore

/// What `kpi import` says about a CSV file, in process: each row's finding at its line, with its
/// code, in the same words as the rest of kpi (docs/spreadsheets.md, docs/diagnostics.md).
final class ImportFindingsTests: XCTestCase {
    func ledgerWithAlice() throws -> TempLedger {
        let l = try TempLedger()
        _ = try l.recorder().addPerson(id: "alice", name: "Alice", email: nil, manager: nil, team: nil, scorecard: nil, level: nil)
        _ = try l.recorder().record(.init(subject: "alice", metric: "nps", date: Day("2026-07-31")!, value: "30"))
        return l
    }

    func problems(_ l: TempLedger, _ csv: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            _ = try l.recorder().previewImport(Array(csv.utf8), name: "in.csv")
            XCTFail("the import was not refused", file: file, line: line)
        } catch LedgerError.invalid(let d) {
            return d.map { "\($0.description) [\($0.code.rawValue)]" }
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
        return []
    }

    func testEachBadRowIsNamedAtItsLine() throws {
        let l = try ledgerWithAlice()
        let csv = """
            subject,metric,date,value
            alice,nps,2026-07-31
            alice,nps,2026-07-31,
            bob,nps,2026-07-31,1
            alice,npss,2026-07-31,1
            alice,nps,31.7.2026,1
            alice,nps,2026-07-31,lots

            """
        XCTAssertEqual(problems(l, csv), [
            "in.csv:2:1: error: row 2: has 3 fields, the header has 4 [csv-row]",
            "in.csv:3:1: error: row 3: subject, metric, date and value must all be filled in [csv-row]",
            "in.csv:4:1: error: row 4: unknown subject 'bob' (people/ or teams/ has no such file) [unknown-subject]",
            "in.csv:5:1: error: row 5: unknown metric 'npss'; did you mean 'nps'? (metrics/ has no such file) [unknown-metric]",
            "in.csv:6:1: error: row 6: '31.7.2026' is not a date; write YYYY-MM-DD (or YYYY/M/D) [invalid-date]",
            "in.csv:7:1: error: row 7: 'lots' is not a valid value for nps: 'lots' is not a number [invalid-value]",
        ])
    }

    /// A value `kpi record` refuses reads the same in an import.
    func testABadValueReadsAsKpiRecordSaysIt() throws {
        let l = try ledgerWithAlice()
        var refusal = ""
        XCTAssertThrowsError(try l.recorder().record(.init(subject: "alice", metric: "nps", date: Day("2026-07-31")!, value: "lots"))) {
            refusal = "\($0)"
        }
        let found = problems(l, "subject,metric,date,value\nalice,nps,2026-07-31,lots\n")
        XCTAssertEqual(found, ["in.csv:2:1: error: row 2: \(refusal) [invalid-value]"])
    }

    /// The record of `ledgerWithAlice` is the first item of its file, at line 5 (a modeline, then
    /// subject, quarter and records: above it).
    func testDuplicatesNameWhereTheyAreRecorded() throws {
        let l = try ledgerWithAlice()
        let csv = "subject,metric,date,value\nalice,nps,2026-07-31,30\nalice,nps,2026-08-01,31\nalice,nps,2026-08-01,31\n"
        XCTAssertEqual(problems(l, csv), [
            "in.csv:2:1: error: row 2: alice nps 30 on 2026-07-31 is already recorded at records/2026-Q3/alice.yaml:5; importing it would count it twice (give --allow-duplicates if it is a second measurement) [duplicate-record]",
            "in.csv:4:1: error: row 4: the same record as row 3 (alice nps 31 on 2026-08-01); importing it would count it twice (give --allow-duplicates if it is a second measurement) [duplicate-record]",
        ])
    }

    func testTheHeaderAndTheTextAreNamedAtTheirLines() throws {
        let l = try ledgerWithAlice()
        XCTAssertEqual(problems(l, "subject,metric,value\nalice,nps,1\n"), [
            "in.csv:1:1: error: the header needs a 'date' column (subject,metric,date,value and optionally source,note) [csv-header]",
        ])
        XCTAssertEqual(problems(l, "subject,metric,date,value,owner\n"), [
            "in.csv:1:1: error: unknown column 'owner'; columns are subject, metric, date, value, source, note [csv-header]",
        ])
        XCTAssertEqual(problems(l, "subject,metric,date,value\nalice,nps,2026-07-31,\"1\n"), [
            "in.csv:2:1: error: a quoted field is never closed [csv-text]",
        ])
        XCTAssertEqual(problems(l, "subject,metric,date,value\nalice,n\"ps,2026-07-31,1\n"), [
            "in.csv:2:1: error: a quote in the middle of a field; put the whole field in quotes and double the quote [csv-text]",
        ])
    }
}
