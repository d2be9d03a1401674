// Issue 16 target 2: a million records. `kpi score --year` (time, peak memory against the
// ledger's size) and `kpi check` (MB/s), cold (no cache at all) and warm (results kept by
// content: the report cache), beside the floor a cold run cannot beat: reading the ledger's
// files at all (`find -exec cat` without .git, and one process reading them on both cores), and
// the peer of a warm run's key: `git status` over the same tree. Results and how to read them:
// BENCHMARKS.md, "A million records" and "Session 6: the report cache".
import Foundation
import LedgerCore

/// The rows. `reuse`: a folder for the 16,700-person ledger (`--million DIR`): generated there
/// when it holds none, kept afterwards, so a second run skips the generation.
func millionRows(kpi: String, work: String, quick: Bool, reuse: String?, table: Table) {
    let people = quick ? 1_700 : 16_700
    let spec = LedgerSpec(people: people, quarters: 4, goals: 5)
    say("\n[score] \(people) people × 4 quarters × 5 goals, monthly records: \(spec.records) records")
    let files = spec.files()
    let bytes = files.reduce(0) { $0 + $1.1.count }
    var subjects = 0
    // The best of three, as the parse row: one run of ~1 s is decided by one slow moment of this
    // shared machine (session 16's two runs read 106 and 86 MB/s).
    let t = best(3) {
        let ledger = LedgerLoader.load(files: files.map { (path: $0.0, bytes: $0.1) })
        let report = Scorer(ledger: ledger).report(quarters: Quarter.quarters(ofYear: 2026), subjects: nil, revision: nil)
        subjects = report.subjects.count
    }
    table.add("parse+validate+score in-process (\(fmtMB(bytes)), \(subjects) scores)", "\(fmt(Double(bytes) / 1e6 / t, 0)) MB/s",
              "target 100 MB/s", "\(fmt(Double(bytes) / 1e6 / t / 100, 2))× target", "≥ 100 MB/s", met: Double(bytes) / 1e6 / t >= 100)
    // The same million records two ways: a file per person and quarter (every sheet small), and
    // 2,000 record files of 500 records each (500 people × 4 quarters, 100 records per goal).
    let dense = LedgerSpec(people: quick ? 50 : 500, quarters: 4, goals: 5, recordsPerGoal: 100)
    let shapes: [(String, LedgerSpec, String?)] = [("\(people) people's sheets", spec, quick ? nil : reuse),
                                                   ("\(dense.people * 4) record files", dense, nil)]
    for (name, s, kept) in shapes {
        let dir = kept ?? work + "/score-\(s.people)"
        if !FileManager.default.fileExists(atPath: dir + "/" + LedgerLayout.settingsFile) {
            let t0 = now()
            try! s.write(to: dir)
            say("  generated \(dir) in \(fmt(now() - t0, 1)) s")
        }
        // Committed to git, as a ledger is kept: the parsed-file cache needs a repository.
        if !FileManager.default.fileExists(atPath: dir + "/.git") {
            let git = ["git", "-C", dir, "-c", "user.name=Bench", "-c", "user.email=bench@example.com"]
            must(run(git + ["init", "-q"], keepOutput: false), "git init")
            must(run(git + ["add", "-A"], keepOutput: false), "git add")
            must(run(git + ["commit", "-q", "-m", "ledger"], keepOutput: false), "git commit")
        }
        let size = dirSize(dir)
        let startup = run([kpi, "--help"])
        // The floor: every ledger file (not .git's objects) opened and read once, by C programs
        // on one core, and by one process on both cores two ways (ReadFloor.swift).
        let floor = run(["find", dir, "-path", dir + "/.git", "-prune", "-o", "-type", "f", "-exec", "cat", "{}", "+"], keepOutput: false)
        table.add("reading the ledger's files at all (find -exec cat, .git left out), \(name) (\(fmtMB(size)))", fmtTime(floor.seconds),
                  "CPU \(fmt(floor.cpuSeconds, 2)) s", "\(fmt(Double(size) / 1e6 / floor.seconds, 0)) MB/s", "—")
        let reader = readAll(dir)
        table.add("reading the ledger's files at all (one process, 2 threads: list, lstat, open, read, close), \(name) (\(fmtMB(reader.bytes)), \(reader.files) files)",
                  fmtTime(reader.seconds), "CPU \(fmt(reader.cpu, 2)) s", "\(fmt(Double(reader.bytes) / 1e6 / reader.seconds, 0)) MB/s", "—")
        let least = readAllAt(dir)
        table.add("reading the ledger's files at all, the least (one process, 2 threads: readdir's d_type, openat in each folder with O_NOFOLLOW, read, close; no lstat), \(name) (\(fmtMB(least.bytes)), \(least.files) files)",
                  fmtTime(least.seconds), "CPU \(fmt(least.cpu, 2)) s", "\(fmt(Double(least.bytes) / 1e6 / least.seconds, 0)) MB/s", "—")
        let status = run(["git", "-C", dir, "status", "--porcelain"], keepOutput: false)
        func best2(_ argv: [String], _ what: String) -> RunResult {
            var r = run(argv, keepOutput: false)
            must(r, what)
            let r2 = run(argv, keepOutput: false)
            if r2.seconds < r.seconds { r = r2 }
            return r
        }
        /// The median of three runs with no cache at all (each removes what the one before left),
        /// its peak memory the highest of the three; then the best of two warm: the results kept
        /// by content.
        func coldWarm(_ args: [String], _ what: String) -> [(String, RunResult)] {
            var colds: [RunResult] = []
            for _ in 0..<3 {
                let r = run(["sh", "-c", "rm -rf \"$0/.git/kpi\" && exec \"$@\"", dir, kpi, "-C", dir] + args, keepOutput: false)
                must(r, what + ", cold")
                colds.append(r)
            }
            var cold = colds.sorted { $0.seconds < $1.seconds }[1]
            cold.maxRSSKB = colds.map(\.maxRSSKB).max()!
            return [("cold, median of 3", cold), ("warm: results kept by content", best2([kpi, "-C", dir] + args, what + ", warm"))]
        }
        for (state, r) in coldWarm(["score", "--year", "2026", "--format", "json"], "kpi score") {
            table.add("kpi score --year, \(s.records) records in \(name) (\(fmtMB(size))), \(state): time", fmtTime(r.seconds),
                      "start-up \(fmtTime(startup.seconds)); CPU \(fmt(r.cpuSeconds, 2)) s", "\(fmt(Double(s.records) / r.seconds / 1e6, 2)) M records/s",
                      "< 1 s", met: r.seconds < 1)
            if !state.hasPrefix("cold") {
                table.add("kpi score --year, \(s.records) records in \(name), \(state): time against git status over the same tree (\(reader.files) files)",
                          fmtTime(r.seconds), "git status \(fmtTime(status.seconds))", "\(fmt(r.seconds / status.seconds, 2))× git's time", "—")
            }
            table.add("kpi score --year, \(s.records) records in \(name), \(state): peak memory", "\(fmt(Double(r.maxRSSKB) / 1000, 0)) MB", "ledger \(fmtMB(size))",
                      "\(fmt(Double(r.maxRSSKB) * 1000 / Double(size), 2))× ledger size", "< 1×", met: Double(r.maxRSSKB) * 1000 < Double(size))
        }
        for (state, c) in coldWarm(["check"], "kpi check") {
            let mbs = Double(size) / 1e6 / c.seconds
            table.add("kpi check, \(s.records) records in \(name) (\(fmtMB(size))), \(state)", fmtTime(c.seconds),
                      "peak \(fmt(Double(c.maxRSSKB) / 1000, 0)) MB; CPU \(fmt(c.cpuSeconds, 2)) s (\(fmt(Double(size) / 1e6 / c.cpuSeconds, 0)) MB/s of CPU)",
                      "\(fmt(mbs, 0)) MB/s", "≥ 100 MB/s", met: mbs >= 100)
        }
        if kept == nil { try? FileManager.default.removeItem(atPath: dir) }
    }
}
