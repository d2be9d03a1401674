import ArgumentParser
import Foundation
import GitStore
import LedgerCore
import LedgerFormat

enum TableOrJSON: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// Opens the repository for a history command, with progress on a terminal.
func historyReports(_ global: GlobalOptions) throws -> HistoryReports {
    // The process ends after this command: what the scan and the rules let go is kept until then.
    LetGo.keepUntilExit()
    let reports = HistoryReports(store: try LedgerStore.open(from: global.startDirectory))
    if isatty(2) == 1 {
        reports.scanner.progress = { done, total in
            if done == total || done % 500 == 0 { Output.progress("\rReading history: \(done)/\(total) commits" + (done == total ? "\r\u{1B}[K" : "")) }
        }
    }
    return reports
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Every change to a subject's goals (and records edited, deleted or corrected), oldest first.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Person or team id.") var subject: String
    @Argument(help: "Only this metric.") var metric: String?
    @Option(help: "Only this quarter.") var quarter: Quarter?
    @Option(help: "Output: table, json, csv or xlsx (default: table, or what -o's extension names).") var format: ExportFormat?
    @OptionGroup var export: ExportOptions
    @OptionGroup var terminal: TerminalOptions
    static let formats: [ExportFormat] = [.table, .json, .csv, .xlsx]

    func validate() throws { _ = try export.format(format, allowed: Self.formats) }

    func run() throws {
        let format = try export.format(format, allowed: Self.formats)
        let pager = export.output == nil ? Pager.start(terminal, in: global.startDirectory) : nil
        defer { pager?.finish() }
        let events = try historyReports(global).history(subject: subject, metric: metric, quarter: quarter)
        switch format {
        case .json, .markdown:
            try export.write(HistoryRenderer.history(subject: subject, events).render() + "\n", format: format, startDirectory: global.startDirectory)
        case .csv:
            try export.write(CSVTable.render(ReportSheets.history(subject: subject, events)), format: format, startDirectory: global.startDirectory)
        case .xlsx:
            try export.write([ReportSheets.history(subject: subject, events)], startDirectory: global.startDirectory)
        case .table:
            if events.isEmpty { try export.write("No goal changes for \(subject).\n", format: format, startDirectory: global.startDirectory); return }
            // On a narrow terminal the date shows its day and the author their name (--wide, JSON
            // and CSV keep the time with its offset and the email).
            func table(compact: Bool) -> TextTable {
                var t = TextTable([("Commit", .left), ("Date", .left), ("Author", .left), ("Quarter", .left), ("Metric", .left),
                                   ("Field", .left), ("Change", .left), ("Message", .left)])
                for e in events {
                    t.add([e.commit.short, compact ? String(e.author.iso8601.prefix(10)) : e.author.iso8601,
                           compact ? e.author.name : "\(e.author.name) <\(e.author.email)>", e.quarter?.description ?? "",
                           e.metric ?? "", e.field, "\(e.old ?? "∅") → \(e.new ?? "∅")" + (e.reason.map { " (\($0))" } ?? ""), e.message])
                }
                t.shrinkable = ["Message", "Author"]
                return t
            }
            let toTerminal = export.output == nil
            let width = toTerminal ? terminal.width : nil
            let full = table(compact: false)
            try export.write((full.fits(width: width) ? full : table(compact: true)).render(style: toTerminal ? Terminal.stdout : .plain, width: width),
                             format: format, startDirectory: global.startDirectory)
        }
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "The semantic difference of two revisions, and each affected subject's score before and after.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "From revision (default: TO's parent).") var from: String?
    @Argument(help: "To revision (default: HEAD).") var to: String?
    @Option(help: "Output: table or json.") var format: TableOrJSON = .table
    @OptionGroup var terminal: TerminalOptions

    func run() throws {
        let pager = Pager.start(terminal, in: global.startDirectory)
        defer { pager?.finish() }
        let reports = try historyReports(global)
        let report = try reports.diff(from: from, to: to)
        // `git diff HEAD` would show the work tree; kpi diff compares commits: say what it leaves out.
        if to == nil || to == "HEAD", case let edited = try reports.store.uncommittedLedgerFiles(), !edited.isEmpty {
            let named = edited.prefix(3).joined(separator: ", ") + (edited.count > 3 ? " and \(edited.count - 3) more" : "")
            Output.err("kpi: note: uncommitted edits are not compared (kpi diff compares commits): \(named); "
                       + "commit them (kpi commit -m \"…\") to see what they change\n")
        }
        let today = Today.day()
        func progress(_ q: Quarter) -> QuarterProgress { QuarterProgress(q, today: today, fiscalYearStart: report.fiscalYearStart) }
        switch format {
        case .json:
            Output.out(HistoryRenderer.diff(report, today: today).render() + "\n")
        case .table:
            Output.out("\(report.from?.id.short ?? "(empty)") → \(report.to.id.short)\n")
            if report.events.isEmpty { Output.out("No ledger changes.\n") }
            for line in HistoryReports.summary(report.events, withQuarter: true) { Output.out("  \(SafeText.line(line))\n") }
            if !report.scores.isEmpty {
                Output.out("Scores:\n")
                for s in report.scores {
                    let p = progress(s.quarter)
                    Output.out("  \(s.subject) \(s.quarter)\(p.inProgress ? " (day \(p.elapsedDays)/\(p.totalDays))" : ""): \(ScoreRenderer.points(s.before)) → \(ScoreRenderer.points(s.after))"
                               + "\(HistoryRenderer.ratingChange(s.before.ratings, s.after.ratings))\n")
                }
                for s in report.scores {
                    for e in HistoryRenderer.errors(s.before, s.after) {
                        Output.out("    \(s.subject) \(s.quarter) incomplete: \(SafeText.line(ScoreRenderer.errorText(e)))\n")
                    }
                }
            }
        }
        if report.scores.contains(where: { !$0.before.isComplete || !$0.after.isComplete }) {
            Output.err("kpi: error: a score shown is incomplete: a file it depends on did not load at that revision\n")
            throw ExitCode(1)
        }
    }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Findings over the history: targets eased after actuals, records edited, closed quarters changed ...",
        discussion: "Exits 1 when a finding at or above --fail-on remains (default: error), else 0.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only findings about this quarter's files (changes to people, teams, metrics or ledger.yaml belong to no quarter and are left out).") var quarter: Quarter?
    @Option(help: "Output: table, json, csv or xlsx (default: table, or what -o's extension names).") var format: ExportFormat?
    @OptionGroup var export: ExportOptions
    @OptionGroup var terminal: TerminalOptions
    @Option(name: .customLong("fail-on"), help: "warning or error.", completion: .list(["warning", "error"])) var failOn: AuditFinding.Severity = .error
    static let formats: [ExportFormat] = [.table, .json, .csv, .xlsx]

    func validate() throws { _ = try export.format(format, allowed: Self.formats) }

    func run() throws {
        let format = try export.format(format, allowed: Self.formats)
        let pager = export.output == nil ? Pager.start(terminal, in: global.startDirectory) : nil
        defer { pager?.finish() }
        let findings = try historyReports(global).audit(quarter: quarter)
        switch format {
        case .json, .markdown:
            try export.stream(startDirectory: global.startDirectory) { emit in HistoryRenderer.audit(findings, emit: emit) }
        case .csv:
            try export.write(CSVTable.render(ReportSheets.audit(findings)), format: format, startDirectory: global.startDirectory)
        case .xlsx:
            try export.write([ReportSheets.audit(findings)], startDirectory: global.startDirectory)
        case .table:
            var out = findings.isEmpty ? "No findings.\n" : ""
            let style = export.output == nil ? Terminal.stdout : .plain
            for f in findings {
                let sev = f.severity == .error ? style.red("error") : style.yellow("warning")
                out += "\(f.commit.short) \(sev) [\(f.rule)] \(SafeText.line(f.message))\n"
            }
            try export.write(out, format: format, startDirectory: global.startDirectory)
        }
        if findings.contains(where: { $0.severity >= failOn }) { throw ExitCode(1) }
    }
}

extension AuditFinding.Severity: ExpressibleByArgument {}

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "The ledger's commits, newest first, each with a semantic summary.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Only commits touching this person or team.") var subject: String?
    @Option(help: "Only commits touching this quarter.") var quarter: Quarter?
    @Option(help: "Output: table or json.") var format: TableOrJSON = .table
    @OptionGroup var terminal: TerminalOptions

    func run() throws {
        let entries = try historyReports(global).log(subject: subject, quarter: quarter)
        if format == .json {
            Output.out(HistoryRenderer.log(entries).render() + "\n")
            return
        }
        let pager = Pager.start(terminal, in: global.startDirectory)
        defer { pager?.finish() }
        let width = terminal.width
        for entry in entries {
            let c = entry.commit
            let summary = entry.lines.isEmpty ? c.summary : entry.lines.prefix(3).joined(separator: "; ")
                + (entry.lines.count > 3 ? "; +\(entry.lines.count - 3) more" : "")
            let line = "\(c.id.short) \(c.author.iso8601) \(SafeText.line(c.author.name)): \(SafeText.line(summary))"
            Output.out((width.map { DisplayWidth.truncate(line, to: $0) } ?? line) + "\n")
        }
    }
}

