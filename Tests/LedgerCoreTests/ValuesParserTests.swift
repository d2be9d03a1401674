import XCTest
@testable import LedgerCore

final class ValuesParserTests: XCTestCase {
    func n(_ text: String) -> Number { Number(text)! }

    func value(_ text: String, _ unit: MetricUnit, file: StaticString = #filePath, line: UInt = #line) -> Number? {
        switch ValueParser.parse(text, unit: unit) {
        case .success(let v): return v
        case .failure(let e): XCTFail("'\(text)' as \(unit): \(e.message)", file: file, line: line); return nil
        }
    }

    func error(_ text: String, _ unit: MetricUnit, file: StaticString = #filePath, line: UInt = #line) -> ValueError? {
        switch ValueParser.parse(text, unit: unit) {
        case .success(let v): XCTFail("'\(text)' as \(unit) parsed as \(v)", file: file, line: line); return nil
        case .failure(let e): return e
        }
    }

    func testPercent() {
        XCTAssertEqual(value("45%", .percent), 45)
        XCTAssertEqual(value("45.5 %", .percent), n("45.5"))
        XCTAssertEqual(value("45", .percent), 45)
        XCTAssertEqual(value("45％", .percent), 45)
        XCTAssertEqual(value("-3%", .percent), -3)
        XCTAssertEqual(value("0.45", .percent), n("0.45"), "a bare fraction is not guessed into a percentage")
        XCTAssertEqual(error("1.2K%", .percent)?.kind, .misplacedMultiplier)
        XCTAssertEqual(error("$45", .percent)?.kind, .wrongUnit)
    }

    func testCountsAndMultipliers() {
        for unit in [MetricUnit.count, .score, .days, .hours, .ratio] {
            XCTAssertEqual(value("1,200", unit), 1200)
            XCTAssertEqual(value("1.2K", unit), 1200)
            XCTAssertEqual(value("1.2k", unit), 1200)
            XCTAssertEqual(value("3M", unit), 3_000_000)
            XCTAssertEqual(value("2B", unit), 2_000_000_000)
            XCTAssertEqual(value("50万", unit), 500_000)
            XCTAssertEqual(value("1.2亿", unit), 120_000_000)
            XCTAssertEqual(value("3千", unit), 3000)
            XCTAssertEqual(value("1,200.50", unit), n("1200.5"))
            XCTAssertEqual(value("-3", unit), -3)
            XCTAssertEqual(value("−3", unit), -3)
            XCTAssertEqual(value("+3", unit), 3)
            XCTAssertEqual(value("  12 ", unit), 12)
            XCTAssertEqual(value("1,234,567", unit), 1_234_567)
            XCTAssertEqual(value("0", unit), 0)
        }
    }

    func testCurrency() {
        XCTAssertEqual(value("¥50万", .currency), 500_000)
        XCTAssertEqual(value("$1.2M", .currency), 1_200_000)
        XCTAssertEqual(value("€300", .currency), 300)
        XCTAssertEqual(value("£5", .currency), 5)
        XCTAssertEqual(value("￥80", .currency), 80)
        XCTAssertEqual(value("50 万元", .currency), 500_000)
        XCTAssertEqual(value("100元", .currency), 100)
        XCTAssertEqual(value("USD 300", .currency), 300)
        XCTAssertEqual(value("300 EUR", .currency), 300)
        XCTAssertEqual(value("300€", .currency), 300)
        XCTAssertEqual(value("-$5", .currency), -5)
        XCTAssertEqual(value("$-5", .currency), -5)
        XCTAssertEqual(value("200万", .currency), 2_000_000)
        XCTAssertEqual(value("1,200", .currency), 1200)
        XCTAssertEqual(error("45%", .currency)?.kind, .wrongUnit)
    }

    func testDaysAndHours() {
        XCTAssertEqual(value("3d", .days), 3)
        XCTAssertEqual(value("3 days", .days), 3)
        XCTAssertEqual(value("1 day", .days), 1)
        XCTAssertEqual(value("2.5天", .days), n("2.5"))
        XCTAssertEqual(value("4h", .hours), 4)
        XCTAssertEqual(value("4 hours", .hours), 4)
        XCTAssertEqual(value("1.5 hrs", .hours), n("1.5"))
        XCTAssertEqual(value("3小时", .hours), 3)
        XCTAssertEqual(error("3d", .hours)?.kind, .wrongUnit)
        XCTAssertEqual(error("4h", .days)?.kind, .wrongUnit)
        XCTAssertEqual(error("3d", .count)?.kind, .wrongUnit)
    }

    func testRatioTimes() {
        XCTAssertEqual(value("3x", .ratio), 3)
        XCTAssertEqual(value("3.5×", .ratio), n("3.5"))
        XCTAssertEqual(error("3x", .count)?.kind, .wrongUnit)
    }

    func testWrongUnitMessagesAreForManagers() {
        XCTAssertEqual(error("45%", .count)?.message, "'45%' is a percentage, but this metric counts things")
        XCTAssertEqual(error("$300", .count)?.message, "'$300' is an amount of money, but this metric counts things")
        XCTAssertEqual(error("¥50万", .percent)?.message, "'¥50万' is an amount of money, but this metric is a percentage")
        XCTAssertEqual(error("3 days", .hours)?.message, "'3 days' is a number of days, but this metric is measured in hours")
        for unit in MetricUnit.allCases where unit != .percent {
            XCTAssertEqual(error("45%", unit)?.kind, .wrongUnit)
        }
        for unit in MetricUnit.allCases where unit != .currency {
            XCTAssertEqual(error("$5", unit)?.kind, .wrongUnit)
            XCTAssertEqual(error("5元", unit)?.kind, .wrongUnit)
        }
    }

