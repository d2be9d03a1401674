import XCTest
@testable import LedgerCore

/// A `Goal` holds its metric as an id in `NameTable` with its line and column, its numbers as
/// fixed-point significands and exponents, and what few goals have in a box: every field reads
/// back exactly as given, and each setter changes its field only.
final class CompactGoalTests: XCTestCase {
    func testAGoalIsNinetySixBytesAndAQuarterThree() {
        XCTAssertEqual(MemoryLayout<Goal>.stride, 96)
        XCTAssertEqual(MemoryLayout<Quarter>.size, 3)
        XCTAssertEqual(MemoryLayout<SheetKey>.stride, 24)
    }

    func testEveryFieldReadsBackAsGiven() throws {
        let g = Goal(metric: Located("retention", SourceRef(file: 4, line: 6, column: 13)), baseline: try XCTUnwrap(Number("0.4")),
                     target: try XCTUnwrap(Number("0.45")), baselineText: "40%", targetText: "45%", weight: Number(30),
                     method: .ratio, core: true, ref: SourceRef(file: 4, line: 6, column: 5))
        XCTAssertEqual(g.metric, Located("retention", SourceRef(file: 4, line: 6, column: 13)))
        XCTAssertEqual(g.baseline, try XCTUnwrap(Number("0.4")))
        XCTAssertEqual(g.target, try XCTUnwrap(Number("0.45")))
        XCTAssertEqual(g.baselineText, "40%")
        XCTAssertEqual(g.targetText, "45%")
        XCTAssertEqual(g.weight, Number(30))
        XCTAssertEqual(g.method, .ratio)
        XCTAssertTrue(g.core)
        XCTAssertEqual(g.ref, SourceRef(file: 4, line: 6, column: 5))
        XCTAssertNil(g.alignsTo)

        let bare = Goal(metric: Located("nps", SourceRef(file: 1, line: 2, column: 3)), baseline: nil, target: Number(0),
                        baselineText: nil, targetText: "0", weight: nil, method: nil, core: false, ref: SourceRef(file: 1, line: 2, column: 1))
        XCTAssertNil(bare.baseline)
        XCTAssertNil(bare.weight)
        XCTAssertNil(bare.method)
        XCTAssertNil(bare.baselineText)
        XCTAssertEqual(bare.target, Number(0))
        XCTAssertFalse(bare.core)
        for method in ScoringMethod.allCases {
            var m = bare
            m.method = method
            XCTAssertEqual(m.method, method)
        }
    }

    func testWhatIsBoxedReadsBackToo() throws {
        let third = try XCTUnwrap(Number(1).divided(by: Number(3)))
        let twoThirds = try XCTUnwrap(Number(2).divided(by: Number(3)))
        guard case .wide = third.storage else { return XCTFail("1/3 should have no fixed form") }
        let aligned = Located("t00001/revenue", SourceRef(file: 9, line: 8, column: 17))
        // The metric written in another file than the goal (no reader does so today; the field allows it).
        let g = Goal(metric: Located("a_metric_id_longer_than_fifteen_bytes", SourceRef(file: 2, line: 3, column: 4)),
                     baseline: third, target: twoThirds, baselineText: "1/3", targetText: "2/3", weight: third, method: nil,
                     core: false, ref: SourceRef(file: 9, line: 8, column: 5), alignsTo: aligned)
        XCTAssertEqual(g.metric, Located("a_metric_id_longer_than_fifteen_bytes", SourceRef(file: 2, line: 3, column: 4)))
        XCTAssertEqual(g.baseline, third)
        XCTAssertEqual(g.target, twoThirds)
        XCTAssertEqual(g.weight, third)
        XCTAssertEqual(g.alignsTo, aligned)
        XCTAssertEqual(g.alignment?.team, "t00001")
        XCTAssertEqual(g.alignment?.metric, "revenue")
    }

    func testSettersChangeOneFieldOnly() throws {
        let third = try XCTUnwrap(Number(1).divided(by: Number(3)))
        var g = Goal(metric: Located("nps", SourceRef(file: 1, line: 2, column: 11)), baseline: third, target: Number(9),
                     baselineText: "1/3", targetText: "9", weight: nil, method: .binary, core: true,
                     ref: SourceRef(file: 1, line: 2, column: 5))
        g.weight = Number(25)
        XCTAssertEqual(g.weight, Number(25))
        XCTAssertEqual(g.baseline, third, "the boxed baseline stays when the weight is set in place")
        g.weight = third
        XCTAssertEqual(g.weight, third)
        g.weight = Number(40)
        XCTAssertEqual(g.weight, Number(40), "a fixed weight after a boxed one")
        g.weight = nil
        XCTAssertNil(g.weight)
        g.alignsTo = Located("t1/nps", SourceRef(file: 1, line: 3, column: 17))
        XCTAssertEqual(g.alignsTo?.value, "t1/nps")
        XCTAssertEqual(g.baseline, third)
        g.alignsTo = nil
        XCTAssertNil(g.alignsTo)
        g.target = third
        g.baseline = nil
        XCTAssertEqual(g.target, third)
        XCTAssertNil(g.baseline)
        g.metric = Located("retention", SourceRef(file: 1, line: 7, column: 9))
        XCTAssertEqual(g.metric, Located("retention", SourceRef(file: 1, line: 7, column: 9)))
        XCTAssertEqual(g.method, .binary)
        XCTAssertTrue(g.core)
        XCTAssertEqual(g.targetText, "9")
        XCTAssertEqual(g.ref, SourceRef(file: 1, line: 2, column: 5))
    }

    func testQuartersKeepTheirYearAndNumber() throws {
        let q = try XCTUnwrap(Quarter("9999-Q4"))
        XCTAssertEqual(q.year, 9999)
        XCTAssertEqual(q.number, 4)
        XCTAssertEqual(q.description, "9999-Q4")
        XCTAssertEqual(try XCTUnwrap(Quarter("1000-Q1")).next.description, "1000-Q2")
        XCTAssertLessThan(try XCTUnwrap(Quarter("2025-Q4")), try XCTUnwrap(Quarter("2026-Q1")))
        XCTAssertNil(Quarter(year: 10_000, number: 1))
    }
}
