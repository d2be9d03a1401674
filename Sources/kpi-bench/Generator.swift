// Synthetic ledgers for the benchmark: N people in teams of 10 under their team's lead,
// teams under departments (10 teams each), Q quarters of 2026 (then 2027...), G goals per
// person per quarter and one record per goal per month, plus a review per person per quarter.
import Foundation
import GitStore
import SyntheticLedger

struct LedgerSpec {
    var people = 1_000
    var quarters = 4
    var goals = 5
    var reviews = true
    /// Records per goal per quarter (3: one a month); more are spread over the quarter's days.
    var recordsPerGoal = 3

    static let metrics: [(id: String, unit: String, aggregate: String, dimension: String)] = [
        ("revenue", "currency", "sum", "business"), ("retention", "percent", "last", "user_value"),
        ("nps", "score", "mean", "user_value"), ("on_time_delivery", "percent", "mean", "process"),
        ("new_users", "count", "sum", "user_value"), ("launch_quality", "score", "mean", "process"),
        ("strategic_goals", "percent", "last", "strategy"), ("cac", "currency", "mean", "business"),
    ]
    var metricCount: Int { min(goals, Self.metrics.count) }
    var records: Int { people * quarters * metricCount * recordsPerGoal }

    static func personID(_ i: Int) -> String { "p" + pad(i, 6) }
    static func teamID(_ t: Int) -> String { "t" + pad(t, 5) }
    static func deptID(_ d: Int) -> String { "d" + pad(d, 4) }
    static func pad(_ i: Int, _ w: Int) -> String { let s = String(i); return String(repeating: "0", count: max(0, w - s.count)) + s }
    func teamOf(_ p: Int) -> Int { p / 10 }
    func leadOf(team t: Int) -> Int { t * 10 }
    func quarter(_ q: Int) -> (year: Int, n: Int) { (2026 + q / 4, q % 4 + 1) }
    func quarterText(_ q: Int) -> String { let (y, n) = quarter(q); return "\(y)-Q\(n)" }

    /// Deterministic pseudo-random 0..<m from a few integers.
    static func rnd(_ a: Int, _ b: Int, _ c: Int, _ m: Int) -> Int {
        var x = UInt64(truncatingIfNeeded: a &* 1_000_003 &+ b &* 7_919 &+ c &* 104_729 &+ 12_345)
        x ^= x >> 33; x = x &* 0xff51afd7ed558ccd; x ^= x >> 33; x = x &* 0xc4ceb9fe1a85ec53; x ^= x >> 33
        return Int(x % UInt64(m))
    }

    /// The value a metric's goal/record has, as typed text and as a plain number for hledger.
    static func value(metric m: Int, _ seed: Int) -> (text: String, plain: String) {
        let r = rnd(seed, m, 7, 1000)
        switch metrics[m].unit {
        case "percent": let v = 30 + r % 60; let f = r % 10; return ("\(v).\(f)%", "\(v).\(f)")
        case "currency":
            if r % 3 == 0 { return ("\(1 + r % 90).\(r % 10)万", "\((1 + r % 90) * 10000 + (r % 10) * 1000)") }
            let v = 1000 + r * 37; return ("\(v)", "\(v)")
        case "score": let v = 1 + r % 9; return ("\(v)", "\(v)")
        default: let v = 100 + r * 3; return ("\(v)", "\(v)")
        }
    }

