import Foundation
import SyntheticLedger
import XCTest

/// Every read command's output (stdout, stderr and exit status), byte for byte, against files
/// committed under Tests/Golden: on the example ledger replayed by `kpi demo` and on a small
/// generated ledger with an error in another year and a target eased after its actuals.
/// Optimisations of loading, scoring and rendering must leave these bytes unchanged.
///
/// A deliberate change of output: regenerate with `KPI_GOLDEN_UPDATE=1 swift test --filter
/// GoldenOutputTests` and review the diff of Tests/Golden before committing it.
final class GoldenOutputTests: XCTestCase {
    static let goldenRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")
    static let updating = ProcessInfo.processInfo.environment["KPI_GOLDEN_UPDATE"] != nil

    /// The read commands checked on each ledger (arguments after `kpi -C LEDGER`).
    static func readCommands(subject: String, metric: String, quarter: String, year: String, team: String) -> [[String]] {
        [
            ["score"], ["score", "--format", "json"], ["score", "--format", "csv"], ["score", "--format", "markdown"],
            ["score", "--explain"], ["score", subject], ["score", subject, "--explain"], ["score", team, "--format", "json"],
            ["score", "--quarter", quarter, "--format", "json"], ["score", "--quarter", quarter, "--explain"],
            ["score", "--year", year], ["score", "--year", year, "--format", "json"], ["score", "--year", year, "--format", "csv"],
            ["score", "--year", year, "--format", "markdown"], ["score", "--year", year, "--explain"],
            ["score", "--at", "HEAD~1", "--quarter", quarter, "--format", "json"],
            ["report", "--html", "-", "--year", year], ["report", "--html", "-", "--quarter", quarter],
            ["history", subject], ["history", subject, "--format", "json"], ["history", subject, metric],
            ["history", subject, "--quarter", quarter],
            ["diff"], ["diff", "--format", "json"], ["diff", "HEAD~3", "HEAD"], ["diff", "HEAD~3", "HEAD", "--format", "json"],
            ["audit"], ["audit", "--format", "json"], ["audit", "--quarter", quarter],
            ["log"], ["log", subject], ["log", "--quarter", quarter],
            ["check"], ["check", "--format", "json"],
        ]
    }

    func testExampleLedgerOutputsAreUnchanged() throws {
        let s = try Sandbox()
        try s.kpi("demo", s.ledger, cwd: s.dir.path)
        // The tour's day: the story's last commit (as the README's blocks are made).
        let today = try s.git("log", "-1", "--format=%aI").trimmingCharacters(in: .whitespacesAndNewlines)
        let commands = Self.readCommands(subject: "alice", metric: "retention", quarter: "2026-Q3", year: "2026", team: "product")
        try check(s, commands, folder: "example", today: today)
    }

    func testGeneratedLedgerOutputsAreUnchanged() throws {
        let s = try Sandbox()
        try GeneratedLedger.make(in: s)
        let commands = Self.readCommands(subject: "p03", metric: "revenue", quarter: "2026-Q1", year: "2026", team: "t1")
            + [["score", "--year", "2025"], ["score", "--quarter", "2025-Q4", "--format", "json"], ["history", "p01"],
               ["check", "records/2025-Q4/p01.yaml"]]
        try check(s, commands, folder: "generated", today: "2026-06-20T10:00:00+08:00")
    }

