import Foundation
@testable import GitStore
import XCTest

/// `Signature.iso8601` writes the usual date digit by digit; it must be the date Foundation's
/// Gregorian calendar gives for the moment at its own offset, for any time and offset.
final class ISODateTests: XCTestCase {
    func testDigitsMatchTheCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return seed >> 11 }
        var times: [Int64] = [0, -1, 86_399, 86_400, 951_782_400, 1_780_000_000, 253_402_300_799, -12_212_553_600]
        for _ in 0..<5_000 { times.append(Int64(next() % 253_402_300_000) - 2_000_000_000) }
        let offsets = [0, 1, -1, 330, -330, 345, 840, -720, 5_999, -5_999]
        for t in times {
            for o in offsets {
                let local = Date(timeIntervalSince1970: TimeInterval(t + Int64(o) * 60))
                let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: local)
                guard let y = c.year, (0...9999).contains(y), t + Int64(o) * 60 >= -12_212_553_600 else { continue }  // Foundation is Julian before 1583
                let a = abs(o)
                let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d", y, c.month!, c.day!, c.hour!, c.minute!, c.second!,
                                      o < 0 ? "-" : "+", a / 60, a % 60)
                XCTAssertEqual(Signature(name: "n", email: "e", time: t, offsetMinutes: o).iso8601, expected, "\(t) \(o)")
            }
        }
    }
}
