import XCTest
@testable import LedgerCore

final class ScoringRatingTests: XCTestCase {
    func n(_ text: String) -> Number { Number(text)! }

    func testDefaultBands() {
        let bands = RatingBands.default
        XCTAssertEqual(bands.rating(for: 120), "S")
        XCTAssertEqual(bands.rating(for: 110), "S")
        XCTAssertEqual(bands.rating(for: n("109.99")), "A")
        XCTAssertEqual(bands.rating(for: 100), "A")
        XCTAssertEqual(bands.rating(for: 85), "B")
        XCTAssertEqual(bands.rating(for: n("84.999")), "C")
        XCTAssertEqual(bands.rating(for: 70), "C")
        XCTAssertEqual(bands.rating(for: n("69.9")), "D")
        XCTAssertEqual(bands.rating(for: 0), "D")
        XCTAssertEqual(bands.rating(for: -5), "D", "below every minimum: the lowest grade")
    }

    func testCustomBandsAreSortedHighestFirst() {
        let bands = RatingBands([
            .init(grade: "meets", min: 80), .init(grade: "exceeds", min: 100), .init(grade: "below", min: 50),
        ])!
        XCTAssertEqual(bands.bands.map(\.grade), ["exceeds", "meets", "below"])
        XCTAssertEqual(bands.rating(for: 90), "meets")
        XCTAssertEqual(bands.rating(for: 10), "below")
        XCTAssertNil(RatingBands([]))
    }

    func testRollup() {
        let result = Rollup.compute(scores: [
            (id: "alice", score: 92, rating: "B"),
            (id: "bob", score: n("101.5"), rating: "A"),
            (id: "carol", score: nil, rating: nil),
            (id: "dan", score: 80, rating: "B"),
        ])
        // (92 + 101.5 + 80) / 3 = 91.1666…
        XCTAssertEqual(result.mean, n("273.5") / 3)
        XCTAssertEqual(result.mean?.rounded(places: 1), n("91.2"))
        XCTAssertEqual(result.countByRating, ["A": 1, "B": 2])
        XCTAssertEqual(result.scoredCount, 3)
        XCTAssertEqual(result.unscored, ["carol"])
        let empty = Rollup.compute(scores: [])
        XCTAssertNil(empty.mean)
        XCTAssertEqual(empty.countByRating, [:])
    }
}