/// The JSON of `kpi history`, `kpi diff` and `kpi audit` (a contract; `kpi serve`'s API returns the same).
package enum HistoryRenderer {
    static func opt(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }

    package static func history(subject: String, _ events: [LedgerEvent]) -> JSON {
        .object([("subject", .string(subject)), ("events", .array(events.map(event)))])
    }

    /// `today` tells which quarter is in progress (docs/scoring.md).
    package static func diff(_ report: HistoryReports.DiffReport, today: Day = Today.day()) -> JSON {
        .object([
            ("from", report.from.map { .string($0.id.hex) } ?? .null), ("to", .string(report.to.id.hex)),
            ("changes", .array(report.events.map(change))),
            ("scores", .array(report.scores.map {
                .object([("subject", .string($0.subject)), ("quarter", .string($0.quarter.description))]
                        + ScoreRenderer.progress(QuarterProgress($0.quarter, today: today, fiscalYearStart: report.fiscalYearStart)) + [
                         ("before", ScoreRenderer.num($0.before.shownScore(places: 2))),
                         ("after", ScoreRenderer.num($0.after.shownScore(places: 2))),
                         ("before_complete", .bool($0.before.isComplete)), ("after_complete", .bool($0.after.isComplete))]
                        + ratings("before", $0.before.ratings) + ratings("after", $0.after.ratings) + [
                         ("errors", .array(errors($0.before, $0.after).map { .string(ScoreRenderer.errorText($0)) }))])
            })),
        ])
    }

    /// The three ratings and the final one at one side of a diff (docs/review-cycle.md, "Calibration").
    static func ratings(_ side: String, _ t: RatingTrail) -> [(String, JSON)] {
        [("\(side)_rating", opt(t.computed)), ("\(side)_review_rating", opt(t.review)),
         ("\(side)_calibrated_rating", opt(t.calibrated)), ("\(side)_final_rating", opt(t.final))]
    }

    /// `; final rating A → B (calibrated: – → B)` when the final, the reviewer's or the calibrated
    /// rating moved and one of the last two is given at either side; a score alone tells its
    /// computed rating, so it gets nothing.
    package static func ratingChange(_ before: RatingTrail, _ after: RatingTrail) -> String {
        guard [before.review, before.calibrated, after.review, after.calibrated].contains(where: { $0 != nil }),
              before.final != after.final || before.review != after.review || before.calibrated != after.calibrated else { return "" }
        var out = "; final rating \(before.final ?? "–") → \(after.final ?? "–")"
        if before.review != nil || after.review != nil, before.review != after.review {
            out += " (reviewer: \(before.review ?? "–") → \(after.review ?? "–"))"
        }
        if before.calibrated != nil || after.calibrated != nil {
            out += before.calibrated == after.calibrated ? " (calibrated: \(after.calibrated!))"
                : " (calibrated: \(before.calibrated ?? "–") → \(after.calibrated ?? "–"))"
        }
        return out
    }

    /// The errors behind either side's incomplete score, each once.
    package static func errors(_ before: SubjectScore, _ after: SubjectScore) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return (before.errors + after.errors).filter { seen.insert($0).inserted }
    }

    /// Each commit with its author, date, message and the ledger changes it made (as `kpi diff`
    /// lists them), newest first.
    package static func log(_ entries: [HistoryReports.LogEntry]) -> JSON {
        .object([("commits", .array(entries.map { entry in
            let c = entry.commit
            return .object([("commit", .string(c.id.hex)), ("author", .string(c.author.name)), ("email", .string(c.author.email)),
                            ("date", .string(c.author.iso8601)), ("summary", .string(c.summary)), ("message", .string(c.message)),
                            ("changes", .array(entry.events.map(change)))])
        }))])
    }

    /// The audit's JSON document with its final line break, as UTF-8. Written straight into
    /// bytes, not through `JSON` values: an audit of 10,000 commits is tens of thousands of
    /// findings and megabytes of text. Byte for byte what `JSON.render()` writes for the same
    /// object (`AuditJSONTests`), so, like it, it holds no control character unescaped.
    /// Each key with its punctuation is one piece of static text; a finding's commit, author,
    /// email and date are written once for a run of findings of the same commit and author
    /// (most commits have several), and each quarter's text once: the id's hex and the date's
    /// text were ~2,000 instructions a finding (BENCHMARKS.md, s12-audit).
    package static func audit(_ findings: [AuditFinding]) -> [UInt8] {
        var out: [UInt8] = []
        audit(findings) { out += $0 }
        return out
    }

    /// `audit(_:)`'s bytes handed to `emit` in pieces of about 64 KB, one buffer reused for
    /// each: the 10 MB of an audit of 10,000 commits are never held whole (fresh pages the
    /// command's main thread faulted in one by one, BENCHMARKS.md, session 18).
    package static func audit(_ findings: [AuditFinding], emit: ([UInt8]) -> Void) {
        if findings.isEmpty { return emit(Array("{\n  \"findings\": []\n}\n".utf8)) }
        let piece = 1 << 16
        var out: [UInt8] = []
        out.reserveCapacity(piece + (1 << 12))
        func put(_ text: StaticString, into bytes: inout [UInt8]) {
            text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }
        func string(_ s: String?, into bytes: inout [UInt8]) {
            if let s { JSON.escape(s, into: &bytes) } else { put("null", into: &bytes) }
        }
        put("{\n  \"findings\": [", into: &out)
        var who: (commit: ObjectID, author: Signature, text: [UInt8])?
        var quarters: [Quarter: [UInt8]] = [:]
        for (i, f) in findings.enumerated() {
            put(i == 0 ? "\n    {\n      \"rule\": " : ",\n    {\n      \"rule\": ", into: &out)
            string(f.rule, into: &out)
            put(",\n      \"severity\": ", into: &out)
            string(f.severity.rawValue, into: &out)
            if who == nil || who!.commit != f.commit || who!.author != f.author {
                var text: [UInt8] = []
                put(",\n      \"commit\": ", into: &text); string(f.commit.hex, into: &text)
                put(",\n      \"author\": ", into: &text); string(f.author.name, into: &text)
                put(",\n      \"email\": ", into: &text); string(f.author.email, into: &text)
                put(",\n      \"date\": ", into: &text); string(f.author.iso8601, into: &text)
                who = (f.commit, f.author, text)
            }
            out.append(contentsOf: who!.text)
            put(",\n      \"subject\": ", into: &out)
            string(f.subject, into: &out)
            put(",\n      \"quarter\": ", into: &out)
            if let q = f.quarter {
                if let text = quarters[q] { out.append(contentsOf: text) } else {
                    var text: [UInt8] = []
                    string(q.description, into: &text)
                    quarters[q] = text
                    out.append(contentsOf: text)
                }
            } else {
                put("null", into: &out)
            }
            put(",\n      \"metric\": ", into: &out)
            string(f.metric, into: &out)
            put(",\n      \"message\": ", into: &out)
            string(f.message, into: &out)
            put("\n    }", into: &out)
            if out.count >= piece {
                emit(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        put("\n  ]\n}\n", into: &out)
        emit(out)
    }

    static func event(_ e: LedgerEvent) -> JSON {
        .object([("commit", .string(e.commit.hex)), ("author", .string(e.author.name)), ("email", .string(e.author.email)),
                 ("date", .string(e.author.iso8601)), ("quarter", opt(e.quarter?.description)), ("metric", opt(e.metric)),
                 ("field", .string(e.field)), ("old", opt(e.old)), ("new", opt(e.new)), ("message", .string(e.message))]
                + (e.recordChange == .corrected ? [("change", .string("corrected")), ("reason", opt(e.reason))] : []))
    }

    static func change(_ e: LedgerEvent) -> JSON {
        var pairs: [(String, JSON)] = [("kind", .string(e.kind.rawValue)), ("path", .string(e.path)), ("subject", opt(e.subject)),
                                       ("quarter", opt(e.quarter?.description)), ("metric", opt(e.metric)), ("field", .string(e.field))]
        // Records say whether they were added, edited or deleted; other changes have old → new.
        if let rc = e.recordChange { pairs.append(("change", .string(rc.rawValue))) }
        return .object(pairs + [("old", opt(e.old)), ("new", opt(e.new))] + (e.reason.map { [("reason", JSON.string($0))] } ?? []))
    }

}
