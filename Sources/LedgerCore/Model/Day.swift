import GitStore

/// A calendar date (`2026-07-31`), stored as days since 1970-01-01 so comparisons are integer
/// compares and no Foundation calendar is involved.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let daysSinceEpoch: Int32

    public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        daysSinceEpoch = Int32(CivilTime.days(year: year, month: month, day: day))
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: String) {
        let u = Array(text.utf8)
        guard let d = u.withUnsafeBufferPointer({ Day(utf8: $0) }) else { return nil }
        self = d
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes (records are read straight from a file's bytes).
    public init?(utf8 u: UnsafeBufferPointer<UInt8>) {
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                let d = Int(u[i]) - 48
                guard (0...9).contains(d) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var components: (year: Int, month: Int, day: Int) { CivilTime.civil(days: Int64(daysSinceEpoch)) }

    public var description: String {
        let c = components
        // The usual four-digit year written straight into the string's bytes (every record's date
        // is written or hashed this way: the general form below was most of it).
        if (0...9999).contains(c.year) {
            return String(unsafeUninitializedCapacity: 10) { b in
                func put(_ v: Int, _ at: Int, _ width: Int) {
                    var v = v
                    for i in stride(from: at + width - 1, through: at, by: -1) { b[i] = UInt8(48 + v % 10); v /= 10 }
                }
                put(c.year, 0, 4)
                b[4] = UInt8(ascii: "-")
                put(c.month, 5, 2)
                b[7] = UInt8(ascii: "-")
                put(c.day, 8, 2)
                return 10
            }
        }
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    public static func < (a: Day, b: Day) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    public func adding(days: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + Int32(days)) }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
