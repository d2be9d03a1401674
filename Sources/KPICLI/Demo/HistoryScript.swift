import LedgerCore

/// The replayable history of a ledger: `kpi` commands with the author and date they were
/// made at, hand edits, and scratch files (CSV imports). ledger-example/history.kpi is one.
///
///     @ 2026-03-25T17:00:00+08:00 Dana Wu <dana@example.com>   author and date from here on
///     kpi goal set alice retention --quarter 2026-Q2 --target 44%
///     write goals/2026-Q2/li.yaml <<END       a file written by hand (in the ledger)
///     ...
///     END
///     scratch q2.csv <<END                    a file outside the ledger, used as $SCRATCH/q2.csv
///     replace records/2026-Q3/tom.yaml "value: 70%" "value: 80%"   a hand edit
struct HistoryScript {
    struct Identity: Equatable {
        var name: String
        var email: String
        var date: String
    }

    enum Action: Equatable {
        case kpi([String])
        case write(path: String, text: String)
        case scratch(name: String, text: String)
        case replace(path: String, old: String, new: String)
    }

    struct Step: Equatable {
        var line: Int
        var identity: Identity?
        var action: Action
    }

    struct Failure: Error, CustomStringConvertible {
        let line: Int
        let message: String
        var description: String { "history script line \(line): \(message)" }
    }

    var steps: [Step]

    static func parse(_ text: String) throws -> HistoryScript {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var steps: [Step] = []
        var identity: Identity?
        var i = 0
        func heredoc(_ marker: String) throws -> String {
            var body: [String] = []
            let start = i
            i += 1
            while i < lines.count, lines[i] != marker {
                body.append(lines[i])
                i += 1
            }
            guard i < lines.count else { throw Failure(line: start + 1, message: "no closing \(marker)") }
            return body.map { $0 + "\n" }.joined()
        }
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingScalars(in: " ")
            if trimmed.isEmpty || trimmed.hasPrefix("#") { i += 1; continue }
            let words = try split(trimmed, line: i + 1)
            switch words[0] {
            case "@":
                guard words.count >= 3, let open = trimmed.firstIndex(of: "<"), let close = trimmed.lastIndex(of: ">") else {
                    throw Failure(line: i + 1, message: "write `@ DATE Name <email>`")
                }
                let name = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2 + words[1].count)..<open].trimmingScalars(in: " ")
                identity = Identity(name: name, email: String(trimmed[trimmed.index(after: open)..<close]), date: words[1])
            case "kpi":
                steps.append(Step(line: i + 1, identity: identity, action: .kpi(Array(words.dropFirst()))))
            case "write", "scratch":
                guard words.count == 3, words[2].hasPrefix("<<") else { throw Failure(line: i + 1, message: "write `\(words[0]) PATH <<END`") }
                let lineNo = i + 1
                let body = try heredoc(String(words[2].dropFirst(2)))
                let action: Action = words[0] == "write" ? .write(path: words[1], text: body) : .scratch(name: words[1], text: body)
                steps.append(Step(line: lineNo, identity: identity, action: action))
            case "replace":
                guard words.count == 4 else { throw Failure(line: i + 1, message: "write `replace PATH \"old\" \"new\"`") }
                steps.append(Step(line: i + 1, identity: identity, action: .replace(path: words[1], old: words[2], new: words[3])))
            default:
                throw Failure(line: i + 1, message: "unknown step '\(words[0])'")
            }
            i += 1
        }
        return HistoryScript(steps: steps)
    }

    /// Splits like a shell: spaces separate words, "double" and 'single' quotes group them;
    /// inside double quotes `\n`, `\t`, `\"` and `\\` are escapes.
    static func split(_ s: String, line: Int) throws -> [String] {
        var words: [String] = []
        var cur = ""
        var inWord = false
        var quote: Character?
        var escape = false
        for ch in s {
            if escape {
                cur.append(ch == "n" ? "\n" : ch == "t" ? "\t" : ch)
                escape = false
                continue
            }
            if let q = quote {
                if ch == "\\" && q == "\"" { escape = true } else if ch == q { quote = nil } else { cur.append(ch) }
                continue
            }
            switch ch {
            case "\"", "'": quote = ch; inWord = true
            case " ", "\t":
                if inWord { words.append(cur); cur = ""; inWord = false }
            default: cur.append(ch); inWord = true
            }
        }
        if quote != nil { throw Failure(line: line, message: "a quote is never closed") }
        if inWord { words.append(cur) }
        return words
    }
}

