import XCTest
@testable import LedgerCore

final class ScoringRatingTests: XCTestCase {
    func n(_ text: String) -> Number { Number(text)! }

    func testDefaultBands() {
        let bands = LedgerSettings()
        XCTAssertEqual(bands.rating(for: 120), "S")
        XCTAssertEqual(bands.rating(for: 110), "S")
        XCTAssertEqual(bands.rating(for: n("109.99")), "A")
        XCTAssertEqual(bands.rating(for: 100), "A")
        XCTAssertEqual(bands.rating(for: 85), "B")
        XCTAssertEqual(bands.rating(for: n("84.999")), "C")
        XCTAssertEqual(bands.rating(for: 70), "C")
        XCTAssertEqual(bands.rating(for: n("69.9")), "D")
        XCTAssertEqual(bands.rating(for: 0), "D")
        XCTAssertEqual(bands.rating(for: -5), "D", "a band at 0 is the floor: a penalty below 0 is still a D")
    }

    /// Bands that stop above 0 rate nothing below their lowest minimum: 42 points under
    /// `S ≥ 110, A ≥ 100` is not an A.
    func testBelowEveryBandIsUnrated() {
        var bands = LedgerSettings()
        bands.ratings = [.init(grade: "S", min: 110), .init(grade: "A", min: 100)]
        XCTAssertEqual(bands.rating(for: 100), "A")
        XCTAssertNil(bands.rating(for: n("99.99")))
        XCTAssertNil(bands.rating(for: 42))
        XCTAssertEqual(bands.band(for: 42), ScoreBand(min: nil, upper: 100))
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
