import Foundation
import KPICLI
@testable import LedgerCore
import XCTest

/// `Scorer.stream`: a report scored a batch of subjects at a time (what `kpi score --format json`
/// writes and lets go), keeping of the subjects already handed on only the numbers a team's
/// roll-up needs. Every subject must be what scoring it alone gives, and the report's
/// completeness must be known before the first is scored.
final class ScoreStreamTests: XCTestCase {
    /// A subject as JSON writes it: every field a report shows.
    func text(_ s: SubjectScore, forecast: Bool = false) -> String {
        var w = JSONWriter(level: 2)
        ScoreRenderer.subject(s, forecast: forecast, into: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// Teams listed before their members: each member is scored ahead of its turn for the
    /// team's roll-up, kept, and handed on in its own turn as scoring it alone gives.
    func testMembersListedAfterTheirTeamAreWhatTheyAreAlone() {
        let ledger = ScoreJSONStreamTests.ledger(people: 600)
        let scorer = Scorer(ledger: ledger)
        let q1 = Quarter("2026-Q1")!
        let members = scorer.members(of: "t3")
        let ids = ["t3", "d0"] + members + ["t4"] + scorer.members(of: "t4").prefix(3)
        var all: [SubjectScore] = []
        scorer.stream(quarters: [q1], subjects: ids, revision: nil).forEachBatch { all += $0 }
        XCTAssertEqual(all.map(\.id), ids)
        for s in all { XCTAssertEqual(text(s, forecast: false), text(scorer.score(s.id, quarter: q1), forecast: false), s.id) }
        XCTAssertEqual(all[0].rollup?.scoredCount, members.count)
        XCTAssertEqual(all[1].rollup?.scoredCount, 600)
    }

    func testBatchesHoldWhatEachSubjectScoredAloneIs() {
        let ledger = ScoreJSONStreamTests.ledger(people: 600)
        let scorer = Scorer(ledger: ledger)
        let q1 = Quarter("2026-Q1")!
        for forecast in [false, true] {
            let stream = scorer.stream(quarters: [Quarter("2025-Q4")!, q1], subjects: nil, revision: nil, today: Day("2026-03-01"), forecast: forecast)
            var batches: [[SubjectScore]] = []
            stream.forEachBatch { batches.append($0) }
            XCTAssertEqual(batches.map(\.count), [256, 256, 149], "600 people, 60 teams and a department, in batches")
            let all = batches.flatMap { $0 }
            XCTAssertEqual(all.map(\.id), scorer.subjectIDs(in: q1, nil))
            XCTAssertEqual(all.suffix(61).map(\.id), ["d0"] + (0..<60).map { "t\($0)" }.sorted())
            XCTAssertTrue(stream.isComplete)
            for s in all {
                var alone = scorer.score(s.id, quarter: q1)
                if forecast { scorer.addForecast(&alone, today: Day("2026-03-01")!) }
                XCTAssertEqual(text(s, forecast: forecast), text(alone, forecast: forecast), s.id)
            }
            XCTAssertEqual(all.last?.rollup?.scoredCount, 10)
            XCTAssertEqual(all.first { $0.id == "d0" }?.rollup?.scoredCount, 600)
        }
    }

    /// Scored ahead on a thread of its own (`ScoredAhead`, what `kpi score --format json`
    /// writes from, a batch scored while the one before is written): the same batches, in order,
    /// however slow the writing.
    func testScoredAheadGivesTheSameBatchesInOrder() {
        let ledger = ScoreJSONStreamTests.ledger(people: 600)
        let stream = Scorer(ledger: ledger).stream(quarters: [Quarter("2026-Q1")!, Quarter("2026-Q2")!], subjects: nil,
                                                   revision: nil, today: Day("2026-03-01"))
        var direct: [[String]] = []
        stream.forEachBatch { direct.append($0.map { text($0) }) }
        XCTAssertEqual(direct.map(\.count), [256, 256, 149], "three batches (Q2 has no sheets)")
        var ahead: [[String]] = []
        ScoredAhead(stream).forEachBatch { batch in
            if ahead.count.isMultiple(of: 2) { usleep(20_000) }
            ahead.append(batch.map { text($0) })
        }
        XCTAssertEqual(ahead, direct)
    }

    /// Named subjects: a team before its members (scored ahead for its roll-up, then shown
    /// from what was scored), a subject twice, a subject without goals.
    func testATeamBeforeItsMembers() {
        let ledger = ScoreJSONStreamTests.ledger(people: 40)
        let scorer = Scorer(ledger: ledger)
        let q1 = Quarter("2026-Q1")!
        let ids = ["t1", "d0", "p0012", "p0011", "t1", "p0039"]
        let report = scorer.report(quarters: [q1, Quarter("2026-Q2")!], subjects: ids, revision: nil)
        XCTAssertEqual(report.subjects.map(\.id), ids + ids)
        for s in report.subjects { XCTAssertEqual(text(s), text(scorer.score(s.id, quarter: s.quarter)), "\(s.id) \(s.quarter)") }
        XCTAssertEqual(report.subjects[0].members, (10..<20).map { "p00\($0)" })
    }

    /// Completeness is decided before scoring (the JSON says it first) and must be what the
    /// scores then show: an error in a file a score reads, in a person file (membership
    /// unknown), and in a file no score of the period reads.
    func testCompletenessIsKnownBeforeScoring() {
        let q1 = [Quarter("2026-Q1")!]
        let cases: [(file: String, text: String, complete: Bool, incomplete: [String])] = [
            ("goals/2026-Q1/p0003.yaml", "subject: p0003\nquarter: 2026-Q1\ngoals: [\n", false, ["d0", "p0003", "t0"]),
            ("people/p0015.yaml", "id: p0015\nname: [\n", false, ["d0", "p0015", "t0", "t1", "t2"]),
            ("goals/2025-Q4/p0001.yaml", "subject: p0001\nquarter: 2025-Q4\ngoals: [\n", true, []),
        ]
        for c in cases {
            let ledger = ScoreJSONStreamTests.ledger(people: 30, replacing: [c.file: c.text])
            XCTAssertFalse(ledger.diagnostics.filter { $0.severity == .error }.isEmpty, c.file)
            let stream = Scorer(ledger: ledger).stream(quarters: q1, subjects: nil, revision: nil)
            let report = stream.collected()
            XCTAssertEqual(stream.isComplete, c.complete, c.file)
            XCTAssertEqual(report.isComplete, c.complete, c.file)
            XCTAssertEqual(report.subjects.filter { !$0.isComplete }.map(\.id).sorted(), c.incomplete, c.file)
            // Named subjects too: each one's completeness as its score shows it.
            for id in ["p0003", "t0", "t2", "p0020"] {
                let one = Scorer(ledger: ledger).stream(quarters: q1, subjects: [id], revision: nil)
                XCTAssertEqual(one.isComplete, one.collected().isComplete, "\(c.file) \(id)")
            }
        }
    }
}