    /// Runs each command and compares (or, when updating, writes) its golden file; files no
    /// command produced any more are reported, so a renamed command cannot leave a stale one.
    private func check(_ s: Sandbox, _ commands: [[String]], folder: String, today: String,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = Self.goldenRoot.appendingPathComponent(folder)
        if Self.updating { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
        var names = Set<String>()
        for args in commands {
            let r = try s.run(Sandbox.kpiBinary.path, ["-C", s.ledger] + args, env: ["GIT_AUTHOR_DATE": today, "GIT_COMMITTER_DATE": today])
            let text = "$ kpi \(args.joined(separator: " "))\nexit \(r.status)\n--- stdout\n\(r.stdout)--- stderr\n\(r.stderr)"
                .replacingOccurrences(of: s.dir.path, with: "$SANDBOX")
            let name = Self.fileName(args)
            XCTAssertFalse(names.contains(name), "two commands share the golden file \(name)", file: file, line: line)
            names.insert(name)
            let url = dir.appendingPathComponent(name)
            if Self.updating {
                try Data(text.utf8).write(to: url)
                continue
            }
            guard let golden = try? Data(contentsOf: url) else {
                XCTFail("no golden file Tests/Golden/\(folder)/\(name) (make it with KPI_GOLDEN_UPDATE=1)", file: file, line: line)
                continue
            }
            if Data(text.utf8) != golden {
                XCTFail("kpi \(args.joined(separator: " ")) on the \(folder) ledger differs from Tests/Golden/\(folder)/\(name):\n"
                        + Self.firstDifference(String(decoding: golden, as: UTF8.self), text), file: file, line: line)
            }
        }
        let present = Set((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
        XCTAssertEqual(present.subtracting(names), [], "golden files no command produces", file: file, line: line)
        XCTAssertGreaterThanOrEqual(names.count, 30, file: file, line: line)
    }

    static func fileName(_ args: [String]) -> String {
        args.map { $0.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "~", with: "-").replacingOccurrences(of: "--", with: "") }
            .joined(separator: " ").replacingOccurrences(of: " ", with: "_") + ".txt"
    }

    /// The first line that differs, with its number, for a readable failure.
    static func firstDifference(_ expected: String, _ actual: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(e.count, a.count) where (i < e.count ? e[i] : nil) != (i < a.count ? a[i] : nil) {
            return "line \(i + 1):\n  expected: \(i < e.count ? String(e[i]) : "(end)")\n  actual:   \(i < a.count ? String(a[i]) : "(end)")"
        }
        return "(same lines, different bytes)"
    }
}

/// A small ledger like kpi-bench's: 12 people in two teams under a department, three metrics,
/// goals and monthly records for 2026-Q1 and Q2, reviews for Q1; a 2025-Q4 sheet with an
/// unknown metric (an error outside the year scored); then commits that edit a record, lower a
/// target after its actuals and add records, so audit, history and diff have findings.
enum GeneratedLedger {
    static let metrics: [(id: String, unit: String, aggregate: String)] = [
        ("revenue", "currency", "sum"), ("retention", "percent", "last"), ("nps", "score", "mean"),
    ]

    static func id(_ p: Int) -> String { p < 10 ? "p0\(p)" : "p\(p)" }

    static func value(_ m: Int, _ seed: Int) -> String {
        let r = (seed &* 7_919 &+ m &* 104_729) % 1000
        switch metrics[m].unit {
        case "percent": return "\(30 + r % 60).\(r % 10)%"
        case "currency": return r % 3 == 0 ? "\(1 + r % 90).\(r % 10)万" : "\(1000 + r * 37)"
        default: return "\(1 + r % 9)"
        }
    }

    static func goals(_ p: Int, _ quarter: String, seed: Int, bump: Int = 0) -> String {
        var s = "subject: \(id(p))\nquarter: \(quarter)\ngoals:\n"
        for m in metrics.indices {
            s += "  - metric: \(metrics[m].id)\n    target: \(value(m, p &* 31 &+ seed &+ bump))\n    weight: \([40, 35, 25][m])\n"
        }
        return s
    }

    static func records(_ p: Int, _ quarter: String, months: [String], seed: Int) -> String {
        var s = "subject: \(id(p))\nquarter: \(quarter)\nrecords:\n"
        for (k, date) in months.enumerated() {
            for m in metrics.indices where (p + k + m) % 7 != 0 {  // some goals miss a month, one has none
                s += "  - date: \(date)\n    metric: \(metrics[m].id)\n    value: \(value(m, p &* 97 &+ seed &+ k))\n    source: monthly export\n"
            }
        }
        return s
    }

    static func make(in s: Sandbox) throws {
        try s.write("ledger.yaml", SyntheticFiles.settings(name: "Generated Co"))
        for m in metrics {
            try s.write("metrics/\(m.id).yaml", SyntheticFiles.metric(name: m.id.capitalized, dimension: "business", unit: m.unit,
                                                                   direction: "higher", aggregate: m.aggregate))
        }
        try s.write("teams/d0.yaml", SyntheticFiles.team(name: "Department 0", lead: "p00"))
        for t in 0..<2 { try s.write("teams/t\(t).yaml", SyntheticFiles.team(name: "Team \(t)", lead: id(t * 6), parent: "d0")) }
        for p in 0..<12 {
            let lead = p / 6 * 6
            try s.write("people/\(id(p)).yaml", SyntheticFiles.person(id(p), name: "Person \(p)", team: "t\(p / 6)",
                                                                   manager: p != lead ? id(lead) : p != 0 ? "p00" : nil))
            try s.write("goals/2026-Q1/\(id(p)).yaml", goals(p, "2026-Q1", seed: 1))
            try s.write("records/2026-Q1/\(id(p)).yaml", records(p, "2026-Q1", months: ["2026-01-31", "2026-02-28", "2026-03-31"], seed: 1))
            try s.write("reviews/2026-Q1/\(id(p)).yaml", SyntheticFiles.review(subject: id(p), quarter: "2026-Q1", reviewer: id(p == lead ? 0 : lead),
                                                                             rating: ["S", "A", "B", "C"][p % 4], summary: "Quarter review."))
            try s.write("goals/2026-Q2/\(id(p)).yaml", goals(p, "2026-Q2", seed: 2))
        }
        try s.write("goals/2026-Q1/notes.txt", "Q1 goals agreed in the January offsite.\n")  // a stray file: a warning
        try s.write("goals/2025-Q4/p01.yaml", goals(1, "2025-Q4", seed: 0))
        try s.write("records/2025-Q4/p01.yaml", "subject: p01\nquarter: 2025-Q4\nrecords:\n  - date: 2025-12-31\n    metric: revenu\n    value: 5\n")
        try s.git("init", "-q", "-b", "main", in: s.ledger)
        try commit(s, "2026-04-02T09:00:00+08:00", "ledger: people, goals and Q1")
        for p in 0..<12 {
            try s.write("records/2026-Q2/\(id(p)).yaml", records(p, "2026-Q2", months: ["2026-04-30", "2026-05-31"], seed: 2))
        }
        try commit(s, "2026-06-01T09:00:00+08:00", "records: April and May")
        // A record of a closed-out month edited, and a target lowered after its actuals.
        try s.write("records/2026-Q1/p03.yaml", try s.read("records/2026-Q1/p03.yaml").replacingOccurrences(of: "monthly export", with: "corrected export"))
        try commit(s, "2026-06-05T09:00:00+08:00", "records: p03 source corrected")
        try s.write("goals/2026-Q2/p03.yaml", goals(3, "2026-Q2", seed: 2, bump: 500))
        try commit(s, "2026-06-10T09:00:00+08:00", "goals: p03 targets revised")
        try s.write("records/2026-Q2/p07.yaml", try s.read("records/2026-Q2/p07.yaml") + "  - date: 2026-06-15\n    metric: nps\n    value: 9\n    source: survey\n")
        try commit(s, "2026-06-16T09:00:00+08:00", "records: p07 nps")
    }

    static func commit(_ s: Sandbox, _ date: String, _ message: String) throws {
        try s.git("add", "-A")
        // By the ledger's admin, after the days recorded: the audit's findings are the edits.
        let who = ["GIT_AUTHOR_NAME": "HR", "GIT_AUTHOR_EMAIL": "hr@example.com", "GIT_COMMITTER_NAME": "HR",
                   "GIT_COMMITTER_EMAIL": "hr@example.com", "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date]
        let r = try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-q", "-m", message], env: who)
        XCTAssertEqual(r.status, 0, r.stderr)
    }
}
