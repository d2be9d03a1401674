/// Calendar arithmetic done by hand (no Foundation formatters): proleptic Gregorian, UTC.
public enum CivilTime {
    /// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    public static func civil(days z0: Int64) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    /// The day (since 1970-01-01) a moment falls on in its own time zone.
    public static func localDay(time: Int64, offsetMinutes: Int) -> Int64 {
        let local = time + Int64(offsetMinutes) * 60
        return local >= 0 ? local / 86_400 : -((-local + 86_399) / 86_400)
    }

    /// Unix seconds for a wall-clock time at a given UTC offset.
    static func unixTime(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offsetMinutes: Int) -> Int64 {
        days(year: year, month: month, day: day) * 86_400
            + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
    }

    static func iso8601(time: Int64, offsetMinutes: Int) -> String {
        let local = time + Int64(offsetMinutes) * 60
        var day = local / 86_400
        var secs = local % 86_400
        if secs < 0 { secs += 86_400; day -= 1 }
        let (y, m, d) = civil(days: day)
        let hh = Int(secs / 3600), mm = Int(secs % 3600 / 60), ss = Int(secs % 60)
        let a = abs(offsetMinutes)
        guard (0...9999).contains(y), a < 100 * 60 else {
            return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(hh, 2)):\(pad(mm, 2)):\(pad(ss, 2))"
                + offsetString(offsetMinutes, colon: true)
        }
        // The usual date, digit by digit into one string (an audit writes tens of thousands).
        return String(unsafeUninitializedCapacity: 25) { b in
            func two(_ v: Int, _ at: Int) { b[at] = 48 + UInt8(v / 10); b[at + 1] = 48 + UInt8(v % 10) }
            two(y / 100, 0); two(y % 100, 2); b[4] = 45; two(m, 5); b[7] = 45; two(d, 8)
            b[10] = 84; two(hh, 11); b[13] = 58; two(mm, 14); b[16] = 58; two(ss, 17)
            b[19] = offsetMinutes < 0 ? 45 : 43; two(a / 60, 20); b[22] = 58; two(a % 60, 23)
            return 25
        }
    }

    /// `+08:00` / `-0530` style offsets.
    static func offsetString(_ minutes: Int, colon: Bool) -> String {
        let sign = minutes < 0 ? "-" : "+"
        let a = abs(minutes)
        return sign + pad(a / 60, 2) + (colon ? ":" : "") + pad(a % 60, 2)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
