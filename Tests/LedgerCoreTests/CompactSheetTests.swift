import XCTest
@testable import LedgerCore

/// A goal sheet and a review keep what few have in a shared box: each field reads back as given,
/// and each setter changes its own field only.
final class CompactSheetTests: XCTestCase {
    let q = Quarter(year: 2026, number: 2)!
    let at = SourceRef(file: 5, line: 1, column: 1)

    func testTheirSizes() {
        XCTAssertEqual(MemoryLayout<GoalSheet>.stride, 80)
        XCTAssertEqual(MemoryLayout<Review>.stride, 120)
    }

    func testAGoalSheetsBoxedFieldsReadBackAndSetOneAtATime() {
        let plain = GoalSheet(subject: "alice", quarter: q, scorecard: nil, goals: [], bonus: [], path: "goals/2026-Q2/alice.yaml",
                              ref: at, subjectRef: at)
        XCTAssertNil(plain.scorecard)
        XCTAssertTrue(plain.bonus.isEmpty)
        XCTAssertNil(plain.incompleteBecause)
        XCTAssertTrue(plain.drafts.isEmpty)
        XCTAssertTrue(plain.unreadMetrics.isEmpty)
        XCTAssertEqual(plain.subject, "alice")
        XCTAssertEqual(plain.quarter, q)
        XCTAssertEqual(plain.path, "goals/2026-Q2/alice.yaml")

        let card = Located("pm_mid", SourceRef(file: 5, line: 3, column: 12))
        let bonus = BonusItem(points: Number(5), reason: "launch", ref: SourceRef(file: 5, line: 9, column: 5))
        let draft = DraftGoal(metric: "nps", baselineText: "40", weightText: nil, core: true, ref: SourceRef(file: 5, line: 12, column: 5))
        var s = GoalSheet(subject: "bob", quarter: q, scorecard: card, goals: [], bonus: [bonus], path: "p", ref: at, subjectRef: at,
                          incompleteBecause: "metrics/nps.yaml:2:3", drafts: [draft], unreadMetrics: ["churn"])
        XCTAssertEqual(s.scorecard, card)
        XCTAssertEqual(s.bonus.map(\.reason), ["launch"])
        XCTAssertEqual(s.incompleteBecause, "metrics/nps.yaml:2:3")
        XCTAssertEqual(s.drafts.map(\.metric), ["nps"])
        XCTAssertEqual(s.unreadMetrics, ["churn"])
        s.scorecard = nil
        XCTAssertNil(s.scorecard)
        XCTAssertEqual(s.bonus.count, 1)
        s.bonus = []
        s.incompleteBecause = nil
        s.drafts = []
        XCTAssertEqual(s.unreadMetrics, ["churn"], "the last boxed field stays")
        s.unreadMetrics.append("revenue")
        XCTAssertEqual(s.unreadMetrics, ["churn", "revenue"])
        s.unreadMetrics = []
        XCTAssertNil(s.scorecard)
        XCTAssertTrue(s.bonus.isEmpty && s.drafts.isEmpty && s.unreadMetrics.isEmpty)
        XCTAssertNil(s.incompleteBecause)
    }

    func testAReviewsBoxedFieldsReadBackAndSetOneAtATime() {
        var r = Review(subject: "alice", quarter: q, reviewer: "bob", rating: "B", summary: "Steady.", notes: nil,
                       path: "reviews/2026-Q2/alice.yaml", ref: at, subjectRef: at)
        XCTAssertEqual(r.reviewer, "bob")
        XCTAssertEqual(r.rating, "B")
        XCTAssertEqual(r.summary, "Steady.")
        XCTAssertNil(r.notes)
        XCTAssertTrue(r.awards.isEmpty)
        XCTAssertNil(r.awardReason)
        let award = Located("innovation", SourceRef(file: 5, line: 6, column: 11))
        r.awards.append(award)
        r.awardReason = "shipped the importer"
        r.notes = "see the doc"
        XCTAssertEqual(r.awards, [award])
        XCTAssertEqual(r.awardReason, "shipped the importer")
        XCTAssertEqual(r.notes, "see the doc")
        r.notes = nil
        XCTAssertEqual(r.awards, [award])
        XCTAssertEqual(r.awardReason, "shipped the importer")
        XCTAssertNil(r.notes)
        XCTAssertEqual(r.path, "reviews/2026-Q2/alice.yaml")
        XCTAssertEqual(r.quarter, q)
    }
}
