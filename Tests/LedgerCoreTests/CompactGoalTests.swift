import XCTest
@testable import LedgerCore

/// A `Goal` holds its metric as an id in `NameTable` with its line and column, its numbers as
/// fixed-point significands and exponents, and what few goals have in a box: every field reads
/// back exactly as given, and each setter changes its field only.
final class CompactGoalTests: XCTestCase {
    func testAGoalIsSixtyFourBytesAndAQuarterThree() {
        XCTAssertEqual(MemoryLayout<Goal>.stride, 64)
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

    /// A target's and a baseline's texts are written again from their numbers when a style gives
    /// back the exact bytes, and kept as written otherwise: either way they read back as given,
    /// whatever the number says.
    func testTargetAndBaselineTextsReadBackAsWritten() throws {
        func goal(_ target: String, _ targetText: String, _ baseline: String?, _ baselineText: String?) throws -> Goal {
            Goal(metric: Located("nps", SourceRef(file: 1, line: 2, column: 11)), baseline: try baseline.map { try XCTUnwrap(Number($0)) },
                 target: try XCTUnwrap(Number(target)), baselineText: baselineText, targetText: targetText, weight: Number(20),
                 method: nil, core: false, ref: SourceRef(file: 1, line: 2, column: 5))
        }
        let cases: [(String, String, String?, String?)] = [
            ("25827", "25827", nil, nil), ("41.1", "41.1%", "40", "40%"), ("1200", "1,200", "800", "800"),
            ("-3", "-3", "0", "0"), ("0.5", "0.50", "15000", "1.5万"), ("800", "¥800", "1500", "$1.5K"),
            // Texts no style writes: kept as written.
            ("7", "007", "5", "5.0.0"), ("45", "45 %", nil, nil), ("0.45", "45%", "0.4", "40%"), ("300", "USD 300", "3", "three"),
            // A text without its number, and a number without its text.
            ("10", "10", nil, "n/a"), ("10", "10", "4", nil),
            ("1.25", "1.250", "-0.5", "-0.5"), ("123456789", "123,456,789", "1", "1.0"),
        ]
        for (target, targetText, baseline, baselineText) in cases {
            let g = try goal(target, targetText, baseline, baselineText)
            XCTAssertEqual(g.targetText, targetText)
            XCTAssertEqual(g.baselineText, baselineText, "baseline of \(targetText)")
            XCTAssertEqual(g.target, try XCTUnwrap(Number(target)))
            XCTAssertEqual(g.baseline, try baseline.map { try XCTUnwrap(Number($0)) })
            XCTAssertEqual(g.weight, Number(20))
        }
        let third = try XCTUnwrap(Number(1).divided(by: Number(3)))
        let wide = Goal(metric: Located("nps", SourceRef(file: 1, line: 2, column: 11)), baseline: third, target: third,
                        baselineText: "0.333", targetText: "0.3333", weight: nil, method: nil, core: false,
                        ref: SourceRef(file: 1, line: 2, column: 5))
        XCTAssertEqual(wide.targetText, "0.3333")
        XCTAssertEqual(wide.baselineText, "0.333")
    }

    func testTextSettersChangeTheirTextOnly() throws {
        var g = Goal(metric: Located("nps", SourceRef(file: 1, line: 2, column: 11)), baseline: Number(4), target: Number(9),
                     baselineText: "4", targetText: "9", weight: Number(25), method: .binary, core: true,
                     ref: SourceRef(file: 1, line: 2, column: 5))
        g.targetText = "nine"
        XCTAssertEqual(g.targetText, "nine")
        XCTAssertEqual(g.target, Number(9))
        XCTAssertEqual(g.baselineText, "4")
        g.baselineText = nil
        XCTAssertNil(g.baselineText)
        XCTAssertEqual(g.baseline, Number(4))
        g.targetText = "9"
        g.baselineText = "4"
        XCTAssertEqual(g.targetText, "9")
        XCTAssertEqual(g.baselineText, "4")
        g.target = Number(12)
        XCTAssertEqual(g.targetText, "9", "the text as written stays when the number is set")
        XCTAssertEqual(g.target, Number(12))
        g.baseline = nil
        XCTAssertEqual(g.baselineText, "4")
        XCTAssertNil(g.baseline)
        XCTAssertEqual(g.weight, Number(25))
        XCTAssertEqual(g.method, .binary)
        XCTAssertTrue(g.core)
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
