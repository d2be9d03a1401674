/// The text of a synthetic ledger's files, written the way a person would write them: one
/// piece shared by kpi-bench's generator (BENCHMARKS.md) and the small ledger of the golden
/// output tests (Tests/KPICLITests/GoldenOutputTests.swift), so both make the same kind of
/// ledger. Plain strings: it knows nothing of the parser or the model (docs/format.md has the keys).
public enum SyntheticFiles {
    /// ledger.yaml: a fiscal year from January, HR as the admin, the 120% cap, and five
    /// ratings from S (110) down to D.
    public static func settings(name: String) -> String {
        """
        name: \(name)
        fiscal_year_start: 1
        admins:
          - hr@example.com
        scoring:
          cap: 120%
          bonus_cap: 5
          ratings:
            - grade: S
              min: 110
            - grade: A
              min: 100
            - grade: B
              min: 85
            - grade: C
              min: 70
            - grade: D
              min: 0

        """
    }

    /// metrics/ID.yaml
    public static func metric(name: String, dimension: String, unit: String, direction: String, aggregate: String) -> String {
        "name: \(name)\ndimension: \(dimension)\nunit: \(unit)\ndirection: \(direction)\naggregate: \(aggregate)\n"
    }

    /// teams/ID.yaml
    public static func team(name: String, lead: String, parent: String? = nil) -> String {
        "name: \(name)\nlead: \(lead)\n" + (parent.map { "parent: \($0)\n" } ?? "")
    }

    /// people/ID.yaml, its email ID@example.com.
    public static func person(_ id: String, name: String, team: String, manager: String?) -> String {
        "name: \(name)\nemail: \(id)@example.com\nteam: \(team)\n" + (manager.map { "manager: \($0)\n" } ?? "")
    }

    /// reviews/QUARTER/SUBJECT.yaml
    public static func review(subject: String, quarter: String, reviewer: String, rating: String, summary: String) -> String {
        "subject: \(subject)\nquarter: \(quarter)\nreviewer: \(reviewer)\nrating: \(rating)\nsummary: \(summary)\n"
    }

    /// A records file of at least `megabytes` MB, for the parse benchmarks: alice's 2026-Q3
    /// records, a date, metric, value, source and note each, some notes in Chinese or holding
    /// a `#`. `header` goes first (a comment, say). Returns the bytes and how many records.
    public static func largeRecordsFile(megabytes: Int, header: String = "") -> (bytes: [UInt8], records: Int) {
        let metrics = ["retention", "nps", "revenue", "active_users", "churn", "cac", "ltv"]
        let notes = ["July cohort", "weekly export", "用户留存率 from analytics", "manual entry # checked", "Q3 review"]
        var text: [UInt8] = []
        text.reserveCapacity(megabytes * 1_000_000 + 1000)
        text += Array((header + "subject: alice\nquarter: 2026-Q3\nrecords:\n").utf8)
        var n = 0
        while text.count < megabytes * 1_000_000 {
            let day = n % 28 + 1
            text += Array("  - date: 2026-07-\(day < 10 ? "0" : "")\(day)\n    metric: \(metrics[n % metrics.count])\n    value: \(n % 97)%\n    source: analytics export\n    note: \(notes[n % notes.count])\n".utf8)
            n += 1
        }
        return (text, n)
    }
}
