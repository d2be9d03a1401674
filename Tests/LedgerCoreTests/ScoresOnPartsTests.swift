import XCTest
@testable import LedgerCore

/// A team's mean and rating counts (`Rollup.compute`), a score's band and rating
/// (`LedgerSettings.bandIndex`) and an attainment clamped at its cap (`Attainment.clamped`) read
/// numbers on their parts; they must answer exactly what the
/// plain definitions on `Number`s answer, for scores with no fixed form too (every printed
/// mean, every rating depends on it).
final class ScoresOnPartsTests: XCTestCase {
    func n(_ text: String) -> Number { Number(text)! }

    /// A score as a sheet's makes it: a fixed value, or 100 × a quotient with no fixed form.
    func score(_ random: inout SeededRandom) -> Number {
        switch random.next(4) {
        case 0: return random.decimal(maxUnits: 125_000, places: random.next(4))
        case 1: return [n("110"), n("100"), n("85"), n("70"), n("0"), n("99.995"), n("109.99")][random.next(7)]
        default:
            let a = Number(Int(random.next(upTo: 5_000)) + 1), b = Number(Int(random.next(upTo: 5_000)) + 1)
            let q = 100 * a / b
            return random.next(5) == 0 ? q - 2 * q : q  // now and then below 0 (a penalty)
        }
    }

    func testTheMeanAndCountsAreThePlainOnes() {
        var random = SeededRandom(seed: 0x2011_0016)
        let grades = ["S", "A", "B", "C", "D", "Exceeds"]
        for _ in 0..<3_000 {
            let members = (0..<random.next(40)).map { i -> (id: String, score: Number?, rating: String?) in
                let scored = random.next(6) != 0
                return ("p\(i)", scored ? score(&random) : nil, scored ? grades[random.next(grades.count)] : nil)
            }
            let result = Rollup.compute(scores: members)
            var total = Number.zero, count = 0
            var counts: [String: Int] = [:]
            for m in members {
                if let s = m.score { total += s; count += 1 }
                if let r = m.rating { counts[r, default: 0] += 1 }
            }
            let mean = count == 0 ? nil : total / Number(count)
            XCTAssertEqual(result.mean, mean)
            XCTAssertEqual(result.mean?.description, mean?.description)
            XCTAssertEqual(result.countByRating, counts)
            XCTAssertEqual(result.scoredCount, count)
            XCTAssertEqual(result.unscored, members.filter { $0.score == nil }.map(\.id))
        }
    }

    func testTheBandIsThePlainOne() {
        var random = SeededRandom(seed: 0xBA_4D5)
        var settings = LedgerSettings()
        let shapes: [[RatingBand]] = [
            settings.ratings,
            [RatingBand(grade: "S", min: n("109.995")), RatingBand(grade: "A", min: n("99.95")), RatingBand(grade: "B", min: 85)],
            [RatingBand(grade: "A", min: 100), RatingBand(grade: "B", min: n("-0.5"))],
            [],
        ]
        for _ in 0..<20_000 {
            settings.ratings = shapes[random.next(shapes.count)]
            let s = score(&random)
            let plain = settings.ratings.firstIndex { s >= $0.min }
            XCTAssertEqual(settings.bandIndex(for: s), plain, "\(s)")
            let rating = plain.map { settings.ratings[$0].grade } ?? settings.ratings.last.flatMap { $0.min <= .zero ? $0.grade : nil }
            XCTAssertEqual(settings.rating(for: s), rating, "\(s)")
        }
        // By hand: 99.99… (38 digits) is a B under an A at 100, an A under one at 99.95.
        let close = n("100") - n("1") / n("30000")
        settings.ratings = shapes[0]
        XCTAssertEqual(settings.rating(for: close), "B")
        settings.ratings = shapes[1]
        XCTAssertEqual(settings.rating(for: close), "A")
    }

    func testTheClampIsThePlainOne() {
        var random = SeededRandom(seed: 0xC1A3)
        let caps: [Number] = [n("1.2"), 1, n("1.5"), 0, n("0.9333333333333333333333333333333333333")]
        for _ in 0..<20_000 {
            let raw: Number
            switch random.next(3) {
            case 0: raw = random.decimal(maxUnits: 3_000, places: random.next(4))
            case 1: raw = Number(Int(random.next(upTo: 200))) / Number(Int(random.next(upTo: 150)) + 1)
            default: raw = Number(0) - Number(Int(random.next(upTo: 200))) / Number(Int(random.next(upTo: 150)) + 1)
            }
            let cap = caps[random.next(caps.count)]
            let plain = max(.zero, min(cap, raw))
            let clamped = Attainment.clamped(raw, cap: cap)
            XCTAssertEqual(clamped, plain, "\(raw) at \(cap)")
            XCTAssertEqual(clamped.description, plain.description, "\(raw) at \(cap)")
        }
        XCTAssertEqual(Attainment.clamped(n("42") / n("45"), cap: n("1.2")), n("42") / n("45"))
        XCTAssertEqual(Attainment.clamped(n("45") / n("7"), cap: n("1.2")), n("1.2"))
        XCTAssertEqual(Attainment.clamped(n("-1") / n("3"), cap: n("1.2")), 0)
    }
}
