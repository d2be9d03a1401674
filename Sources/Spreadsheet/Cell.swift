/// One cell of a sheet kpi writes: what it holds decides how a spreadsheet shows it
/// (docs/spreadsheets.md): numbers as numbers, percentages as fractions with a percent format,
/// dates as date serials with a date format, everything else as text.
public enum Cell: Sendable, Equatable {
    case empty
    case text(String)
    /// A decimal written as text (`1200`, `-0.25`); written as text when it is not one.
    case number(String)
    /// A fraction shown as a percentage (`0.45` shows as 45.00%).
    case percent(String)
    /// A day, as days since 1970-01-01.
    case date(daysSinceEpoch: Int)
    /// A wall-clock time, seconds since 1970-01-01 of that wall clock, and its offset from UTC.
    /// A workbook shows the wall clock (a spreadsheet has no time zone; kpi writes the offset in a
    /// column beside it); CSV writes ISO 8601 with the offset, as every kpi output does.
    case dateTime(localSeconds: Int64, offsetMinutes: Int)
}

/// Spreadsheet date serials: days counted from the workbook's epoch, with the 1900 system's
/// famous bug kept (Lotus 1-2-3 counted 1900-02-29, a day that never was, as serial 60; so
/// 1970-01-01 is serial 25569 and 1900-03-01 serial 61).
public enum DateSerial {
    static let unixEpoch1900 = 25_569
    static let unixEpoch1904 = 24_107

    /// The serial of a day in the 1900 system (what kpi writes).
    public static func serial(daysSinceEpoch d: Int) -> Int {
        let n = d + unixEpoch1900
        return n >= 61 ? n : n - 1
    }

    /// The day (days since 1970-01-01) a whole serial names; nil for serial 60 in the 1900 system
    /// (the day that never was), before the epoch, and after 9999-12-31.
    public static func daysSinceEpoch(serial: Int, date1904: Bool = false) -> Int? {
        guard serial >= (date1904 ? 0 : 1), serial <= 2_958_465 else { return nil }
        if date1904 { return serial - unixEpoch1904 }
        if serial == 60 { return nil }
        return serial > 60 ? serial - unixEpoch1900 : serial - unixEpoch1900 + 1
    }
}

/// A column's letters in a cell reference: 0 → A, 25 → Z, 26 → AA.
enum ColumnName {
    static func letters(_ index: Int) -> String {
        var n = index + 1
        var letters: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(65 + r))), at: 0)
            n = (n - 1) / 26
        }
        return String(letters)
    }
}