    /// Every file of the ledger (relative path → bytes).
    func files(historyFriendly: Bool = false) -> [(String, [UInt8])] {
        var out: [(String, [UInt8])] = []
        out.append(("ledger.yaml", Array(SyntheticFiles.settings(name: "Synthetic Co").utf8)))
        for m in Self.metrics {
            out.append(("metrics/\(m.id).yaml", Array(SyntheticFiles.metric(
                name: m.id.replacingOccurrences(of: "_", with: " ").capitalized, dimension: m.dimension, unit: m.unit,
                direction: m.id == "cac" ? "lower" : "higher", aggregate: m.aggregate).utf8)))
        }
        let teams = (people + 9) / 10
        let depts = (teams + 9) / 10
        for d in 0..<depts {
            out.append(("teams/\(Self.deptID(d)).yaml", Array(SyntheticFiles.team(name: "Department \(d)", lead: Self.personID(leadOf(team: d * 10))).utf8)))
        }
        for t in 0..<teams {
            out.append(("teams/\(Self.teamID(t)).yaml",
                        Array(SyntheticFiles.team(name: "Team \(t)", lead: Self.personID(leadOf(team: t)), parent: Self.deptID(t / 10)).utf8)))
        }
        for p in 0..<people {
            let t = teamOf(p)
            let lead = leadOf(team: t)
            let manager = lead != p ? Self.personID(lead) : t % 10 != 0 ? Self.personID(leadOf(team: (t / 10) * 10)) : nil
            out.append(("people/\(Self.personID(p)).yaml",
                        Array(SyntheticFiles.person(Self.personID(p), name: "Person \(p)", team: Self.teamID(t), manager: manager).utf8)))
        }
        for q in 0..<quarters {
            let qt = quarterText(q)
            for p in 0..<people {
                out.append(("goals/\(qt)/\(Self.personID(p)).yaml", goalSheet(p, q)))
                out.append(("records/\(qt)/\(Self.personID(p)).yaml", recordSheet(p, q)))
                if reviews {
                    out.append(("reviews/\(qt)/\(Self.personID(p)).yaml", Array(SyntheticFiles.review(
                        subject: Self.personID(p), quarter: qt, reviewer: Self.personID(leadOf(team: teamOf(p))),
                        rating: ["S", "A", "B", "C"][Self.rnd(p, q, 3, 4)], summary: "Quarter \(qt) review.").utf8)))
                }
            }
        }
        return out
    }

    func goalSheet(_ p: Int, _ q: Int, targetBump: Int = 0) -> [UInt8] {
        var s = "subject: \(Self.personID(p))\nquarter: \(quarterText(q))\ngoals:\n"
        let n = metricCount
        for m in 0..<n {
            let w = 100 / n + (m < 100 % n ? 1 : 0)
            s += "  - metric: \(Self.metrics[m].id)\n    target: \(targetText(p, q, m, bump: targetBump))\n    weight: \(w)\n"
        }
        return Array(s.utf8)
    }

    func targetText(_ p: Int, _ q: Int, _ m: Int, bump: Int = 0) -> String {
        Self.value(metric: m, p &* 31 &+ q &* 5 &+ 1_000_000 &+ bump).text
    }

    func recordLines(_ p: Int, _ q: Int, month k: Int, metric m: Int) -> String {
        let (y, n) = quarter(q)
        let month = (n - 1) * 3 + k + 1
        let day = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        let v = Self.value(metric: m, p &* 97 &+ q &* 13 &+ k)
        return "  - date: \(y)-\(month < 10 ? "0" : "")\(month)-\(day)\n    metric: \(Self.metrics[m].id)\n    value: \(v.text)\n    source: monthly export\n"
    }

    func recordSheet(_ p: Int, _ q: Int) -> [UInt8] {
        var s = "subject: \(Self.personID(p))\nquarter: \(quarterText(q))\nrecords:\n"
        if recordsPerGoal == 3 {
            for k in 0..<3 { for m in 0..<metricCount { s += recordLines(p, q, month: k, metric: m) } }
            return Array(s.utf8)
        }
        // Many records per goal: day by day through the quarter's first 84 days (28 a month).
        let (y, n) = quarter(q)
        for k in 0..<recordsPerGoal {
            let month = (n - 1) * 3 + k * 3 / recordsPerGoal + 1
            let day = k % 28 + 1
            for m in 0..<metricCount {
                let v = Self.value(metric: m, p &* 97 &+ q &* 13 &+ k)
                s += "  - date: \(y)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)\n    metric: \(Self.metrics[m].id)\n    value: \(v.text)\n    source: daily export\n"
            }
        }
        return Array(s.utf8)
    }

