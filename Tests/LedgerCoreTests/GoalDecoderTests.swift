import LedgerFormat
import XCTest
@testable import LedgerCore

/// Goal items read straight from the bytes (`RecordDecoder.decodeGoal`) are the goals the general
/// reader makes, and every item it declines is read the general way, with the same messages.
final class GoalDecoderTests: XCTestCase {
    let metrics = [
        "metrics/revenue.yaml": "name: Revenue\ndimension: business\nunit: currency\ndirection: higher\naggregate: sum\n",
        "metrics/churn.yaml": "name: Churn\ndimension: customer\nunit: percent\ndirection: lower\naggregate: last\n",
        "metrics/cycle.yaml": "name: Cycle time\ndimension: delivery\nunit: days\ndirection: lower\naggregate: mean\n",
    ]
    let sheet = """
    subject: alice
    quarter: 2026-Q1
    goals:
      - metric: retention
        target: 40.5%
        weight: 50
      - target: 1.2万
        weight: 30%
        baseline: 9,000
        metric: revenue
      - metric: cycle
        target: 3d
      - metric: "nps"
        target: 7
      - metric: churn
        target: 0.5
      - metric: unknown_one
        target: 3
      - metric: churn
        target: 5%
        weight: -10
      - metric: churn
        target: 5%
        core: true
      - metric: nps
        target:
      - metric: nps
        target: 8
        weight: '20'

    """

    func testDecodedGoalsAreTheGeneralReadersGoals() throws {
        let ledger = load(metrics.merging(["goals/2026-Q1/alice.yaml": sheet]) { a, _ in a })
        let doc = try XCTUnwrap(ledger.document(at: "goals/2026-Q1/alice.yaml"))
        let file = Int32(try XCTUnwrap(ledger.paths.firstIndex(of: doc.path)))
        let list = doc.items(doc.value(forKey: "goals", in: doc.root!)!)
        XCTAssertEqual(list.count, 10)
        let decoder = RecordDecoder(catalog: ledger.metrics)
        let decoded = doc.bytes.withUnsafeBufferPointer { b in list.map { decoder.decodeGoal($0, in: doc, bytes: b, file: file) } }
        // The first three are the usual shape (keys in any order, a baseline, a weight in
        // percent, a unit's mark); the others (a quoted metric, a fraction without %, an unknown
        // metric, a negative weight, another key, a draft without a target, a quoted weight)
        // are left to the general reader.
        XCTAssertEqual(decoded.map { $0 != nil }, [true, true, true] + Array(repeating: false, count: 7))
        for (item, goal) in zip(list, decoded) {
            guard let goal else { continue }
            var reader = FileReader(doc: doc, file: file)
            var leftOut: String?, drafts: [DraftGoal] = []
            let general = try XCTUnwrap(LedgerLoader.readGoal(item, &reader, ledger, leftOutBecause: &leftOut, drafts: &drafts))
            XCTAssertTrue(reader.diagnostics.isEmpty)
            XCTAssertNil(leftOut)
            XCTAssertTrue(drafts.isEmpty)
            XCTAssertEqual(goal.metric.value, general.metric.value)
            XCTAssertEqual(goal.metric.ref, general.metric.ref)
            XCTAssertEqual(goal.baseline, general.baseline)
            XCTAssertEqual(goal.baselineText, general.baselineText)
            XCTAssertEqual(goal.target, general.target)
            XCTAssertEqual(goal.targetText, general.targetText)
            XCTAssertEqual(goal.weight, general.weight)
            XCTAssertEqual(goal.method, general.method)
            XCTAssertEqual(goal.core, general.core)
            XCTAssertEqual(goal.ref, general.ref)
            XCTAssertNil(goal.alignsTo)
            XCTAssertNil(general.alignsTo)
        }
        XCTAssertEqual(decoded[1]?.target.description, "12000")
        XCTAssertEqual(decoded[1]?.baseline?.description, "9000")
        XCTAssertEqual(decoded[1]?.weight?.description, "30")
        XCTAssertEqual(decoded[2]?.targetText, "3d")
    }

    func testDeclinedItemsKeepTheirMessages() throws {
        let ledger = load(metrics.merging(["goals/2026-Q1/alice.yaml": sheet]) { a, _ in a })
        let messages = ledger.diagnostics.filter { $0.path == "goals/2026-Q1/alice.yaml" }.map { "\($0.line): \($0.message)" }
        XCTAssertTrue(messages.contains { $0.hasPrefix("16: ") && $0.contains("'0.5' would mean 0.5%") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("17: ") && $0.contains("unknown_one") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("21: ") && $0.contains("weight cannot be negative") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("22: ") && $0.contains("metric churn has a second goal") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("26: ") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("27: ") && $0.contains("metric nps has a second goal") }, "\(messages)")
        // Every well-formed goal is read, by either reader, in file order (a negative weight is
        // reported and kept, as the general reader keeps it).
        let goals = try XCTUnwrap(ledger.goalSheets[SheetKey(subject: "alice", quarter: Quarter("2026-Q1")!)]).goals
        XCTAssertEqual(goals.map(\.targetText), ["40.5%", "1.2万", "3d", "7", "5%"])
        XCTAssertEqual(goals[4].weight?.description, "-10")
    }
}
