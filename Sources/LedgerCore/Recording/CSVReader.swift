/// RFC 4180 CSV: quoted fields with doubled quotes and line breaks inside, CRLF or LF; the
/// separator a comma, or what `CSVText.separator` found (`;`, tab).
public enum CSVReader {
    public struct Failure: Error {
        public let row: Int
        public let message: String

        // Each with its one wording (the import reports it as `csv-text`, docs/diagnostics.md).
        static func notUTF8(row: Int) -> Failure { Failure(row: row, message: "the row is not valid UTF-8 text") }
        static func strayQuote(row: Int) -> Failure {
            Failure(row: row, message: "a quote in the middle of a field; put the whole field in quotes and double the quote")
        }
        static func unclosedQuote(row: Int) -> Failure { Failure(row: row, message: "a quoted field is never closed") }
    }

    /// Rows of fields; row numbers are 1-based lines of the file where each row starts.
    public static func rows(_ bytes: [UInt8], separator: UInt8 = UInt8(ascii: ",")) throws(Failure) -> [(line: Int, fields: [String])] {
        var rows: [(Int, [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var i = 0
        var line = 1
        var rowLine = 1
        var quoted = false
        var wasQuoted = false
        let n = bytes.count
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        func endField() throws(Failure) {
            guard let s = String(validating: field, as: UTF8.self) else {
                throw .notUTF8(row: rowLine)
            }
            fields.append(wasQuoted ? s : s.trimmingScalars(in: " \t"))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        while i < n {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < n, bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 2; continue }
                    quoted = false
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            if b == separator { try endField(); i += 1; continue }
            switch b {
            case UInt8(ascii: "\""):
                if field.allSatisfy({ $0 == 32 }) { field.removeAll(); quoted = true; wasQuoted = true } else {
                    throw .strayQuote(row: rowLine)
                }
            case UInt8(ascii: "\r") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "\n"): break
            case UInt8(ascii: "\n"):
                try endField()
                if !(fields.count == 1 && fields[0].isEmpty) { rows.append((rowLine, fields)) }
                fields.removeAll()
                line += 1
                rowLine = line
            default: field.append(b)
            }
            i += 1
        }
        if quoted { throw .unclosedQuote(row: rowLine) }
        if !field.isEmpty || !fields.isEmpty {
            try endField()
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append((rowLine, fields)) }
        }
        return rows
    }
}