    /// Writes the ledger into `dir` (created), as plain files.
    func write(to dir: String) throws {
        let fm = FileManager.default
        var made = Set<String>()
        for (path, bytes) in files() {
            let full = dir + "/" + path
            let folder = (full as NSString).deletingLastPathComponent
            if !made.contains(folder) { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true); made.insert(folder) }
            guard fm.createFile(atPath: full, contents: Data(bytes)) else { throw BenchError("cannot write \(full)") }
        }
    }

    /// The same goals and actuals as a journal hledger and ledger-cli both read: a periodic
    /// (budget) rule per person and quarter for the targets, a transaction per person and month
    /// for the actuals.
    func hledgerJournal() -> [UInt8] {
        var s = ""
        for q in 0..<quarters {
            let (y, n) = quarter(q)
            let start = "\(y)-\(n * 3 - 2 < 10 ? "0" : "")\(n * 3 - 2)-01"
            let (ey, en) = quarter(q + 1)
            let end = "\(ey)-\(en * 3 - 2 < 10 ? "0" : "")\(en * 3 - 2)-01"
            for p in 0..<people {
                // No description after the period: ledger-cli reads the rest of the line as
                // the period expression; hledger accepts it either way.
                s += "~ quarterly from \(start) to \(end)\n"
                for m in 0..<metricCount {
                    s += "    (\(Self.personID(p)):\(Self.metrics[m].id))  \(Self.value(metric: m, p &* 31 &+ q &* 5 &+ 1_000_000).plain)\n"
                }
                s += "\n"
            }
        }
        for q in 0..<quarters {
            let (y, n) = quarter(q)
            for k in 0..<3 {
                let month = (n - 1) * 3 + k + 1
                let day = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
                for p in 0..<people {
                    s += "\(y)-\(month < 10 ? "0" : "")\(month)-\(day) \(Self.personID(p)) actuals\n"
                    for m in 0..<metricCount {
                        s += "    (\(Self.personID(p)):\(Self.metrics[m].id))  \(Self.value(metric: m, p &* 97 &+ q &* 13 &+ k).plain)\n"
                    }
                    s += "\n"
                }
            }
        }
        return Array(s.utf8)
    }

    /// A git repository holding this ledger as a first commit, then `commits` more commits made
    /// in-process through GitStore's commit transaction: mostly monthly records appended by the
    /// subject's manager, some targets changed, some reviews written. Returns the elapsed seconds.
    @discardableResult
    func makeHistory(at dir: String, commits: Int, progress: ((Int) -> Void)? = nil) throws -> Double {
        let repo = try Repository.create(at: dir)
        var current: [String: [UInt8]] = [:]
        var first: [String: [UInt8]?] = [:]
        for (p, b) in files() { current[p] = b; first[p] = b }
        let base: Int64 = 1_767_225_600 // 2026-01-01T00:00:00Z
        let hr = Signature(name: "HR", email: "hr@example.com", time: base, offsetMinutes: 480)
        try repo.commitFiles(first, message: "ledger: initial import", author: hr, committer: hr)
        let t0 = Date()
        let span = Int64(quarters) * 91 * 86_400
        for c in 0..<commits {
            let p = Self.rnd(c, 1, 2, people)
            let q = min(quarters - 1, Int(Int64(c) * Int64(quarters) / Int64(max(commits, 1))))
            let lead = leadOf(team: teamOf(p))
            let who = Self.personID(lead == p ? 0 : lead)
            let time = base + Int64(c) * span / Int64(max(commits, 1))
            let sig = Signature(name: "Manager \(who)", email: "\(who)@example.com", time: time, offsetMinutes: 480)
            let qt = quarterText(q)
            let kind = Self.rnd(c, 3, 4, 10)
            var change: [String: [UInt8]?] = [:]
            var message: String
            if kind < 7 {
                let path = "records/\(qt)/\(Self.personID(p)).yaml"
                let m = Self.rnd(c, 5, 6, metricCount)
                let line = recordLines(p, q, month: Self.rnd(c, 7, 8, 3), metric: m)
                current[path, default: []] += Array(line.utf8)
                change[path] = current[path]
                message = "record: \(Self.personID(p)) \(Self.metrics[m].id)"
            } else if kind < 9 {
                let path = "goals/\(qt)/\(Self.personID(p)).yaml"
                current[path] = goalSheet(p, q, targetBump: c + 1)
                change[path] = current[path]
                message = "goal: \(Self.personID(p)) targets revised"
            } else {
                let path = "reviews/\(qt)/\(Self.personID(p)).yaml"
                current[path] = Array(SyntheticFiles.review(subject: Self.personID(p), quarter: qt, reviewer: who, rating: "B", summary: "Revised in commit \(c).").utf8)
                change[path] = current[path]
                message = "review: \(Self.personID(p)) \(qt)"
            }
            // The working tree and index are brought up to date once at the end: with thousands
            // of files, rewriting the index on every commit would dominate the generation.
            try repo.commitFiles(change, message: message, author: sig, committer: sig,
                                 options: CommitOptions(updateWorkingTree: false, allowEmpty: true))
            if c % 1000 == 999 { progress?(c + 1) }
        }
        let elapsed = Date().timeIntervalSince(t0)
        if commits > 0 {
            let r = run(["git", "-C", dir, "reset", "-q", "--hard"], keepOutput: false)
            if !r.ok { throw BenchError("git reset --hard in \(dir) failed: \(String(decoding: r.stderr, as: UTF8.self))") }
        }
        return elapsed
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
