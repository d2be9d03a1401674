/// A fiscal quarter, written `2026-Q3`. With a fiscal year starting in month M, quarter 1 of
/// fiscal year Y starts on the first day of month M of calendar year Y (so with M = 4,
/// 2026-Q1 is April–June 2026).
public struct Quarter: Hashable, Comparable, Sendable, CustomStringConvertible {
    // Three bytes, not two `Int`s: every sheet holds its quarter, in its key and in itself.
    private let storedYear: Int16
    private let storedNumber: UInt8

    public var year: Int { Int(storedYear) }
    public var number: Int { Int(storedNumber) }

    public init?(year: Int, number: Int) {
        guard (1000...9999).contains(year), (1...4).contains(number) else { return nil }
        storedYear = Int16(year)
        storedNumber = UInt8(number)
    }

    public init?(_ text: String) {
        // Read in place (every sheet's folder is one): no array of the bytes made.
        var text = text
        guard let (y, q) = text.withUTF8({ u -> (Int, Int)? in
            guard u.count == 7, u[4] == UInt8(ascii: "-"), u[5] == UInt8(ascii: "Q") else { return nil }
            var y = 0
            for i in 0..<4 {
                let d = Int(u[i]) - 48
                guard (0...9).contains(d) else { return nil }
                y = y * 10 + d
            }
            return (y, Int(u[6]) - 48)
        }) else { return nil }
        self.init(year: y, number: q)
    }

    public var description: String { "\(year)-Q\(number)" }

    public static func < (a: Quarter, b: Quarter) -> Bool { (a.year, a.number) < (b.year, b.number) }

    /// First and last day, for a fiscal year starting in `fiscalYearStart` (1–12).
    public func days(fiscalYearStart: Int) -> ClosedRange<Day> {
        let startMonth0 = (fiscalYearStart - 1) + (number - 1) * 3
        let y = year + startMonth0 / 12
        let m = startMonth0 % 12 + 1
        let first = Day(year: y, month: m, day: 1)!
        let endMonth0 = startMonth0 + 3
        let next = Day(year: year + endMonth0 / 12, month: endMonth0 % 12 + 1, day: 1)!
        return first...next.adding(days: -1)
    }

    /// The quarter holding `day`.
    public static func containing(_ day: Day, fiscalYearStart: Int) -> Quarter {
        let c = day.components
        let monthsIn = (c.month - fiscalYearStart + 12) % 12
        let fiscalYear = c.month >= fiscalYearStart ? c.year : c.year - 1
        return Quarter(year: fiscalYear, number: monthsIn / 3 + 1)!
    }

    public var next: Quarter { number == 4 ? Quarter(year: year + 1, number: 1)! : Quarter(year: year, number: number + 1)! }

    public static func quarters(ofYear year: Int) -> [Quarter] { (1...4).map { Quarter(year: year, number: $0)! } }
}
