#if canImport(Glibc)
import Glibc
#endif

/// Parses the date forms git accepts in GIT_AUTHOR_DATE / GIT_COMMITTER_DATE:
/// `@1700000000 +0200`, `1700000000 +0200`, ISO 8601 `2026-08-10T11:00:00+08:00` (also `Z`,
/// `+0800`, a space instead of `T`), `2026-08-10 11:00:00 +0800` and RFC 2822
/// `Mon, 10 Aug 2026 11:00:00 +0800`. A date without an offset is local time.
public enum GitDate {
    /// (unix seconds, offset minutes), or nil when the text is not a date.
    public static func parse(_ text: String) -> (time: Int64, offsetMinutes: Int)? {
        let s = text.trimmingSpaces
        if s.isEmpty { return nil }
        if let raw = parseRaw(s) { return raw }
        if let iso = parseISO(s) { return iso }
        if let rfc = parseRFC2822(s) { return rfc }
        return nil
    }

    /// The local UTC offset (minutes) at a given instant, from localtime_r's tm_gmtoff.
    public static func localOffsetMinutes(at time: Int64) -> Int {
        var t = time_t(time)
        var tmValue = tm()
        guard localtime_r(&t, &tmValue) != nil else { return 0 }
        return Int(tmValue.tm_gmtoff) / 60
    }

    /// Now, with the local offset.
    public static func now() -> (Int64, Int) {
        let t = Int64(time(nil))
        return (t, localOffsetMinutes(at: t))
    }

    // MARK: forms

    /// `@1700000000 +0200`, `1700000000 +0200`, `@1700000000`.
    static func parseRaw(_ s: String) -> (Int64, Int)? {
        var parts = s.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        var secondsText = parts.removeFirst()
        let hadAt = secondsText.hasPrefix("@")
        if hadAt { secondsText.removeFirst() }
        guard !secondsText.isEmpty, secondsText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let seconds = Int64(secondsText) else { return nil }
        // git requires a plausible epoch (≥ 9 digits) without "@", to tell it from other numbers.
        if !hadAt && secondsText.count < 9 { return nil }
        if let zone = parts.first {
            guard let offset = parseOffset(zone) else { return nil }
            return (seconds, offset)
        }
        return (seconds, 0)
    }

    /// `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][ ]?(Z|±HH:MM|±HHMM|±HH)?`
    static func parseISO(_ s: String) -> (Int64, Int)? {
        var scanner = Scanner(s)
        guard let year = scanner.number(digits: 4), scanner.skip("-"),
              let month = scanner.number(digits: 2), scanner.skip("-"),
              let day = scanner.number(digits: 2) else { return nil }
        guard scanner.skip("T") || scanner.skip(" ") || scanner.skip("t") else { return nil }
        scanner.skipSpaces()
        guard let hour = scanner.number(digits: 2), scanner.skip(":"), let minute = scanner.number(digits: 2) else { return nil }
        var second = 0
        if scanner.skip(":") {
            guard let sec = scanner.number(digits: 2) else { return nil }
            second = sec
            if scanner.skip(".") || scanner.skip(",") { _ = scanner.digits() }
        }
        scanner.skipSpaces()
        let rest = scanner.rest
        return assemble(year: year, month: month, day: day, hour: hour, minute: minute, second: second, zone: rest)
    }

    /// `[Mon, ]10 Aug 2026 11:00[:00] +0800`
    static func parseRFC2822(_ s: String) -> (Int64, Int)? {
        var text = Substring(s)
        if let comma = text.firstIndex(of: ",") {
            let weekday = text[..<comma].trimmingSpaces.lowercased()
            guard weekdays.contains(String(weekday.prefix(3))) else { return nil }
            text = text[text.index(after: comma)...]
        }
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 4 || parts.count == 5 else { return nil }
        guard let day = Int(parts[0]), let month = months.firstIndex(of: String(parts[1].lowercased().prefix(3))),
              parts[1].count >= 3, let year = Int(parts[2]), parts[2].count == 4 else { return nil }
        let clock = parts[3].split(separator: ":").map(String.init)
        guard clock.count == 2 || clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]) else { return nil }
        let second = clock.count == 3 ? Int(clock[2]) : 0
        guard let second else { return nil }
        return assemble(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second,
                        zone: parts.count == 5 ? parts[4] : "")
    }

    static func assemble(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, zone: String) -> (Int64, Int)? {
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        let offset: Int
        if zone.isEmpty {
            // Local wall-clock time: find the offset in force at that instant (two passes for DST edges).
            let guess = CivilTime.unixTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetMinutes: 0)
            var off = localOffsetMinutes(at: guess)
            off = localOffsetMinutes(at: guess - Int64(off) * 60)
            offset = off
        } else {
            guard let z = parseOffset(zone) else { return nil }
            offset = z
        }
        return (CivilTime.unixTime(year: year, month: month, day: day, hour: hour, minute: minute,
                                   second: second, offsetMinutes: offset), offset)
    }

    /// `Z`, `UTC`, `GMT`, `+08:00`, `+0800`, `-05`, `+8`… → minutes.
    static func parseOffset(_ zone: String) -> Int? {
        let z = zone.trimmingSpaces
        if z == "Z" || z == "z" || z.uppercased() == "UTC" || z.uppercased() == "GMT" { return 0 }
        guard let sign = z.first, sign == "+" || sign == "-" else { return nil }
        let body = z.dropFirst().replacingColon
        guard !body.isEmpty, body.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let hours: Int, minutes: Int
        switch body.count {
        case 1, 2: hours = Int(body)!; minutes = 0
        case 4: hours = Int(body.prefix(2))!; minutes = Int(body.suffix(2))!
        default: return nil
        }
        guard hours <= 14, minutes < 60 else { return nil }
        let total = hours * 60 + minutes
        return sign == "-" ? -total : total
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// A tiny ASCII scanner.
    struct Scanner {
        let bytes: [UInt8]
        var i = 0
        init(_ s: String) { bytes = Array(s.utf8) }
        mutating func skip(_ c: Character) -> Bool {
            guard i < bytes.count, let a = c.asciiValue, bytes[i] == a else { return false }
            i += 1
            return true
        }
        mutating func skipSpaces() { while i < bytes.count, bytes[i] == 32 { i += 1 } }
        mutating func number(digits n: Int) -> Int? {
            guard i + n <= bytes.count else { return nil }
            var v = 0
            for k in 0..<n {
                let b = bytes[i + k]
                guard b >= 48 && b <= 57 else { return nil }
                v = v * 10 + Int(b - 48)
            }
            i += n
            return v
        }
        mutating func digits() -> Int {
            let start = i
            while i < bytes.count, bytes[i] >= 48 && bytes[i] <= 57 { i += 1 }
            return i - start
        }
        var rest: String { String(decoding: bytes[i...], as: UTF8.self) }
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return String(s)
    }

    var replacingColon: String { String(self.filter { $0 != ":" }) }
}
