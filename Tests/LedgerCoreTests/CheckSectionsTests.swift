import LedgerFormat
import XCTest
@testable import LedgerCore

/// The checks that span files return their messages section by section (`CheckSections`), so a
/// pass over each quarter's sheets alone, its sections joined to the other quarters' section by
/// section, gives the whole ledger's messages in the same order (docs/architecture.md, "Memory").
final class CheckSectionsTests: XCTestCase {
    /// Two quarters, each with a message in every section of its own, and the organisation's.
    static func files(_ q: String, month: String, outside: String) -> [String: String] {
        [
            // Goal sheets: weights short of 100, an unknown subject; alignments: a team goal
            // that is not there.
            "goals/\(q)/alice.yaml": "subject: alice\nquarter: \(q)\ngoals:\n  - metric: nps\n    target: 40\n    weight: 30\n    aligns_to: product/nps\n",
            "goals/\(q)/nobody.yaml": "subject: nobody\nquarter: \(q)\ngoals:\n  - metric: nps\n    target: 40\n",
            // Record sheets: a date outside the quarter, an unknown subject.
            "records/\(q)/alice.yaml": "subject: alice\nquarter: \(q)\nrecords:\n  - date: \(outside)\n    metric: nps\n    value: 30\n",
            "records/\(q)/nobody.yaml": "subject: nobody\nquarter: \(q)\nrecords:\n  - date: \(month)-15\n    metric: nps\n    value: 30\n",
            // Reviews: an unknown reviewer.
            "reviews/\(q)/alice.yaml": "subject: alice\nquarter: \(q)\nreviewer: zoe\nrating: A\n",
            // Calibrations: an unknown attendee, a subject rated twice.
            "calibration/\(q)/product.yaml": "attendees:\n  - nemo\nratings:\n  - subject: alice\n    rating: B\n  - subject: alice\n    rating: C\n",
        ]
    }
    static let first = files("2026-Q1", month: "2026-02", outside: "2026-04-02")
    static let second = files("2026-Q2", month: "2026-05", outside: "2026-01-02")
    /// The organisation's own message: a person in a team that is not there.
    static let own = ["people/zed.yaml": "name: Zed\nteam: nowhere\n"]

    func testEachQuartersSectionsJoinedSectionBySectionAreTheWholeLedgersMessages() throws {
        let whole = load(Self.own.merging(Self.first) { a, _ in a }.merging(Self.second) { a, _ in a })
        let all = LedgerChecks.sections(whole)
        let parts = [Self.first, Self.second].map { LedgerChecks.sections(load(Self.own.merging($0) { a, _ in a })) }

        // Every section has messages of both quarters, and the organisation's are each pass's.
        for part in parts {
            for (name, section) in [("goal sheets", part.goalSheets), ("record sheets", part.recordSheets), ("reviews", part.reviews),
                                    ("calibrations", part.calibrations), ("alignments", part.alignments)] {
                XCTAssertGreaterThan(section.count, 0, "no message of the \(name)")
            }
            XCTAssertEqual(part.organisation, all.organisation)
        }
        XCTAssertEqual(all.organisation.count, 1, "\(all.organisation)")
        XCTAssertEqual(all.organisation.first?.path, "people/zed.yaml")

        var joined = parts[0]
        var later = parts[1]
        later.organisation = []
        joined.append(later)
        XCTAssertEqual(joined.joined, all.joined)
        XCTAssertEqual(joined.goalSheets, all.goalSheets)
        XCTAssertEqual(joined.alignments, all.alignments)
        // One quarter's messages after the other's are not the whole's: the sections interleave.
        XCTAssertNotEqual(parts[0].joined + later.joined, all.joined)

        // `run` (the load's checks) reports the sections joined, after the loader's own messages.
        XCTAssertEqual(Array(whole.diagnostics.suffix(all.joined.count)), all.joined)
        XCTAssertEqual(all.joined.first?.path, "people/zed.yaml")
        XCTAssertEqual(all.joined.last?.path, "goals/2026-Q2/alice.yaml", "the alignments' come last")
    }

    /// A write of sheets checks them without the organisation's own checks.
    func testSheetsOnlyLeavesTheOrganisationsSectionEmpty() {
        let ledger = load(Self.own.merging(Self.first) { a, _ in a })
        let sections = LedgerChecks.sections(ledger, sheetsOnly: true)
        XCTAssertEqual(sections.organisation, [])
        XCTAssertEqual(sections.joined, Array(LedgerChecks.sections(ledger).joined.dropFirst()))
    }
}