    func testGarbageIsRefused() {
        XCTAssertEqual(error("", .count)?.kind, .empty)
        XCTAssertEqual(error("   ", .count)?.kind, .empty)
        XCTAssertEqual(error("", .count)?.message, "no value given")
        for bad in ["abc", "1..2", "1.2.3", ".5", "5.", "12 apples", "--3", "1 2", "K", "$", "%", "1e5",
                    "1.2m", "1.2 KK", "50万万", "45%%", "1,2,3,4x"] {
            let e = error(bad, .count)
            XCTAssertNotNil(e, bad)
            XCTAssertNotEqual(e?.kind, .empty, bad)
        }
        XCTAssertEqual(error("abc", .count)?.message, "'abc' is not a number")
        XCTAssertEqual(error("1..2", .count)?.kind, .notANumber)
    }

    func testMalformedSeparators() {
        for bad in ["1,20", "1,2,3,4", "1,2000", ",100", "1,", "1234,567", "1,234,56", "12,34.5"] {
            XCTAssertEqual(error(bad, .count)?.kind, .misplacedSeparator, bad)
        }
        XCTAssertTrue(error("1,20", .count)?.message.contains("misplaced thousands separators") ?? false)
    }

    func testTooManyDigits() {
        XCTAssertEqual(error("123456789012345678901234567890123456789", .count)?.kind, .tooManyDigits)
        XCTAssertEqual(value("12345678901234567890123456789012345678", .count)?.description,
                       "12345678901234567890123456789012345678")
    }

    func testHostileInputFailsCleanly() {
        XCTAssertEqual(error(String(repeating: "9", count: 100_000), .count)?.kind, .tooManyDigits)
        XCTAssertEqual(error("0." + String(repeating: "0", count: 300) + "1", .count)?.kind, .tooManyDigits)
        XCTAssertEqual(error(String(repeating: "1,000", count: 1000), .count)?.kind, .misplacedSeparator)
        // Random bytes, including invalid UTF-8 and the marks' partial byte sequences:
        // any result is fine, a crash is not.
        var random = SeededRandom(seed: 0xF0_22)
        let alphabet: [UInt8] = Array("0123456789,.-+ %$Kk".utf8) + [0xE2, 0x88, 0x92, 0xE4, 0xB8, 0x87, 0xC2, 0xA5, 0xFF, 0x00]
        for _ in 0..<2000 {
            let bytes = (0..<Int(random.next(upTo: 12))).map { _ in alphabet[Int(random.next(upTo: UInt64(alphabet.count)))] }
            for unit in MetricUnit.allCases {
                _ = bytes.withUnsafeBufferPointer { ValueParser.parse(utf8: $0, unit: unit) }
            }
        }
    }

    func testFormatter() {
        XCTAssertEqual(ValueFormatter.format(45, unit: .percent), "45%")
        XCTAssertEqual(ValueFormatter.format(1200, unit: .count), "1200")
        XCTAssertEqual(ValueFormatter.format(500_000, unit: .currency), "500000")
        XCTAssertEqual(ValueFormatter.format(3, unit: .days), "3d")
        XCTAssertEqual(ValueFormatter.format(n("4.5"), unit: .hours), "4.5h")
        XCTAssertEqual(ValueFormatter.format(n("-2.5"), unit: .ratio), "-2.5")
        XCTAssertEqual(ValueFormatter.formatPlain(n("45.50")), "45.5")
    }

    /// parse(format(n)) == n, for every unit, over 600 seeded random values.
    func testPropertyFormatThenParseRoundTrips() {
        var random = SeededRandom(seed: 0x5EED_0001)
        for case_ in 0..<600 {
            let digits = random.next(upTo: 19) + 1   // at most 19 digits fit a UInt64
            var significand: UInt64 = 0
            for _ in 0..<digits { significand = significand * 10 + random.next(upTo: 10) }
            let exponent = Int(random.next(upTo: 16)) - 10
            let number = Number(significand: significand, exponent: exponent, negative: random.next(upTo: 3) == 0)!
            for unit in MetricUnit.allCases {
                let text = ValueFormatter.format(number, unit: unit)
                switch ValueParser.parse(text, unit: unit) {
                case .success(let back): XCTAssertEqual(back, number, "case \(case_): \(text) as \(unit)")
                case .failure(let e): XCTFail("case \(case_): \(text) as \(unit): \(e.message)")
                }
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) so property tests repeat exactly.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(upTo bound: UInt64) -> UInt64 { next() % bound }

    /// An index in 0..<bound.
    mutating func next(_ bound: Int) -> Int { Int(next(upTo: UInt64(bound))) }

    /// A decimal in [0, maxUnits / 10^places] with `places` decimals.
    mutating func decimal(maxUnits: UInt64, places: Int) -> Number {
        Number(significand: next(upTo: maxUnits + 1), exponent: -places)!
    }
}
